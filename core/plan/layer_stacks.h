// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Parses layer stacks in Stream's notation (its `layer_stacks`, e.g. `0..10, 11..21`): stacks
/// separated by commas, each a layer or an inclusive range `A..B`; a bracketed stack
/// (`[0..3, 5]`, `(0, 1, 2)`) lists several items. A layer is a FuseLab layer index (as
/// `fuselab-cli info` numbers them) or a layer name. Layers in no stack run alone, as Stream
/// fills the stacks to completion. Every stack must be a run of consecutive layers of the
/// workload's topological order (a group runs as one unit). Returns the stacks in execution
/// order, each in topological order. Throws InputError naming `option` and the value at fault
/// (unknown layer, reversed range, a layer in two stacks, a stack that is not contiguous).
std::vector<std::vector<LayerId>> parseLayerStacks(const std::string &text, const Workload &w,
                                                   const std::string &option = "--stacks");

/// Parses a layer → core allocation in Stream's terms (its fixed `core_allocation` per layer,
/// or a GA individual): either `LAYER:CORE` pairs separated by commas (LAYER an index, a name
/// or a range `A..B`; CORE a Stream core id — the accelerator's core index in file order — or
/// a core name), or a bare list of core ids, one per layer in index order (`[1, 1, 4, ...]`).
/// Returns one entry per layer: the core, or -1 where the list leaves the layer to the
/// allocation. Throws InputError naming `option` and the value at fault (unknown layer, a core
/// that does not exist, a layer given twice, a list of the wrong length).
std::vector<int> parseLayerAllocation(const std::string &text, const Workload &w, const Accelerator &acc,
                                      const std::string &option = "--allocation");

} // namespace fuselab
