// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/core_mapping.h"
#include "cost/cost_model.h"

#include <array>

namespace fuselab {

/// The B K C OY OX FY FX sizes of a tile as the spatial model loops over them, indexed by
/// LoopDim. C is the reduction per group (channelsPerGroup), so a depthwise conv has C = 1.
std::array<int64_t, 7> spatialLoopSizes(const Layer &layer, const LoopDims &tile);

/// The total unrolling of each loop dim on a spatial core: the product of its factors on
/// the row and the column axis (1 when not unrolled), indexed by LoopDim.
std::array<int64_t, 7> unrollFactors(const Core &core);

/// Eyeriss-like spatial array (Stream's cores): `unrollRows` / `unrollCols` spread loop dims
/// over the PE array. Every loop runs ceil(size / unrolling) temporal iterations, so
/// cycles = Π over B K C OY OX FY FX of ceil(dim / u_dim), and the spatial utilization is
/// MACs / (rows·cols·cycles) (both the unused PEs and the ceil waste count).
///
/// Memory model (spatial reuse only, a simple upper bound): every cycle the array reads
/// the distinct operand words its PEs need, and PEs that differ only in a loop dim
/// irrelevant to an operand share one read (broadcast). With e_d = min(u_d, dim_d):
///  - W reads = cycles · e_K·e_C·e_FY·e_FX
///  - I reads = cycles · e_B·e_C·e_OY·e_OX·e_FY·e_FX (· ceil(e_K / (K/g)) for a grouped conv,
///    where different output channels read different input channels; the sliding-window
///    overlap between OY and FY is not exploited)
///  - O: partial sums stay in the PEs while the reduction loops (C, FY, FX) iterate, so each
///    output is written once: O writes = B·K·OY·OX.
/// Charged to the memories staging each operand (Accelerator::stagingMemory).
///
/// A core whose memories form a hierarchy (hasMemoryHierarchy: Stream's and ZigZag's cores,
/// registers -> buffers) is costed by the loop-nest model instead (cost/loop_nest.h): the best
/// temporal mapping for its objective (energy unless constructed otherwise) is searched once
/// per (tile shape, precision, core) and cached; cycles = the cycles above + memory stalls,
/// energy per level from the mapping's accesses.
class SpatialCostModel : public CostModel {
public:
    explicit SpatialCostModel(MappingObjective objective = MappingObjective::Energy) : objective_(objective) {}
    bool canRun(const Layer &layer, const Core &core) const override;
    ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                        const Accelerator &acc) const override;
    /// Mapping searches kept so far (for tests and benchmarks).
    size_t cachedMappings() const { return cache_.size(); }

private:
    MappingObjective objective_;
    mutable MappingCache cache_;
};

/// The cost models with every spatial core's loop-nest mapping searched for `objective`:
/// costModelFor for energy (FuseLab's default), else models that differ from it only there
/// (Stream keeps ZigZag's latency-optimal mapping). For ScheduleOptions / PlanOptions /
/// ExploreOptions::costModel.
CostModelLookup costModelsFor(MappingObjective objective);
/// Whether `lookup` is one of costModelsFor's (or null): the same kinds run the same layers,
/// so canRunOn's fallbacks apply.
bool isStandardCostModels(CostModelLookup lookup);

} // namespace fuselab
