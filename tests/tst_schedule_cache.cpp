// SPDX-License-Identifier: GPL-3.0-or-later
// ScheduleCache (schedule/schedule_cache.h) keeps costs and routes between schedule() calls.
// The invariant: a schedule with a cache, warm or cold, is the schedule without one, field for
// field, for every plan; and a cache made for another workload is refused.
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "schedule/schedule.h"
#include "schedule/schedule_cache.h"
#include "search/schedule_cache_pool.h"
#include "workload/zoo.h"

#include <QTest>

#include <atomic>
#include <stdexcept>

using namespace fuselab;

namespace {
std::string hardware(const char *file)
{
    return std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/" + file;
}

/// The fused plan with layer i moved `shift` cores along wherever the plan stays valid: plans
/// that differ in allocation only, as the search's GA makes them.
Plan shifted(const Plan &base, const Workload &w, const Accelerator &acc, int shift)
{
    Plan p = base;
    const int nc = static_cast<int>(acc.cores.size());
    for (size_t i = 0; i < p.core.size(); ++i) {
        const int before = p.core[i];
        p.core[i] = (before + shift * static_cast<int>(i + 1)) % nc;
        if (!validatePlan(p, w, acc).empty())
            p.core[i] = before;
    }
    return p;
}

void compareTotals(const ScheduleTotals &a, const ScheduleTotals &b)
{
    QCOMPARE(a.latencyCycles, b.latencyCycles);
    QCOMPARE(a.energyPj, b.energyPj);
    QCOMPARE(a.dramReadBytes, b.dramReadBytes);
    QCOMPARE(a.dramWriteBytes, b.dramWriteBytes);
    QCOMPARE(a.linkBytes, b.linkBytes);
    QCOMPARE(a.spillBytes, b.spillBytes);
    QCOMPARE(a.macs, b.macs);
    QCOMPARE(a.cnCount, b.cnCount);
    QCOMPARE(a.coreUtilization, b.coreUtilization);
    QCOMPARE(a.peakMemoryBytes, b.peakMemoryBytes);
}
} // namespace

class TestScheduleCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cachedSchedulesEqualUncached()
    {
        const Workload w = *zooModel("resnet18");
        Accelerator acc = loadHardware(hardware("quad_core.yaml"));
        // One systolic core at half the clock: the same tile costs differently on each core.
        QVERIFY(acc.cores[1].kind == CoreKind::Systolic);
        acc.cores[1].clockMHz /= 2;
        std::vector<Plan> plans{layerByLayerPlan(w, acc), fusedPlan(w, acc)};
        for (int s = 1; s < static_cast<int>(acc.cores.size()); ++s) {
            plans.push_back(shifted(plans[1], w, acc, s));
            QVERIFY(plans.back().core != plans[1].core); // the shift did move layers
        }
        ScheduleCache cache(w, acc, nullptr);
        ScheduleOptions plain;
        plain.recordEvents = false;
        ScheduleOptions cached = plain;
        cached.cache = &cache;
        // Twice through: the first pass fills the cache plan by plan, the second finds it warm.
        for (int pass = 0; pass < 2; ++pass)
            for (const Plan &p : plans) {
                QVERIFY(validatePlan(p, w, acc).empty());
                compareTotals(schedule(w, acc, p, cached).totals, schedule(w, acc, p, plain).totals);
                if (QTest::currentTestFailed())
                    return;
            }
        // With events too, after a larger plan has left its buffers behind: the same events at
        // the same times, the same memory slices.
        ScheduleOptions events;
        events.cache = &cache;
        schedule(w, acc, plans[0], events);
        const Schedule a = schedule(w, acc, plans[3], events);
        events.cache = nullptr;
        const Schedule b = schedule(w, acc, plans[3], events);
        QCOMPARE(a.events.size(), b.events.size());
        for (size_t i = 0; i < a.events.size(); ++i) {
            QCOMPARE(a.events[i].start, b.events[i].start);
            QCOMPARE(a.events[i].end, b.events[i].end);
        }
        QVERIFY(a.slices == b.slices);
    }

    void runsThatFailLeaveTheCacheUsable()
    {
        // A run that stops half-way (cancelled after its set-up, or refused by the CN builder)
        // leaves the borrowed buffers half-filled; the next run must not see any of it.
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = loadHardware(hardware("quad_core.yaml"));
        const Plan fused = fusedPlan(w, acc), lbl = layerByLayerPlan(w, acc);
        ScheduleCache cache(w, acc, nullptr);
        ScheduleOptions o;
        o.recordEvents = false;
        o.cache = &cache;
        const ScheduleTotals expected = schedule(w, acc, lbl, ScheduleOptions{}).totals;
        schedule(w, acc, fused, o); // fills the buffers with a larger graph
        std::atomic<bool> stop{true};
        o.cancel = &stop;
        QVERIFY_THROWS_EXCEPTION(ScheduleCancelled, schedule(w, acc, lbl, o));
        o.cancel = nullptr;
        compareTotals(schedule(w, acc, lbl, o).totals, expected);
        Plan broken = lbl;
        broken.core.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule(w, acc, broken, o));
        compareTotals(schedule(w, acc, lbl, o).totals, expected);
    }

    void cacheForAnotherWorkloadIsRefused()
    {
        const Workload r18 = *zooModel("resnet18");
        const Workload r34 = *zooModel("resnet34");
        const Accelerator acc = loadHardware(hardware("quad_core.yaml"));
        ScheduleCache cache(r18, acc, nullptr);
        ScheduleOptions o;
        o.cache = &cache;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule(r34, acc, fusedPlan(r34, acc), o));
        const Accelerator copy = acc; // equal but another object: the cache can't tell, so refuses
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule(r18, copy, fusedPlan(r18, copy), o));
    }

    void poolHandsOutOneCachePerConcurrentUser()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = loadHardware(hardware("quad_core.yaml"));
        ScheduleCachePool pool(w, acc, nullptr);
        ScheduleCache *first = nullptr;
        {
            const auto a = pool.lease();
            const auto b = pool.lease();
            QVERIFY(a.get() && b.get() && a.get() != b.get()); // two at once: two caches
            first = a.get();
            QCOMPARE(pool.size(), 2);
        }
        for (int i = 0; i < 5; ++i) { // one at a time: an idle cache again, no new one
            const auto c = pool.lease();
            QVERIFY(c.get() != nullptr);
        }
        QCOMPARE(pool.size(), 2);
        const auto d = pool.lease();
        const auto e = pool.lease();
        QVERIFY((d.get() == first) != (e.get() == first)); // the first one is among them, once
        QCOMPARE(pool.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestScheduleCache)
#include "tst_schedule_cache.moc"
