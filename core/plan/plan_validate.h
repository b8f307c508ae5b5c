// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Whether `core` may run `layer`: canRunOn (the core's model, or SIMD as the fallback of last
/// resort for MAC ops) with the default cost models, the lookup's canRun otherwise.
bool coreCanRun(CostModelLookup costModel, const Layer &layer, const Core &core, const Accelerator &acc);

/// Every reason `plan` cannot run `w` on `acc`, each naming the layer, group, tensor or core:
/// a layer in no group or in two, a group that is not connected or whose layers come before
/// a producer of theirs (groups must follow a topological order), a pin to a memory that
/// cannot hold the tensor, an allocation (or split part) on a core whose cost model cannot
/// run the op. Empty means valid.
std::vector<std::string> validatePlan(const Plan &plan, const Workload &w, const Accelerator &acc,
                                      CostModelLookup costModel = nullptr);

} // namespace fuselab
