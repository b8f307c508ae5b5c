// SPDX-License-Identifier: GPL-3.0-or-later
// Graph layout properties (DESIGN §7/§8, issue 5 §2): Graphviz dot off the GUI thread, edges
// point down, no overlaps, everything inside the scene; big graphs lay out and draw; the
// layout can be cancelled. Screenshots of the editor land in <build>/screenshots.
#include "document/project_document.h"
#include "graph/graphviz_layout.h"
#include "graph/layer_node_item.h"
#include "graph/network_view.h"
#include "graph/network_view_factory.h"
#include "graph/tensor_edge_item.h"
#include "graph_test_support.h"
#include "graph_test_workloads.h"
#include "workload/zoo.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QPushButton>
#include <QTest>
#include <QTimer>

using namespace fuselab;
using namespace graphtest;

Q_DECLARE_METATYPE(fuselab::Workload)

namespace {
// The model under test: the zoo's when it is there, else the hand-built equivalent.
Workload modelOrFallback(const std::string &zooName, const Workload &fallback)
{
    auto z = zooModel(zooName);
    return z ? *z : fallback;
}
} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pureLayoutDiamond()
    {
        // a → b, a → c, b → d, c → d: a on top, d at the bottom, b and c side by side.
        LayoutRequest req;
        req.nodes = {{0, 100, 40}, {1, 120, 40}, {2, 80, 40}, {3, 100, 60}};
        req.edges = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
        const GraphLayout l = layoutWithGraphviz(req);
        QVERIFY(l.error.isEmpty());
        QCOMPARE(l.nodes.size(), size_t(4));
        QCOMPARE(l.edges.size(), size_t(4));
        for (size_t i = 0; i < 4; ++i) { // fixedsize: exactly the measured size comes back
            QCOMPARE(l.nodes[i].rect.width(), req.nodes[i].width);
            QCOMPARE(l.nodes[i].rect.height(), req.nodes[i].height);
            QVERIFY(l.bounds.contains(l.nodes[i].rect));
        }
        QVERIFY(l.nodes[0].rect.bottom() < l.nodes[1].rect.top());
        QVERIFY(l.nodes[0].rect.bottom() < l.nodes[2].rect.top());
        QVERIFY(l.nodes[1].rect.bottom() < l.nodes[3].rect.top());
        QCOMPARE(l.nodes[1].rect.center().y(), l.nodes[2].rect.center().y()); // same rank
        QVERIFY(!l.nodes[1].rect.intersects(l.nodes[2].rect));
        // Splines: 3n+1 control points, starting at the producer, the arrow at the consumer.
        for (const EdgePath &e : l.edges) {
            QVERIFY(e.points.size() >= 4);
            QCOMPARE((e.points.size() - 1) % 3, size_t(0));
            const QRectF from = l.nodes[static_cast<size_t>(e.from)].rect,
                         to = l.nodes[static_cast<size_t>(e.to)].rect;
            QVERIFY(from.adjusted(-2, -2, 2, 2).contains(e.points.front()));
            QVERIFY(to.adjusted(-2, -2, 2, 2).contains(e.arrowTip));
        }
    }

    void pureLayoutCancelledBeforeStart()
    {
        LayoutRequest req;
        req.nodes = {{0, 10, 10}};
        std::atomic_bool cancel{true};
        QVERIFY(layoutWithGraphviz(req, &cancel).cancelled);
    }

    void pureLayoutIgnoresUserLocale()
    {
        // A locale with a decimal comma must not break the numbers handed to Graphviz.
        const char *old = setlocale(LC_NUMERIC, nullptr);
        const std::string saved = old ? old : "C";
        if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
            QSKIP("no decimal-comma locale installed");
        LayoutRequest req;
        req.nodes = {{0, 150.5, 40.25}, {1, 150.5, 40.25}};
        req.edges = {{0, 1}};
        const GraphLayout l = layoutWithGraphviz(req);
        setlocale(LC_NUMERIC, saved.c_str());
        QCOMPARE(l.nodes[0].rect.width(), 150.5);
        QVERIFY(l.nodes[1].rect.top() - l.nodes[0].rect.bottom() > 20); // ranksep 44 pt, not 0.44
    }

    void layoutProperties_data()
    {
        QTest::addColumn<Workload>("workload");
        QTest::newRow("chain30") << testnets::chain(30);
        QTest::newRow("inception") << testnets::inception();
        QTest::newRow("resnet50") << modelOrFallback("resnet50",
                                                     testnets::bottleneckResNet({3, 4, 6, 3}, "resnet50"));
        for (const char *name : {"resnet18", "mobilenetv2", "vgg16"})
            if (auto z = zooModel(name))
                QTest::newRow(name) << *z;
    }

    void layoutProperties()
    {
        QFETCH(Workload, workload);
        ProjectDocument doc;
        loadWorkload(doc, workload);
        NetworkView view(&doc);
        view.resize(1200, 800);
        QVERIFY(waitForLayout(&view));
        const auto nodes = view.layerNodes();
        QCOMPARE(nodes.size(), qsizetype(workload.layers.size()));
        const QRectF sceneRect = view.scene()->sceneRect();

        // Every edge points downward: producer centre above consumer centre.
        for (const TensorEdgeItem *e : view.edgeItems()) {
            const int producer = workload.tensors[static_cast<size_t>(e->tensor())].producer;
            if (producer < 0)
                continue; // from a graph-input node, checked below
            for (LayerId c = 0; c < static_cast<LayerId>(workload.layers.size()); ++c) {
                const auto &ins = workload.layers[static_cast<size_t>(c)].inputs;
                if (std::find(ins.begin(), ins.end(), e->tensor()) == ins.end())
                    continue;
                QVERIFY2(
                    view.nodeForLayer(producer)->sceneBox().center().y() <
                        view.nodeForLayer(c)->sceneBox().center().y(),
                    qPrintable(
                        QStringLiteral("edge %1 → %2 points up")
                            .arg(QString::fromStdString(workload.layers[static_cast<size_t>(producer)].name),
                                 QString::fromStdString(workload.layers[static_cast<size_t>(c)].name))));
            }
            QVERIFY(e->tip().y() > e->start().y());
        }
        // Input nodes sit above everything they feed.
        for (const LayerNodeItem *in : view.inputNodes())
            for (const LayerNodeItem *n : nodes)
                if (workload.layers[static_cast<size_t>(n->content().layer)].inputs[0] ==
                    in->content().tensor)
                    QVERIFY(in->sceneBox().bottom() < n->sceneBox().top());
        // No two nodes overlap; all inside the scene rect.
        QList<LayerNodeItem *> all = nodes;
        all << view.inputNodes();
        for (qsizetype i = 0; i < all.size(); ++i) {
            QVERIFY(sceneRect.contains(all[i]->sceneBox()));
            for (qsizetype j = i + 1; j < all.size(); ++j)
                QVERIFY2(!all[i]->sceneBox().intersects(all[j]->sceneBox()),
                         qPrintable(all[i]->content().name + QStringLiteral(" overlaps ") +
                                    all[j]->content().name));
        }
        for (const TensorEdgeItem *e : view.edgeItems())
            // (a straight vertical edge has a zero-width rect, which contains() rejects: test corners)
            QVERIFY(sceneRect.contains(e->path().boundingRect().topLeft()) &&
                    sceneRect.contains(e->path().boundingRect().bottomRight()) &&
                    sceneRect.contains(e->tip()));
        // Node boxes are the sizes measured in Qt (fixedsize in Graphviz).
        for (const LayerNodeItem *n : nodes)
            QCOMPARE(n->sceneBox().size(), LayerNodeItem::measure(n->content()));
    }

    void resnet101LaysOutAndDraws()
    {
        const Workload w =
            modelOrFallback("resnet101", testnets::bottleneckResNet({3, 4, 23, 3}, "resnet101"));
        QVERIFY(w.layers.size() >= 140); // 104 convs, 33 adds, pool, gap, fc (hand count)
        ProjectDocument doc;
        loadWorkload(doc, w);
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<QWidget> editor(createNetworkView(&doc, nullptr));
        NetworkView *view = networkViewOf(editor.get());
        QVERIFY(view);
        editor->resize(1600, 1000);
        editor->show();
        QVERIFY(waitForLayout(view));
        qInfo("ResNet-101 (%zu layers): Graphviz %.0f ms, until drawn %lld ms", w.layers.size(),
              view->currentLayout().milliseconds, static_cast<long long>(timer.elapsed()));
        QCOMPARE(view->layerNodes().size(), qsizetype(w.layers.size()));
        // The whole graph, fitted, is drawn (blocks at this zoom level).
        view->fitToView();
        QImage img = editor->grab().toImage();
        QVERIFY(isNonBlank(img));
        img.save(screenshotDir() + QStringLiteral("/graph_resnet101_fit.png"));
        doc.selectLayer(w.layerIndex("layer3.5.conv2"));
        view->centerOnLayer(doc.selectedLayer());
        QTest::qWait(50); // let the properties panel lay its new rows out
        img = editor->grab().toImage();
        QCOMPARE(img.size(), QSize(1600, 1000));
        QVERIFY(isNonBlank(img));
        QVERIFY(img.save(screenshotDir() + QStringLiteral("/graph_resnet101.png")));
    }

    void zooModelsDrawCleanly_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n : {"resnet18", "mobilenetv2", "vgg16"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }

    void zooModelsDrawCleanly()
    {
        QFETCH(QString, name);
        auto w = zooModel(name.toStdString());
        if (!w)
            QSKIP("zoo not merged yet");
        ProjectDocument doc;
        loadWorkload(doc, *w);
        std::unique_ptr<QWidget> editor(createNetworkView(&doc, nullptr));
        NetworkView *view = networkViewOf(editor.get());
        editor->resize(1600, 1000);
        editor->show();
        QVERIFY(waitForLayout(view));
        QVERIFY2(view->problems().isEmpty(), qPrintable(view->problems().join(QLatin1Char('\n'))));
        doc.selectLayer(static_cast<int>(w->layers.size()) / 3);
        view->centerOnLayer(doc.selectedLayer());
        QTest::qWait(50);
        const QImage img = editor->grab().toImage();
        QVERIFY(isNonBlank(img));
        QVERIFY(img.save(screenshotDir() + QStringLiteral("/graph_") + name + QStringLiteral(".png")));
    }

    // A 32-layer decoder (546 layers) is drawn with blocks 1…31 folded into one node: block 0
    // (17 layers), the embeddings' norm … head (2 more: norm, lm_head) and the fold. A small
    // GPT-2 is not folded unless asked: then blocks 1…3 (3 × 13 layers) become one node.
    void repeatedBlocksFold()
    {
        const Workload llama = *zooModel("llama2-7b:phase=decode,kv=1024");
        ProjectDocument doc;
        loadWorkload(doc, llama);
        NetworkView view(&doc);
        view.resize(1600, 1000);
        QVERIFY(waitForLayout(&view));
        QVERIFY(view.foldsBlocks());
        QCOMPARE(view.foldNodes().size(), qsizetype(1));
        QCOMPARE(view.layerNodes().size(), qsizetype(llama.layers.size() - 31 * 17));
        const QRectF fold = view.foldNodes().front()->sceneBox();
        QVERIFY(view.nodeForLayer(llama.layerIndex("layers.0.residual2"))->sceneBox().bottom() < fold.top());
        QVERIFY(fold.bottom() < view.nodeForLayer(llama.layerIndex("norm"))->sceneBox().top());
        // Selecting a folded layer marks its fold.
        doc.selectLayer(llama.layerIndex("layers.7.attn.scores"));
        QVERIFY(view.foldNodes().front()->isHighlighted());

        ProjectDocument small;
        const Workload gpt2 = *zooModel("gpt2:layers=4,seq=64");
        loadWorkload(small, gpt2);
        NetworkView v2(&small);
        QVERIFY(waitForLayout(&v2));
        QVERIFY(!v2.foldsBlocks());
        QCOMPARE(v2.layerNodes().size(), qsizetype(gpt2.layers.size()));
        v2.setFoldBlocks(true);
        QVERIFY(waitForLayout(&v2));
        QCOMPARE(v2.foldNodes().size(), qsizetype(1));
        QCOMPARE(v2.layerNodes().size(), qsizetype(gpt2.layers.size() - 3 * 13));
    }

    void thousandLayerChain()
    {
        const Workload w = testnets::chain(1000);
        ProjectDocument doc;
        loadWorkload(doc, w);
        QElapsedTimer timer;
        timer.start();
        NetworkView view(&doc);
        view.resize(1600, 1000);
        view.show();
        // The GUI thread stays free while dot runs: the event loop keeps turning.
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
        ticker.start(5);
        QVERIFY(waitForLayout(&view, 120000));
        qInfo("1000-layer chain: Graphviz %.0f ms, until drawn %lld ms, %d GUI ticks meanwhile",
              view.currentLayout().milliseconds, static_cast<long long>(timer.elapsed()), ticks);
        QCOMPARE(view.layerNodes().size(), qsizetype(1000));
        QVERIFY(ticks > 0);
        // Painting far out (level of detail: plain blocks) and close in both work.
        view.fitToView();
        timer.restart();
        QVERIFY(isNonBlank(view.grab().toImage()));
        const qint64 farMs = timer.elapsed();
        view.centerOnLayer(500);
        timer.restart();
        QVERIFY(isNonBlank(view.grab().toImage()));
        qInfo("1000-layer chain: full repaint fitted (blocks only) %lld ms, at 90%% zoom %lld ms",
              static_cast<long long>(farMs), static_cast<long long>(timer.elapsed()));
    }

    void cancelDropsTheResult()
    {
        // Cancel right away, through the overlay's button: whether dot already runs or not,
        // its result must be dropped and the view must stay usable.
        const Workload w = testnets::chain(1000);
        ProjectDocument doc;
        loadWorkload(doc, w);
        NetworkView view(&doc);
        view.resize(1000, 700);
        view.show();
        QSignalSpy finished(&view, &NetworkView::layoutFinished);
        QSignalSpy cancelled(&view, &NetworkView::layoutCancelled);
        QVERIFY(view.isLayoutPending());
        auto *cancel = view.busyOverlay()->findChild<QPushButton *>(QStringLiteral("cancelLayoutButton"));
        QVERIFY(cancel);
        cancel->click();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!view.isLayoutPending());
        QVERIFY(!view.busyOverlay()->isVisible());
        QTest::qWait(1500); // the dot call (if it started) returns; its result must be dropped
        QCOMPARE(finished.size(), 0);
        QVERIFY(view.layerNodes().isEmpty());
        view.relayout(); // and a new layout still works
        QVERIFY(waitForLayout(&view, 120000));
        QCOMPARE(view.layerNodes().size(), qsizetype(1000));
    }

    void busyOverlayShowsOnLongLayouts()
    {
        // 3,000 layers take dot well over the overlay's 200 ms delay on any machine we know.
        ProjectDocument doc;
        loadWorkload(doc, testnets::chain(3000));
        NetworkView view(&doc);
        view.resize(1000, 700);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.busyOverlay()->isVisible() || !view.isLayoutPending(), 5000);
        if (!view.isLayoutPending())
            QSKIP("the layout finished before the overlay was due");
        QVERIFY(view.busyOverlay()->isVisible());
        QVERIFY(waitForLayout(&view, 120000));
        QVERIFY(!view.busyOverlay()->isVisible());
        qInfo("3000-layer chain: Graphviz %.0f ms", view.currentLayout().milliseconds);
    }

    void burstOfChangesLaysOutOnce()
    {
        ProjectDocument doc;
        loadWorkload(doc, testnets::chain(5));
        NetworkView view(&doc);
        QVERIFY(waitForLayout(&view));
        QSignalSpy finished(&view, &NetworkView::layoutFinished);
        for (int i = 6; i <= 10; ++i)
            loadWorkload(doc, testnets::chain(i));
        QVERIFY(waitForLayout(&view));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1); // the four stale results were dropped
        QCOMPARE(view.layerNodes().size(), qsizetype(10));
    }
};

QTEST_MAIN(TestGraphLayout)
#include "tst_gui_graph_layout.moc"
