// SPDX-License-Identifier: GPL-3.0-or-later
// What-if: with "Re-run on edit" on, an edit to the hardware re-runs the current strategy in
// the background, keeps the earlier run (and shows it until the new one is in), and reports
// the change against it; the new run's latency is the one core computes for the edited design.
#include "document/project_document.h"
#include "gui/schedule_panel.h"
#include "search/explorer.h"
#include "support/gui_probes.h"
#include "timeline/gantt_view.h"
#include "support/timing_budget.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace fuselab;

class TestGuiWhatIf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void editReRunsAndReportsTheChange()
    {
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("resnet18"));
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy done(&panel, &SchedulePanel::runFinished);
        panel.ensureDefaultRun();
        QVERIFY(done.wait(60000));
        QCOMPARE(panel.currentRun(), QStringLiteral("fused"));
        const int64_t before = findRun(doc.runs(), "fused")->schedule.totals.latencyCycles;

        // Off: an edit re-runs nothing.
        Accelerator slow = doc.accelerator();
        slow.dram.bandwidth /= 4;
        doc.editAccelerator(slow, QStringLiteral("Slower DRAM"));
        QTest::qWait(600);
        QVERIFY(!panel.isRunning());
        QCOMPARE(doc.runs().size(), std::size_t(1));

        // On: the next edit re-runs; the earlier run stays shown while it computes.
        panel.setRerunOnEdit(true);
        Accelerator slower = slow;
        slower.dram.bandwidth /= 2;
        done.clear();
        QElapsedTimer clock;
        clock.start();
        doc.editAccelerator(slower, QStringLiteral("Even slower DRAM"));
        // Until the new run is in, the earlier one stays in the views.
        QCOMPARE(panel.currentRun(), QStringLiteral("fused"));
        QVERIFY(!panel.gantt()->timeline().tracks.empty());
        QVERIFY(done.wait(60000));
        const qint64 ms = clock.elapsed();
        qInfo("edit to updated views: %lld ms", ms);
        QCOMPARE(panel.currentRun(), QStringLiteral("fused 2"));
        QCOMPARE(doc.runs().size(), std::size_t(2)); // the earlier run is kept
        // The expectation from core, for the edited design.
        RunRequest r;
        const int64_t after = computeRun(doc.workload(), slower, r).schedule.totals.latencyCycles;
        QCOMPARE(findRun(doc.runs(), "fused 2")->schedule.totals.latencyCycles, after);
        QVERIFY(after > before); // a quarter, then an eighth of the DRAM bandwidth
        // The report: the change against the run shown when the edit came ("fused", computed on
        // the original design).
        const double pct = 100.0 * static_cast<double>(after - before) / static_cast<double>(before);
        const QString expected = QStringLiteral("latency +%1 %").arg(pct, 0, 'f', 1);
        QVERIFY2(panel.lastWhatIf().contains(expected), qPrintable(panel.lastWhatIf() + QStringLiteral(" / ") + expected));
        QVERIFY2(ms < testing::budgetMs(1000), qPrintable(QStringLiteral("%1 ms").arg(ms)));
    }

    void aClockEditIsReportedInSeconds()
    {
        // A slower clock takes fewer cycles where DRAM and links are timed in seconds, but
        // more time: the report compares seconds, as core's totals give them.
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("resnet18"));
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy done(&panel, &SchedulePanel::runFinished);
        panel.ensureDefaultRun();
        QVERIFY(done.wait(60000));
        const ScheduleTotals before = findRun(doc.runs(), "fused")->schedule.totals;
        panel.setRerunOnEdit(true);
        Accelerator slower = doc.accelerator();
        slower.clockMHz *= 0.8;
        done.clear();
        doc.editAccelerator(slower, QStringLiteral("Slower clock"));
        QVERIFY(done.wait(60000));
        RunRequest r;
        const ScheduleTotals after = computeRun(doc.workload(), slower, r).schedule.totals;
        const double pct = 100.0 * (after.latencySeconds - before.latencySeconds) / before.latencySeconds;
        QVERIFY(pct > 0); // 20 % fewer cycles per second: slower
        const QString expected = QStringLiteral("latency +%1 %").arg(pct, 0, 'f', 1);
        QVERIFY2(panel.lastWhatIf().contains(expected), qPrintable(panel.lastWhatIf() + QStringLiteral(" / ") + expected));
    }

    void exploreShowsThePreviousPlanReEvaluatedAtOnce()
    {
        // With explore, the search takes a while: the shown plan, scheduled on the edited
        // hardware, is in the views first (before the search's run), then the search's run.
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("resnet18"));
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategyCombo"));
        strategy->setCurrentIndex(strategy->findData(QStringLiteral("explore")));
        QSignalSpy done(&panel, &SchedulePanel::runFinished);
        panel.startExplore(panel.exploreOptionsFromPanel());
        QVERIFY(done.wait(60000));
        const Run first = *findRun(doc.runs(), "explore");
        panel.setRerunOnEdit(true);

        Accelerator edited = doc.accelerator();
        edited.links[0].bandwidth /= 4;
        // The expectation from core: the same plan scheduled on the edited hardware.
        const Run reEvaluated = makeRun("x", "explore", doc.workload(), edited, first.plan);
        QSignalSpy preview(&panel, &SchedulePanel::whatIfPreviewShown);
        done.clear();
        doc.editAccelerator(edited, QStringLiteral("Slower ring01"));
        QVERIFY(preview.wait(60000));
        QCOMPARE(done.count(), 0); // the search's run is not in yet
        QCOMPARE(doc.runs().size(), std::size_t(1));
        QCOMPARE(panel.gantt()->timeline().endCycle, reEvaluated.schedule.totals.latencyCycles);
        const double pct = 100.0 *
                           static_cast<double>(reEvaluated.schedule.totals.latencyCycles -
                                               first.schedule.totals.latencyCycles) /
                           static_cast<double>(first.schedule.totals.latencyCycles);
        const QString report = preview.front().front().toString();
        QVERIFY2(std::abs(pct) < 0.05 ? report.contains(QStringLiteral("latency unchanged"))
                                      : report.contains(QStringLiteral("%1 %").arg(std::abs(pct), 0, 'f', 1)),
                 qPrintable(report));
        QVERIFY(done.wait(60000));
        QCOMPARE(doc.runs().size(), std::size_t(2));
        QCOMPARE(panel.currentRun(), QStringLiteral("explore 2"));
        const Run &second = *findRun(doc.runs(), "explore 2");
        QCOMPARE(panel.gantt()->timeline().endCycle, second.schedule.totals.latencyCycles);
        // The search (objective latency) never stores a plan slower than the previous one
        // on the edited hardware: it keeps that one when it finds nothing better.
        QVERIFY(second.schedule.totals.latencyCycles <= reEvaluated.schedule.totals.latencyCycles);
    }
};

QTEST_MAIN(TestGuiWhatIf)
#include "tst_gui_what_if.moc"
