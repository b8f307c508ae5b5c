// SPDX-License-Identifier: GPL-3.0-or-later
// ScheduleOptions::cancel: a set flag stops schedule() with ScheduleCancelled, before it places
// anything when set beforehand and within its placement loop when set by another thread
// while it runs; an unset flag changes nothing.
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/stream_mapping.h"
#include "project/run.h"
#include "schedule/schedule.h"
#include "workload/zoo.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace fuselab;

namespace {
struct Case {
    Workload w;
    Accelerator acc;
    Plan plan;
};

Case resnet50Fused()
{
    Case c;
    c.w = *zooModel("resnet50");
    c.acc = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
    c.plan = fusedPlan(c.w, c.acc);
    return c;
}

// The benchmark's ≥ 20k-CN case (BENCHMARKS.md, bench_schedule): every conv split on K in 16
// parts over the four cores, one-row tiles: ~25k CNs, tens of ms.
Case resnet50Split16()
{
    Case c = resnet50Fused();
    MappingConstraints m;
    m.layers.resize(c.w.layers.size());
    std::vector<int> cores;
    for (int i = 0; i < 4; ++i)
        for (int core = 0; core < 4; ++core)
            cores.push_back(core);
    for (size_t l = 0; l < c.w.layers.size(); ++l)
        if (c.w.layers[l].op == OpType::Conv && c.w.layers[l].dims.k >= static_cast<int64_t>(cores.size()))
            m.layers[l] = {cores, SplitDim::K, -1, false};
    PlanOptions o;
    o.mapping = &m;
    c.plan = fusedPlan(c.w, c.acc, o);
    for (auto &g : c.plan.groups)
        if (c.w.layers[g.layers.back()].dims.oy > 1)
            g.tileRows = 1;
    return c;
}
} // namespace

class TestScheduleCancel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unsetFlagChangesNothing()
    {
        const Case c = resnet50Fused();
        std::atomic<bool> stop{false};
        ScheduleOptions o;
        o.cancel = &stop;
        const Schedule with = schedule(c.w, c.acc, c.plan, o);
        const Schedule without = schedule(c.w, c.acc, c.plan);
        QVERIFY(with == without);
    }

    void setFlagStopsBeforePlacing()
    {
        const Case c = resnet50Fused();
        std::atomic<bool> stop{true};
        ScheduleOptions o;
        o.cancel = &stop;
        QVERIFY_THROWS_EXCEPTION(ScheduleCancelled, schedule(c.w, c.acc, c.plan, o));
        // The same through a run request, as the GUI's plain runs use it.
        RunRequest r;
        r.cancel = &stop;
        QVERIFY_THROWS_EXCEPTION(ScheduleCancelled, computeRun(c.w, c.acc, r));
    }

    void flagSetWhileRunningStopsIt()
    {
        // ~25k CNs: tens of ms. The flag is set 2 ms in; the uncancelled run is timed first
        // (twice: the second, warm, counts) so the check is skipped on a machine fast enough
        // to finish before the flag is set.
        const Case c = resnet50Split16();
        (void)schedule(c.w, c.acc, c.plan);
        QElapsedTimer t;
        t.start();
        (void)schedule(c.w, c.acc, c.plan);
        const qint64 fullMs = t.elapsed();
        if (fullMs < 15)
            QSKIP("the schedule finishes too fast to be cancelled mid-way");
        std::atomic<bool> stop{false};
        ScheduleOptions o;
        o.cancel = &stop;
        std::thread setter([&stop] {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            stop = true;
        });
        t.restart();
        bool cancelled = false;
        try {
            (void)schedule(c.w, c.acc, c.plan, o);
        } catch (const ScheduleCancelled &e) {
            cancelled = QString::fromUtf8(e.what()).contains(QStringLiteral("cancelled"));
        }
        const qint64 cancelledMs = t.elapsed();
        setter.join();
        qInfo("full run %lld ms, cancelled after %lld ms", fullMs, cancelledMs);
        QVERIFY(cancelled);
    }
};

QTEST_GUILESS_MAIN(TestScheduleCancel)
#include "tst_schedule_cancel.moc"
