// SPDX-License-Identifier: GPL-3.0-or-later
// The compare view's figures (issue 15, item 3): compareRuns on two hand-made schedules of a
// two-layer workload, checked against the deltas worked out by hand below; then two real
// runs (lbl and fused) whose per-layer deltas must add up to the total deltas.
#include "project/run_comparison.h"
#include "support/hand_runs.h"
#include "support/sched_fixtures.h"

#include <QTest>

#include <cmath>

using namespace fuselab;
using namespace fuselab::testing;

namespace {

bool near(double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y)); }

void checkDelta(const MetricDelta &d, double a, double b, double pct)
{
    QVERIFY2(near(d.a, a), qPrintable(QStringLiteral("a %1, expected %2").arg(d.a).arg(a)));
    QVERIFY2(near(d.b, b), qPrintable(QStringLiteral("b %1, expected %2").arg(d.b).arg(b)));
    QVERIFY(near(d.delta(), b - a));
    QVERIFY(d.percent().has_value());
    QVERIFY2(near(*d.percent(), pct), qPrintable(QStringLiteral("%1 %, expected %2 %").arg(*d.percent()).arg(pct)));
}

} // namespace

class TestRunComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void percentOfAZeroBase()
    {
        QCOMPARE(MetricDelta({0, 0}).percent(), std::optional<double>(0.0));
        QVERIFY(!MetricDelta({0, 5}).percent().has_value());
        QVERIFY(near(*MetricDelta({4, 5}).percent(), 25.0));
        QVERIFY(near(*MetricDelta({4, 3}).percent(), -25.0));
    }

    void peakAddsTheMemoriesUp()
    {
        QCOMPARE(peakOnChipBytes(runA().schedule), int64_t(90));
        QCOMPARE(peakOnChipBytes(runB().schedule), int64_t(50));
        // Without occupancy: the largest per-memory peak.
        Schedule s;
        s.totals.peakMemoryBytes = {10, 30, 20};
        QCOMPARE(peakOnChipBytes(s), int64_t(30));
    }

    void totalsAgainstTheHandCalculation()
    {
        const RunComparison c = compareRuns(runA(), runB());
        QCOMPARE(c.nameA, std::string("a"));
        QCOMPARE(c.nameB, std::string("b"));
        checkDelta(c.totals.latencyCycles, 300, 240, -20.0);          // −60 / 300
        checkDelta(c.totals.energyPj, 188, 150, -38.0 / 188.0 * 100); // −20.21 %
        checkDelta(c.totals.edp, 56400, 36000, -20400.0 / 56400.0 * 100);
        checkDelta(c.totals.dramBytes, 96, 64, -100.0 / 3.0);
        checkDelta(c.totals.peakOnChipBytes, 90, 50, -40.0 / 90.0 * 100);
    }

    void layersAgainstTheHandCalculation()
    {
        const RunComparison c = compareRuns(runA(), runB());
        QCOMPARE(c.layers.size(), std::size_t(2));
        const LayerDelta &a = c.layers[0], &b = c.layers[1];
        QCOMPARE(a.layer, std::string("A"));
        QVERIFY(a.inA && a.inB);
        QCOMPARE(a.coreA, std::string("core0"));
        QCOMPARE(a.groupA, 0);
        QCOMPARE(b.groupB, 1);
        checkDelta(a.cycles, 100, 80, -20.0);
        checkDelta(a.energyPj, 80, 50, -37.5); // 60 + 20 → 30 + 20
        checkDelta(a.dramBytes, 64, 64, 0.0);
        checkDelta(b.cycles, 200, 160, -20.0);
        checkDelta(b.energyPj, 108, 100, -8.0 / 108.0 * 100); // 100 + 8 → 100
        checkDelta(b.dramBytes, 32, 0, -100.0);
        // MACs come from the CN timings, none recorded here.
        QCOMPARE(a.macs.a, 0.0);
    }

    void aLayerOfOneRunOnly()
    {
        const RunComparison c = compareRuns(runA(), runB(true));
        QCOMPARE(c.layers.size(), std::size_t(3));
        const LayerDelta &extra = c.layers[2];
        QCOMPARE(extra.layer, std::string("C"));
        QVERIFY(!extra.inA && extra.inB);
        QCOMPARE(extra.cycles.a, 0.0);
        QCOMPARE(extra.cycles.b, 10.0);
        QVERIFY(!extra.cycles.percent().has_value()); // no base in A
        QCOMPARE(extra.coreA, std::string());
        // Swapped: C is A's layer and B lacks it.
        const RunComparison back = compareRuns(runB(true), runA());
        QCOMPARE(back.layers.size(), std::size_t(3));
        QVERIFY(back.layers[2].inA && !back.layers[2].inB);
        checkDelta(back.layers[2].cycles, 10, 0, -100.0);
    }

    void eachRunReadsItsOwnDesign()
    {
        // B ran on an accelerator whose core is named "left": its layers are on "left", A's on
        // "core0", whatever the project holds now.
        Run b = runB();
        b.design.accelerator.cores[0].name = "left";
        const RunComparison c = compareRuns(runA(), b);
        QCOMPARE(c.layers[0].coreA, std::string("core0"));
        QCOMPARE(c.layers[0].coreB, std::string("left"));
    }

    void realRunsAddUp()
    {
        Workload w = twoLayers();
        const Accelerator acc = singleCore(8, 8, 64 * 1024, 16, 10);
        RunRequest lbl;
        lbl.name = "lbl";
        lbl.strategy = "lbl";
        RunRequest fused;
        fused.name = "fused";
        fused.strategy = "fused";
        const Run a = computeRun(w, acc, lbl), b = computeRun(w, acc, fused);
        const RunComparison c = compareRuns(a, b);
        QCOMPARE(c.layers.size(), std::size_t(2));
        double energyDelta = 0, dramDelta = 0, macs = 0;
        for (const LayerDelta &l : c.layers) {
            QVERIFY(l.inA && l.inB);
            energyDelta += l.energyPj.delta();
            dramDelta += l.dramBytes.delta();
            macs += l.macs.b;
            QCOMPARE(l.macs.a, l.macs.b); // the same layers compute the same MACs in both plans
        }
        // Every event of these schedules belongs to a layer: the layer deltas add up to the totals'.
        QVERIFY(std::abs(energyDelta - c.totals.energyPj.delta()) <= 1e-6 * std::max(1.0, c.totals.energyPj.a));
        QCOMPARE(dramDelta, c.totals.dramBytes.delta());
        QCOMPARE(macs, static_cast<double>(b.schedule.totals.macs));
        // The peak on chip is at least the largest single memory's peak.
        for (int64_t p : b.schedule.totals.peakMemoryBytes)
            QVERIFY(c.totals.peakOnChipBytes.b >= static_cast<double>(p));
    }
};

QTEST_GUILESS_MAIN(TestRunComparison)
#include "tst_run_comparison.moc"
