// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Allocation and tiling constraints for one layer, as a Stream mapping states them.
struct LayerConstraint {
    std::vector<int> cores;          // allowed cores (accelerator indices); empty = any
    SplitDim split = SplitDim::None; // split across all of `cores` on this loop
    int rowTiles = 0;                // intra-core OY tiling: number of row tiles, -1 = one per row, 0 = none
    bool fixed = false;              // core_allocation_is_fixed
    friend bool operator==(const LayerConstraint &, const LayerConstraint &) = default;
};

/// Constraints for every layer of a workload (index: layer id).
struct MappingConstraints {
    std::vector<LayerConstraint> layers;
};

/// Reads Stream's classic mapping YAML: a list of entries, each with `name` (a layer name, an
/// op type such as Conv / Gemm / Pool / MaxPool / Add, or `default`), `core_allocation`,
/// `core_allocation_is_fixed`, `intra_core_tiling` and `inter_core_tiling`. Layers match by
/// name first, then by op type (ONNX op type or FuseLab op name; `Pool` matches every
/// pooling), then `default`. Stream core ids are the accelerator's cores in file order (core
/// id i is acc.cores[i]). `inter_core_tiling: K, *` with several allowed cores, and a fixed
/// allocation with several cores, split the layer on K across those cores (Stream's
/// semantics); other inter-core dims (e.g. Stream's `H`) are ignored. `intra_core_tiling:
/// OY, n` asks for n row tiles (`all`: one row each). Throws InputError naming the file and
/// the entry.
MappingConstraints importStreamMapping(const std::string &path, const Workload &w, const Accelerator &acc);
MappingConstraints parseStreamMapping(const std::string &yamlText, const std::string &fileNameForErrors,
                                      const Workload &w, const Accelerator &acc);

} // namespace fuselab
