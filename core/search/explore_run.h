// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A finished (or stopped) search as a stored run: the best plan with its recorded schedule,
// strategy "explore", and the points the search evaluated for the Pareto chart. Made the same
// way by the GUI's run panel and by `fuselab-cli explore --project --run`.

#include "project/run.h"
#include "search/explorer.h"

#include <string>
#include <vector>

namespace fuselab {

/// The search's evaluated points over latency and energy: the best plan, the baselines and
/// the Pareto front (when requested), duplicates removed; onFront marks the non-dominated ones.
std::vector<ParetoPoint> exploredPoints(const ExploreResult &r);

/// Packs r.best with r.bestSchedule as a run of strategy "explore" carrying exploredPoints(r).
Run packExploreRun(const std::string &name, const Workload &w, const Accelerator &acc, ExploreResult r);

} // namespace fuselab
