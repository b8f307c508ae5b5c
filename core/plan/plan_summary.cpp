// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_summary.h"

#include <algorithm>

namespace fuselab {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return b > 0 ? (a + b - 1) / b : 1; }

/// The cores a layer runs on: its split's cores, or its one core.
std::vector<int> coresOf(const Plan &plan, LayerId l)
{
    const LayerSplit &s = plan.splitOf(l);
    if (s.active())
        return s.cores;
    if (l >= 0 && static_cast<std::size_t>(l) < plan.core.size())
        return {plan.core[static_cast<std::size_t>(l)]};
    return {};
}

void addSorted(std::vector<int> &v, int x)
{
    const auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it == v.end() || *it != x)
        v.insert(it, x);
}

} // namespace

std::vector<PlanGroupSummary> planGroups(const Plan &plan, const Workload &w)
{
    const auto layerCount = static_cast<LayerId>(w.layers.size());
    std::vector<PlanGroupSummary> out;
    out.reserve(plan.groups.size());
    for (const FusedGroup &g : plan.groups) {
        PlanGroupSummary s;
        s.tileRows = g.tileRows;
        s.tileCols = g.tileCols;
        s.overlap = g.overlap;
        s.weights = g.weights;
        for (LayerId l : g.layers) {
            if (l < 0 || l >= layerCount)
                continue;
            s.layers.push_back(l);
            for (int c : coresOf(plan, l))
                addSorted(s.cores, c);
            for (const PinnedTensor &p : plan.pins)
                if (p.tensor == w.layers[static_cast<std::size_t>(l)].output)
                    s.pins.push_back(p);
        }
        if (!s.layers.empty()) {
            const LoopDims &d = w.layers[static_cast<std::size_t>(s.layers.back())].dims;
            s.tiles = (g.tileRows > 0 ? ceilDiv(d.oy, g.tileRows) : 1) * (g.tileCols > 0 ? ceilDiv(d.ox, g.tileCols) : 1);
            // The last layer's reduction per group: the FFN's hidden units, the attention's keys.
            const Layer &last = w.layers[static_cast<std::size_t>(s.layers.back())];
            s.tileReduce = g.tileReduce;
            if (g.tileReduce > 0)
                s.slices = ceilDiv(d.c / std::max(1, last.groups), g.tileReduce);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<PlanCoreSummary> planCores(const Plan &plan, const Workload &w, int cores)
{
    std::vector<PlanCoreSummary> out(static_cast<std::size_t>(std::max(0, cores)));
    const auto layerCount = static_cast<LayerId>(w.layers.size());
    for (std::size_t g = 0; g < plan.groups.size(); ++g)
        for (LayerId l : plan.groups[g].layers) {
            if (l < 0 || l >= layerCount)
                continue;
            for (int c : coresOf(plan, l)) {
                if (c < 0 || c >= cores)
                    continue;
                PlanCoreSummary &s = out[static_cast<std::size_t>(c)];
                addSorted(s.groups, static_cast<int>(g));
                if (std::find(s.layers.begin(), s.layers.end(), l) == s.layers.end())
                    s.layers.push_back(l);
            }
        }
    return out;
}

} // namespace fuselab
