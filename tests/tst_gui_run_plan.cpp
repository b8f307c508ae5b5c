// SPDX-License-Identifier: GPL-3.0-or-later
// The plan view (issue 15, item 3): a run's groups, tiles, policies, pins and cores drawn on
// its own graph and floorplan — also after the project moved on to another design — the
// group table under QAbstractItemModelTester, and the panel's Plan button.
#include "document/project_document.h"
#include "document/run_list_model.h"
#include "graph/group_cluster_item.h"
#include "graph/network_view.h"
#include "graph/tensor_edge_item.h"
#include "gui/schedule_panel.h"
#include "plan/plan_floorplan.h"
#include "plan/plan_group_model.h"
#include "plan/plan_text.h"
#include "plan/run_plan_view.h"
#include "project/design_snapshot.h"
#include "support/sched_fixtures.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
Workload threeConvs()
{
    Workload w;
    w.name = "three convs";
    const TensorId in = addInput(w, "in", 4, 8, 8);
    const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
    const TensorId b = addConv(w, "B", a, 4, 1, 1, 0);
    addConv(w, "C", b, 4, 3, 2, 1);
    return w;
}

/// Cores "left" and "right" (and their memories), unlike singleCore's "core0".
Accelerator twoCores()
{
    Accelerator a = singleCore(16, 16, 128 * 1024, 32, 5);
    a.name = "two";
    a.cores[0].name = "left";
    a.memories[0].core = "left";
    a.memories[0].name = "left_sram";
    a.cores.push_back(systolicCore("right", 16, 16));
    a.memories.push_back(privateMemory("right_sram", "right", 128 * 1024));
    a.links[0].endpoints = {"left", "dram"};
    a.links.push_back(link("right_link", {"right", "dram"}, 1e9, 0));
    return a;
}

/// A run of three convs on the two cores: A and B fused (2 rows of 8 → 4 tiles) on left,
/// C alone on left too, right idle; A's output pinned in left_sram. Plans need no schedule.
Run planOnly()
{
    Run r;
    r.name = "hand";
    r.strategy = "plan";
    r.design.workload = threeConvs();
    r.design.accelerator = twoCores();
    r.design.fingerprint = designFingerprint(r.design.workload, r.design.accelerator);
    r.plan.groups.push_back({{0, 1}, 2, 0, OverlapMode::Cache, WeightPolicy::Resident});
    r.plan.groups.push_back({{2}, 0, 0, OverlapMode::Recompute, WeightPolicy::Reload});
    r.plan.core = {0, 0, 0};
    r.plan.pins.push_back({1, 0});
    return r;
}

bool waitForLayout(NetworkView *g)
{
    return QTest::qWaitFor([g] { return !g->isLayoutPending() && !g->layerNodes().isEmpty(); }, 20000);
}
} // namespace

class TestRunPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void texts()
    {
        QCOMPARE(numberRanges({0, 1, 2, 3, 7, 9, 10}), QStringLiteral("0\u20133, 7, 9\u201310"));
        QCOMPARE(numberRanges({}), QStringLiteral("—"));
        PlanGroupSummary g;
        g.tileRows = 2;
        g.tiles = 4;
        QCOMPARE(tilingText(g), QStringLiteral("2 rows \u00d7 4 tiles"));
        g.tileRows = 0;
        g.tiles = 1;
        QCOMPARE(tilingText(g), QStringLiteral("whole (1 tile)"));
        g.tileReduce = 512;
        g.slices = 16;
        QCOMPARE(tilingText(g), QStringLiteral("whole (1 tile, 16 slices of 512)"));
    }

    void groupModelPassesTheTester()
    {
        PlanGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Run r = planOnly();
        model.setPlan(r.plan, r.design.workload, r.design.accelerator);
        QCOMPARE(model.rowCount(), 2);
        auto text = [&](int row, int col) { return model.index(row, col).data().toString(); };
        QCOMPARE(text(0, PlanGroupModel::Layers), QStringLiteral("A \u2026 B (2 layers)"));
        QCOMPARE(text(0, PlanGroupModel::Tiling), QStringLiteral("2 rows \u00d7 4 tiles")); // B: 8 rows / 2
        QCOMPARE(text(0, PlanGroupModel::Cores), QStringLiteral("left"));
        QCOMPARE(text(0, PlanGroupModel::Pins), QStringLiteral("A_out \u2192 left_sram"));
        QCOMPARE(text(1, PlanGroupModel::Overlap), QStringLiteral("recompute"));
        QCOMPARE(text(1, PlanGroupModel::Weights), QStringLiteral("reload"));
        QCOMPARE(text(1, PlanGroupModel::Pins), QStringLiteral("—"));
        QCOMPARE(model.rowOfLayer(2), 1);
        model.setPlan({}, {}, {});
        QCOMPARE(model.rowCount(), 0);
    }

    void drawnOnTheRunsOwnDesign()
    {
        RunPlanView view;
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setRun(planOnly());
        QVERIFY(waitForLayout(view.graph()));
        QCOMPARE(QString::fromStdString(view.graph()->shownWorkload().name), QStringLiteral("three convs"));
        // Both groups drawn, captioned with their tiling, policies and cores.
        const QList<GroupClusterItem *> clusters = view.graph()->clusterItems();
        QCOMPARE(clusters.size(), 2);
        QCOMPARE(clusters[0]->caption(), QStringLiteral("group 0 \u00b7 2 rows \u00d7 4 tiles \u00b7 left \u00b7 "
                                                        "cache \u00b7 resident \u00b7 1 pinned"));
        QVERIFY(clusters[1]->caption().contains(QStringLiteral("recompute \u00b7 reload")));
        // The pinned tensor's edge is marked.
        int pinnedEdges = 0;
        for (TensorEdgeItem *e : view.graph()->edgeItems())
            pinnedEdges += e->isPinned() ? 1 : 0;
        QVERIFY(pinnedEdges >= 1);
        // The floorplan: left runs groups 0–1 (3 layers), right is idle.
        QCOMPARE(view.floorplan()->coreLines(QStringLiteral("left")).mid(0, 3),
                 (QStringList{QStringLiteral("left"), QStringLiteral("groups 0\u20131"), QStringLiteral("3 layers")}));
        QVERIFY(view.floorplan()->coreIdle(QStringLiteral("right")));
        QVERIFY(!view.floorplan()->coreIdle(QStringLiteral("left")));
        // Clicking a group's row selects its first layer in the view's own design.
        QTableView *table = view.groupTable();
        const QRect cell = table->visualRect(table->model()->index(1, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(view.design()->selectedLayer(), 2);
    }

    void panelShowsThePlanOfARunOfAnotherDesign()
    {
        ProjectDocument doc;
        Project p;
        p.workload = threeConvs();
        p.accelerator = twoCores();
        doc.resetProject(p);
        doc.putRun(planOnly());
        SchedulePanel panel(&doc);
        panel.resize(1400, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        // The project moves on to one core named core0: the run keeps its two cores.
        doc.editAccelerator(singleCore(8, 8, 64 * 1024), QStringLiteral("import"));
        QVERIFY(panel.runModel()->index(0).data(RunListModel::OtherDesignRole).toBool());
        QVERIFY(panel.showRun(QStringLiteral("hand")));
        QVERIFY(panel.planButton()->isEnabled());
        QTest::mouseClick(panel.planButton(), Qt::LeftButton);
        auto *views = panel.findChild<QTabWidget *>(QStringLiteral("scheduleViews"));
        QCOMPARE(views->currentWidget(), static_cast<QWidget *>(panel.planView()));
        QCOMPARE(QString::fromStdString(panel.planView()->design()->accelerator().name), QStringLiteral("two"));
        QVERIFY(waitForLayout(panel.planView()->graph()));
        QCOMPARE(panel.planView()->graph()->clusterItems().size(), 2);
        QVERIFY(panel.planView()->floorplan()->coreIdle(QStringLiteral("right")));
        QVERIFY(panel.planView()->title().contains(QStringLiteral("hand")));
        // Deleting the run clears the view.
        QVERIFY(doc.removeRun("hand"));
        QCOMPARE(panel.planView()->groupModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestRunPlan)
#include "tst_gui_run_plan.moc"
