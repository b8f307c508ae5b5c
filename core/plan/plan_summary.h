// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A plan read back for its views: per fused group its layers, tiling, overlap and weight
// policy, the cores it runs on and the tensors it pins; per core the groups and layers it
// runs. Indices are the plan's own (its workload's layers, its accelerator's cores).

#include "plan/plan.h"
#include "workload/workload.h"

#include <cstdint>
#include <vector>

namespace fuselab {

struct PlanGroupSummary {
    std::vector<LayerId> layers;
    int tileRows = 0, tileCols = 0; ///< as in FusedGroup (0: whole)
    int64_t tiles = 1;              ///< tiles of the last layer's output: ⌈oy / rows⌉ × ⌈ox / cols⌉
    int tileReduce = 0;             ///< as in FusedGroup (0: no reduction slices)
    int64_t slices = 1;             ///< reduction slices each tile runs: ⌈reduction / tileReduce⌉
    OverlapMode overlap = OverlapMode::Cache;
    WeightPolicy weights = WeightPolicy::Resident;
    std::vector<int> cores;          ///< every core a layer of the group runs on (splits too), ascending
    std::vector<PinnedTensor> pins;  ///< pins of tensors a layer of the group produces
};

struct PlanCoreSummary {
    std::vector<int> groups;     ///< groups with a layer (or a split part) on the core, ascending
    std::vector<LayerId> layers; ///< in the plan's execution order
};

/// One entry per group of the plan, in its order. Layers out of range are skipped.
std::vector<PlanGroupSummary> planGroups(const Plan &plan, const Workload &w);

/// One entry per core (0 .. cores-1).
std::vector<PlanCoreSummary> planCores(const Plan &plan, const Workload &w, int cores);

} // namespace fuselab
