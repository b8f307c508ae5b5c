// SPDX-License-Identifier: GPL-3.0-or-later
// The loop-nest model of one layer (or one CN) on one core with a memory hierarchy: a
// ZigZag/Timeloop-class analytical model. Semantics (hand-checkable; tst_loop_nest does):
//
// Spatial unrolling: the core's unrollRows / unrollCols (its `dataflows`), or for a core whose
// unrolling is searched (Core::searchUnrolling) each candidate of cost/spatial_search.h in turn,
// with the same semantics. Each unroll has an
// effective factor min(factor, what is left of the dim), so a K 32 unroll of a K = 16 layer
// uses 16 PEs. Temporal size of each dim: T_d = ceil(dim_d / Π nominal unrolls of d), so the
// temporal cycles Π T_d equal the plain spatial model's (utilization counts the ceil waste).
//
// Temporal mapping: one loop order (innermost first) of the prime factors of every T_d, and per
// operand the split of that order over its chain of levels (memory_hierarchy.h): level j holds
// loops [end[j-1], end[j]); the DRAM holds the rest. A level's tile (per instance) is the
// operand's footprint over the loops at and below it, times the spatial unrolling of the array
// axes the level is shared across (`servedAxes`; on a folded array of more than two dimensions
// the array dimensions, `servedDims`); there are Π (unrolls of the other axes) instances of it,
// each with the level's size and bandwidth. Footprints: W = K·C·FY·FX, O = B·K·OY·OX, I = B·C·((OY-1)·sy+FY)·((OX-1)·sx+FX)
// (× the groups the K extent spans for a grouped conv).
//
// Accesses, for each pair (level j, the level j+1 above it; j = -1 is the PE array):
//  - refills F = product of all loop factors above end[j], except a run of loops irrelevant to
//    the operand directly above end[j] (the tile stays put across them: temporal reuse);
//    distinct tiles D = product of the relevant factors above end[j];
//  - I, W: level j+1 reads F × (its instances × the tile of end[j] on its own served axes)
//    (one read feeds all PEs of an instance: multicast); level j is written F × its own
//    instances × its tile;
//  - O: level j+1 is written F × (its instances × tile) and reads back (F − D) × the same for
//    partial sums that are not final (the first visit of each output tile starts at zero);
//    level j reads its tile out F times per instance and is rewritten (F − D) times;
//  - O at the PEs (j = -1): the innermost O level is the PEs' accumulator, as in ZigZag: F is
//    the product of every temporal loop (no run is skipped), so each spatial output is written
//    at every temporal step and read back at all but the first step of its accumulation
//    (ZigZag's mapping.py, calc_data_access: rd_out_to_low = |O| × (Π ir loops − 1));
//  - O moves at its partial-sum precision across a boundary with a loop that does not index O
//    at or above it (a reduction still running: Precision::psum), else at its final precision;
//  - the spatial reduction between per-PE accumulators and a shared level happens on the way.
// Energy = MACs × mac energy + Σ bytes read × read pJ/B + bytes written × write pJ/B per level.
//
// Latency = temporal cycles Tc + the largest stall of any memory:
//  - a memory's busy time per instance: reads / (readBw·(read+rw ports)) and writes /
//    (writeBw·(write+rw ports)), the larger of the two; with only read/write ports the two
//    directions add up on them;
//  - double-buffered: stall = max(0, busy − Tc) (refills overlap compute);
//    not double-buffered: the compute waits for every refill written from above:
//    stall = fill time + max(0, busy − fill time − Tc);
//  - the DRAM counts only streamed bytes: what goes beyond one read of I and W and one write of O
//    (those first loads and the final store are the scheduler's transfers).
// An operand whose tile does not fit a level skips it; one that fits no on-chip level is
// streamed from the DRAM level, never refused.
#pragma once

#include "cost/memory_hierarchy.h"
#include "workload/layer.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fuselab {

/// The loop bounds of the work to map, in the spatial model's order B K C OY OX FY FX (C per group).
struct LoopNestProblem {
    std::array<int64_t, 7> dims{1, 1, 1, 1, 1, 1, 1};
    int strideY = 1, strideX = 1;
    int64_t kPerGroup = 0; // > 0: grouped conv, the input channels depend on K too
    std::array<double, kOperandSlots> bytesPerElement{1, 1, 1};
    double partialSumBytes = 0; // bytes of a partial sum of O (0: bytesPerElement[SlotO])
    int64_t macs = 0; // useful MACs
};

/// A layer tile as a loop-nest problem. A MatMul of two activations maps its second operand to
/// the W slot (with the input precision).
LoopNestProblem loopNestProblem(const Layer &layer, const LoopDims &tile);

struct SpatialUnroll {
    LoopDim dim = LoopDim::K;
    int64_t factor = 1; // effective factor (PEs in use along this unroll)
    unsigned axis = AxisRows;
    int arrayDim = 0; // Unroll::arrayDim: the Dn of a folded array (0: none)
};
struct TemporalLoop {
    LoopDim dim = LoopDim::K;
    int64_t factor = 1;
    friend bool operator==(const TemporalLoop &, const TemporalLoop &) = default;
};

/// Levels one operand uses (memory indices into CoreHierarchy::memories, innermost first,
/// ending with the DRAM) and where each level's loops end in the loop order.
struct OperandLevels {
    std::vector<int> memory;
    std::vector<int> end;
};

struct LoopNestMapping {
    std::vector<SpatialUnroll> spatial;
    std::vector<TemporalLoop> loops; // innermost first
    std::array<OperandLevels, kOperandSlots> levels;
};

/// Accesses of one operand at one of its levels, in elements over all instances.
struct OperandLevelAccess {
    int memory = -1;
    double tileElements = 0;    // per instance
    int64_t instances = 1;
    double writesFromAbove = 0; // refills (and O partial sums brought back)
    double readsForBelow = 0;   // reads feeding the level below or the PEs (O: partial sums sent back)
    double writesFromBelow = 0; // O: results coming up
    double readsForAbove = 0;   // O: results sent up
};

struct MemoryTraffic {
    double readBytes = 0, writeBytes = 0, energy = 0; // all instances
    double busyCycles = 0, stallCycles = 0;
};

struct LoopNestCost {
    double macEnergy = 0;
    double energy = 0;         // MAC + every level, the DRAM's whole traffic included
    double onChipEnergy = 0;   // every level but the DRAM
    double streamedDramEnergy = 0; // DRAM energy of streamed bytes (beyond the compulsory ones)
    double dramStreamReadBytes = 0, dramStreamWriteBytes = 0;
    int64_t temporalCycles = 0, stallCycles = 0, latencyCycles = 0;
    double utilization = 0;
    std::array<std::vector<OperandLevelAccess>, kOperandSlots> access;
    std::vector<MemoryTraffic> memory; // by CoreHierarchy::memories index
};

/// Whether one instance of `m` spans unroll `u`: by the array dimension a folded array's unroll
/// came from when the memory names them (servedDims), else by the axis (servedAxes).
bool memorySpans(const MemoryLevel &m, const SpatialUnroll &u);
/// Effective spatial unrolling of `problem` on `core` (rows first, then columns).
std::vector<SpatialUnroll> spatialUnrolling(const LoopNestProblem &problem, const Core &core);
/// The prime factors of every dim's temporal size, in dim order (B K C OY OX FY FX), ascending.
std::vector<TemporalLoop> temporalPrimeFactors(const LoopNestProblem &problem,
                                               const std::vector<SpatialUnroll> &spatial, const Core &core);
/// Greedy allocation of a loop order to each operand's levels (LOMA's): walking the order from
/// the innermost loop, each operand keeps a loop in its current level while every operand's tile
/// in that memory still fits together, else moves on to its next level; levels that cannot hold
/// even the tile below them are skipped.
LoopNestMapping allocateLoops(const LoopNestProblem &problem, const CoreHierarchy &h,
                              std::vector<SpatialUnroll> spatial, std::vector<TemporalLoop> loops);
/// Evaluates a mapping (see the semantics above). `pes` = rows × cols of the array.
LoopNestCost evaluateMapping(const LoopNestProblem &problem, const CoreHierarchy &h, const LoopNestMapping &m,
                             double macEnergyPerMac, int64_t pes);

enum class MappingObjective { Energy, Latency, Edp };
std::string_view toString(MappingObjective o);
bool parseMappingObjective(std::string_view text, MappingObjective &out);

struct MappingSearchOptions {
    MappingObjective objective = MappingObjective::Energy;
    /// Most loop orders tried (the reference order, then distinct orders). Above it, the two smallest prime factors of the dim with the
    /// most factors are merged into one loop until the count of distinct orders fits (LOMA's
    /// limit). Distinct orders: permutations of the multiset of loops.
    int64_t orderLimit = 720;
    /// Every permutation of the loops, duplicates included, and no merging (tests only).
    bool exhaustive = false;
};

struct MappingResult {
    LoopNestMapping mapping;
    LoopNestCost cost;
    int64_t ordersEvaluated = 0;
    /// Spatial unrollings tried (cost/spatial_search.h; 0: the core's fixed unrolling only).
    int64_t spatialCandidates = 0;
};

/// Searches the loop order (and through allocateLoops its split over the levels) for the
/// objective; ties go to the lower energy, then the lower latency, then the first order met.
MappingResult searchMapping(const LoopNestProblem &problem, const Core &core, const CoreHierarchy &h,
                            const MappingSearchOptions &options = {});

/// The objective's value of a cost (energy pJ, latency cycles, or their product).
double objectiveValue(const LoopNestCost &c, MappingObjective o);
/// Whether `a` beats `b` for `o`: a lower objective value (to a relative 1e-12), then the lower
/// energy, then the lower latency.
bool betterCost(const LoopNestCost &a, const LoopNestCost &b, MappingObjective o);

} // namespace fuselab
