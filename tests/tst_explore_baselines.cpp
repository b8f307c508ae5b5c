// SPDX-License-Identifier: GPL-3.0-or-later
// Regression (issue 4: "baselines always computed"): the explorer used to return no `lbl` for
// ResNet-18 / MobileNetV1 on the TPU example and no `pin_only` for MobileNet on small
// scratchpads. Two root causes, each checked here on its own:
//  - the plan generators checked a tile's inputs + outputs + weights against the input memory
//    only, so an output tile overflowed the TPU's 64 KiB accumulator (outputs only);
//  - the scheduler's fit check counted a load node's rows twice (as its DRAM input and as
//    its on-chip output), rejecting row tiles that fit (pin_only is built from lbl).
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "schedule/cn.h"
#include "schedule/cn_budget.h"
#include "search/explorer.h"
#include "search/search_control.h"
#include "workload/zoo.h"

#include <QElapsedTimer>
#include <QTest>

using namespace fuselab;

namespace {
Accelerator tpu()
{
    return loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/tpu_single_core.yaml");
}

Accelerator systolic32(int64_t scratchpad)
{
    Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS);
    for (auto &m : acc.memories)
        m.sizeBytes = scratchpad;
    return acc;
}
} // namespace

class TestExploreBaselines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Both generated plans schedule (the scheduler throws when a CN cannot fit its memories).
    void generatedPlansSchedule_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<int>("scratchpadKiB"); // 0: the TPU example
        QTest::newRow("resnet18 tpu") << QStringLiteral("resnet18") << 0;
        QTest::newRow("mobilenetv1 tpu") << QStringLiteral("mobilenetv1") << 0;
        QTest::newRow("vgg16 tpu") << QStringLiteral("vgg16") << 0;
        QTest::newRow("mobilenetv2 128KiB") << QStringLiteral("mobilenetv2") << 128;
        QTest::newRow("mobilenetv2 512KiB") << QStringLiteral("mobilenetv2") << 512;
        QTest::newRow("mobilenetv1 128KiB") << QStringLiteral("mobilenetv1") << 128;
        QTest::newRow("mobilenetv1 512KiB") << QStringLiteral("mobilenetv1") << 512;
    }
    void generatedPlansSchedule()
    {
        QFETCH(QString, workload);
        QFETCH(int, scratchpadKiB);
        const Workload w = *zooModel(workload.toStdString());
        const Accelerator acc = scratchpadKiB ? systolic32(int64_t(scratchpadKiB) << 10) : tpu();
        for (const Plan &p : {layerByLayerPlan(w, acc), fusedPlan(w, acc)}) {
            try {
                const Schedule s = schedule(w, acc, p);
                QVERIFY(s.totals.latencyCycles > 0);
            } catch (const ScheduleError &e) {
                QFAIL(qPrintable(QString::fromStdString(p.name + ": " + e.what())));
            }
        }
    }

    // The TPU keeps outputs in a 64 KiB accumulator: no layer-by-layer tile may produce more.
    void outputTilesFitTheAccumulator()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = tpu();
        const int acc64 = acc.memoryIndex("tpu.acc");
        QCOMPARE(acc.memories[acc64].sizeBytes, int64_t(64) << 10);
        const CnGraph g = buildComputationNodes(w, acc, layerByLayerPlan(w, acc));
        for (const auto &n : g.nodes)
            if (!n.load)
                QVERIFY2(n.outputBytes <= acc.memories[acc64].sizeBytes, w.layers[n.layer].name.c_str());
    }

    // A load node's rows are one slice: 112×112×96 B (features.2.dw's input) in four-row tiles
    // needs 9 input rows = 96768 B at most per tile, which fits 128 KiB; counted twice
    // (2 × 75264 B for the first tile's 7 rows) it did not.
    void loadNodeBytesCountOnce()
    {
        const Workload w = *zooModel("mobilenetv2");
        const Accelerator acc = systolic32(128 << 10);
        Plan p = layerByLayerPlan(w, acc);
        bool tiled = false;
        for (const auto &g : p.groups)
            tiled = tiled || (w.layers[g.layers.front()].name == "features.2.dw" && g.tileRows > 0);
        QVERIFY(tiled);
        QVERIFY(schedule(w, acc, p).totals.latencyCycles > 0);
    }

    // Every baseline is present, or named with a reason.
    void everyBaselineComputed_data() { generatedPlansSchedule_data(); }
    void everyBaselineComputed()
    {
        QFETCH(QString, workload);
        QFETCH(int, scratchpadKiB);
        if (workload == QLatin1String("vgg16"))
            QSKIP("vgg16 is covered by generatedPlansSchedule (its search is slower)");
        const Workload w = *zooModel(workload.toStdString());
        const Accelerator acc = scratchpadKiB ? systolic32(int64_t(scratchpadKiB) << 10) : tpu();
        ExploreOptions o;
        o.objective = Objective::Dram;
        o.threads = 2;
        o.tileRowChoices = {4};
        o.maxGroupUnits = 4;
        const ExploreResult r = explore(w, acc, o);
        QStringList names;
        for (const auto &[name, b] : r.baselines)
            names << QString::fromStdString(name);
        for (const auto &[name, why] : r.missingBaselines)
            qWarning("%s: %s", name.c_str(), why.c_str());
        QVERIFY(r.missingBaselines.empty());
        for (const char *name : {"lbl", "fused", "fuse_only", "pin_only", "access_based"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
    }

    // Without any feasible plan the explorer throws, naming the workload, rather than
    // returning an empty result.
    void nothingFitsThrowsNamingTheWorkload()
    {
        const Workload w = *zooModel("lenet5");
        Accelerator acc = systolic32(64); // 64 bytes: not even one row of conv1
        ExploreOptions o;
        o.threads = 1;
        try {
            explore(w, acc, o);
            QFAIL("a 64-byte scratchpad cannot run LeNet-5");
        } catch (const ScheduleError &e) {
            QVERIFY2(std::string(e.what()).find("lenet5") != std::string::npos, e.what());
        }
    }

    // Issue 13: with several cores and nothing schedulable, the explorer dereferenced the best
    // of an empty candidate list in the allocation search (SIGSEGV). It must throw instead,
    // naming the workload and the scheduler's reason (the sizes that do not fit).
    void nothingFitsOnSeveralCoresThrowsWithTheReason()
    {
        const Workload w = *zooModel("lenet5");
        Accelerator acc = loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        for (auto &m : acc.memories)
            m.sizeBytes = 64; // not one row of conv1's 28-column, 6-channel output with its input
        QVERIFY(acc.cores.size() >= 2);
        ExploreOptions o;
        o.threads = 2;
        o.generations = 3;
        o.population = 4;
        try {
            explore(w, acc, o);
            QFAIL("64-byte memories cannot run LeNet-5");
        } catch (const ScheduleError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("lenet5") != std::string::npos, e.what());
            QVERIFY2(what.find("lbl:") != std::string::npos, e.what());
            QVERIFY2(what.find("capacity 64 bytes") != std::string::npos, e.what());
        }
    }

    // Issue 14: explore on the Llama-2-7B prefill searched for over ten minutes, then found that
    // both baselines exceed the CN cap. Now every baseline above ExploreOptions::maxCns is
    // refused before anything is scheduled: all of them -> ScheduleError naming the limit, each
    // estimate and --max-cns, with no evaluation made.
    void cnCapAboveEveryBaselineRefusesAtOnce()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc =
            loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        const int64_t lblCns = estimateCnCount(w, layerByLayerPlan(w, acc)).total;
        ExploreOptions o;
        o.threads = 2;
        o.maxCns = 10; // ResNet-18 has 60+ layers: every plan has more CNs than that
        SearchControl control;
        try {
            explore(w, acc, o, &control);
            QFAIL("no plan of ResNet-18 has at most 10 CNs");
        } catch (const ScheduleError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("limit of 10 ") != std::string::npos, e.what());
            QVERIFY2(what.find("--max-cns") != std::string::npos, e.what());
            QVERIFY2(what.find("lbl up to " + std::to_string(lblCns)) != std::string::npos, e.what());
            QVERIFY2(what.find("fused up to ") != std::string::npos, e.what());
        }
        QCOMPARE(control.evaluations(), int64_t(0));
    }

    // One baseline above the cap: it is missing with the scheduler's reason, the search goes
    // on from the other, and nothing it returns is above the cap.
    void cnCapAboveOneBaselineLeavesItMissing()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc =
            loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        const int64_t lbl = estimateCnCount(w, layerByLayerPlan(w, acc)).total;
        const int64_t fused = estimateCnCount(w, fusedPlan(w, acc)).total;
        if (lbl == fused)
            QSKIP("both baselines have the same estimate here");
        ExploreOptions o;
        o.threads = 2;
        o.generations = 2;
        o.population = 4;
        o.tileRowChoices = {4};
        o.maxGroupUnits = 2;
        o.maxCns = std::min(lbl, fused); // the larger baseline is above it
        const std::string over = lbl > fused ? "lbl" : "fused";
        const ExploreResult r = explore(w, acc, o);
        bool named = false;
        for (const auto &[name, why] : r.missingBaselines)
            if (name == over) {
                named = true;
                QVERIFY2(why.find("computation nodes, more than the limit of " + std::to_string(o.maxCns)) !=
                             std::string::npos,
                         why.c_str());
            }
        QVERIFY2(named, over.c_str());
        QVERIFY(r.best.totals.cnCount <= o.maxCns);
        QVERIFY(r.bestSchedule.totals.cnCount <= o.maxCns);
        for (const auto &[name, b] : r.baselines)
            QVERIFY2(b.totals.cnCount <= o.maxCns, name.c_str());
    }

    // Issue 13: --time-limit is honoured within 10 % — the search stops, then only validates
    // what it found, in a bounded time.
    void timeLimitHonouredWithinTenPercent()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc =
            loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        ExploreOptions o;
        o.threads = 2;
        o.generations = 1000000; // far more than fits in the limit
        o.population = 16;
        const double limit = 3.0;
        SearchControl control;
        control.setTimeLimit(limit);
        QElapsedTimer t;
        t.start();
        const ExploreResult r = explore(w, acc, o, &control);
        const double wall = static_cast<double>(t.elapsed()) / 1000.0;
        QVERIFY(r.stats.stopped);
        QVERIFY2(wall <= 1.1 * limit, qPrintable(QStringLiteral("%1 s for a %2 s limit").arg(wall).arg(limit)));
        QVERIFY(r.best.totals.latencyCycles > 0);
    }
};

QTEST_GUILESS_MAIN(TestExploreBaselines)
#include "tst_explore_baselines.moc"
