// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "workload/workload.h"

#include <string>
#include <string_view>
#include <vector>

namespace fuselab {

/// How a Stream mapping file is read (README "Stream mapping semantics").
///  - Stream: as Stream's classic GA flow (commit ed4e12ef) applies it. A wildcard
///    `inter_core_tiling` (`K, *`) is dropped: the whole layer goes on one core, chosen from
///    the `core_allocation` candidates by the allocation (FuseLab's default allocation or the
///    search); a numeric one (`K, 4`) splits the layer into that many parts; a fixed allocation
///    with a wildcard tiling runs on its first core (Stream gives every tile group 0); a single
///    listed core is fixed. Entries without tilings take the `default` entry's, a missing
///    `core_allocation` is [0]. Layers match by name, then by the op type as the source names
///    it, then `default`. Intra-core row tiling is cleared for a layer alone in its stack.
///  - FuseLab: FuseLab's earlier reading: `K, *` splits a layer on K over all listed cores,
///    a fixed list of several cores is a K split, `Pool` matches every pooling, row tiles
///    apply to single-layer stacks too, and a missing `core_allocation` allows every core.
enum class MappingSemantics { Stream, FuseLab };
std::string_view toString(MappingSemantics s);
bool parseMappingSemantics(std::string_view s, MappingSemantics &out);

/// Allocation and tiling constraints for one layer, as a Stream mapping states them.
struct LayerConstraint {
    std::vector<int> cores;          // allowed cores (accelerator indices); empty = any
    /// Split on this loop: FuseLab semantics across all of `cores`; Stream semantics (numeric
    /// inter-core tiling) into `cores.size()` parts, part i on cores[i] (a core may repeat).
    SplitDim split = SplitDim::None;
    int rowTiles = 0;                // intra-core OY tiling: number of row tiles, -1 = one per row, 0 = none
    bool fixed = false;              // core_allocation_is_fixed
    friend bool operator==(const LayerConstraint &, const LayerConstraint &) = default;
};

/// Constraints for every layer of a workload (index: layer id).
struct MappingConstraints {
    std::vector<LayerConstraint> layers;
    MappingSemantics semantics = MappingSemantics::Stream;
    /// Stream semantics: a layer alone in its stack runs as one tile (Stream clears its
    /// intra-core tiling), so row tiles apply only inside fused stacks.
    bool rowTilesInStacksOnly() const { return semantics == MappingSemantics::Stream; }
};

/// Reads Stream's classic mapping YAML: a list of entries, each with `name` (a layer name, an
/// op type such as Conv / Gemm / MaxPool / Add, or `default`), `core_allocation`,
/// `core_allocation_is_fixed`, `intra_core_tiling` and `inter_core_tiling`, under the given
/// semantics (above). Stream core ids are the accelerator's cores in file order (core id i is
/// acc.cores[i]). Inter-core dims: K (G for depthwise) on MAC and pooling layers, and Stream's
/// `H` (channels in its 4-D element-wise layout) on element-wise layers, are FuseLab's K; other
/// dims are ignored. `intra_core_tiling: OY, n` (`D, n` on element-wise layers, Stream's row
/// dim there) asks for n row tiles (`all`: one row each). Throws InputError naming the file
/// and the entry.
MappingConstraints importStreamMapping(const std::string &path, const Workload &w, const Accelerator &acc,
                                       MappingSemantics semantics = MappingSemantics::Stream);
MappingConstraints parseStreamMapping(const std::string &yamlText, const std::string &fileNameForErrors,
                                      const Workload &w, const Accelerator &acc,
                                      MappingSemantics semantics = MappingSemantics::Stream);

} // namespace fuselab
