// SPDX-License-Identifier: GPL-3.0-or-later
// What-if: with "Re-run on edit" on, an edit to the hardware re-runs the current strategy in
// the background, keeps the earlier run (and shows it until the new one is in), and reports
// the change against it; the new run's latency is the one core computes for the edited design.
#include "document/project_document.h"
#include "gui/schedule_panel.h"
#include "support/gui_probes.h"
#include "timeline/gantt_view.h"
#include "support/timing_budget.h"

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
};

QTEST_MAIN(TestGuiWhatIf)
#include "tst_gui_what_if.moc"
