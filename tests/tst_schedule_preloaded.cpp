// SPDX-License-Identifier: GPL-3.0-or-later
// ScheduleOptions::weightsPreloaded (weight stationary across inferences, the aimc-tiles study):
// no weight byte moves and no crossbar is programmed during the schedule; without it every
// weight is read once; weights that do not all fit their memory are refused with the reason.
#include "cost/aimc_cost.h"
#include "hardware/presets.h"
#include "plan/plan_generators.h"
#include "schedule/validator.h"
#include "search/study_helpers.h"
#include "workload/zoo.h"

#include <QTest>

using namespace fuselab;

namespace {
// The MLP (784-256-256-10) layer by layer, each layer on its own AIMC tile.
Plan onOwnTiles(const Workload &w, const Accelerator &acc)
{
    Plan p = layerByLayerPlan(w, acc);
    for (size_t l = 0; l < w.layers.size(); ++l)
        p.core[l] = static_cast<int>(l);
    return p;
}
} // namespace

class TestSchedulePreloaded : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stationaryWeightsMoveNoByte()
    {
        const Workload w = *zooModel("mlp");
        const Accelerator acc = study::aimcTileAccelerator(3);
        const Plan p = onOwnTiles(w, acc);
        ScheduleOptions stationary;
        stationary.weightsPreloaded = true;
        const Schedule s = schedule(w, acc, p, stationary);
        const Schedule r = schedule(w, acc, p);
        QVERIFY(validateSchedule(s, acc).empty());
        QVERIFY(validateSchedule(r, acc).empty());
        // Activations only: the 784-byte input and the two 256-byte hidden vectors read back
        // (8-bit), 256 + 256 + 10 bytes written.
        QCOMPARE(s.totals.dramReadBytes, int64_t(784 + 256 + 256));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(256 + 256 + 10));
        // Reloaded: every weight once more, 784·256 + 256·256 + 256·10 = 268800 bytes.
        QCOMPARE(r.totals.dramReadBytes, int64_t(784 + 256 + 256 + 268800));
        // Programming: fc1 has ceil(784/256) = 4 blocks, fc2 and fc3 one each: 6 blocks of 256
        // rows at 50000 pJ per row when reloaded; none when stationary.
        QCOMPARE(r.totals.energy.mac - s.totals.energy.mac, 6 * 256 * 50000.0);
        // ... and 256 rows · 1000 cycles of programming on each of the three layers' critical path.
        QVERIFY(r.totals.latencyCycles - s.totals.latencyCycles >= 3 * 256 * 1000);
    }

    void weightsThatDoNotFitAreRefused()
    {
        const Workload w = *zooModel("mlp");
        Accelerator acc = singleSystolicAccelerator(16, 16, Dataflow::WS);
        acc.memories.front().sizeBytes = 16 << 10; // 268800 bytes of weights cannot all stay
        ScheduleOptions o;
        o.weightsPreloaded = true;
        try {
            schedule(w, acc, layerByLayerPlan(w, acc), o);
            QFAIL("268800 bytes of weights cannot be stationary in 16 KiB");
        } catch (const ScheduleError &e) {
            QVERIFY2(std::string(e.what()).find("weight stationary") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSchedulePreloaded)
#include "tst_schedule_preloaded.moc"
