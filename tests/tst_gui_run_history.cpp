// SPDX-License-Identifier: GPL-3.0-or-later
// Runs are history in the app (issue 15, item 3): the run list model (checked by
// QAbstractItemModelTester through every change), the "other design" marker after an edit
// of the hardware, and the views of an old run drawn with the cores and memories it ran on.
#include "document/project_document.h"
#include "document/run_list_model.h"
#include "gui/schedule_panel.h"
#include "support/sched_fixtures.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
Project twoConvs()
{
    Project p;
    p.workload.name = "two convs";
    const TensorId in = addInput(p.workload, "in", 4, 8, 8);
    const TensorId a = addConv(p.workload, "A", in, 4, 3, 1, 1);
    addConv(p.workload, "B", a, 4, 1, 1, 0);
    p.accelerator = singleCore(8, 8, 64 * 1024, 16, 10);
    return p;
}

/// Two cores named unlike the single core ("core0", memory "sram").
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

Run lbl(const ProjectDocument &doc, const std::string &name)
{
    RunRequest r;
    r.name = name;
    r.strategy = "lbl";
    return computeRun(doc.workload(), doc.accelerator(), r);
}

bool runAndWait(SchedulePanel &panel, const std::string &name)
{
    RunRequest r;
    r.name = name;
    r.strategy = "lbl";
    QSignalSpy done(&panel, &SchedulePanel::runFinished);
    panel.startRun(r);
    return done.wait(30000) || done.count() > 0;
}

std::vector<std::string> trackNames(const SchedulePanel &panel)
{
    std::vector<std::string> names;
    for (const auto &t : panel.gantt()->timeline().tracks)
        names.push_back(t.name);
    return names;
}

bool mentions(const std::vector<std::string> &names, const std::string &word)
{
    for (const std::string &n : names)
        if (n.find(word) != std::string::npos)
            return true;
    return false;
}
} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelPassesTheTesterThroughEveryChange()
    {
        ProjectDocument doc;
        doc.resetProject(twoConvs());
        RunListModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        doc.putRun(lbl(doc, "lbl"));
        doc.putRun(lbl(doc, "lbl 2"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1).data(RunListModel::NameRole).toString(), QStringLiteral("lbl 2"));
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsEditable);
        // Renamed through the model; an empty or taken name is refused.
        QVERIFY(model.setData(model.index(0), QStringLiteral("baseline")));
        QCOMPARE(model.index(0).data(Qt::EditRole).toString(), QStringLiteral("baseline"));
        QVERIFY(!model.setData(model.index(0), QStringLiteral("lbl 2")));
        QVERIFY(!model.setData(model.index(0), QStringLiteral("  ")));
        QCOMPARE(QString::fromStdString(doc.runs()[0].name), QStringLiteral("baseline"));
        // Neither run is of another design yet.
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(!model.index(r).data(RunListModel::OtherDesignRole).toBool());
            QVERIFY(!model.index(r).data().toString().contains(QStringLiteral("other design")));
        }
        // The hardware edited: both are now of another design; a new run is not.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        doc.editAccelerator(twoCores(), QStringLiteral("import"));
        QVERIFY(changed.count() >= 1);
        QVERIFY(model.index(0).data(RunListModel::OtherDesignRole).toBool());
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("baseline — other design"));
        doc.putRun(lbl(doc, "after"));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.index(2).data(RunListModel::OtherDesignRole).toBool());
        QVERIFY(model.index(0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("single")));
        // Undo brings the first design back: the first two are current again, the third is not.
        doc.undoStack()->undo();
        QVERIFY(!model.index(0).data(RunListModel::OtherDesignRole).toBool());
        QVERIFY(model.index(2).data(RunListModel::OtherDesignRole).toBool());
        // An unrelated edit (the layer selection) and a removal.
        doc.selectLayer(1);
        QVERIFY(doc.removeRun("lbl 2"));
        QCOMPARE(model.rowCount(), 2);
        doc.resetProject(twoConvs());
        QCOMPARE(model.rowCount(), 0);
    }

    void oldRunIsDrawnWithItsOwnCores()
    {
        ProjectDocument doc;
        doc.resetProject(twoConvs());
        SchedulePanel panel(&doc);
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(runAndWait(panel, "single"));
        QVERIFY(mentions(trackNames(panel), "core0"));
        // Another accelerator: the run shown stays, but is no longer the current design.
        doc.editAccelerator(twoCores(), QStringLiteral("import"));
        QCOMPARE(panel.currentRun(), QStringLiteral("single"));
        QVERIFY(panel.runModel()->index(0).data(RunListModel::OtherDesignRole).toBool());
        QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("Other design")));
        QVERIFY(runAndWait(panel, "two"));
        const std::vector<std::string> now = trackNames(panel);
        QVERIFY(mentions(now, "left") && mentions(now, "right"));
        QVERIFY(!mentions(now, "core0"));
        // The old run opened again: its own core and memory, none of the new hardware's.
        QVERIFY(panel.showRun(QStringLiteral("single")));
        const std::vector<std::string> old = trackNames(panel);
        QVERIFY(mentions(old, "core0"));
        QVERIFY(!mentions(old, "left") && !mentions(old, "right"));
        QCOMPARE(panel.memory()->memories().size(), size_t(1));
        QVERIFY(panel.memory()->memories()[0].memory.find("sram") != std::string::npos);
        QVERIFY(panel.memory()->memories()[0].memory.find("left") == std::string::npos);
        // The new run: two memories.
        QVERIFY(panel.showRun(QStringLiteral("two")));
        QCOMPARE(panel.memory()->memories().size(), size_t(2));
    }
};

QTEST_MAIN(TestRunHistory)
#include "tst_gui_run_history.moc"
