// SPDX-License-Identifier: GPL-3.0-or-later
// The compare view (issue 15, item 3): the per-layer model under QAbstractItemModelTester
// and its texts for the hand-made runs of support/hand_runs.h (deltas worked out there), the
// summary's signs and percentages, the two Gantts on one time axis, and the panel's Compare
// button on two selected runs.
#include "compare/compare_summary.h"
#include "compare/layer_delta_model.h"
#include "compare/run_compare_view.h"
#include "compare/stacked_gantts.h"
#include "document/project_document.h"
#include "document/run_list_model.h"
#include "gui/schedule_panel.h"
#include "qcp_include.h"
#include "support/hand_runs.h"
#include "timeline/gantt_view.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QListView>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
const QString kMinus = QStringLiteral("\u2212");

QString cell(const LayerDeltaModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

Project tinyProject()
{
    Project p;
    p.workload = twoLayers();
    p.accelerator = singleCore(8, 8, 64 * 1024, 16, 10);
    return p;
}

Run computed(const Project &p, const std::string &name, const std::string &strategy)
{
    RunRequest r;
    r.name = name;
    r.strategy = strategy;
    return computeRun(p.workload, p.accelerator, r);
}
} // namespace

class TestRunCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelPassesTheTester()
    {
        LayerDeltaModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setComparison(compareRuns(runA(), runB()));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(LayerDeltaModel::ColumnCount));
        model.setComparison(compareRuns(runA(), runB(true))); // a layer of B only
        QCOMPARE(model.rowCount(), 3);
        model.setComparison({});
        QCOMPARE(model.rowCount(), 0);
    }

    void modelTextsAgainstTheHandCalculation()
    {
        LayerDeltaModel model;
        model.setComparison(compareRuns(runA(), runB(true)));
        // A: cycles 100 → 80 (−20, −20 %); energy 80 → 50 pJ (−30, −37.5 %); DRAM 64 → 64.
        QCOMPARE(cell(model, 0, LayerDeltaModel::Layer), QStringLiteral("A"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::Core), QStringLiteral("core0"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::CyclesA), QStringLiteral("100"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::CyclesB), QStringLiteral("80"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::CyclesDelta), kMinus + QStringLiteral("20 (") + kMinus +
                                                                   QStringLiteral("20.0 %)"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::EnergyDelta), kMinus + QStringLiteral("30.0 (") + kMinus +
                                                                   QStringLiteral("37.5 %)"));
        QCOMPARE(cell(model, 0, LayerDeltaModel::DramDelta), QStringLiteral("0 (0.0 %)"));
        // B: DRAM 32 → 0 (−100 %); energy 108 → 100 (−7.4 %).
        QCOMPARE(cell(model, 1, LayerDeltaModel::DramDelta), kMinus + QStringLiteral("32 (") + kMinus +
                                                                 QStringLiteral("100.0 %)"));
        QCOMPARE(cell(model, 1, LayerDeltaModel::EnergyDelta), kMinus + QStringLiteral("8.0 (") + kMinus +
                                                                   QStringLiteral("7.4 %)"));
        QCOMPARE(cell(model, 1, LayerDeltaModel::Group), QStringLiteral("1"));
        // C, only in B: no value in A, a new cost of 10 cycles.
        QCOMPARE(cell(model, 2, LayerDeltaModel::CyclesA), QStringLiteral("—"));
        QCOMPARE(cell(model, 2, LayerDeltaModel::CyclesDelta), QStringLiteral("+10 (new)"));
        QCOMPARE(cell(model, 2, LayerDeltaModel::Core), QStringLiteral("— \u2192 core0"));
        QVERIFY(cell(model, 2, LayerDeltaModel::Layer, Qt::ToolTipRole).contains(QStringLiteral("not a layer of a")));
        // Sorting by the change is numeric: B's −40 cycles before A's −20 before C's +10.
        QCOMPARE(model.index(1, LayerDeltaModel::CyclesDelta).data(LayerDeltaModel::SortRole).toDouble(), -40.0);
        // Less is better: a saving green, a new cost red.
        const QColor saving = model.index(0, LayerDeltaModel::CyclesDelta).data(Qt::ForegroundRole).value<QColor>();
        const QColor cost = model.index(2, LayerDeltaModel::CyclesDelta).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(saving.green() > saving.red());
        QVERIFY(cost.red() > cost.green());
        QVERIFY(model.headerData(LayerDeltaModel::CyclesDelta, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("A = a, B = b")));
    }

    void summaryAgainstTheHandCalculation()
    {
        CompareSummary summary;
        summary.setComparison(compareRuns(runA(), runB()));
        // Latency 300 → 240: −60 cycles, −20 %.
        QCOMPARE(summary.text(CompareSummary::Latency, CompareSummary::ValueA), QStringLiteral("300"));
        QCOMPARE(summary.text(CompareSummary::Latency, CompareSummary::Change), kMinus + QStringLiteral("60"));
        QCOMPARE(summary.text(CompareSummary::Latency, CompareSummary::Percent), kMinus + QStringLiteral("20.0 %"));
        // Energy 188 → 150 pJ = 0.000188 → 0.000150 µJ: −38/188 = −20.2 %.
        QCOMPARE(summary.text(CompareSummary::Energy, CompareSummary::Percent), kMinus + QStringLiteral("20.2 %"));
        // EDP 56,400 → 36,000: −20,400 = −36.2 %.
        QCOMPARE(summary.text(CompareSummary::Edp, CompareSummary::Percent), kMinus + QStringLiteral("36.2 %"));
        // DRAM 96 → 64 B: −33.3 %; peak on chip 90 → 50 B: −44.4 %.
        QCOMPARE(summary.text(CompareSummary::Dram, CompareSummary::Percent), kMinus + QStringLiteral("33.3 %"));
        QCOMPARE(summary.text(CompareSummary::PeakOnChip, CompareSummary::Percent), kMinus + QStringLiteral("44.4 %"));
        // The other way round every sign flips: +25 % latency (60 / 240).
        summary.setComparison(compareRuns(runB(), runA()));
        QCOMPARE(summary.text(CompareSummary::Latency, CompareSummary::Change), QStringLiteral("+60"));
        QCOMPARE(summary.text(CompareSummary::Latency, CompareSummary::Percent), QStringLiteral("+25.0 %"));
    }

    void ganttsShareOneTimeAxis()
    {
        RunCompareView view;
        view.resize(1200, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setRuns(runA(), runB());
        QCoreApplication::processEvents();
        timeline::GanttView *a = view.gantts()->top(), *b = view.gantts()->bottom();
        // Both span the longer run (A, 300 cycles), B's chart ends in empty time.
        QCOMPARE(a->timeline().endCycle, int64_t(300));
        QCOMPARE(b->timeline().endCycle, int64_t(300));
        QCOMPARE(a->visibleRange(), b->visibleRange());
        // Zooming either moves both.
        a->setVisibleRange({50, 150});
        QCOMPARE(b->visibleRange(), (timeline::TimeRange{50, 150}));
        b->setVisibleRange({0, 120});
        QCOMPARE(a->visibleRange(), (timeline::TimeRange{0, 120}));
        b->setTimeUnit(timeline::TimeUnit::Microseconds);
        QCOMPARE(a->timeUnit(), timeline::TimeUnit::Microseconds);
        // A cycle is at one x in both: the plot areas start at the same pixel.
        QTRY_COMPARE(a->plot()->axisRect()->left(), b->plot()->axisRect()->left());
        QCOMPARE(a->plot()->axisRect()->width(), b->plot()->axisRect()->width());
        QVERIFY(view.title().contains(QStringLiteral("A: a")));
        // Each Gantt names the cores its run ran on.
        Run other = runB();
        other.design.accelerator.cores[0].name = "left";
        view.setRuns(runA(), other);
        QCOMPARE(view.gantts()->top()->timeline().tracks.front().name.find("core0"), std::size_t(0));
        QCOMPARE(view.gantts()->bottom()->timeline().tracks.front().name.find("left"), std::size_t(0));
    }

    void compareTwoSelectedRunsFromThePanel()
    {
        ProjectDocument doc;
        doc.resetProject(tinyProject());
        doc.putRun(computed(doc.project(), "lbl", "lbl"));
        doc.putRun(computed(doc.project(), "fused", "fused"));
        SchedulePanel panel(&doc);
        panel.resize(1400, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QListView *list = panel.runList();
        list->selectionModel()->select(panel.runModel()->index(0), QItemSelectionModel::ClearAndSelect);
        QVERIFY(!panel.compareButton()->isEnabled()); // one run: nothing to compare
        list->selectionModel()->select(panel.runModel()->index(1), QItemSelectionModel::Select);
        QVERIFY(panel.compareButton()->isEnabled());
        QTest::mouseClick(panel.compareButton(), Qt::LeftButton);
        auto *views = panel.findChild<QTabWidget *>(QStringLiteral("scheduleViews"));
        QVERIFY(views);
        QCOMPARE(views->currentWidget(), static_cast<QWidget *>(panel.compareView()));
        // A is the run higher in the list.
        const RunComparison &c = panel.compareView()->layerModel()->comparison();
        QCOMPARE(c.nameA, std::string("lbl"));
        QCOMPARE(c.nameB, std::string("fused"));
        QCOMPARE(panel.compareView()->layerModel()->rowCount(), 2);
        const double la = static_cast<double>(doc.runs()[0].schedule.totals.latencyCycles);
        const double lb = static_cast<double>(doc.runs()[1].schedule.totals.latencyCycles);
        QCOMPARE(c.totals.latencyCycles.a, la);
        QCOMPARE(c.totals.latencyCycles.b, lb);
        QCOMPARE(panel.compareView()->gantts()->top()->timeline().endCycle, static_cast<int64_t>(std::max(la, lb)));
        // A renamed run stays compared; a deleted one leaves the view.
        QVERIFY(doc.renameRun("lbl", "baseline"));
        QVERIFY(doc.removeRun("fused"));
        QCOMPARE(panel.compareView()->layerModel()->rowCount(), 0);
        QVERIFY(panel.compareView()->title().contains(QStringLiteral("Select two runs")));
    }
};

QTEST_MAIN(TestRunCompare)
#include "tst_gui_run_compare.moc"
