// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/run_comparison.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace fuselab {

std::optional<double> MetricDelta::percent() const
{
    if (a == 0)
        return b == 0 ? std::optional<double>(0.0) : std::nullopt;
    return 100.0 * (b - a) / a;
}

int64_t peakOnChipBytes(const Schedule &s)
{
    bool any = false;
    for (const auto &steps : s.occupancy)
        any = any || !steps.empty();
    if (!any) {
        int64_t peak = 0;
        for (int64_t p : s.totals.peakMemoryBytes)
            peak = std::max(peak, p);
        return peak;
    }
    // Each step changes its memory's level: add the differences in time order.
    std::map<int64_t, int64_t> change;
    for (const auto &steps : s.occupancy) {
        int64_t level = 0;
        for (const OccupancyStep &st : steps) {
            change[st.time] += st.bytes - level;
            level = st.bytes;
        }
    }
    int64_t total = 0, peak = 0;
    for (const auto &[time, d] : change) {
        total += d;
        peak = std::max(peak, total);
    }
    return peak;
}

namespace {

struct LayerFigures {
    std::string core;
    LayerStatistics stats;
};

std::vector<LayerFigures> figuresOf(const Run &r)
{
    const Workload &w = r.design.workload;
    const Accelerator &acc = r.design.accelerator;
    const std::vector<LayerStatistics> stats =
        layerStatistics(r.schedule, r.plan, acc, static_cast<int>(w.layers.size()));
    std::vector<LayerFigures> out(stats.size());
    for (std::size_t l = 0; l < stats.size(); ++l) {
        out[l].stats = stats[l];
        const int c = stats[l].core;
        if (c >= 0 && static_cast<std::size_t>(c) < acc.cores.size())
            out[l].core = acc.cores[static_cast<std::size_t>(c)].name;
    }
    return out;
}

MetricDelta of(double a, double b) { return {a, b}; }

} // namespace

RunComparison compareRuns(const Run &a, const Run &b)
{
    RunComparison c;
    c.nameA = a.name;
    c.nameB = b.name;
    const ScheduleTotals &ta = a.schedule.totals, &tb = b.schedule.totals;
    c.totals.latencyCycles = of(static_cast<double>(ta.latencyCycles), static_cast<double>(tb.latencyCycles));
    c.totals.energyPj = of(ta.energyPj, tb.energyPj);
    c.totals.edp = of(ta.edp, tb.edp);
    c.totals.dramBytes = of(static_cast<double>(ta.dramReadBytes + ta.dramWriteBytes),
                            static_cast<double>(tb.dramReadBytes + tb.dramWriteBytes));
    c.totals.peakOnChipBytes =
        of(static_cast<double>(peakOnChipBytes(a.schedule)), static_cast<double>(peakOnChipBytes(b.schedule)));

    const std::vector<LayerFigures> fa = figuresOf(a), fb = figuresOf(b);
    const auto &la = a.design.workload.layers, &lb = b.design.workload.layers;
    std::unordered_map<std::string, std::size_t> rowOf;
    auto setSide = [](LayerDelta &d, bool sideA, const LayerFigures &f) {
        const LayerStatistics &s = f.stats;
        (sideA ? d.inA : d.inB) = true;
        (sideA ? d.coreA : d.coreB) = f.core;
        (sideA ? d.groupA : d.groupB) = s.group;
        (sideA ? d.cycles.a : d.cycles.b) = static_cast<double>(s.cycles);
        (sideA ? d.energyPj.a : d.energyPj.b) = s.energyPj;
        (sideA ? d.dramBytes.a : d.dramBytes.b) = static_cast<double>(s.dramBytes);
        (sideA ? d.macs.a : d.macs.b) = static_cast<double>(s.macs);
    };
    for (std::size_t l = 0; l < fa.size() && l < la.size(); ++l) {
        LayerDelta d;
        d.layer = la[l].name;
        setSide(d, true, fa[l]);
        rowOf.emplace(d.layer, c.layers.size());
        c.layers.push_back(std::move(d));
    }
    for (std::size_t l = 0; l < fb.size() && l < lb.size(); ++l) {
        const auto it = rowOf.find(lb[l].name);
        if (it != rowOf.end() && !c.layers[it->second].inB) {
            setSide(c.layers[it->second], false, fb[l]);
            continue;
        }
        LayerDelta d;
        d.layer = lb[l].name;
        setSide(d, false, fb[l]);
        c.layers.push_back(std::move(d));
    }
    return c;
}

} // namespace fuselab
