// SPDX-License-Identifier: GPL-3.0-or-later
// Run charts: the Pareto front as a pure function (worked out by hand), the scatter's click
// naming the run under the cursor, and the energy breakdown's stacked categories.
#include "charts/run_charts.h"
#include "qcp_include.h"

#include <QSignalSpy>
#include <QTest>

using namespace fuselab;

namespace {
Run run(const std::string &name, int64_t cycles, double pj)
{
    Run r;
    r.name = name;
    r.schedule.totals.latencyCycles = cycles;
    r.schedule.totals.energyPj = pj;
    r.schedule.totals.energy.mac = pj / 4;
    r.schedule.totals.energy.memory = {{"sram", pj / 4}};
    r.schedule.totals.energy.dram = pj / 2;
    r.schedule.totals.latencySeconds = static_cast<double>(cycles) * 1e-9;
    return r;
}
} // namespace

class TestRunCharts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paretoFrontByHand()
    {
        // (1,5) (2,3) (3,4) (4,1) (2,3): (3,4) is dominated by (2,3); the duplicate (2,3)
        // points do not dominate each other; the front sorted by x: (1,5) (2,3) (2,3) (4,1).
        const std::vector<std::pair<double, double>> pts = {{1, 5}, {2, 3}, {3, 4}, {4, 1}, {2, 3}};
        QCOMPARE(paretoFront(pts), (std::vector<size_t>{0, 1, 4, 3}));
        QCOMPARE(paretoFront({}), std::vector<size_t>{});
    }

    void clickingAPointNamesItsRun()
    {
        ParetoChart chart;
        chart.resize(800, 600);
        chart.show();
        // Given out of latency order: the click must still name the right run.
        chart.setRuns({run("slow", 3000, 1e6), run("fast", 1000, 3e6), run("mid", 2000, 2e6)});
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCustomPlot *plot = chart.plot();
        plot->replot();
        QSignalSpy clicked(&chart, &ParetoChart::runClicked);
        const QPoint at(static_cast<int>(plot->xAxis->coordToPixel(2000)),
                        static_cast<int>(plot->yAxis->coordToPixel(2e6)));
        QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("mid"));
    }

    void breakdownStacksEveryTerm()
    {
        EnergyBreakdownChart chart;
        chart.resize(800, 600);
        chart.setRuns({run("a", 1000, 4e6), run("b", 2000, 8e6)});
        QCOMPARE(chart.categories(), (QStringList{QStringLiteral("MAC"), QStringLiteral("sram"),
                                                  QStringLiteral("Links"), QStringLiteral("DRAM")}));
        // The top of each stack is the run's total energy in µJ: 4 and 8.
        auto *dram = qobject_cast<QCPBars *>(chart.plot()->plottable(3));
        QVERIFY(dram);
        double base = 0;
        for (int i = 0; i < 3; ++i)
            base += qobject_cast<QCPBars *>(chart.plot()->plottable(i))->data()->at(1)->value;
        QCOMPARE(base + dram->data()->at(1)->value, 8.0);
    }
};

QTEST_MAIN(TestRunCharts)
#include "tst_gui_run_charts.moc"
