// SPDX-License-Identifier: GPL-3.0-or-later
// Shape propagation and structural edits of the graph editor, against hand calculations.
#include "graph_test_workloads.h"
#include "workload/shape_propagation.h"
#include "workload/workload_edits.h"

#include <QTest>

using namespace fuselab;

namespace {
bool anyContains(const std::vector<std::string> &v, const std::string &needle)
{
    for (const auto &s : v)
        if (s.find(needle) != std::string::npos)
            return true;
    return false;
}

// input 1×16×56×56 → a: conv 3×3/1 p1 → b: conv 3×3/1 p1 → pool: max 3×3/2 p1 → gap → fc 10
Workload small()
{
    Workload w;
    w.name = "small";
    TensorId t = testnets::input(w, 16, 56, 56);
    t = testnets::conv(w, "a", t, 32, 3, 1, 1);
    t = testnets::conv(w, "b", t, 64, 3, 1, 1);
    t = testnets::pool(w, "pool", t, OpType::MaxPool, 3, 2, 1);
    t = testnets::pool(w, "gap", t, OpType::GlobalAvgPool, 1, 1, 0);
    testnets::fc(w, "fc", t, 10);
    return w;
}
} // namespace

class TestShapePropagation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureIsValid()
    {
        QVERIFY(small().validate().empty());
        QVERIFY(testnets::bottleneckResNet({3, 4, 23, 3}, "r101").validate().empty());
        QVERIFY(testnets::inception().validate().empty());
    }

    void strideChangePropagatesDownstream()
    {
        Workload w = small();
        w.layers[0].strideY = w.layers[0].strideX = 2;
        QVERIFY(propagateShapes(w, {0}).empty());
        // a: floor((56 + 2 − 3) / 2) + 1 = 28
        QCOMPARE(w.layers[0].dims.oy, int64_t(28));
        QCOMPARE(w.tensors[1].h, int64_t(28));
        // b: 3×3/1 p1 keeps 28; pool 3×3/2 p1: floor((28 + 2 − 3) / 2) + 1 = 14
        QCOMPARE(w.layers[1].iy, int64_t(28));
        QCOMPARE(w.layers[1].dims.ox, int64_t(28));
        QCOMPARE(w.layers[2].dims.oy, int64_t(14));
        // gap: window becomes the whole 14×14 map, output 1×1; fc still reads 64 features
        QCOMPARE(w.layers[3].dims.fy, int64_t(14));
        QCOMPARE(w.layers[3].dims.oy, int64_t(1));
        QCOMPARE(w.layers[4].dims.c, int64_t(64));
        QVERIFY(w.validate().empty());
    }

    void channelChangePropagatesAndSeedKeepsItsC()
    {
        Workload w = small();
        w.layers[0].dims.k = 48; // a now makes 48 channels
        QVERIFY(propagateShapes(w, {0}).empty());
        QCOMPARE(w.tensors[1].c, int64_t(48));
        QCOMPARE(w.layers[1].dims.c, int64_t(48)); // b follows its input
        QCOMPARE(w.layers[1].macs(), int64_t(64) * 48 * 56 * 56 * 9);
        QVERIFY(w.validate().empty());

        Workload bad = small();
        bad.layers[1].dims.c = 20; // the user types a C that does not match a's 32 channels
        propagateShapes(bad, {1});
        QCOMPARE(bad.layers[1].dims.c, int64_t(20)); // kept, so validation can name it
        QVERIFY(anyContains(bad.validate(), "layer 'b'"));
    }

    void kernelAndPaddingChange()
    {
        Workload w = small();
        w.layers[1].dims.fy = w.layers[1].dims.fx = 5;
        w.layers[1].padTop = w.layers[1].padLeft = 0;
        w.layers[1].padBottom = w.layers[1].padRight = 0;
        propagateShapes(w, {1});
        // b: 56 − 5 + 1 = 52; pool: floor((52 + 2 − 3) / 2) + 1 = 26
        QCOMPARE(w.layers[1].dims.oy, int64_t(52));
        QCOMPARE(w.layers[2].dims.ox, int64_t(26));
        QCOMPARE(w.layers[1].macs(), int64_t(64) * 32 * 52 * 52 * 25);
        QVERIFY(w.validate().empty());
    }

    void precisionChangesTensorBits()
    {
        Workload w = small();
        w.layers[0].precision.o = 16;
        propagateShapes(w, {0});
        QCOMPARE(w.tensors[1].bits, 16);
        QCOMPARE(w.tensors[1].bytes(), int64_t(32) * 56 * 56 * 2);
    }

    void tooSmallInputIsReported()
    {
        Workload w = small();
        w.layers[0].dims.fy = w.layers[0].dims.fx = 61; // 56 + 2 − 61 < 0
        const auto problems = propagateShapes(w, {0});
        QVERIFY(anyContains(problems, "layer 'a'"));
        QVERIFY(!w.validate().empty());
    }

    void depthwiseFollowsChannels()
    {
        Workload w;
        TensorId t = testnets::input(w, 8, 16, 16);
        t = testnets::conv(w, "pw", t, 32, 1, 1, 0);
        testnets::conv(w, "dw", t, 32, 3, 1, 1, 32);
        QVERIFY(w.validate().empty());
        w.layers[0].dims.k = 48;
        propagateShapes(w, {0});
        QCOMPARE(w.layers[1].groups, 48);
        QCOMPARE(w.layers[1].dims.k, int64_t(48));
        // depthwise MACs: K · (C/groups) · OY · OX · FY · FX = 48 · 1 · 16 · 16 · 9
        QCOMPARE(w.layers[1].macs(), int64_t(48 * 16 * 16 * 9));
        QVERIFY(w.validate().empty());
    }

    void concatSumsChannels()
    {
        Workload w = testnets::inception();
        const int b3 = w.layerIndex("mix0.b3x3");
        w.layers[static_cast<size_t>(b3)].dims.k = 40; // 16 + 40 + 8 + 8 = 72
        propagateShapes(w, {b3});
        const Layer &cat = w.layers[static_cast<size_t>(w.layerIndex("mix0.concat"))];
        QCOMPARE(cat.dims.c, int64_t(72));
        QCOMPARE(w.tensors[static_cast<size_t>(cat.output)].c, int64_t(72));
        QCOMPARE(w.layers[static_cast<size_t>(w.layerIndex("mix1.b1x1"))].dims.c, int64_t(72));
        QVERIFY(w.validate().empty());
        QVERIFY(shapeProblems(w).empty());
    }

    void addMismatchIsAShapeProblem()
    {
        Workload w = testnets::bottleneckResNet({1, 1, 1, 1}, "r");
        const int c3 = w.layerIndex("layer1.0.conv3");
        w.layers[static_cast<size_t>(c3)].dims.k = 128; // the add's other branch has 256
        propagateShapes(w, {c3});
        QVERIFY(anyContains(shapeProblems(w), "layer 'layer1.0.add'"));
    }

    void insertAfterKeepsShapesAndIds()
    {
        Workload w = small();
        const Layer proto = defaultLayerAfter(w, 0);
        QCOMPARE(proto.dims.c, int64_t(32));
        QCOMPARE(proto.dims.k, int64_t(32));
        const LayerId id = insertLayerAfter(w, 0, proto);
        QCOMPARE(id, 1);
        QCOMPARE(static_cast<int>(w.layers.size()), 6);
        QCOMPARE(w.layers[1].inputs, std::vector<TensorId>{w.layers[0].output});
        QCOMPARE(w.layers[2].name, std::string("b"));
        QCOMPARE(w.layers[2].inputs, std::vector<TensorId>{w.layers[1].output});
        for (LayerId l = 0; l < 6; ++l)
            QCOMPARE(w.tensors[static_cast<size_t>(w.layers[static_cast<size_t>(l)].output)].producer, l);
        QVERIFY(w.validate().empty());
    }

    void removeReconnectsConsumers()
    {
        Workload w = small();
        QVERIFY(removeLayer(w, 1)); // drop b: pool now reads a's 32-channel output
        QCOMPARE(static_cast<int>(w.layers.size()), 4);
        QCOMPARE(static_cast<int>(w.tensors.size()), 5); // b's output is gone
        QCOMPARE(w.layers[1].name, std::string("pool"));
        QCOMPARE(w.layers[1].inputs, std::vector<TensorId>{w.layers[0].output});
        QCOMPARE(w.layers[1].dims.c, int64_t(32));
        QCOMPARE(w.layers[3].dims.c, int64_t(32)); // fc: 32 features after the gap
        QVERIFY(w.validate().empty());
        for (LayerId l = 0; l < 4; ++l)
            QCOMPARE(w.tensors[static_cast<size_t>(w.layers[static_cast<size_t>(l)].output)].producer, l);
    }

    void removeFirstLayerDropsUnusedInput()
    {
        Workload w = small();
        QVERIFY(removeLayer(w, 0));
        // b now reads the 16-channel graph input directly
        QCOMPARE(w.layers[0].name, std::string("b"));
        QCOMPARE(w.tensors[static_cast<size_t>(w.layers[0].inputs[0])].name, std::string("input"));
        QCOMPARE(w.layers[0].dims.c, int64_t(16));
        QVERIFY(w.validate().empty());
        QVERIFY(!removeLayer(w, 99));
    }

    void connectAddsOperand()
    {
        Workload w = testnets::bottleneckResNet({1, 1, 1, 1}, "r");
        const int add = w.layerIndex("layer2.0.add");
        const TensorId skip = w.layers[static_cast<size_t>(add)].inputs[1];
        QVERIFY(disconnectInput(w, add, 1));
        QCOMPARE(w.layers[static_cast<size_t>(add)].inputs.size(), size_t(1));
        QVERIFY(!disconnectInput(w, add, 0)); // never the last input
        QVERIFY(connectInput(w, add, 1, skip));
        QCOMPARE(w.layers[static_cast<size_t>(add)].inputs[1], skip);
        QVERIFY(w.validate().empty());
        QVERIFY(!connectInput(w, add, 5, skip));
        QVERIFY(!connectInput(w, add, 0, 9999));
    }
};

QTEST_GUILESS_MAIN(TestShapePropagation)
#include "tst_shape_propagation.moc"
