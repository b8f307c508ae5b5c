// SPDX-License-Identifier: GPL-3.0-or-later
// The search in the run panel: explore() runs on a worker, its progress reaches the GUI thread,
// the best plan becomes a stored run with the explored points (shown by the runs scatter),
// Cancel stops it promptly keeping the best plan so far, and the event loop never stalls.
#include "charts/run_charts.h"
#include "document/project_document.h"
#include "gui/schedule_panel.h"
#include "io/hardware_yaml.h"
#include "plan/plan_validate.h"
#include "schedule/cn_budget.h"
#include "search/explorer.h"
#include "support/gui_probes.h"
#include "support/timing_budget.h"
#include "workload/zoo.h"

#include <QChart>
#include <QComboBox>
#include <QScatterSeries>
#include <QElapsedTimer>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace fuselab;

class TestExplorePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void panelFieldsFollowTheStrategy()
    {
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("lenet5"));
        SchedulePanel panel(&doc);
        auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategyCombo"));
        auto *threads = panel.findChild<QSpinBox *>(QStringLiteral("threadsSpin"));
        auto *seed = panel.findChild<QSpinBox *>(QStringLiteral("seedSpin"));
        auto *objective = panel.findChild<QComboBox *>(QStringLiteral("objectiveCombo"));
        auto *generations = panel.findChild<QSpinBox *>(QStringLiteral("generationsSpin"));
        QVERIFY(strategy && threads && seed && objective && generations);
        const int index = strategy->findData(QStringLiteral("explore"));
        QVERIFY(index >= 0);
        QVERIFY(!threads->isEnabled()); // fused: one plan, nothing to search
        strategy->setCurrentIndex(index);
        QVERIFY(threads->isEnabled() && seed->isEnabled() && objective->isEnabled() &&
                generations->isEnabled());
        QCOMPARE(objective->count(), 4); // latency, energy, edp, dram
        threads->setValue(2);
        seed->setValue(7);
        objective->setCurrentIndex(objective->findText(QStringLiteral("edp")));
        generations->setValue(3);
        const ExploreOptions o = panel.exploreOptionsFromPanel();
        QCOMPARE(o.threads, 2);
        QCOMPARE(o.seed, uint64_t(7));
        QVERIFY(o.objective == Objective::Edp);
        QCOMPARE(o.generations, 3);
    }

    // The run form's CN limit reaches plain runs and searches; a plan above it is refused with
    // the limit named. LeNet-5 layer by layer on the quad-core needs at least one CN per layer
    // (7 layers), so a limit of 3 must refuse it.
    void cnLimitReachesRunsAndSearches()
    {
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("lenet5"));
        SchedulePanel panel(&doc);
        auto *limit = panel.findChild<QSpinBox *>(QStringLiteral("maxCnsSpin"));
        auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategyCombo"));
        QVERIFY(limit && strategy);
        // Untouched, each strategy has its default (as the CLI's schedule and explore).
        QCOMPARE(panel.requestFromPanel().maxCns, kDefaultMaxCns);
        QCOMPARE(panel.exploreOptionsFromPanel().maxCns, kDefaultExploreMaxCns);
        limit->setValue(3);
        strategy->setCurrentIndex(strategy->findData(QStringLiteral("lbl")));
        QCOMPARE(panel.requestFromPanel().maxCns, int64_t(3));
        QCOMPARE(panel.exploreOptionsFromPanel().maxCns, int64_t(3));
        QVERIFY(doc.workload().layers.size() > 3);
        QSignalSpy failed(&panel, &SchedulePanel::runFailed);
        panel.startRun(panel.requestFromPanel());
        QVERIFY(failed.wait(30000));
        const QString error = failed.first().at(0).toString();
        QVERIFY2(error.contains(QStringLiteral("limit of 3")), qPrintable(error));
        QVERIFY(doc.runs().empty());
    }

    void exploreStoresTheBestPlanWithExploredPoints()
    {
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("lenet5"));
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy done(&panel, &SchedulePanel::runFinished);
        QSignalSpy messages(&panel, &SchedulePanel::message);
        QThread *gui = QThread::currentThread();
        bool progressOnGuiThread = true;
        double lastFraction = -1;
        bool monotonic = true;
        QStringList statuses;
        auto *status = panel.findChild<QLabel *>(QStringLiteral("runStatus"));
        QVERIFY(status);
        connect(&panel, &SchedulePanel::searchProgressed, this, [&](double fraction, qint64) {
            progressOnGuiThread = progressOnGuiThread && QThread::currentThread() == gui;
            monotonic = monotonic && fraction >= lastFraction; // the bar never goes back
            lastFraction = fraction;
            statuses << status->text();
        });
        testing::StallProbe probe;
        ExploreOptions o;
        o.threads = 2;
        o.generations = 3;
        o.population = 8;
        panel.startExplore(o, "best");
        QVERIFY(panel.isRunning());
        QVERIFY(done.wait(60000));
        QTest::qWait(30);
        QVERIFY(!panel.isRunning());
        QVERIFY(progressOnGuiThread);
        QVERIFY(lastFraction >= 0 && lastFraction <= 1);
        QVERIFY(monotonic);
        // The best value found so far carries its unit (the default objective is latency).
        for (const QString &t : statuses)
            if (t.contains(QStringLiteral("best ")))
                QVERIFY2(t.contains(QRegularExpression(QStringLiteral("best [0-9.,e+]+ cycles"))), qPrintable(t));
        // Completion is logged, not only the start.
        QVERIFY(messages.count() >= 2);
        QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("best: done in ")),
                 qPrintable(messages.last().at(0).toString()));
        const Run *run = findRun(doc.runs(), "best");
        QVERIFY(run);
        QCOMPARE(run->strategy, std::string("explore"));
        QVERIFY(validatePlan(run->plan, doc.workload(), doc.accelerator()).empty());
        QVERIFY(!run->pareto.empty());
        QCOMPARE(panel.currentRun(), QStringLiteral("best"));
        // The runs scatter draws the explored points (its "Explored" series) on latency/energy.
        bool explored = false;
        for (QAbstractSeries *s : panel.pareto()->chart()->series())
            if (auto *xy = qobject_cast<QScatterSeries *>(s))
                explored = explored || (xy->name() == QStringLiteral("Explored") && xy->count() > 0);
        QVERIFY(explored);
        qInfo("longest stall %lld ms over %d ticks", probe.longest, probe.ticks);
        QVERIFY2(probe.longest < fuselab::testing::budgetMs(100),
                 qPrintable(QStringLiteral("stall %1 ms").arg(probe.longest)));
    }

    void cancelStopsPromptlyKeepingTheBestPlan()
    {
        // ResNet-18 with a million generations: without Cancel it would run for a long time.
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("resnet18"));
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy done(&panel, &SchedulePanel::runFinished);
        QSignalSpy progressed(&panel, &SchedulePanel::searchProgressed);
        testing::StallProbe probe;
        ExploreOptions o;
        o.threads = 2;
        o.generations = 1000000;
        panel.startExplore(o, "stopped");
        QTest::qWait(1500);
        QVERIFY(panel.isRunning());
        QVERIFY(progressed.count() > 0); // progress reached the GUI while it ran
        QElapsedTimer stop;
        stop.start();
        panel.cancelRun();
        QVERIFY(done.wait(5000) || done.count() > 0);
        const qint64 ms = stop.elapsed();
        qInfo("cancel to run stored: %lld ms; longest stall %lld ms", ms, probe.longest);
        QVERIFY2(ms < fuselab::testing::budgetMs(1000), qPrintable(QStringLiteral("%1 ms").arg(ms)));
        const Run *run = findRun(doc.runs(), "stopped");
        QVERIFY(run);
        QCOMPARE(run->strategy, std::string("explore"));
        QVERIFY(validatePlan(run->plan, doc.workload(), doc.accelerator()).empty());
        QVERIFY(!run->pareto.empty());
        QVERIFY(probe.ticks > 20); // the probe ran all along the search
        QVERIFY2(probe.longest < fuselab::testing::budgetMs(100),
                 qPrintable(QStringLiteral("stall %1 ms").arg(probe.longest)));
    }

    void closingThePanelDuringASearchIsSafe()
    {
        ProjectDocument doc;
        doc.resetProject(testing::quadCoreProject("resnet18"));
        QElapsedTimer t;
        t.start();
        {
            SchedulePanel panel(&doc);
            ExploreOptions o;
            o.generations = 1000000;
            panel.startExplore(o);
            QTest::qWait(300);
        }                 // destroyed while searching: the search is cancelled and joined
        QTest::qWait(50); // late progress reports must not reach the destroyed panel
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_MAIN(TestExplorePanel)
#include "tst_gui_explore_panel.moc"
