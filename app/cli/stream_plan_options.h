// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/arg_parser.h"
#include "cost/spatial_cost.h"
#include "hardware/accelerator.h"
#include "plan/stream_mapping.h"
#include "workload/workload.h"

#include <memory>
#include <vector>

namespace fuselab::cli {

/// The Stream plan inputs `schedule` and `explore` share: `--mapping`, `--mapping-semantics`,
/// `--stacks`, `--allocation`, `--activations` and `--mapping-objective` (README "Stream
/// mapping semantics").
void addStreamPlanOptions(ArgParser &p);

struct StreamPlanInputs {
    std::unique_ptr<MappingConstraints> mapping; // nullptr without --mapping
    std::vector<std::vector<LayerId>> stacks;    // empty without --stacks
    std::vector<int> fixedCore;                  // empty without --allocation
    bool residentActivations = false;            // --activations resident
    /// --mapping-objective: what each spatial core's loop-nest mapping minimises. Default:
    /// latency with a --mapping read under Stream's semantics (as Stream keeps ZigZag's
    /// latency-optimal mapping), else energy (FuseLab's default).
    MappingObjective mappingObjective = MappingObjective::Energy;
    CostModelLookup costModels = nullptr; // costModelsFor(mappingObjective)
};

/// Reads the options above; throws UsageError for a bad `--mapping-semantics` and InputError
/// naming the option and the value for stacks or an allocation that do not fit the workload.
StreamPlanInputs streamPlanInputsOf(const ArgParser &p, const Workload &w, const Accelerator &acc);

} // namespace fuselab::cli
