// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "plan/transformer_kernels.h"
#include "schedule/cn_budget.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <optional>
#include <vector>

namespace fuselab {

/// How one fused group is run: the per-group decisions the search enumerates.
struct GroupConfig {
    int tileRows = 0; // 0 = the whole output in one tile
    OverlapMode overlap = OverlapMode::Cache;
    WeightPolicy weights = WeightPolicy::Resident;
    /// Not fused: every layer of the span is a group of its own, tiled as in the layer-by-layer
    /// plan. Lets the DP leave a residual block (an indivisible unit) unfused.
    bool layerByLayer = false;
    /// Only the transformer kernels of the span fused (attention cores and FFN runs,
    /// plan/transformer_kernels.h), tiled by `tileRows`; its other layers as in layerByLayer.
    bool kernelsOnly = false;
    /// With kernelsOnly: the kernels' reduction slices (FusedGroup::tileReduce: an FFN's hidden
    /// units, an attention's keys, this many per slice); 0: none.
    int reduceSlice = 0;
    friend bool operator==(const GroupConfig &, const GroupConfig &) = default;
};

/// The reduction slice the explorer tries for a transformer kernel (beside none): 512 hidden
/// units or keys, FlashAttention's order of magnitude for a key block.
constexpr int kReduceSlice = 512;

/// The kernels' fusion a kernelsOnly configuration asks for (its reduction slices).
inline KernelFusion kernelFusionOf(const GroupConfig &c)
{
    KernelFusion f;
    f.attentionKeyTile = f.ffnHiddenTile = c.reduceSlice;
    return f;
}

/// The group as a workload of its own: its layers (in the given order), the tensors they read
/// from outside as network inputs (from DRAM) and the tensors read after the group as network
/// outputs (to DRAM). Scheduling it gives the group's cost in isolation, the fast estimate the
/// partition DP adds up. (A tensor read both inside and after the group is counted inside
/// only; the exact evaluation of the whole plan corrects that.)
struct GroupWorkload {
    Workload workload;
    std::vector<LayerId> original; // sub-workload layer id → original layer id
};
GroupWorkload extractGroup(const Workload &w, const std::vector<LayerId> &layers);

/// The plan of `group` under `config` with the allocation and splits of `allocation`; a
/// layerByLayer config copies each layer's tiling from `layerByLayerPlan` (one group per layer).
Plan groupPlan(const GroupWorkload &group, const Plan &allocation, const GroupConfig &config,
               const Plan &layerByLayerPlan);

/// Schedules one group alone (totals only). std::nullopt when the scheduler rejects it (also
/// when its CN estimate exceeds `maxCns`). `cache`, if given, must be made for group.workload:
/// the configurations of one group share its costs, routes and working arrays.
std::optional<ScheduleTotals> evaluateGroup(const Accelerator &acc, const GroupWorkload &group,
                                            const Plan &allocation, const GroupConfig &config,
                                            const Plan &layerByLayerPlan,
                                            CostModelLookup costModel = nullptr,
                                            int64_t maxCns = kDefaultMaxCns, ScheduleCache *cache = nullptr);

/// Everything a group's schedule under any GroupConfig depends on, without names or layer ids:
/// the extracted workload with its names cleared, and per layer its core, split and
/// layer-by-layer tiling. Groups with equal signatures (the same sublayer of each of a
/// decoder's 32 identical blocks) have identical costs, so the search schedules one of them.
struct GroupSignature {
    Workload workload;
    std::vector<int> cores;
    std::vector<LayerSplit> splits;
    std::vector<FusedGroup> lblTiling; // its layers cleared; a default group if none
    friend bool operator==(const GroupSignature &, const GroupSignature &) = default;
};
GroupSignature groupSignature(const GroupWorkload &group, const Plan &allocation, const Plan &layerByLayerPlan);
/// A hash of the signature's shapes and cores (equal signatures hash equal).
size_t signatureHash(const GroupSignature &s);

/// The configurations worth trying for a group whose last layer has `outputRows` rows:
/// tile rows from `rowChoices` below `outputRows` (0 = whole always included) × overlap mode ×
/// weight policy. Single-layer groups do not vary the overlap mode (nothing to overlap).
std::vector<GroupConfig> groupConfigs(int64_t outputRows, int groupLayers,
                                      const std::vector<int> &rowChoices);

} // namespace fuselab
