// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <vector>

namespace fuselab {

struct PlanOptions {
    CostModelLookup costModel = nullptr;         // nullptr: costModelFor
    const MappingConstraints *mapping = nullptr; // Stream mapping constraints, if any
    /// Fused: share of a core's weight memory a group's weights may take (the rest is left to
    /// activations and line buffers). Also the share of its weight memory each K part of a
    /// layer too big for a core may take (allocateCores); a layer that fits whole in a memory
    /// that holds weights only is not cut.
    double weightFraction = 0.5;
    /// Fused: rows of the group's last output per tile (1 = as small as the kernels allow).
    int tileRows = 1;
    OverlapMode overlap = OverlapMode::Cache;
    WeightPolicy weights = WeightPolicy::Resident;
    /// Fused: the stacks to use instead of the greedy cut (Stream's `layer_stacks`, from
    /// parseLayerStacks): each a run of the topological order; layers in none run alone.
    std::vector<std::vector<LayerId>> stacks;
    /// Per layer: a core the user fixed (parseLayerAllocation), or -1; empty: none fixed.
    std::vector<int> fixedCore;
};

/// Default core allocation: layers in topological order, each to the core that can run it
/// (its cost model's canRun) and has the least work so far (whole-layer cycles in the
/// reference clock; ties to the lower core index) — a greedy best fit that spreads
/// independent layers and keeps vector ops off the MAC arrays when a vector core exists.
/// With mapping constraints, only the cores a layer's constraint allows are candidates and a
/// split constraint splits the layer across all of them. A fixed core (`fixedCore`) wins over
/// both. Throws ScheduleError if no core can run a layer.
void allocateCores(Plan &plan, const Workload &w, const Accelerator &acc, const PlanOptions &opt = {});

/// Layer-by-layer: every layer its own group, one tile.
Plan layerByLayerPlan(const Workload &w, const Accelerator &acc, const PlanOptions &opt = {});

/// Greedy stack cut (Stream / DeFiNES default): walk the layers in topological order and grow
/// the current group while the layer is connected to it and the group's weights still fit
/// `weightFraction` of each allocated core's weight memory. A layer that needs its whole input
/// (FC, matmul, global pooling) starts a group of its own, and so does the layer after it.
/// Tiles are `tileRows` rows of the group's last output (a mapping's OY tiling of that
/// layer overrides it; under Stream semantics a single-layer group is one tile, as Stream
/// clears the intra-core tiling of a layer alone in its stack). With `stacks`, the groups are
/// those stacks (and every other layer alone) instead of the greedy cut.
Plan fusedPlan(const Workload &w, const Accelerator &acc, const PlanOptions &opt = {});

} // namespace fuselab
