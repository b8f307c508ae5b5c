// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile sizes (issue 7 §4): a plan of a million CNs is refused up front — by the scheduler
// (ScheduleError) and by the plan loader (InputError naming the file and group) — with the
// plan, the layer, the estimate and the limit in the message, before anything is allocated;
// a workload of 10,000 layers and an accelerator of 256 cores are accepted and schedule.
// Peak memory of each is measured by tests/bench/bench_hostile_sizes.cpp (BENCHMARKS.md).
#include "support/hostile_sizes.h"

#include "plan/plan_generators.h"
#include "plan/plan_yaml.h"
#include "schedule/cn_budget.h"
#include "schedule/schedule.h"
#include "search/explorer.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
long peakRssKiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}
} // namespace

class TestHostileSizes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void millionCnPlanIsRefusedUpFront()
    {
        // A 1000 × 1000 output in 1 × 1 tiles: 10^6 tiles, each one compute CN plus at most one
        // load node of its input (the conv has one input) → the estimate is 2 × 10^6.
        const Workload w = wideLayer(1000, 1000);
        QVERIFY(w.validate().empty());
        const Accelerator acc = singleCore(16, 16, 1 << 20);
        const Plan p = tiledPlan(w, 1, 1, 1);
        const CnEstimate e = estimateCnCount(w, p);
        QCOMPARE(e.tiles, int64_t{1000000});
        QCOMPARE(e.total, int64_t{2000000});
        QCOMPARE(e.layer, 0);
        const long rssBefore = peakRssKiB();
        QElapsedTimer t;
        t.start();
        try {
            schedule(w, acc, p);
            QFAIL("a plan of a million CNs was scheduled");
        } catch (const ScheduleError &err) {
            const QString msg = QString::fromUtf8(err.what());
            for (const char *part : {"plan 'tiled'", "2000000 computation nodes", "limit of 250000",
                                     "layer 'wide'", "1000000 tiles"})
                QVERIFY2(msg.contains(QLatin1String(part)), qPrintable(msg));
        }
        QVERIFY(t.elapsed() < 2000);                   // refused, not attempted
        QVERIFY(peakRssKiB() - rssBefore < 50 * 1024); // nothing big was allocated

        // The same plan from a file: an InputError naming the file and the group.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("million.yaml"));
        savePlan(p, w, acc, path.toStdString());
        try {
            loadPlan(path.toStdString(), w, acc);
            QFAIL("a plan file of a million CNs was accepted");
        } catch (const InputError &err) {
            QCOMPARE(QString::fromStdString(err.file()), path);
            QCOMPARE(err.field(), std::string("groups[0]"));
            QVERIFY2(QString::fromStdString(err.reason()).contains(QStringLiteral("limit of 250000")),
                     err.what());
        }
    }

    void limitIsConfigurable()
    {
        // 300 × 100 one-by-one tiles: 30,000 compute CNs. Refused under a cap of 10,000, scheduled
        // under the default; the estimate (≤ 60,000) bounds the CNs actually built.
        const Workload w = wideLayer(300, 100);
        const Accelerator acc = singleCore(16, 16, 1 << 20);
        const Plan p = tiledPlan(w, 1, 1, 1);
        ScheduleOptions tight;
        tight.maxCns = 10000;
        tight.recordEvents = false;
        QVERIFY_THROWS_EXCEPTION(ScheduleError, schedule(w, acc, p, tight));
        ScheduleOptions lean;
        lean.recordEvents = false;
        const Schedule s = schedule(w, acc, p, lean);
        QVERIFY(s.totals.cnCount >= 30000);
        QVERIFY(s.totals.cnCount <= estimateCnCount(w, p).total);
    }

    void estimateCannotOverflow()
    {
        // Dimensions at the 2^31 - 1 limit in 1 × 1 tiles: (2^31 - 1)^2 tiles × 2 CNs per tile
        // = 2^63 - 2^33 + 2, just below 2^63; a second such layer makes the sum overflow 64
        // bits, and the estimate saturates instead of wrapping to a small (accepted) number.
        Workload w = wideLayer(8, 8);
        w.layers[0].dims.oy = w.layers[0].dims.ox = kMaxDimension;
        const Plan one = tiledPlan(w, 1, 1, 1);
        QCOMPARE(estimateCnCount(w, one).total, std::numeric_limits<int64_t>::max() - (int64_t{1} << 33) + 3);
        Layer second = w.layers[0];
        second.name = "wide2";
        w.layers.push_back(second);
        const Plan two = tiledPlan(w, 1, 1, 1);
        QCOMPARE(estimateCnCount(w, two).total, std::numeric_limits<int64_t>::max());
        const QString msg = QString::fromStdString(cnBudgetProblem(w, two));
        QVERIFY2(msg.contains(QStringLiteral("more than 9.2e18")), qPrintable(msg));
    }

    void tenThousandLayersSchedule()
    {
        const Workload w = longChain(10000);
        QVERIFY(w.validate().empty());
        const Accelerator acc = singleCore(16, 16, 1 << 20);
        const Plan p = layerByLayerPlan(w, acc);
        QVERIFY(cnBudgetProblem(w, p).empty());
        ScheduleOptions lean;
        lean.recordEvents = false;
        const Schedule s = schedule(w, acc, p, lean);
        // One tile per layer: 10,000 compute CNs (plus the loads of each group's input).
        QVERIFY(s.totals.cnCount >= 10000);
        QVERIFY(s.totals.latencyCycles > 0);
        // Every layer: 8×8×8 outputs × 8 channels × 9 taps = 36,864 MACs.
        QCOMPARE(s.totals.macs, int64_t{10000} * 36864);
    }

    void searchRefusesHugeWorkloads()
    {
        // One layer over the search's cap: refused before any evaluation, naming the workload.
        const Workload w = longChain(kMaxExploreLayers + 1);
        const Accelerator acc = singleCore(16, 16, 1 << 20);
        QElapsedTimer t;
        t.start();
        try {
            explore(w, acc, ExploreOptions{});
            QFAIL("the search took a workload over its layer cap");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), "workload '" + w.name + "'");
            QCOMPARE(e.field(), std::string("layers"));
            QVERIFY2(QString::fromStdString(e.reason()).contains(QStringLiteral("20001 layers")), e.what());
            QVERIFY2(QString::fromStdString(e.reason()).contains(QStringLiteral("at most 20000")), e.what());
        }
        QVERIFY(t.elapsed() < 5000);
    }

    void twoHundredFiftySixCoresSchedule()
    {
        const Accelerator acc = meshAccelerator(16);
        QCOMPARE(acc.cores.size(), size_t(256));
        const auto problems = acc.validate();
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        // 512 layers round robin over the 256 cores: every core computes, neighbours hand over.
        const Workload w = longChain(512);
        ScheduleOptions lean;
        lean.recordEvents = false;
        const Schedule s = schedule(w, acc, tiledPlan(w, 256, 4, 0), lean);
        QCOMPARE(s.totals.macs, int64_t{512} * 36864);
        QCOMPARE(s.totals.coreUtilization.size(), size_t(256));
        int busy = 0;
        for (double u : s.totals.coreUtilization)
            busy += u > 0 ? 1 : 0;
        QCOMPARE(busy, 256);
    }
};

QTEST_GUILESS_MAIN(TestHostileSizes)
#include "tst_hostile_sizes.moc"
