// SPDX-License-Identifier: GPL-3.0-or-later
// Editing through the graph editor (issue 5 §2): panel fields, insert, delete, connect; each
// edit is one undo step that restores the exact previous Workload; problems land on the
// nodes; find selects the right layer; plan clusters enclose their nodes.
#include "document/project_document.h"
#include "graph/graph_edits.h"
#include "graph/graph_find_bar.h"
#include "graph/group_cluster_item.h"
#include "graph/layer_properties_panel.h"
#include "graph/network_editor.h"
#include "graph/network_view.h"
#include "graph/network_view_factory.h"
#include "graph/tensor_edge_item.h"
#include "graph_test_support.h"
#include "graph_test_workloads.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace fuselab;
using namespace graphtest;

namespace {
// ResNet with one bottleneck block per stage: 4·4 + 4 + 4 = 24 layers, small and branchy.
Workload tinyResNet()
{
    return testnets::bottleneckResNet({1, 1, 1, 1}, "tiny-resnet");
}

struct Fixture {
    ProjectDocument doc;
    std::unique_ptr<QWidget> widget;
    NetworkEditor *editor = nullptr;
    NetworkView *view = nullptr;
    LayerPropertiesPanel *panel = nullptr;

    explicit Fixture(const Workload &w)
    {
        loadWorkload(doc, w);
        widget.reset(createNetworkView(&doc, nullptr));
        editor = qobject_cast<NetworkEditor *>(widget.get());
        view = networkViewOf(widget.get());
        panel = editor->properties();
        widget->resize(1600, 1000);
        widget->show();
    }
    int id(const char *name) const { return doc.workload().layerIndex(name); }
    const Layer &layer(const char *name) const
    {
        return doc.workload().layers[static_cast<size_t>(id(name))];
    }
};

// Types a value into a spin box and presses Return, as a user would.
void typeInto(QSpinBox *box, int value)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QTest::keyClick(box, Qt::Key_Return);
}
} // namespace

class TestGraphEdit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void panelFieldEditIsOneUndoableStep()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        const Workload before = f.doc.workload();
        f.doc.selectLayer(f.id("conv1"));
        QCOMPARE(f.panel->field(QStringLiteral("strideY"))->value(), 2);
        typeInto(f.panel->field(QStringLiteral("strideY")), 1);
        QCOMPARE(f.doc.undoStack()->count(), 1);
        // conv1 7×7 pad 3 on 224: OY = (224 + 6 − 7) / 1 + 1 = 224, OX stays (224 + 6 − 7) / 2 + 1 = 112
        QCOMPARE(f.layer("conv1").dims.oy, int64_t(224));
        QCOMPARE(f.layer("conv1").dims.ox, int64_t(112));
        // maxpool 3×3/2 pad 1: OY = floor((224 + 2 − 3) / 2) + 1 = 112, OX = floor((112 + 2 − 3) / 2) + 1 =
        // 56
        QCOMPARE(f.layer("maxpool").dims.oy, int64_t(112));
        QCOMPARE(f.layer("maxpool").dims.ox, int64_t(56));
        QVERIFY(f.doc.workload().validate().empty());
        const Workload after = f.doc.workload();
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == before);
        f.doc.undoStack()->redo();
        QVERIFY(f.doc.workload() == after);
        // The panel follows the document: after undo it shows the old stride again.
        f.doc.undoStack()->undo();
        QCOMPARE(f.panel->field(QStringLiteral("strideY"))->value(), 2);
    }

    void precisionEdit()
    {
        Fixture f(tinyResNet());
        f.doc.selectLayer(f.id("layer1.0.conv1"));
        typeInto(f.panel->field(QStringLiteral("bitsO")), 16);
        const Layer &l = f.layer("layer1.0.conv1");
        QCOMPARE(l.precision.o, 16);
        // 64 channels × 56 × 56 at 16 bit = 401,408 bytes
        QCOMPARE(f.doc.workload().tensors[static_cast<size_t>(l.output)].bytes(), int64_t(64 * 56 * 56 * 2));
        QVERIFY(f.panel->summaryText().contains(QStringLiteral("16 bit")));
    }

    void unchangedFieldsPushNothing()
    {
        Fixture f(tinyResNet());
        f.doc.selectLayer(f.id("conv1"));
        f.panel->applyEdits();
        QCOMPARE(f.doc.undoStack()->count(), 0);
    }

    void wrongChannelsShowOnTheNode()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        QSignalSpy problems(f.view, &NetworkView::problemsFound);
        f.doc.selectLayer(f.id("layer1.0.conv2"));
        typeInto(f.panel->field(QStringLiteral("C")), 32); // its input has 64 channels
        QVERIFY(!problems.isEmpty());
        const QStringList reported = problems.last().at(0).toStringList();
        QVERIFY(!reported.isEmpty());
        QVERIFY(reported.join(QLatin1Char('\n')).contains(QStringLiteral("layer 'layer1.0.conv2'")));
        QVERIFY(waitForLayout(f.view));
        const LayerNodeItem *node = f.view->nodeForLayer(f.id("layer1.0.conv2"));
        QVERIFY(node);
        QVERIFY(!node->content().problems.isEmpty());
        QVERIFY(node->toolTip().contains(QStringLiteral("expects C=32")));
        QVERIFY(f.view->nodeForLayer(f.id("layer1.0.conv1"))->content().problems.isEmpty());
        QVERIFY(f.panel->problemText().contains(QStringLiteral("expects C=32")));
        auto *count = f.widget->findChild<QLabel *>(QStringLiteral("problemCount"));
        QVERIFY(count);
        QCOMPARE(count->text(), QStringLiteral("\u26a0 %1 problem(s)").arg(f.view->problems().size()));
        QImage img = f.widget->grab().toImage();
        img.save(screenshotDir() + QStringLiteral("/graph_problem.png"));
        f.doc.undoStack()->undo();
        QVERIFY(f.view->problems().isEmpty());
        QVERIFY(f.panel->problemText().isEmpty());
        QVERIFY(waitForLayout(f.view));
        QVERIFY(f.view->nodeForLayer(f.id("layer1.0.conv2"))->content().problems.isEmpty());
    }

    void insertThenDeleteRestoresTheWorkload()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        const Workload before = f.doc.workload();
        const int conv2 = f.id("layer1.0.conv2");
        f.doc.selectLayer(conv2);
        auto *insert = f.panel->findChild<QPushButton *>(QStringLiteral("insertLayerButton"));
        QVERIFY(insert);
        insert->click();
        QCOMPARE(f.doc.workload().layers.size(), before.layers.size() + 1);
        QCOMPARE(f.doc.selectedLayer(), conv2 + 1);
        const Layer &added = f.doc.workload().layers[static_cast<size_t>(conv2 + 1)];
        QCOMPARE(added.inputs, std::vector<TensorId>{f.layer("layer1.0.conv2").output});
        QCOMPARE(f.layer("layer1.0.conv3").inputs, std::vector<TensorId>{added.output});
        QVERIFY(f.doc.workload().validate().empty());
        QVERIFY(waitForLayout(f.view));
        QVERIFY(f.view->nodeForLayer(conv2 + 1));
        QCOMPARE(f.view->nodeForLayer(conv2 + 1)->content().name, QString::fromStdString(added.name));
        const Workload inserted = f.doc.workload();

        // Deleting the inserted layer gives back exactly the original network.
        auto *del = f.panel->findChild<QPushButton *>(QStringLiteral("deleteLayerButton"));
        del->click();
        QVERIFY(f.doc.workload() == before);
        QCOMPARE(f.doc.undoStack()->count(), 2);
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == inserted);
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == before);
    }

    void deleteReconnectsAndIsUndoable()
    {
        Fixture f(tinyResNet());
        const Workload before = f.doc.workload();
        const TensorId conv1Out = f.layer("layer2.0.conv1").output;
        QVERIFY(graphedit::deleteLayer(&f.doc, f.id("layer2.0.conv2")));
        QCOMPARE(f.doc.workload().layers.size(), before.layers.size() - 1);
        QCOMPARE(f.doc.workload().layerIndex("layer2.0.conv2"), kNone);
        // conv3 now reads conv1's output (tensor ids above the removed one shift down by 1)
        const TensorId expected =
            conv1Out < before.layers[static_cast<size_t>(before.layerIndex("layer2.0.conv2"))].output
                ? conv1Out
                : conv1Out - 1;
        QCOMPARE(f.layer("layer2.0.conv3").inputs, std::vector<TensorId>{expected});
        // conv2 was the stride-2 layer: without it conv3 works on 56×56, so the add's branches
        // (56×56 vs the stride-2 downsample's 28×28) no longer match — reported, not crashed.
        QVERIFY(!f.view->problems().isEmpty());
        QVERIFY(f.view->problems().join(QLatin1Char('\n')).contains(QStringLiteral("layer2.0.add")));
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == before);
        QVERIFY(f.view->problems().isEmpty());
    }

    void connectByPickingAProducer()
    {
        Fixture f(tinyResNet());
        const Workload before = f.doc.workload();
        const int add = f.id("layer3.0.add");
        const TensorId skip = f.layer("layer3.0.add").inputs[1];
        QVERIFY(graphedit::disconnectInput(&f.doc, add, 1));
        QCOMPARE(f.layer("layer3.0.add").inputs.size(), size_t(1));
        // Pick the downsample output again from the panel's "Add input" list.
        f.doc.selectLayer(add);
        QComboBox *picker = f.panel->addInputPicker();
        const int index = picker->findData(skip);
        QVERIFY(index > 0);
        Q_EMIT picker->activated(index); // what a user's choice emits
        QVERIFY(f.doc.workload() == before);
        QCOMPARE(f.doc.undoStack()->count(), 2);

        // Re-pointing operand 0 of a conv at the graph input: shapes re-derive, the
        // mismatch downstream is reported, undo restores.
        const int c1 = f.id("layer4.0.conv1");
        f.doc.selectLayer(c1);
        QComboBox *in0 = f.panel->inputPicker(0);
        QVERIFY(in0);
        const int inputIndex = in0->findData(0); // tensor 0 is the graph input
        QVERIFY(inputIndex >= 0);
        Q_EMIT in0->activated(inputIndex);
        QCOMPARE(f.layer("layer4.0.conv1").inputs[0], 0);
        QCOMPARE(f.layer("layer4.0.conv1").dims.c, int64_t(3)); // took the input's channels
        QVERIFY(!f.view->problems().isEmpty());
        f.doc.undoStack()->undo();
        f.doc.undoStack()->undo();
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == before);
    }

    void cycleIsReportedNotCrashed()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        const Workload before = f.doc.workload();
        // layer1.0.conv1 reads layer1.0.conv3's output: conv1 → conv2 → conv3 → conv1.
        const TensorId late = f.layer("layer1.0.conv3").output;
        QVERIFY(graphedit::connectInput(&f.doc, f.id("layer1.0.conv1"), 0, late));
        QVERIFY(f.view->problems().join(QLatin1Char('\n')).contains(QStringLiteral("cycle")));
        QVERIFY(waitForLayout(f.view)); // dot lays a cyclic graph out too
        QCOMPARE(f.view->layerNodes().size(), qsizetype(before.layers.size()));
        QVERIFY(!f.view->nodeForLayer(f.id("layer1.0.conv1"))->content().problems.isEmpty());
        f.doc.undoStack()->undo();
        QVERIFY(f.doc.workload() == before);
    }

    void findSelectsAndCentres()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        GraphFindBar *bar = f.editor->findBar();
        f.widget->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.widget.get()));
        f.view->setFocus();
        QTest::keyClick(f.view, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(bar->isVisible());
        QTest::keyClicks(bar->lineEdit(), QStringLiteral("downsample"));
        QCOMPARE(f.doc.selectedLayer(), f.id("layer1.0.downsample"));
        QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
        QCOMPARE(f.doc.selectedLayer(), f.id("layer2.0.downsample"));
        QTest::keyClick(bar->lineEdit(), Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(f.doc.selectedLayer(), f.id("layer1.0.downsample"));
        // By op: "maxpool" is the op of exactly one layer
        bar->lineEdit()->clear();
        QTest::keyClicks(bar->lineEdit(), QStringLiteral("MaxPool"));
        QCOMPARE(f.doc.selectedLayer(), f.id("maxpool"));
        // Typing an "f" in the bar types it (the editor's F = fit shortcut must not steal it).
        bar->lineEdit()->clear();
        QTest::keyClicks(bar->lineEdit(), QStringLiteral("fc"));
        QCOMPARE(bar->lineEdit()->text(), QStringLiteral("fc"));
        QCOMPARE(f.doc.selectedLayer(), f.id("fc"));
        bar->lineEdit()->clear();
        QTest::keyClicks(bar->lineEdit(), QStringLiteral("MaxPool"));
        // The match is highlighted and on screen.
        const LayerNodeItem *node = f.view->nodeForLayer(f.id("maxpool"));
        QVERIFY(node->isHighlighted());
        QVERIFY(f.view->viewport()->rect().contains(f.view->mapFromScene(node->sceneBox().center())));
        QCOMPARE(f.view->findLayers(QStringLiteral("add")).size(), qsizetype(4)); // 4 residual adds
        QVERIFY(f.view->findLayers(QStringLiteral("no-such-layer")).isEmpty());
        QTest::keyClick(bar->lineEdit(), Qt::Key_Escape);
        QVERIFY(!bar->isVisible());
    }

    void clickSelectsAndSelectionHighlights()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        const int id = f.id("layer1.0.conv3");
        f.view->centerOnLayer(id);
        const QPoint at = f.view->mapFromScene(f.view->nodeForLayer(id)->sceneBox().center());
        QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(f.doc.selectedLayer(), id);
        QVERIFY(f.view->nodeForLayer(id)->isHighlighted());
        f.doc.selectLayer(f.id("fc"));
        QVERIFY(!f.view->nodeForLayer(id)->isHighlighted());
        QVERIFY(f.view->nodeForLayer(f.id("fc"))->isHighlighted());
        QCOMPARE(f.panel->layer(), f.id("fc"));
    }

    void relayoutKeepsTheSelectedNodeInPlace()
    {
        Fixture f(tinyResNet());
        QVERIFY(waitForLayout(f.view));
        const int id = f.id("layer2.0.conv2");
        f.doc.selectLayer(id);
        f.view->centerOnLayer(id);
        const QPoint before = f.view->mapFromScene(f.view->nodeForLayer(id)->sceneBox().center());
        typeInto(f.panel->field(QStringLiteral("K")), 512); // wider text, new layout
        QVERIFY(waitForLayout(f.view));
        const QPoint after = f.view->mapFromScene(f.view->nodeForLayer(id)->sceneBox().center());
        QVERIFY2((after - before).manhattanLength() <= 2,
                 qPrintable(QStringLiteral("moved by %1").arg((after - before).manhattanLength())));
    }

    void groupClustersEncloseTheirNodes()
    {
        Fixture f(testnets::inception());
        QVERIFY(waitForLayout(f.view));
        const Workload &w = f.doc.workload();
        std::vector<std::vector<int>> groups;
        std::vector<int> current;
        for (int l = 0; l < static_cast<int>(w.layers.size()); ++l) { // cut after every concat
            current.push_back(l);
            if (w.layers[static_cast<size_t>(l)].op == OpType::Concat) {
                groups.push_back(current);
                current.clear();
            }
        }
        groups.push_back(current);
        const int pinnedTensor = w.layers[static_cast<size_t>(w.layerIndex("mix0.concat"))].output;
        f.view->setGroups(groups, {pinnedTensor});
        QCOMPARE(f.view->clusterItems().size(), qsizetype(groups.size()));
        auto checkClusters = [&] {
            for (const GroupClusterItem *c : f.view->clusterItems())
                for (int l : groups[static_cast<size_t>(c->group())])
                    QVERIFY(c->rect().contains(f.view->nodeForLayer(l)->sceneBox()));
        };
        checkClusters();
        int pinnedEdges = 0;
        for (const TensorEdgeItem *e : f.view->edgeItems()) {
            QCOMPARE(e->isPinned(), e->tensor() == pinnedTensor);
            pinnedEdges += e->isPinned();
        }
        QCOMPARE(pinnedEdges, 4); // mix0.concat feeds mix1's four branches
        f.view->fitToView();
        QTest::qWait(50);
        QVERIFY(f.widget->grab().toImage().save(screenshotDir() + QStringLiteral("/graph_groups.png")));
        // The plan's clusters follow the nodes through an edit and its re-layout.
        f.doc.selectLayer(f.doc.workload().layerIndex("mix0.b3x3"));
        typeInto(f.panel->field(QStringLiteral("K")), 40);
        QVERIFY(waitForLayout(f.view));
        QCOMPARE(f.view->clusterItems().size(), qsizetype(groups.size()));
        checkClusters();
        f.view->setGroups({}, {});
        QVERIFY(f.view->clusterItems().isEmpty());
    }
};

QTEST_MAIN(TestGraphEdit)
#include "tst_gui_graph_edit.moc"
