// SPDX-License-Identifier: GPL-3.0-or-later
// Spatial-mapping search for a core whose unrolling is not fixed (Core::searchUnrolling: a Stream
// core file without `dataflows`), as ZigZag's SpatialMappingGeneratorStage does: per layer (or
// CN) shape, legal unrollings of the loop dims over the array's dimensions are generated, pruned
// by spatial utilization, and each is given the temporal-mapping search (loop_nest.h); the best
// for the objective is kept.
//
// Legal unrolling: on each array dimension (Core::arraySizes D1..Dn, odd on the rows; else rows
// and cols) a loop dim, or a product of up to `mixLimit` loop dims (ZigZag's mixed spatial
// mappings), with factors whose product is at most the dimension's size and each at most what
// is left of its loop (a loop unrolled on several dimensions shares its extent among them). The
// unrolls carry their array dimension, so memories keep their served-dimension semantics.
//
// Pruning (why it stays cheap):
//  - factors are balanced: a loop with L left on a dimension of size S is unrolled by
//    ceil(L / ceil(L / min(L, S))), the fewest PEs that give the fewest temporal steps (L = 6 on
//    S = 4: 3, two steps either way, none padded); a further loop joins a dimension only in
//    the room the first leaves (floor(S / f));
//  - a dimension unrolls nothing only when no loop is left to unroll;
//  - symmetric candidates are one: array dimensions of one size that every memory spans alike
//    (meta_prototype's D3 and D4) give the same cost whichever of them a loop goes to;
//  - candidates are ranked by temporal cycles Π ceil(dim / unrolling) (spatial utilization),
//    ties in generation order (array dimensions D1, D3, …, D2, D4, …; loop dims B K C OY OX FY
//    FX); those within `slack` of the fewest are kept, at most `keep` of them, and each gets the
//    full temporal search (a shorter one ranks them badly: merged loop factors stall where the
//    full search does not). The core's own unrolling (the reference) always gets it too, so the
//    result is never worse than the fixed unrolling.
// What the pruning gives up: an unrolling that leaves many PEs idle is no candidate, although for
// the energy objective it can be the cheapest (tst_spatial_search records such a case).
#pragma once

#include "cost/loop_nest.h"

#include <vector>

namespace fuselab {

/// One dimension of a spatial core's array.
struct ArrayDimension {
    int64_t size = 1;
    unsigned axis = AxisRows;
    int arrayDim = 0; // Dn (1-based) of a folded array; 0 on a 2-D core
};
/// The dimensions the search unrolls on, rows first (D1, D3, …, then D2, D4, …) as
/// spatialUnrolling reads them: Core::arraySizes, else rows and cols.
std::vector<ArrayDimension> arrayDimensions(const Core &core);

struct SpatialSearchOptions {
    int mixLimit = 2;    // loop dims one array dimension may unroll together
    double slack = 1.25; // kept: temporal cycles ≤ slack × the fewest (utilization ≥ 80 % of the best)
    int keep = 16;       // at most this many candidates get the temporal search
};

/// A spatial unrolling: the core's unrollRows / unrollCols to use, and its temporal cycles.
struct SpatialCandidate {
    std::vector<Unroll> rows, cols;
    int64_t temporalCycles = 0;
};

/// The pruned legal unrollings of `problem` on `core`'s array (whose memories `h` holds: they
/// decide which array dimensions are symmetric), fewest temporal cycles first.
std::vector<SpatialCandidate> spatialCandidates(const LoopNestProblem &problem, const Core &core,
                                                const CoreHierarchy &h, const SpatialSearchOptions &options = {});

/// `core` with the candidate's unrolling.
Core withUnrolling(Core core, const SpatialCandidate &c);

/// The best mapping over the reference unrolling and the candidates (ties: the reference, then
/// the candidates in order). For a core that does not search its unrolling: searchMapping.
MappingResult searchSpatialMapping(const LoopNestProblem &problem, const Core &core, const CoreHierarchy &h,
                                   const MappingSearchOptions &temporal = {},
                                   const SpatialSearchOptions &spatial = {});

} // namespace fuselab
