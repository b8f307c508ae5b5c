// SPDX-License-Identifier: GPL-3.0-or-later
// Property tests: thousands of random small DAGs (convs with strides and padding, depthwise
// convs, pooling, residual adds, concats, FC / global pooling heads), random plans (group
// cuts, tiles, overlap, weight policy, allocation, K/OY splits, pins) on random accelerators
// (systolic and SIMD cores, private or shared memories, rings or buses, linked or unlinked
// DRAM, one or two DRAM ports). Every schedule must pass the validator; a plan that cannot run
// must fail with a ScheduleError naming the layer, never crash or hang. Fixed seeds.
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "schedule/schedule.h"
#include "schedule/schedule_cache.h"
#include "schedule/validator.h"
#include "support/sched_fixtures.h"

#include <QTest>

#include <random>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
using Rng = std::mt19937;
int pick(Rng &r, int lo, int hi)
{
    return std::uniform_int_distribution<int>(lo, hi)(r);
}
bool coin(Rng &r, double p = 0.5)
{
    return std::bernoulli_distribution(p)(r);
}

Workload randomDag(Rng &r)
{
    Workload w;
    w.name = "random";
    std::vector<TensorId> live{addInput(w, "in", pick(r, 1, 6), pick(r, 3, 14), pick(r, 3, 10))};
    const int n = pick(r, 1, 7);
    for (int i = 0; i < n; ++i) {
        const TensorId x = coin(r, 0.7) ? live.back() : live[pick(r, 0, static_cast<int>(live.size()) - 1)];
        const Tensor t = w.tensors[x];
        const std::string name = "l" + std::to_string(i);
        const int kind = pick(r, 0, 5);
        if (kind == 0 && t.h >= 2 && t.w >= 2) {
            live.push_back(addConv(w, name, x, 0, 2, 2, 0, coin(r) ? OpType::MaxPool : OpType::AvgPool));
        } else if (kind == 1) { // residual block
            const TensorId c = addConv(w, name + "a", x, t.c, 3, 1, 1);
            live.push_back(addAdd(w, name, c, x));
        } else if (kind == 2) { // two branches concatenated
            const TensorId a = addConv(w, name + "a", x, pick(r, 1, 4), 1, 1, 0);
            const TensorId b = addConv(w, name + "b", x, pick(r, 1, 4), 3, 1, 1);
            live.push_back(addConcat(w, name, {a, b}));
        } else if (kind == 3) { // depthwise
            live.push_back(
                addConv(w, name, x, t.c, 3, pick(r, 1, 2), 1, OpType::Conv, static_cast<int>(t.c)));
        } else {
            const int k = coin(r) ? 3 : 1;
            const int stride = t.h >= 3 && coin(r, 0.3) ? 2 : 1;
            const bool small = t.h < k || t.w < k;
            live.push_back(addConv(w, name, x, pick(r, 1, 8), k, stride, small || coin(r, 0.8) ? k / 2 : 0));
        }
    }
    if (coin(r, 0.3))
        addFc(w, "fc", live.back(), pick(r, 2, 10));
    else if (coin(r, 0.2))
        addGlobalPool(w, "gap", live.back());
    return w;
}

Accelerator randomAccelerator(Rng &r)
{
    Accelerator a;
    a.name = "random";
    a.clockMHz = 1000;
    const int macCores = pick(r, 1, 3);
    for (int i = 0; i < macCores; ++i) {
        Core c = systolicCore("mac" + std::to_string(i), pick(r, 2, 8), pick(r, 2, 8));
        c.clockMHz = coin(r, 0.2) ? 500 : 1000;
        a.cores.push_back(c);
    }
    Core v;
    v.name = "vec";
    v.kind = CoreKind::Simd;
    v.lanes = pick(r, 4, 32);
    a.cores.push_back(v);
    const bool shared = coin(r, 0.3);
    std::vector<std::string> names;
    for (const auto &c : a.cores)
        names.push_back(c.name);
    const int64_t size = int64_t(1) << pick(r, 8, 13);
    if (shared) {
        a.memories.push_back(privateMemory("spm", "", size * 4, pick(r, 8, 64)));
        std::vector<std::string> ends = names;
        ends.push_back("spm");
        a.links.push_back(link("bus", ends, pick(r, 4, 32), pick(r, 0, 2), 0.1));
    } else {
        for (const auto &c : a.cores)
            a.memories.push_back(privateMemory(c.name + ".sram", c.name, size, pick(r, 8, 64)));
        if (coin(r)) {
            a.links.push_back(link("bus", names, pick(r, 4, 32), pick(r, 0, 2), 0.1));
        } else { // a ring
            for (size_t i = 0; i < names.size(); ++i)
                if (names.size() > 1 && (i + 1 < names.size() || names.size() > 2))
                    a.links.push_back(link("r" + std::to_string(i), {names[i], names[(i + 1) % names.size()]},
                                           pick(r, 4, 32), pick(r, 0, 3), 0.1));
        }
    }
    if (coin(r, 0.7)) {
        std::vector<std::string> ends = shared ? std::vector<std::string>{"spm"} : names;
        ends.push_back("dram");
        a.links.push_back(link("offchip", ends, pick(r, 4, 32), pick(r, 0, 2)));
    }
    a.dram.bandwidth = pick(r, 2, 32);
    a.dram.latency = pick(r, 0, 50);
    a.dram.ports = pick(r, 1, 2);
    return a;
}

Plan randomPlan(Rng &r, const Workload &w, const Accelerator &acc)
{
    PlanOptions o;
    o.costModel = &shimCostModel;
    Plan p = layerByLayerPlan(w, acc, o);
    const int nl = static_cast<int>(w.layers.size());
    // Random capable cores.
    for (LayerId l = 0; l < nl; ++l) {
        std::vector<int> ok;
        for (int k = 0; k < static_cast<int>(acc.cores.size()); ++k)
            if (shimCostModel(acc.cores[k].kind).canRun(w.layers[l], acc.cores[k]))
                ok.push_back(k);
        p.core[l] = ok[pick(r, 0, static_cast<int>(ok.size()) - 1)];
        if (ok.size() > 1 && coin(r, 0.15)) {
            p.split.resize(nl);
            const SplitDim d = coin(r) || w.layers[l].dims.oy < 2 ? SplitDim::K : SplitDim::OY;
            const int64_t extent = d == SplitDim::K ? w.layers[l].dims.k : w.layers[l].dims.oy;
            if (extent >= 2)
                p.split[l] = {d, {ok[0], ok[1]}};
        }
    }
    // Random cuts of the topological order; fall back to singletons where a group is invalid.
    const auto order = w.topologicalOrder();
    Plan cut = p;
    cut.groups.clear();
    FusedGroup g;
    for (LayerId l : order) {
        if (!g.layers.empty() && coin(r, 0.35)) {
            cut.groups.push_back(g);
            g = {};
        }
        g.layers.push_back(l);
    }
    cut.groups.push_back(g);
    for (auto &grp : cut.groups) {
        grp.tileRows = pick(r, 0, 4);
        grp.tileCols = coin(r, 0.2) ? pick(r, 1, 4) : 0;
        grp.overlap = coin(r) ? OverlapMode::Cache : OverlapMode::Recompute;
        grp.weights = coin(r, 0.8) ? WeightPolicy::Resident : WeightPolicy::Reload;
    }
    if (validatePlan(cut, w, acc, &shimCostModel).empty())
        p = cut;
    // A random pin where it fits.
    if (coin(r, 0.3)) {
        const TensorId t = w.layers[pick(r, 0, nl - 1)].output;
        const int m = pick(r, 0, static_cast<int>(acc.memories.size()) - 1);
        if (w.tensors[t].bytes() <= acc.memories[m].sizeBytes)
            p.pins.push_back({t, m});
    }
    return p;
}
} // namespace

class TestScheduleProperty : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corruptedPlansAreRefusedNotCrashed()
    {
        // Plans broken at random (groups swapped, a layer dropped or doubled, a core or a pin
        // out of range, tiles negative): schedule() either refuses them with
        // std::invalid_argument / ScheduleError or produces a schedule that validates.
        int refused = 0;
        for (unsigned seed = 1; seed <= 1500; ++seed) {
            Rng r(seed * 7919u);
            const Workload w = randomDag(r);
            const Accelerator acc = randomAccelerator(r);
            Plan p = randomPlan(r, w, acc);
            switch (pick(r, 0, 5)) {
            case 0:
                if (p.groups.size() > 1)
                    std::swap(p.groups.front(), p.groups.back());
                break;
            case 1:
                p.groups.front().layers.pop_back();
                break;
            case 2:
                p.groups.back().layers.push_back(p.groups.front().layers.front());
                break;
            case 3:
                p.core[pick(r, 0, static_cast<int>(p.core.size()) - 1)] = pick(r, -2, 9);
                break;
            case 4:
                p.pins.push_back({w.layers.front().output, pick(r, -2, 9)});
                break;
            default:
                p.groups.front().tileRows = -pick(r, 1, 3);
                break;
            }
            ScheduleOptions o;
            o.costModel = &shimCostModel;
            try {
                const Schedule s = schedule(w, acc, p, o);
                const std::string v = validateSchedule(s, acc);
                QVERIFY2(v.empty(), ("seed " + std::to_string(seed) + ": " + v).c_str());
            } catch (const std::invalid_argument &) {
                ++refused;
            } catch (const ScheduleError &) {
                ++refused;
            }
        }
        QVERIFY(refused > 300);
    }

    /// A ScheduleCache (kept costs, routes and working buffers) changes nothing: several random
    /// plans on one random workload and accelerator, through one cache in turn, give exactly
    /// the schedules made without it — including runs that spill, fail or follow a failure.
    void randomPlansSameWithCache()
    {
        int compared = 0, spilled = 0, failed = 0;
        for (unsigned seed = 1; seed <= 1000; ++seed) {
            Rng r(seed);
            const Workload w = randomDag(r);
            const Accelerator acc = randomAccelerator(r);
            ScheduleCache cache(w, acc, &shimCostModel);
            for (int k = 0; k < 4; ++k) {
                const Plan p = randomPlan(r, w, acc);
                ScheduleOptions o;
                o.costModel = &shimCostModel;
                o.recordEvents = k % 2 == 0;
                ScheduleOptions oc = o;
                oc.cache = &cache;
                Schedule plain, cached;
                std::string plainError, cachedError;
                try {
                    plain = schedule(w, acc, p, o);
                } catch (const ScheduleError &e) {
                    plainError = e.what();
                }
                try {
                    cached = schedule(w, acc, p, oc);
                } catch (const ScheduleError &e) {
                    cachedError = e.what();
                }
                const std::string where = "seed " + std::to_string(seed) + " plan " + std::to_string(k);
                QVERIFY2(plainError == cachedError, (where + ": '" + plainError + "' vs '" + cachedError + "'").c_str());
                if (!plainError.empty()) {
                    ++failed;
                    continue;
                }
                QVERIFY2(plain.totals.latencyCycles == cached.totals.latencyCycles, where.c_str());
                QVERIFY2(plain.totals.energyPj == cached.totals.energyPj, where.c_str());
                QVERIFY2(plain.totals.dramReadBytes == cached.totals.dramReadBytes, where.c_str());
                QVERIFY2(plain.totals.spillBytes == cached.totals.spillBytes, where.c_str());
                QVERIFY2(plain.totals.peakMemoryBytes == cached.totals.peakMemoryBytes, where.c_str());
                QVERIFY2(plain.slices == cached.slices, where.c_str());
                QVERIFY2(plain.events.size() == cached.events.size(), where.c_str());
                for (size_t i = 0; i < plain.events.size(); ++i)
                    QVERIFY2(plain.events[i].start == cached.events[i].start &&
                                 plain.events[i].end == cached.events[i].end,
                             where.c_str());
                ++compared;
                spilled += plain.totals.spillEvents > 0;
            }
        }
        qInfo("compared %d, with spills %d, failed alike %d", compared, spilled, failed);
        QVERIFY(compared > 2500 && spilled > 10 && failed > 100); // the paths that matter were taken
    }

    void randomPlansValidate()
    {
        int scheduled = 0, infeasible = 0, spilled = 0, multiTile = 0;
        for (unsigned seed = 1; seed <= 4000; ++seed) {
            Rng r(seed);
            const Workload w = randomDag(r);
            if (const auto we = w.validate(); !we.empty())
                QFAIL(("seed " + std::to_string(seed) + ": " + we.front()).c_str());
            const Accelerator acc = randomAccelerator(r);
            const Plan p = randomPlan(r, w, acc);
            const auto errors = validatePlan(p, w, acc, &shimCostModel);
            if (!errors.empty())
                QFAIL(("seed " + std::to_string(seed) + ": " + errors.front()).c_str());
            ScheduleOptions o;
            o.costModel = &shimCostModel;
            o.doubleBuffering = coin(r, 0.8);
            Schedule s;
            try {
                s = schedule(w, acc, p, o);
            } catch (const ScheduleError &e) {
                const std::string m = e.what();
                QVERIFY2(m.find("layer '") != std::string::npos || m.find("route") != std::string::npos,
                         ("seed " + std::to_string(seed) + ": unclear error: " + m).c_str());
                ++infeasible;
                continue;
            }
            ++scheduled;
            const std::string v = validateSchedule(s, acc);
            QVERIFY2(v.empty(), ("seed " + std::to_string(seed) + ": " + v).c_str());
            // Every network output is written to DRAM completely.
            int64_t outBytes = 0;
            for (TensorId t : w.graphOutputs())
                outBytes += w.tensors[t].bytes();
            if (s.totals.dramWriteBytes < outBytes) {
                std::string d;
                for (const auto &l : w.layers)
                    d += l.name + "(" + std::string(toString(l.op)) + " oy" + std::to_string(l.dims.oy) +
                         " k" + std::to_string(l.dims.k) + ") ";
                for (const auto &g : p.groups) {
                    d += "| group";
                    for (LayerId l : g.layers)
                        d += " " + w.layers[l].name;
                    d += " rows " + std::to_string(g.tileRows) + " cols " + std::to_string(g.tileCols) + " " +
                         std::string(toString(g.overlap));
                }
                for (const auto &pin : p.pins)
                    d += " | pin " + w.tensors[pin.tensor].name;
                for (size_t l = 0; l < p.split.size(); ++l)
                    if (p.split[l].active())
                        d += " | split " + w.layers[l].name + " " + std::string(toString(p.split[l].dim));
                QFAIL(("seed " + std::to_string(seed) + ": network outputs " + std::to_string(outBytes) +
                       " B but DRAM writes " + std::to_string(s.totals.dramWriteBytes) + " B: " + d)
                          .c_str());
            }
            // Cache mode never recomputes; recompute never computes less than the network.
            bool anyRecompute = false;
            for (const auto &g : p.groups)
                anyRecompute = anyRecompute ||
                               (g.overlap == OverlapMode::Recompute && (g.tileRows > 0 || g.tileCols > 0));
            QVERIFY(s.totals.extraRecomputeMacs >= 0);
            if (!anyRecompute)
                QCOMPARE(s.totals.extraRecomputeMacs, int64_t(0));
            int64_t lastEnd = 0;
            for (const auto &c : s.cns)
                lastEnd = std::max(lastEnd, c.end);
            QVERIFY(s.totals.latencyCycles >= lastEnd);
            spilled += s.totals.spillEvents > 0;
            for (const auto &g : p.groups)
                multiTile += g.tileRows > 0 && g.layers.size() > 1;
            if (seed % 10 == 0) { // summary-only mode agrees
                o.recordEvents = false;
                const Schedule lean = schedule(w, acc, p, o);
                QCOMPARE(lean.totals.latencyCycles, s.totals.latencyCycles);
                QCOMPARE(lean.totals.dramReadBytes, s.totals.dramReadBytes);
            }
        }
        qInfo("scheduled %d, infeasible %d, with spills %d, tiled fused groups %d", scheduled, infeasible,
              spilled, multiTile);
        // The generator must exercise the interesting paths, not only trivial plans.
        QVERIFY(scheduled > 3000);
        QVERIFY(spilled > 10);
        QVERIFY(multiTile > 500);
    }
};

QTEST_GUILESS_MAIN(TestScheduleProperty)
#include "tst_schedule_property.moc"
