// SPDX-License-Identifier: GPL-3.0-or-later
// Workload graph basics: topological order, validation messages name the culprit.
#include "workload/workload.h"

#include <QTest>

using namespace fuselab;

namespace {
// in -> conv a (3x3, pad 1) -> conv b (1x1) ; helper to make a tiny valid chain.
Workload chain()
{
    Workload w;
    w.name = "chain";
    const TensorId in = w.addTensor({"in", 1, 8, 16, 16, 8, kNone});
    const TensorId t1 = w.addTensor({"t1", 1, 16, 16, 16, 8, kNone});
    const TensorId t2 = w.addTensor({"t2", 1, 4, 16, 16, 8, kNone});
    Layer a;
    a.name = "a";
    a.dims = {1, 16, 8, 16, 16, 3, 3};
    a.iy = a.ix = 16;
    a.padTop = a.padLeft = a.padBottom = a.padRight = 1;
    a.hasWeights = true;
    a.inputs = {in};
    a.output = t1;
    w.addLayer(a);
    Layer b = a;
    b.name = "b";
    b.dims = {1, 4, 16, 16, 16, 1, 1};
    b.padTop = b.padLeft = b.padBottom = b.padRight = 0;
    b.inputs = {t1};
    b.output = t2;
    w.addLayer(b);
    return w;
}

bool anyContains(const std::vector<std::string> &errors, const std::string &needle)
{
    for (const auto &e : errors)
        if (e.find(needle) != std::string::npos)
            return true;
    return false;
}
} // namespace

class TestWorkloadGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validChain()
    {
        const Workload w = chain();
        QVERIFY(w.validate().empty());
        QCOMPARE(w.topologicalOrder(), (std::vector<LayerId>{0, 1}));
        // 16·8·16·16·3·3 + 4·16·16·16·1·1 by hand
        QCOMPARE(w.totalMacs(), int64_t(16 * 8 * 16 * 16 * 9 + 4 * 16 * 16 * 16));
        QCOMPARE(w.graphInputs(), (std::vector<TensorId>{0}));
        QCOMPARE(w.graphOutputs(), (std::vector<TensorId>{2}));
    }
    void cycleIsNamed()
    {
        Workload w = chain();
        w.layers[0].inputs = {2};  // a reads b's output: a cycle
        w.tensors[2].c = 8;        // keep shapes consistent so only the cycle is wrong
        w.layers[1].dims.k = 8;
        w.layers[0].dims.c = 8;
        const auto errors = w.validate();
        QVERIFY(anyContains(errors, "cycle"));
        QVERIFY(anyContains(errors, "a"));
        QVERIFY(w.topologicalOrder().empty());
    }
    void danglingTensorIsNamed()
    {
        Workload w = chain();
        w.layers[1].inputs = {7};
        QVERIFY(anyContains(w.validate(), "layer 'b': input refers to tensor #7"));
    }
    void shapeMismatchIsNamed()
    {
        Workload w = chain();
        w.layers[1].dims.c = 15;
        QVERIFY(anyContains(w.validate(), "layer 'b'"));
    }
    void zeroDimensionIsNamed()
    {
        Workload w = chain();
        w.layers[0].dims.k = 0;
        QVERIFY(anyContains(w.validate(), "layer 'a': a loop dimension is zero or negative"));
    }
    void wrongOutputSizeIsNamed()
    {
        Workload w = chain();
        w.layers[0].padTop = 0;  // 16 - 3 + 1 + 0 + 1 = 15 rows, not 16
        QVERIFY(anyContains(w.validate(), "does not follow from input"));
    }
};

QTEST_GUILESS_MAIN(TestWorkloadGraph)
#include "tst_workload_graph.moc"
