// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"

#include <string>
#include <string_view>
#include <vector>

namespace fuselab {

/// How neighbouring tiles of a fused group share their overlapping (halo) rows.
enum class OverlapMode {
    Recompute, // every tile computes its whole pyramid; halo rows are computed again
    Cache,     // each row is computed once; halo rows stay on chip until the next tile used them
};
/// Whether a group's weights stay on chip for the whole group or are fetched per tile.
enum class WeightPolicy { Resident, Reload };
/// The loop a layer is split on when it runs on several cores at once.
enum class SplitDim { None, K, OY };

std::string_view toString(OverlapMode m);
std::string_view toString(WeightPolicy p);
std::string_view toString(SplitDim d);
bool parseOverlapMode(std::string_view s, OverlapMode &out);
bool parseWeightPolicy(std::string_view s, WeightPolicy &out);
bool parseSplitDim(std::string_view s, SplitDim &out);

/// A fused group (stack): layers executed tile by tile, depth first. The tile is measured in
/// rows (and optionally columns) of the group's last layer's output; every other layer's
/// ranges follow by back-propagation through the stack (docs/design.md §4).
struct FusedGroup {
    std::vector<LayerId> layers; // in a topological order; the last one defines the tile
    int tileRows = 0;            // output rows of the last layer per tile; 0 = all (one tile)
    int tileCols = 0;            // output columns per tile; 0 = all
    OverlapMode overlap = OverlapMode::Cache;
    WeightPolicy weights = WeightPolicy::Resident;
    /// Reduction slices (transformer kernels only, docs/design.md §4): the last layer's input
    /// channels per group — the hidden units of a fused FFN, the keys of a fused attention — in
    /// slices of this many; each tile runs the group once per slice, the layers before the last
    /// computing only that slice and the last accumulating a partial output over slices
    /// (an online softmax for attention). 0 = no slicing.
    int tileReduce = 0;
    friend bool operator==(const FusedGroup &, const FusedGroup &) = default;
};

/// A tensor kept whole in an on-chip memory between its producer and its consumers,
/// instead of a round trip through DRAM.
struct PinnedTensor {
    TensorId tensor = kNone;
    int memory = -1; // index into Accelerator::memories
    friend bool operator==(const PinnedTensor &, const PinnedTensor &) = default;
};

/// A layer split across several cores: part i of `cores.size()` equal parts of `dim` runs on
/// cores[i] (a core may appear twice: it then runs two parts one after the other).
struct LayerSplit {
    SplitDim dim = SplitDim::None;
    std::vector<int> cores;
    bool active() const { return dim != SplitDim::None && !cores.empty(); }
    friend bool operator==(const LayerSplit &, const LayerSplit &) = default;
};

/// The decisions of docs/design.md §2: fused groups with tiling, overlap and weight policy,
/// pinned tensors, core allocation and splits. Indexed by the ids of one workload and the
/// core / memory indices of one accelerator. Plain value type.
struct Plan {
    std::string name;
    std::vector<FusedGroup> groups; // in execution order
    std::vector<int> core;          // per layer: index into Accelerator::cores
    std::vector<LayerSplit> split;  // per layer, or empty (no layer is split)
    std::vector<PinnedTensor> pins;

    /// Group index of every layer (kNone for a layer in no group).
    std::vector<int> groupOfLayer(int layerCount) const;
    /// The split of a layer, or an inactive one.
    const LayerSplit &splitOf(LayerId layer) const;
    /// Memory a tensor is pinned to, or -1.
    int pinOf(TensorId tensor) const;

    friend bool operator==(const Plan &, const Plan &) = default;
};

} // namespace fuselab
