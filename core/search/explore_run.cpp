// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/explore_run.h"

#include "search/pareto.h"

namespace fuselab {

std::vector<ParetoPoint> exploredPoints(const ExploreResult &r)
{
    std::vector<Objectives> objectives;
    auto add = [&](const ScheduleTotals &t) {
        const Objectives o{static_cast<double>(t.latencyCycles), t.energyPj};
        for (const Objectives &seen : objectives)
            if (seen == o)
                return;
        objectives.push_back(o);
    };
    add(r.best.totals);
    for (const auto &b : r.baselines)
        add(b.second.totals);
    for (const EvaluatedPlan &e : r.pareto)
        add(e.totals);
    std::vector<ParetoPoint> points(objectives.size());
    for (size_t i = 0; i < objectives.size(); ++i) {
        points[i].latencyCycles = objectives[i][0];
        points[i].energyPj = objectives[i][1];
    }
    for (int i : paretoFront(objectives))
        points[static_cast<size_t>(i)].onFront = true;
    return points;
}

Run packExploreRun(const std::string &name, const Workload &w, const Accelerator &acc, ExploreResult r)
{
    std::vector<ParetoPoint> points = exploredPoints(r);
    Run run = packRun(name, "explore", w, acc, r.best.plan, std::move(r.bestSchedule));
    run.pareto = std::move(points);
    return run;
}

} // namespace fuselab
