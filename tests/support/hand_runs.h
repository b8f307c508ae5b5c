// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Two runs of a two-layer workload with schedules written by hand (events, energies,
// occupancy, totals), for the compare view's tests: every figure they compare is worked out
// in the comments below, independently of the code under test.

#include "project/run.h"
#include "sched_fixtures.h"

namespace fuselab::testing {

inline Workload twoLayers(bool withC = false)
{
    Workload w;
    w.name = "tiny";
    const TensorId in = addInput(w, "in", 4, 8, 8);
    const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
    const TensorId b = addConv(w, "B", a, 4, 1, 1, 0);
    if (withC)
        addConv(w, "C", b, 4, 1, 1, 0);
    return w;
}

inline ScheduleEvent event(EventKind kind, LayerId layer, int64_t start, int64_t end, int64_t bytes, double energy)
{
    ScheduleEvent e;
    e.kind = kind;
    e.layer = layer;
    e.core = kind == EventKind::Compute ? 0 : -1;
    e.start = start;
    e.end = end;
    e.bytes = bytes;
    e.energy.mac = energy;
    return e;
}

inline Run handRun(const std::string &name, Workload w)
{
    Run r;
    r.name = name;
    r.design.workload = std::move(w);
    r.design.accelerator = singleCore(8, 8, 64 * 1024);
    const auto n = r.design.workload.layers.size();
    r.plan.core.assign(n, 0);
    for (std::size_t l = 0; l < n; ++l)
        r.plan.groups.push_back({{static_cast<LayerId>(l)}, 0, 0, OverlapMode::Cache, WeightPolicy::Resident});
    return r;
}

// Run A: A computes [0,100) for 60 pJ and reads 64 B from DRAM for 20 pJ; B computes
// [100,300) for 100 pJ and writes 32 B to DRAM for 8 pJ. Latency 300, energy 188 pJ,
// EDP 188 × 300 = 56,400, DRAM 96 B. Two memories: mem0 holds 40 B from 0, 70 B from 100,
// none from 300; mem1 20 B from 50, none from 150 → together 40, 60 (t=50), 90 (t=100),
// 70 (t=150), 0: peak 90 B.
inline Run runA()
{
    Run r = handRun("a", twoLayers());
    Schedule &s = r.schedule;
    s.events = {event(EventKind::Compute, 0, 0, 100, 0, 60), event(EventKind::DramRead, 0, 0, 10, 64, 20),
                event(EventKind::Compute, 1, 100, 300, 0, 100), event(EventKind::DramWrite, 1, 290, 300, 32, 8)};
    s.occupancy = {{{0, 40}, {100, 70}, {300, 0}}, {{50, 20}, {150, 0}}};
    s.totals.latencyCycles = 300;
    s.totals.energyPj = 188;
    s.totals.edp = 56400;
    s.totals.dramReadBytes = 64;
    s.totals.dramWriteBytes = 32;
    return r;
}

// Run B: A computes [0,80) for 30 pJ and reads the same 64 B for 20 pJ; B computes [80,240)
// for 100 pJ and writes nothing. Latency 240, energy 150 pJ, EDP 36,000, DRAM 64 B; one
// memory holding 50 B from 0 to 240: peak 50 B.
inline Run runB(bool withC = false)
{
    Run r = handRun("b", twoLayers(withC));
    Schedule &s = r.schedule;
    s.events = {event(EventKind::Compute, 0, 0, 80, 0, 30), event(EventKind::DramRead, 0, 0, 10, 64, 20),
                event(EventKind::Compute, 1, 80, 240, 0, 100)};
    if (withC)
        s.events.push_back(event(EventKind::Compute, 2, 240, 250, 0, 5));
    s.occupancy = {{{0, 50}, {240, 0}}};
    s.totals.latencyCycles = 240;
    s.totals.energyPj = 150;
    s.totals.edp = 36000;
    s.totals.dramReadBytes = 64;
    return r;
}

} // namespace fuselab::testing
