// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import: the malformed files each give their own error, every prefix of a valid file
// is rejected, Stream's ResNet-18 (external data absent) and FSRCNN import with the MACs a
// hand count gives, models with weights inline / external / stripped / as graph inputs give
// the same workload, and each op maps as documented.
#include "io/onnx_import.h"
#include "io/onnx_wire.h"
#include "onnx_model_builder.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <random>

using namespace fuselab;
namespace tb = fuselab::testonnx;

Q_DECLARE_METATYPE(std::string)

namespace {

std::string malformed(const std::string &name)
{
    return std::string(FUSELAB_SOURCE_DIR) + "/tests/malformed/" + name;
}

/// The InputError message of importing `path`, or "" when it imports.
std::string importError(const std::string &path)
{
    try {
        importOnnx(path);
    } catch (const InputError &e) {
        if (e.file() != path)
            return "WRONG FILE in error: " + std::string(e.what());
        return e.what();
    }
    return "";
}

int count(const Workload &w, OpType op)
{
    int n = 0;
    for (const auto &l : w.layers)
        n += l.op == op ? 1 : 0;
    return n;
}

const Layer &layer(const Workload &w, const std::string &name)
{
    const int i = w.layerIndex(name);
    if (i == kNone)
        qFatal("no layer %s", name.c_str());
    return w.layers[i];
}

/// input [1,256,28,28] → a 3×3 conv 256→512 + BN + ReLU → 3×3 conv 512→512 + ReLU → 3×3
/// conv 512→256 → global pool → flatten → FC 256→10. Weights: 1 179 648 + 2 359 296 +
/// 1 179 648 + 2 560 floats plus biases ≈ 18.9 MB.
onnx::ModelProto weightyModel(tb::Weights mode)
{
    auto m = tb::model(13, "weighty");
    auto &g = *m.mutable_graph();
    tb::input(g, "input", {1, 256, 28, 28});
    tb::conv(g, "conv1", "input", "c1", 256, 512, 3, 1, 1, 1, mode);
    for (const char *p : {"bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"})
        tb::initializer(g, p, {512}, mode);
    tb::node(g, "BatchNormalization", "bn1", {"c1", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"}, {"b1"});
    tb::node(g, "Relu", "relu1", {"b1"}, {"r1"});
    tb::conv(g, "conv2", "r1", "c2", 512, 512, 3, 1, 1, 1, mode);
    tb::node(g, "Relu", "relu2", {"c2"}, {"r2"});
    tb::conv(g, "conv3", "r2", "c3", 512, 256, 3, 2, 1, 1, mode);
    tb::node(g, "GlobalAveragePool", "gap", {"c3"}, {"p"});
    tb::node(g, "Flatten", "flatten", {"p"}, {"f"});
    tb::initializer(g, "fc.w", {10, 256}, mode);
    tb::initializer(g, "fc.b", {10}, mode);
    auto &fc = tb::node(g, "Gemm", "fc", {"f", "fc.w", "fc.b"}, {"logits"});
    tb::attr(fc, "transB", int64_t(1));
    tb::output(g, "logits", {1, 10});
    return m;
}

/// The same model with its weights listed as graph inputs (no initializers), as IR 3
/// exporters and weight-stripping tools write it.
onnx::ModelProto weightsAsInputs()
{
    auto m = weightyModel(tb::Weights::Stripped);
    auto &g = *m.mutable_graph();
    for (const auto &t : g.initializer()) {
        auto *v = g.add_input();
        v->set_name(t.name());
        tb::setType(v, std::vector<int64_t>(t.dims().begin(), t.dims().end()));
    }
    g.clear_initializer();
    return m;
}

std::string save(const QTemporaryDir &dir, const std::string &name, const onnx::ModelProto &m)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    if (!tb::save(m, path))
        qFatal("cannot write %s", path.c_str());
    return path;
}

} // namespace

class TestOnnxImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void malformedFiles_data()
    {
        QTest::addColumn<std::string>("file");
        QTest::addColumn<std::string>("expected");
        auto row = [](const char *file, const char *expected) {
            QTest::newRow(file) << std::string(file) << std::string(expected);
        };
        row("empty.onnx", "the file is empty");
        row("text_file.onnx", "not an ONNX model");
        row("random_bytes.onnx", "not an ONNX model");
        row("truncated.onnx", "truncated: field 7 (graph)");
        row("no_graph.onnx", "the model has no graph");
        row("no_nodes.onnx", "the graph has no nodes");
        row("symbolic_spatial.onnx", "input 'input' of node 'conv0' (Conv): the shape of tensor 'input' is "
                                     "[1,3,?,?]: dimension 2 is symbolic ('height'); fix the model's symbolic "
                                     "input dimensions with --input-shape NAME=D0,D1,...");
        row("conv_channel_mismatch.onnx", "do not fit input 'input' with 3 channels");
        row("custom_op_no_shape.onnx",
            "node 'relu0' (com.example.FancyOp): cannot infer the shape of tensor 'output'");
        row("unknown_op.onnx", "(op 'Rectify' is unknown to ONNX at opset 13");
        row("opset_too_new.onnx",
            "unsupported opset: domain 'ai.onnx' version 99 is newer than this ONNX library");
        row("opset_invalid_version.onnx", "invalid opset version 0");
        row("no_opset.onnx", "unsupported opset: the model imports no opset");
        row("undeclared_domain.onnx", "unsupported opset: the node's domain 'com.bogus' is not imported");
        row("cycle.onnx", "the graph has a cycle: 'a' -> 'b' -> 'd' -> 'a'");
        row("dangling_input.onnx", "node 'relu0' (Relu): dangling input 'ghost'");
        row("duplicate_output.onnx",
            "node 'relu1' (Relu): output 'c0' is already produced by node 'conv0' (Conv)");
    }
    void malformedFiles()
    {
        QFETCH(std::string, file);
        QFETCH(std::string, expected);
        const std::string path = malformed(file);
        QVERIFY2(std::filesystem::exists(path), path.c_str());
        const std::string error = importError(path);
        QVERIFY2(error.starts_with(path + ": "), error.c_str());
        QVERIFY2(error.find(expected) != std::string::npos, error.c_str());
    }

    void everyMalformedFileIsListed()
    {
        // The README's table and the test rows cover every file in the directory.
        int files = 0;
        for (const auto &e : std::filesystem::directory_iterator(malformed("")))
            files += e.path().extension() == ".onnx" ? 1 : 0;
        QCOMPARE(files, 17);
    }

    void missingFileAndDirectory()
    {
        const std::string missing = malformed("does_not_exist.onnx");
        QVERIFY(importError(missing).find("file does not exist") != std::string::npos);
        QVERIFY(importError(malformed("")).find("is a directory") != std::string::npos);
    }

    void everyPrefixIsRejected()
    {
        // A valid model cut anywhere is an error, never a crash and never a partial import.
        QTemporaryDir dir;
        auto m = tb::model(13, "prefix");
        auto &g = *m.mutable_graph();
        tb::input(g, "input", {1, 3, 8, 8});
        tb::conv(g, "conv0", "input", "c0", 3, 4, 3, 1, 1);
        tb::node(g, "Relu", "relu0", {"c0"}, {"output"});
        tb::output(g, "output", {1, 4, 8, 8});
        const std::string full = tb::serialize(m);
        const std::string path = dir.filePath(QStringLiteral("cut.onnx")).toStdString();
        QVERIFY(tb::save(full, path));
        QCOMPARE(importError(path), std::string());
        for (size_t len = 0; len < full.size(); ++len) {
            QVERIFY(tb::save(full.substr(0, len), path));
            const std::string error = importError(path);
            QVERIFY2(!error.empty(), ("prefix of " + std::to_string(len) + " bytes imported").c_str());
        }
    }

    void corruptedBytesNeverCrash()
    {
        // Single-byte corruptions: each either imports a valid workload or is an InputError.
        QTemporaryDir dir;
        const std::string full = tb::serialize(weightyModel(tb::Weights::Stripped));
        const std::string path = dir.filePath(QStringLiteral("flip.onnx")).toStdString();
        std::mt19937 rng(7);
        int errors = 0;
        for (int i = 0; i < 300; ++i) {
            std::string bytes = full;
            bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xff);
            QVERIFY(tb::save(bytes, path));
            try {
                const Workload w = importOnnx(path);
                const auto problems = w.validate();
                QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
            } catch (const InputError &) {
                ++errors;
            }
        }
        QVERIFY(errors > 0);
    }

    void streamResnet18()
    {
        const std::string path = std::string(FUSELAB_SHARED_DIR) + "/peers/stream/workload/resnet18.onnx";
        if (!std::filesystem::exists(FUSELAB_SHARED_DIR))
            QSKIP("the shared peers directory is absent");
        // Its weights live in resnet18.external, which is not shipped: only shapes are read.
        QVERIFY(!std::filesystem::exists(std::string(FUSELAB_SHARED_DIR) +
                                         "/peers/stream/workload/resnet18.external"));
        const Workload w = importOnnx(path);
        QVERIFY(w.validate().empty());
        // 20 convs + 1 FC, a max pool, 8 residual adds, the global pool: 31 layers; the 17
        // ReLUs are folded (after conv1, after each block's first conv, after each add).
        QCOMPARE(count(w, OpType::Conv), 20);
        QCOMPARE(count(w, OpType::Gemm), 1);
        QCOMPARE(count(w, OpType::Add), 8);
        QCOMPARE(count(w, OpType::MaxPool), 1);
        QCOMPARE(count(w, OpType::GlobalAvgPool), 1);
        QCOMPARE(static_cast<int>(w.layers.size()), 31);
        int folded = 0;
        for (const auto &l : w.layers)
            folded += static_cast<int>(l.folded.size());
        QCOMPARE(folded, 17);
        // torchvision's published 1.81 G MACs.
        QVERIFY(std::abs(static_cast<double>(w.totalMacs()) - 1.81e9) / 1.81e9 < 0.02);
        // Layer by layer, the convs match the zoo's ResNet-18 (built independently in code).
        const Workload zoo = *zooModel("resnet18");
        std::vector<const Layer *> a, b;
        for (const auto &l : w.layers)
            if (l.op == OpType::Conv)
                a.push_back(&l);
        for (const auto &l : zoo.layers)
            if (l.op == OpType::Conv)
                b.push_back(&l);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY2(a[i]->dims == b[i]->dims, (a[i]->name + " vs " + b[i]->name).c_str());
            QCOMPARE(a[i]->strideY, b[i]->strideY);
            QCOMPARE(a[i]->padTop, b[i]->padTop);
            QCOMPARE(a[i]->iy, b[i]->iy);
        }
        QCOMPARE(w.totalMacs(), zoo.totalMacs());
        QCOMPARE(layer(w, "/fc/Gemm").dims.c, int64_t(512));
        QVERIFY(layer(w, "/fc/Gemm").hasWeights);
        QCOMPARE(layer(w, "/layer1/layer1.0/Add").inputs.size(), size_t(2));
    }

    void streamFsrcnn()
    {
        const std::string path = std::string(FUSELAB_SHARED_DIR) + "/peers/stream/workload/fsrcnn.onnx";
        if (!std::filesystem::exists(FUSELAB_SHARED_DIR))
            QSKIP("the shared peers directory is absent");
        const Workload w = importOnnx(path);
        QVERIFY(w.validate().empty());
        QCOMPARE(count(w, OpType::Conv), 8);
        QCOMPARE(static_cast<int>(w.layers.size()), 8);
        QCOMPARE(w.name, std::string("fsrcnn")); // the file's stem, not the graph's "torch_jit"
        // 540×960 output pixels, per pixel (K·C·FY·FX): 56·1·25 + 12·56 + 4·(12·12·9) +
        // 56·12 + 16·56·9 = 1400 + 672 + 5184 + 672 + 8064 = 15 992 → 8 290 252 800 MACs.
        QCOMPARE(w.totalMacs(), int64_t(15992) * 540 * 960);
        const Layer &first = w.layers.front();
        QCOMPARE(first.dims, (LoopDims{1, 56, 1, 540, 960, 5, 5}));
        QCOMPARE(first.padTop, 2);
    }

    void weightsInside()
    {
        QTemporaryDir dir;
        const std::string path = save(dir, "weighty.onnx", weightyModel(tb::Weights::Inline));
        QVERIFY(std::filesystem::file_size(path) > 18'000'000);
        const Workload w = importOnnx(path);
        QVERIFY(w.validate().empty());
        QCOMPARE(static_cast<int>(w.layers.size()), 5); // 3 convs, the pool, the FC
        const Layer &c1 = layer(w, "conv1");
        QCOMPARE(c1.dims, (LoopDims{1, 512, 256, 28, 28, 3, 3}));
        QCOMPARE(c1.folded, (std::vector<std::string>{"BatchNormalization", "Relu"}));
        QVERIFY(c1.hasWeights);
        QCOMPARE(c1.inputs.size(), size_t(1));
        const Layer &c3 = layer(w, "conv3");
        // stride 2, pad 1: (28 + 2 − 3) / 2 + 1 = 14
        QCOMPARE(c3.dims, (LoopDims{1, 256, 512, 14, 14, 3, 3}));
        const Layer &fc = layer(w, "fc");
        QVERIFY(fc.op == OpType::Gemm);
        QCOMPARE(fc.dims, (LoopDims{1, 10, 256, 1, 1, 1, 1}));
        QCOMPARE(fc.inputs.front(), layer(w, "gap").output); // Flatten is a view
        // MACs: 512·256·28·28·9 + 512·512·28·28·9 + 256·512·14·14·9 + 10·256
        const int64_t macs =
            int64_t(512) * 256 * 784 * 9 + int64_t(512) * 512 * 784 * 9 + int64_t(256) * 512 * 196 * 9 + 2560;
        QCOMPARE(w.totalMacs(), macs);
        // Weights (8-bit default): the conv and FC weight elements, biases not counted.
        QCOMPARE(w.totalWeightBytes(), int64_t(1179648 + 2359296 + 1179648 + 2560));
        QCOMPARE(w.tensors.at(w.graphInputs().front()).name, std::string("input"));
        QCOMPARE(w.graphInputs().size(), size_t(1)); // weights are not activation tensors
    }

    void weightsAreSkippedNotCopied()
    {
        // The ~19 MB of weights never reach the protobuf parser: what is parsed is the graph
        // structure alone (nodes, dims, names), a few KB.
        const std::string full = tb::serialize(weightyModel(tb::Weights::Inline));
        QVERIFY(full.size() > 18'000'000);
        const std::string parsed = stripOnnxPayload(full, "weighty.onnx");
        // Kept: the structure plus the payloads of at most kOnnxKeptPayloadBytes: 6 vectors of
        // 512 floats (2 KB: two biases, four BN), conv3's bias (1 KB), fc's (40 B) = 13.3 KB;
        // dropped: the 4 weight tensors (fc.w is 10 KB, the convs 4.7-9.4 MB).
        QVERIFY2(parsed.size() < 16384, std::to_string(parsed.size()).c_str());
        onnx::ModelProto reparsed;
        QVERIFY(reparsed.ParseFromString(parsed));
        QCOMPARE(reparsed.graph().initializer_size(), 12);
        for (const auto &t : reparsed.graph().initializer())
            QVERIFY2(t.dims_size() < 2 || t.raw_data().empty(), t.name().c_str());
    }

    void externalStrippedAndInputWeightsGiveTheSameWorkload()
    {
        QTemporaryDir dir;
        // Written under one name in four directories, so the workloads' names agree too.
        auto import = [&](const char *sub, const onnx::ModelProto &m) {
            QDir(dir.path()).mkdir(QString::fromLatin1(sub));
            return importOnnx(save(dir, std::string(sub) + "/model.onnx", m));
        };
        const Workload inlined = import("inline", weightyModel(tb::Weights::Inline));
        const Workload external = import("external", weightyModel(tb::Weights::External));
        const Workload stripped = import("stripped", weightyModel(tb::Weights::Stripped));
        const Workload asInputs = import("inputs", weightsAsInputs());
        QCOMPARE(inlined.name, std::string("model"));
        QVERIFY(inlined == external);
        QVERIFY(inlined == stripped);
        QVERIFY(inlined == asInputs);
    }

    void precisionAndDynamicBatch()
    {
        QTemporaryDir dir;
        auto m = tb::model(13, "dyn");
        auto &g = *m.mutable_graph();
        tb::input(g, "input", {-1, 3, 16, 16}, {"N"});
        tb::conv(g, "conv0", "input", "output", 3, 8, 3, 2, 1);
        tb::output(g, "output");
        const Precision p{4, 2, 16};
        const Workload w = importOnnx(save(dir, "dyn.onnx", m), p);
        QVERIFY(w.validate().empty());
        QCOMPARE(w.layers.front().precision, p);
        QCOMPARE(w.tensors.at(w.layers.front().output).bits, 16);
        QCOMPARE(w.tensors.at(w.graphInputs().front()).bits, 4);
        QCOMPARE(w.layers.front().dims, (LoopDims{1, 8, 3, 8, 8, 3, 3})); // batch N set to 1
        bool warned = false;
        for (const auto &msg : w.warnings)
            warned = warned || msg.find("dynamic batch dimension 'N' set to 1") != std::string::npos;
        QVERIFY(warned);
    }

    void windowAttributesOutOfRange_data()
    {
        // Each would reach a division by zero or a 64-bit overflow in ONNX's shape inference
        // (a zero Conv stride crashed libonnx with SIGFPE under fuzz_onnx).
        QTest::addColumn<std::string>("op");
        QTest::addColumn<std::string>("attribute");
        QTest::addColumn<qint64>("value");
        QTest::newRow("conv stride 0") << std::string("Conv") << std::string("strides") << qint64(0);
        QTest::newRow("conv dilation 0") << std::string("Conv") << std::string("dilations") << qint64(0);
        QTest::newRow("conv negative pad") << std::string("Conv") << std::string("pads") << qint64(-1);
        QTest::newRow("conv group 0") << std::string("Conv") << std::string("group") << qint64(0);
        QTest::newRow("pool stride 0") << std::string("MaxPool") << std::string("strides") << qint64(0);
        QTest::newRow("pool kernel 0") << std::string("AveragePool") << std::string("kernel_shape") << qint64(0);
        QTest::newRow("pool stride 2^40") << std::string("MaxPool") << std::string("strides") << (qint64(1) << 40);
        QTest::newRow("depth-to-space block 0") << std::string("DepthToSpace") << std::string("blocksize") << qint64(0);
    }
    void windowAttributesOutOfRange()
    {
        QFETCH(std::string, op);
        QFETCH(std::string, attribute);
        QFETCH(qint64, value);
        QTemporaryDir dir;
        auto m = tb::model(13, "window");
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 4, 8, 8});
        onnx::NodeProto *n = nullptr;
        if (op == "Conv") {
            tb::conv(g, "n", "x", "y", 4, 4, 3, 1, 1);
            n = g.mutable_node(g.node_size() - 1);
        } else {
            n = &tb::node(g, op, "n", {"x"}, {"y"});
            if (op == "DepthToSpace")
                tb::attr(*n, "blocksize", int64_t(2));
            else
                tb::attr(*n, "kernel_shape", std::vector<int64_t>{2, 2});
        }
        tb::output(g, "y");
        // Replace the attribute (or add it) with the bad value, in the attribute's own form.
        const std::string name = attribute;
        const bool scalar = name == "group" || name == "blocksize";
        bool replaced = false;
        for (auto &a : *n->mutable_attribute())
            if (a.name() == name) {
                if (scalar)
                    a.set_i(value);
                else
                    for (int i = 0; i < a.ints_size(); ++i)
                        a.set_ints(i, i == 0 ? value : a.ints(i));
                replaced = true;
            }
        if (!replaced) {
            const std::vector<int64_t> ints = name == "pads" ? std::vector<int64_t>{value, 0, 0, 0}
                                                             : std::vector<int64_t>{value, 1};
            if (scalar)
                tb::attr(*n, name, int64_t(value));
            else
                tb::attr(*n, name, ints);
        }
        const std::string path = save(dir, "window.onnx", m);
        const std::string error = importError(path);
        const std::string expected = "node 'n' (" + op + ") attribute '" + name + "': value " +
                                     std::to_string(value) + " is out of range";
        QVERIFY2(error.starts_with(path + ": "), error.c_str());
        QVERIFY2(error.find(expected) != std::string::npos, error.c_str());
    }

    void opMapping()
    {
        // One graph exercising each mapping rule; comments give the expected shapes.
        QTemporaryDir dir;
        auto m = tb::model(13, "ops");
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 16, 32, 32});
        // depthwise 3×3 (group 16), BN folded, Clip (ReLU6) folded → 1×16×32×32
        tb::conv(g, "dw", "x", "dw_out", 16, 16, 3, 1, 1, 16);
        for (const char *p : {"bn.s", "bn.b", "bn.m", "bn.v"})
            tb::initializer(g, p, {16});
        tb::node(g, "BatchNormalization", "bn", {"dw_out", "bn.s", "bn.b", "bn.m", "bn.v"}, {"bn_out"});
        tb::node(g, "Clip", "relu6", {"bn_out"}, {"a"});
        // max pool 3×3/2 ceil mode: ceil((32 − 3)/2) + 1 = 16 (floor would give 15)
        auto &mp = tb::node(g, "MaxPool", "pool", {"a"}, {"p"});
        tb::attr(mp, "kernel_shape", std::vector<int64_t>{3, 3});
        tb::attr(mp, "strides", std::vector<int64_t>{2, 2});
        tb::attr(mp, "ceil_mode", int64_t(1));
        // SE-style gate: sigmoid has two readers? no — its producer (the pool) has two, so the
        // Sigmoid cannot fold and becomes an Activation layer; Mul joins the two.
        tb::node(g, "Sigmoid", "gate", {"p"}, {"s"});
        tb::node(g, "Mul", "scale", {"p", "s"}, {"ps"});
        // a standalone BN (follows a Mul, nothing to fold into) → per-channel Mul layer
        for (const char *q : {"bn2.s", "bn2.b", "bn2.m", "bn2.v"})
            tb::initializer(g, q, {16});
        tb::node(g, "BatchNormalization", "bn2", {"ps", "bn2.s", "bn2.b", "bn2.m", "bn2.v"}, {"bn2_out"});
        // transposed conv 16→8, 2×2 stride 2: 16 → 32
        tb::initializer(g, "up.w", {16, 8, 2, 2});
        auto &ct = tb::node(g, "ConvTranspose", "up", {"bn2_out", "up.w"}, {"u"});
        tb::attr(ct, "strides", std::vector<int64_t>{2, 2});
        // nearest resize ×2 of the pooled map: 16 → 32
        tb::floatInitializer(g, "scales", {1.f, 1.f, 2.f, 2.f});
        auto &rs = tb::node(g, "Resize", "resize", {"p", "", "scales"}, {"r"});
        tb::attr(rs, "mode", std::string("nearest"));
        // concat on channels: 8 + 16 = 24 → LeakyRelu after a Concat stays a layer
        auto &cat = tb::node(g, "Concat", "cat", {"u", "r"}, {"cat_out"});
        tb::attr(cat, "axis", int64_t(1));
        tb::node(g, "LeakyRelu", "lrelu", {"cat_out"}, {"l"});
        // channel slice 0..8, average pool 2×2/2 → 1×8×16×16
        tb::int64Initializer(g, "starts", {0});
        tb::int64Initializer(g, "ends", {8});
        tb::int64Initializer(g, "axes", {1});
        tb::node(g, "Slice", "slice", {"l", "starts", "ends", "axes"}, {"sl"});
        auto &ap = tb::node(g, "AveragePool", "avg", {"sl"}, {"ap"});
        tb::attr(ap, "kernel_shape", std::vector<int64_t>{2, 2});
        tb::attr(ap, "strides", std::vector<int64_t>{2, 2});
        // Transpose is a known data movement (issue 13): a copy layer, not the warned fallback
        auto &tr = tb::node(g, "Transpose", "transpose", {"ap"}, {"t"});
        tb::attr(tr, "perm", std::vector<int64_t>{0, 1, 3, 2});
        // Reshape to [1, 2048] (a view), MatMul with a 2048×10 constant, bias Add folded
        tb::int64Initializer(g, "shape", {1, 2048});
        tb::node(g, "Reshape", "reshape", {"t", "shape"}, {"flat"});
        tb::initializer(g, "mm.w", {2048, 10});
        tb::node(g, "MatMul", "mm", {"flat", "mm.w"}, {"mm_out"});
        tb::initializer(g, "mm.b", {10});
        tb::node(g, "Add", "bias", {"mm_out", "mm.b"}, {"biased"});
        tb::node(g, "Softmax", "softmax", {"biased"}, {"prob"});
        tb::output(g, "prob");

        const Workload w = importOnnx(save(dir, "ops.onnx", m));
        const auto problems = w.validate();
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());

        const Layer &dw = layer(w, "dw");
        QCOMPARE(dw.groups, 16);
        QCOMPARE(dw.dims, (LoopDims{1, 16, 16, 32, 32, 3, 3}));
        QCOMPARE(dw.folded, (std::vector<std::string>{"BatchNormalization", "Clip"}));
        QCOMPARE(dw.macs(), int64_t(16) * 32 * 32 * 9);

        const Layer &pool = layer(w, "pool");
        QVERIFY(pool.op == OpType::MaxPool);
        QCOMPARE(pool.dims.oy, int64_t(16));
        QCOMPARE(pool.padBottom, 1); // the ceil-mode row reads one padded row

        QVERIFY(layer(w, "gate").op == OpType::Activation);
        const Layer &scale = layer(w, "scale");
        QVERIFY(scale.op == OpType::Mul);
        QCOMPARE(scale.inputs.size(), size_t(2));
        QVERIFY(!scale.hasWeights);

        const Layer &bn2 = layer(w, "bn2");
        QVERIFY(bn2.op == OpType::Mul);
        QVERIFY(bn2.hasWeights);

        const Layer &up = layer(w, "up");
        QVERIFY(up.op == OpType::ConvTranspose);
        QCOMPARE(up.dims, (LoopDims{1, 8, 16, 32, 32, 2, 2}));
        // Issue 13: each of the 16×16 input pixels times the 2×2 kernel, for 16 input and 8 output
        // channels: 16·16·16·8·2·2 = 131,072 — not the dense conv on the zero-upsampled input
        // (8·16·32·32·2·2, four times as many).
        QCOMPARE(up.macs(), int64_t(16) * 16 * 16 * 8 * 2 * 2);

        const Layer &resize = layer(w, "resize");
        QVERIFY(resize.op == OpType::Resize);
        QCOMPARE(resize.iy, int64_t(16));
        QCOMPARE(resize.dims.oy, int64_t(32));

        const Layer &cat_ = layer(w, "cat");
        QVERIFY(cat_.op == OpType::Concat);
        QCOMPARE(cat_.dims.k, int64_t(24));
        QCOMPARE(cat_.inputs.size(), size_t(2));
        QVERIFY(layer(w, "lrelu").op == OpType::Activation);

        const Layer &slice = layer(w, "slice");
        QVERIFY(slice.op == OpType::Slice);
        QCOMPARE(slice.dims.c, int64_t(24));
        QCOMPARE(slice.dims.k, int64_t(8));

        QVERIFY(layer(w, "avg").op == OpType::AvgPool);
        QCOMPARE(layer(w, "avg").dims.oy, int64_t(16));
        QVERIFY(layer(w, "transpose").op == OpType::Other);

        const Layer &mm = layer(w, "mm");
        QVERIFY(mm.op == OpType::MatMul);
        QCOMPARE(mm.dims, (LoopDims{1, 10, 2048, 1, 1, 1, 1}));
        QVERIFY(mm.hasWeights);
        QCOMPARE(mm.folded, (std::vector<std::string>{"Add"}));
        QVERIFY(layer(w, "softmax").op == OpType::Activation);
        QCOMPARE(w.layerIndex("reshape"), kNone); // a view, not a layer
        QCOMPARE(w.layerIndex("bias"), kNone);

        // The reshape reads the transposed 1×8×16×16 map as 1×2048: the MatMul takes it as is.
        QCOMPARE(mm.inputs.front(), layer(w, "transpose").output);

        bool otherWarned = false, bnWarned = false, foldWarned = false;
        for (const auto &msg : w.warnings) {
            otherWarned = otherWarned || msg.find("Transpose") != std::string::npos;
            bnWarned = bnWarned || msg.find("per-channel multiply (first: 'bn2')") != std::string::npos;
            foldWarned = foldWarned || msg.find("folded 3 ops") != std::string::npos;
        }
        QVERIFY(!otherWarned);
        QVERIFY(bnWarned);
        QVERIFY(foldWarned);
    }

    void reshapeIntoConvInsertsRelayout()
    {
        // input [1, 64] → Reshape [1, 4, 4, 4] → conv 3×3: the conv reads 4×4 images from a
        // tensor written as 1×64×1×1, so a Relayout copy is inserted and warned about.
        QTemporaryDir dir;
        auto m = tb::model(13, "relayout");
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 64});
        tb::initializer(g, "fc.w", {64, 64});
        tb::node(g, "MatMul", "fc", {"x", "fc.w"}, {"h"});
        tb::int64Initializer(g, "shape", {1, 4, 4, 4});
        tb::node(g, "Reshape", "reshape", {"h", "shape"}, {"img"});
        tb::conv(g, "conv", "img", "y", 4, 8, 3, 1, 1);
        tb::output(g, "y");
        const Workload w = importOnnx(save(dir, "relayout.onnx", m));
        QVERIFY(w.validate().empty());
        QCOMPARE(static_cast<int>(w.layers.size()), 3);
        const Layer &conv = layer(w, "conv");
        const Tensor &in = w.tensors.at(conv.inputs.front());
        QCOMPARE(in.shapeString(), std::string("1\u00d74\u00d74\u00d74"));
        const Layer &copy = w.layers.at(in.producer);
        QVERIFY(copy.op == OpType::Other);
        QCOMPARE(copy.sourceOp, std::string("Relayout"));
        QCOMPARE(copy.inputs.front(), layer(w, "fc").output);
    }
};

QTEST_GUILESS_MAIN(TestOnnxImport)
#include "tst_onnx_import.moc"
