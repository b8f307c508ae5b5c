// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in zoo against published figures: total MACs (within 2 %), conv+FC weight
// counts (published parameter counts include biases and batch-norm, which the zoo folds
// away, so those compare within 3 %), layer counts, precision propagation and validity.
#include "workload/zoo.h"

#include <QTest>

#include <cmath>

using namespace fuselab;

Q_DECLARE_METATYPE(std::string)

namespace {
Workload model(const std::string &name, Precision p = {})
{
    auto w = zooModel(name, p);
    if (!w)
        qFatal("zoo model %s missing", name.c_str());
    return *w;
}

int countOps(const Workload &w, bool (*pred)(const Layer &))
{
    int n = 0;
    for (const auto &l : w.layers)
        n += pred(l) ? 1 : 0;
    return n;
}

int64_t weightCount(const Workload &w)
{
    int64_t s = 0;
    for (const auto &l : w.layers)
        s += l.weightCount();
    return s;
}

double relErr(double got, double want)
{
    return std::abs(got - want) / want;
}
} // namespace

class TestZoo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesAreTheNineThenTheTransformers()
    {
        const std::vector<std::string> want{"vgg16",       "resnet18",    "resnet34", "resnet50",  "resnet101",
                                            "mobilenetv1", "mobilenetv2", "lenet5",   "mlp",       "bert-base",
                                            "vit-b16",     "gpt2",        "llama2-7b", "llama-1b"};
        QCOMPARE(zooNames(), want);
        QVERIFY(!zooModel("resnet19").has_value());
    }

    void everyModelIsValid()
    {
        for (const auto &name : zooNames()) {
            const Workload w = model(name);
            const auto errors = w.validate();
            QVERIFY2(errors.empty(), (name + ": " + (errors.empty() ? "" : errors.front())).c_str());
            QCOMPARE(w.name, name);
            QCOMPARE(w.graphInputs().size(), size_t(1));
            QCOMPARE(w.graphOutputs().size(), size_t(1));
            // Folding happened and is said once.
            int folding = 0;
            for (const auto &msg : w.warnings)
                folding += msg.find("folded") != std::string::npos ? 1 : 0;
            QCOMPARE(folding, 1);
        }
    }

    void macs_data()
    {
        QTest::addColumn<std::string>("name");
        QTest::addColumn<double>("published");
        // torchvision's model cards ("GFLOPS", which are multiply-accumulates) and the papers.
        QTest::newRow("vgg16") << std::string("vgg16") << 15.47e9;
        QTest::newRow("resnet18") << std::string("resnet18") << 1.81e9;
        QTest::newRow("resnet34") << std::string("resnet34") << 3.66e9;
        QTest::newRow("resnet50") << std::string("resnet50") << 4.09e9;
        QTest::newRow("resnet101") << std::string("resnet101") << 7.80e9;
        QTest::newRow("mobilenetv1") << std::string("mobilenetv1")
                                     << 0.569e9; // paper Table 8: 569 M mult-adds
        QTest::newRow("mobilenetv2") << std::string("mobilenetv2") << 0.300e9; // paper Table 8: 300 M
        // LeNet-5 by hand: conv1 6·1·28·28·25 = 117 600; conv2 16·6·10·10·25 = 240 000;
        // conv3 120·16·1·1·25 = 48 000; fc1 120·84 = 10 080; fc2 84·10 = 840 → 416 520.
        QTest::newRow("lenet5") << std::string("lenet5") << 416520.0;
        // MLP 784-256-256-10: 784·256 + 256·256 + 256·10 = 200 704 + 65 536 + 2 560 = 268 800.
        QTest::newRow("mlp") << std::string("mlp") << 268800.0;
    }
    void macs()
    {
        QFETCH(std::string, name);
        QFETCH(double, published);
        const double got = static_cast<double>(model(name).totalMacs());
        QVERIFY2(relErr(got, published) < 0.02, qPrintable(QStringLiteral("%1: %2 MACs vs %3")
                                                               .arg(QString::fromStdString(name))
                                                               .arg(got)
                                                               .arg(published)));
    }

    void exactSmallModels()
    {
        // The hand calculations above are exact for the two small models.
        QCOMPARE(model("lenet5").totalMacs(), int64_t(416520));
        QCOMPARE(model("mlp").totalMacs(), int64_t(268800));
        // LeNet-5 weights: 6·25 + 16·6·25 + 120·16·25 + 120·84 + 84·10 = 150 + 2 400 + 48 000 + 10 080 + 840.
        QCOMPARE(weightCount(model("lenet5")), int64_t(61470));
    }

    void params_data()
    {
        QTest::addColumn<std::string>("name");
        QTest::addColumn<double>("published");
        // torchvision's parameter counts (weights + biases + batch-norm).
        QTest::newRow("vgg16") << std::string("vgg16") << 138357544.0;
        QTest::newRow("resnet18") << std::string("resnet18") << 11689512.0;
        QTest::newRow("resnet34") << std::string("resnet34") << 21797672.0;
        QTest::newRow("resnet50") << std::string("resnet50") << 25557032.0;
        QTest::newRow("resnet101") << std::string("resnet101") << 44549160.0;
        QTest::newRow("mobilenetv1") << std::string("mobilenetv1") << 4.2e6; // paper Table 8
        QTest::newRow("mobilenetv2") << std::string("mobilenetv2") << 3504872.0;
    }
    void params()
    {
        QFETCH(std::string, name);
        QFETCH(double, published);
        const double got = static_cast<double>(weightCount(model(name)));
        QVERIFY2(relErr(got, published) < 0.03, qPrintable(QStringLiteral("%1: %2 weights vs %3")
                                                               .arg(QString::fromStdString(name))
                                                               .arg(got)
                                                               .arg(published)));
    }

    void layerCounts_data()
    {
        // MAC layers = Conv (incl. downsample 1×1 and depthwise) and Gemm; "all" adds pools,
        // residual adds and the global average pool.
        QTest::addColumn<std::string>("name");
        QTest::addColumn<int>("convs");
        QTest::addColumn<int>("fcs");
        QTest::addColumn<int>("adds");
        QTest::addColumn<int>("all");
        // VGG16: 13 conv + 3 FC + 5 max pools.
        QTest::newRow("vgg16") << std::string("vgg16") << 13 << 3 << 0 << 21;
        // ResNet-18: conv1 + 8 blocks × 2 + 3 downsamples = 20 conv; + fc, maxpool, avgpool, 8 adds.
        QTest::newRow("resnet18") << std::string("resnet18") << 20 << 1 << 8 << 31;
        // ResNet-34: 1 + 16 × 2 + 3 = 36 conv; 16 adds.
        QTest::newRow("resnet34") << std::string("resnet34") << 36 << 1 << 16 << 55;
        // ResNet-50: 1 + 16 × 3 + 4 downsamples = 53 conv; 16 adds.
        QTest::newRow("resnet50") << std::string("resnet50") << 53 << 1 << 16 << 72;
        // ResNet-101: 1 + 33 × 3 + 4 = 104 conv; 33 adds.
        QTest::newRow("resnet101") << std::string("resnet101") << 104 << 1 << 33 << 140;
        // MobileNetV1: 1 + 13 × 2 = 27 conv; + avgpool + fc.
        QTest::newRow("mobilenetv1") << std::string("mobilenetv1") << 27 << 1 << 0 << 29;
        // MobileNetV2: stem + 2 (t=1 block) + 16 × 3 + final 1×1 = 52 conv; residual adds in
        // the repeated blocks of stages n = 2, 3, 4, 3, 3 → 1 + 2 + 3 + 2 + 2 = 10.
        QTest::newRow("mobilenetv2") << std::string("mobilenetv2") << 52 << 1 << 10 << 64;
        // LeNet-5: 3 conv, 2 FC, 2 pools.
        QTest::newRow("lenet5") << std::string("lenet5") << 3 << 2 << 0 << 7;
        QTest::newRow("mlp") << std::string("mlp") << 0 << 3 << 0 << 3;
    }
    void layerCounts()
    {
        QFETCH(std::string, name);
        QFETCH(int, convs);
        QFETCH(int, fcs);
        QFETCH(int, adds);
        QFETCH(int, all);
        const Workload w = model(name);
        QCOMPARE(countOps(w, [](const Layer &l) { return l.op == OpType::Conv; }), convs);
        QCOMPARE(countOps(w, [](const Layer &l) { return l.op == OpType::Gemm; }), fcs);
        QCOMPARE(countOps(w, [](const Layer &l) { return l.op == OpType::Add; }), adds);
        QCOMPARE(static_cast<int>(w.layers.size()), all);
    }

    void resnet18Structure()
    {
        const Workload w = model("resnet18");
        // Torchvision-style names, and shapes a hand trace gives.
        const Layer &conv1 = w.layers.at(w.layerIndex("conv1"));
        QCOMPARE(conv1.dims, (LoopDims{1, 64, 3, 112, 112, 7, 7}));
        QCOMPARE(conv1.folded, (std::vector<std::string>{"BatchNormalization", "Relu"}));
        const Layer &ds = w.layers.at(w.layerIndex("layer2.0.downsample.0"));
        QCOMPARE(ds.dims, (LoopDims{1, 128, 64, 28, 28, 1, 1}));
        QCOMPARE(ds.strideY, 2);
        const Layer &add = w.layers.at(w.layerIndex("layer2.0.add"));
        QVERIFY(add.op == OpType::Add);
        QCOMPARE(add.inputs.size(), size_t(2));
        QCOMPARE(add.inputs[1], ds.output);
        QCOMPARE(add.inputs[0], w.layers.at(w.layerIndex("layer2.0.conv2")).output);
        QCOMPARE(add.folded, (std::vector<std::string>{"Relu"}));
        // Identity shortcut in layer1: the add reads the max pool's output.
        const Layer &add10 = w.layers.at(w.layerIndex("layer1.0.add"));
        QCOMPARE(add10.inputs[1], w.layers.at(w.layerIndex("maxpool")).output);
        QCOMPARE(w.layerIndex("layer1.0.downsample.0"), kNone);
        const Layer &fc = w.layers.at(w.layerIndex("fc"));
        QVERIFY(fc.op == OpType::Gemm);
        const Tensor &pooled = w.tensors.at(fc.inputs[0]);
        QCOMPARE(pooled.c, int64_t(512));
        QCOMPARE(pooled.h * pooled.w, int64_t(1));
        QCOMPARE(fc.dims.c, int64_t(512));
        QCOMPARE(fc.dims.k, int64_t(1000));
    }

    void depthwiseIsGroupedConv()
    {
        const Workload w = model("mobilenetv2");
        const Layer &dw = w.layers.at(w.layerIndex("features.2.dw"));
        // features.2: 16 → expand ×6 = 96 channels, stride 2, 112 → 56.
        QCOMPARE(dw.groups, 96);
        QCOMPARE(dw.dims, (LoopDims{1, 96, 96, 56, 56, 3, 3}));
        QCOMPARE(dw.macs(), int64_t(96) * 56 * 56 * 9);
        QCOMPARE(dw.weightCount(), int64_t(96) * 9);
    }

    void precisionPropagates()
    {
        const Precision p{4, 2, 16};
        for (const auto &name : zooNames()) {
            const Workload w = model(name, p);
            for (const auto &l : w.layers) {
                QCOMPARE(l.precision, p);
                QCOMPARE(w.tensors.at(l.output).bits, 16);
            }
            QCOMPARE(w.tensors.at(w.graphInputs().front()).bits, 4);
        }
        // Weight bytes follow the precision: ResNet-18 at 2-bit weights is a quarter of 8-bit.
        const int64_t w8 = model("resnet18").totalWeightBytes();
        const int64_t w2 = model("resnet18", p).totalWeightBytes();
        QVERIFY(std::abs(static_cast<double>(w8) / 4.0 - static_cast<double>(w2)) <= 64.0);
        QCOMPARE(model("resnet18").layers.front().precision, Precision{});
    }
};

QTEST_GUILESS_MAIN(TestZoo)
#include "tst_zoo.moc"
