// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How many computation nodes a plan makes, known before any is built, so that a plan whose
// CNs would not fit in memory is refused up front with a clear message instead of swapping
// the machine to death (issue 7 §4). Measured cost: ~0.9 KiB of peak memory per CN built
// when scheduling with events recorded (BENCHMARKS.md, "Hostile sizes").

#include "plan/plan.h"
#include "workload/workload.h"

#include <cstdint>
#include <string>

namespace fuselab {

/// Default cap on the estimated CNs of one plan: at ~0.9 KiB per CN, scheduling a plan under
/// the cap (events recorded) peaks below ~250 MiB. ScheduleOptions::maxCns raises or lowers it.
constexpr int64_t kDefaultMaxCns = 250000;

/// Default cap of the search (ExploreOptions::maxCns, `fuselab-cli explore --max-cns`): a
/// transformer's plans are large (Llama-2-7B prefill at N = 2048 on the quad-core: 0.52M CNs
/// layer by layer, 1.3M fused, estimated up to 1.63M) and the search is meant to run on them.
/// Its memory: a totals-only evaluation per thread and re-checks with events of ~1 KiB per CN
/// (one at a time for plans above kDefaultMaxCns) — measured peak 4.3–5.5 GB for that prefill
/// on 2 threads (BENCHMARKS.md, "Transformers").
constexpr int64_t kDefaultExploreMaxCns = 2000000;

/// An upper bound on the CNs of a plan: for each group, its tiles × (the parts of its layers +
/// the load nodes of its outside inputs), in saturating 64-bit arithmetic (a tile count near
/// 2^31 × 2^31 cannot overflow). `group`/`layer` name the group contributing most.
struct CnEstimate {
    int64_t total = 0;
    int group = -1;        // the largest group
    LayerId layer = kNone; // its last layer (the one that defines its tiles)
    int64_t groupCns = 0;  // that group's share
    int64_t tiles = 0;     // that group's tiles
};
CnEstimate estimateCnCount(const Workload &w, const Plan &plan);

/// Empty if the plan stays within `maxCns` CNs; otherwise the reason, naming the plan, the
/// largest group with its last layer and tile count, the estimate and the limit.
std::string cnBudgetProblem(const Workload &w, const Plan &plan, int64_t maxCns = kDefaultMaxCns);

} // namespace fuselab
