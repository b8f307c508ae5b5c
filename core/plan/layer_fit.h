// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "workload/workload.h"

#include <cstdint>
#include <string>

namespace fuselab {

/// How one layer is cut so that one tile's operands fit its core's memories: rows and columns
/// of its output per tile (0 = all) and the number of channel (K) parts that take turns on
/// the core.
struct LayerTile {
    int64_t rows = 0, cols = 0;
    int parts = 1;
    bool fits = false;
    /// When nothing fits: the memory and the bytes its smallest tile still needs there.
    std::string memory;
    int64_t needBytes = 0, capacityBytes = 0;
};

/// Bytes one tile of `rows` × `cols` output positions and `parts`-th of the output channels
/// of layer `l` keeps in each memory of `core` (indexed like Accelerator::memories): its inputs
/// (the windows those outputs read, as the CN builder cuts them), its weights' share and its
/// output — what the scheduler checks for every computation node. -1 in the result's `missing`
/// when the core lacks a memory for an operand the tile has.
std::vector<int64_t> layerTileBytes(const Workload &w, const Accelerator &acc, LayerId l, int core, int64_t rows,
                                    int64_t cols, int parts, int64_t *missing = nullptr);

/// The largest tile of layer `l` on `core` that fits: as many rows as fit (halving), then, at
/// one row, channel parts (doubling, up to one channel each) for layers whose inputs follow
/// their output channels (pools, global pools, elementwise, activations, fallback layers,
/// depthwise convs), then columns (halving) — so a global pool over a feature map larger than
/// the pooling memory, or an elementwise pass over a tensor larger than any memory, is cut
/// into channel slices instead of refused. `fits` is false only when one row, one column and
/// one channel still overflow a memory, which is then named with its sizes.
LayerTile fitLayerTile(const Workload &w, const Accelerator &acc, LayerId l, int core, int64_t startRows);

/// Whether a channel (K) split of `l` cuts its inputs too (each part reads only its channels).
bool channelSplitCutsInputs(const Workload &w, LayerId l);

} // namespace fuselab
