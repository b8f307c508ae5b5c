// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13, "real networks in": small ONNX models written in the test with the ONNX protobuf
// API, one per pattern real exports use — symbolic dimensions fixed by --input-shape, an LSTM,
// quantized convs and matmuls, a ConvTranspose, a global pool larger than a small pooling
// memory, an elementwise op on a tensor larger than any memory. Expected MACs, weights, layer
// counts and tile cuts are worked out by hand in each test.
#include "hardware/accelerator.h"
#include "io/hardware_yaml.h"
#include "io/onnx_import.h"
#include "hardware/presets.h"
#include "io/workload_loader.h"
#include "onnx_model_builder.h"
#include "plan/plan_generators.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "util/error.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace fuselab;
namespace tb = fuselab::testonnx;

namespace {

std::string save(const QTemporaryDir &dir, const std::string &name, const onnx::ModelProto &m)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    if (!tb::save(m, path))
        qFatal("cannot write %s", path.c_str());
    return path;
}

const Layer &layer(const Workload &w, const std::string &name)
{
    const LayerId id = w.layerIndex(name);
    if (id == kNone)
        qFatal("no layer '%s'", name.c_str());
    return w.layers[id];
}

int64_t totalMacs(const Workload &w)
{
    int64_t m = 0;
    for (const auto &l : w.layers)
        m += l.macs();
    return m;
}

/// An int8 initializer (quantized weights) of the given dims.
void int8Initializer(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &dims)
{
    auto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT8);
    int64_t count = 1;
    for (int64_t d : dims) {
        t->add_dims(d);
        count *= d;
    }
    t->set_raw_data(std::string(static_cast<size_t>(count), '\1'));
}

/// A scalar initializer (a scale or zero point) of the given type.
void scalar(onnx::GraphProto &g, const std::string &name, onnx::TensorProto::DataType type)
{
    auto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(type);
    if (type == onnx::TensorProto::FLOAT)
        t->add_float_data(0.5f);
    else
        t->add_int32_data(0);
}

void setElemType(onnx::GraphProto &g, const std::string &input, onnx::TensorProto::DataType type)
{
    for (auto &v : *g.mutable_input())
        if (v.name() == input)
            v.mutable_type()->mutable_tensor_type()->set_elem_type(type);
}

/// One core of `kind` with one memory of `bytes`, a DRAM and the bus between them.
Accelerator oneCore(const std::string &kind, int64_t bytes)
{
    const std::string yaml = "fuselab_hardware: 1\nname: one_" + kind +
                             "\nclock_mhz: 1000\ncores:\n  - name: c\n    kind: " + kind +
                             "\n    lanes: 16\n    clock_mhz: 1000\n    mac_energy_pj: 0.1\n    memories:\n"
                             "      c.sram:\n        size: " +
                             std::to_string(bytes) +
                             "\n        operands: [I, W, O]\n        bandwidth_bytes_per_cycle: 16\n"
                             "        read_energy_pj_per_byte: 1\n        write_energy_pj_per_byte: 1\n"
                             "dram: {name: dram, bandwidth_bytes_per_cycle: 16, energy_pj_per_byte: 100, "
                             "latency_cycles: 10}\n"
                             "links:\n  - {name: bus, endpoints: [dram, c], bandwidth_bytes_per_cycle: 16, "
                             "latency_cycles: 1, energy_pj_per_bit: 0}\n";
    return parseNativeHardware(yaml, "one_" + kind + ".yaml");
}

/// x [N, 3, H, W] (N, H, W symbolic) → conv 3→8, 3×3, pad 1 → Relu.
onnx::ModelProto symbolicConvModel()
{
    auto m = tb::model(13);
    auto &g = *m.mutable_graph();
    tb::input(g, "x", {-1, 3, -1, -1}, {"N", "H", "W"});
    tb::conv(g, "conv", "x", "c", 3, 8, 3, 1, 1);
    tb::node(g, "Relu", "relu", {"c"}, {"y"});
    tb::output(g, "y");
    return m;
}

} // namespace

class TestOnnxNetworks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Symbolic H and W cannot be guessed: the import names the node and says what to pass;
    // --input-shape x=1,3,32,32 fixes them: conv MACs = 8·3·3·3·32·32 = 221,184.
    void symbolicDimsFixedByInputShape()
    {
        QTemporaryDir dir;
        const std::string path = save(dir, "symbolic.onnx", symbolicConvModel());
        try {
            importOnnx(path);
            QFAIL("symbolic H and W must not import silently");
        } catch (const InputError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("--input-shape") != std::string::npos, e.what());
            // the inputs as shape inference saw them (the dynamic batch already set to 1)
            QVERIFY2(what.find("'x' [1,3,H,W]") != std::string::npos, e.what());
        }
        const Workload w = importOnnx(path, {}, {{"x", {1, 3, 32, 32}}});
        QCOMPARE(w.layers.size(), size_t(1)); // the Relu folds into the conv
        const Layer &c = layer(w, "conv");
        QCOMPARE(c.dims, (LoopDims{1, 8, 3, 32, 32, 3, 3}));
        QCOMPARE(c.macs(), int64_t(8) * 3 * 3 * 3 * 32 * 32);
        // Batch 2 doubles everything.
        QCOMPARE(totalMacs(importOnnx(path, {}, {{"x", {2, 3, 32, 32}}})), int64_t(2) * 221184);
    }

    void inputShapeRefusesUnknownNamesAndWrongRanks()
    {
        QTemporaryDir dir;
        const std::string path = save(dir, "symbolic.onnx", symbolicConvModel());
        auto error = [&](const InputShapes &s) {
            try {
                importOnnx(path, {}, s);
            } catch (const InputError &e) {
                return std::string(e.what());
            }
            return std::string("no error");
        };
        const std::string unknown = error({{"image", {1, 3, 32, 32}}});
        QVERIFY2(unknown.find("no input 'image'") != std::string::npos, unknown.c_str());
        QVERIFY2(unknown.find("'x' [N,3,H,W]") != std::string::npos, unknown.c_str());
        const std::string rank = error({{"x", {1, 32, 32}}});
        QVERIFY2(rank.find("rank 4, not 3") != std::string::npos, rank.c_str());
        const std::string fixed = error({{"x", {1, 4, 32, 32}}});
        QVERIFY2(fixed.find("fixed at 3") != std::string::npos, fixed.c_str());
        // The loader refuses shapes for a built-in model.
        QVERIFY_THROWS_EXCEPTION(UsageError, loadWorkload("lenet5", {}, {{"x", {1, 1, 28, 28}}}));
        InputShapes parsed;
        parseInputShape("x=1,3,224,224", parsed);
        QCOMPARE(parsed.at("x"), (std::vector<int64_t>{1, 3, 224, 224}));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseInputShape("x=1,0,2", parsed));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseInputShape("x", parsed));
    }

    // The CLI takes --input-shape on `info` (and every command that loads a workload) and
    // exits 1 with the model's inputs when the name is wrong.
    void cliInfoTakesInputShape()
    {
        QTemporaryDir dir;
        const QString path = QString::fromStdString(save(dir, "symbolic.onnx", symbolicConvModel()));
        const QString cli = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli");
        QProcess p;
        p.start(cli, {QStringLiteral("info"), QStringLiteral("--workload"), path, QStringLiteral("--input-shape"),
                      QStringLiteral("x=1,3,32,32"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(p.readAllStandardOutput().contains("221184"));
        p.start(cli, {QStringLiteral("info"), QStringLiteral("--workload"), path, QStringLiteral("--input-shape"),
                      QStringLiteral("image=1,3,32,32")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("'x' [N,3,H,W]"));
    }

    // Shape arithmetic an exporter leaves behind: the Resize sizes are Shape(y)[2:4] cast to
    // float, doubled, cast back and concatenated after [1, 8]; the Reshape target is
    // Concat(Shape(z)[0:1], [-1]). Folded: Resize makes 1×8×32×32, the 1×1 conv after it
    // 8·4·32·32 = 32,768 MACs, the reshape [1, 4096] and the MatMul with [4096, 10] 40,960.
    void shapeArithmeticFolds()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 3, 16, 16});
        tb::conv(g, "conv", "x", "y", 3, 8, 3, 1, 1);
        tb::node(g, "Shape", "shape", {"y"}, {"s"});
        tb::int64Initializer(g, "two", {2});
        tb::int64Initializer(g, "four", {4});
        tb::int64Initializer(g, "zero", {0});
        tb::int64Initializer(g, "one", {1});
        tb::node(g, "Slice", "hw", {"s", "two", "four", "zero"}, {"hw"});
        auto &cf = tb::node(g, "Cast", "tofloat", {"hw"}, {"hwf"});
        tb::attr(cf, "to", int64_t(onnx::TensorProto::FLOAT));
        tb::floatInitializer(g, "factor", {2.f});
        tb::node(g, "Mul", "double", {"hwf", "factor"}, {"hw2f"});
        auto &ci = tb::node(g, "Cast", "toint", {"hw2f"}, {"hw2"});
        tb::attr(ci, "to", int64_t(onnx::TensorProto::INT64));
        tb::int64Initializer(g, "nc", {1, 8});
        auto &cat = tb::node(g, "Concat", "sizes", {"nc", "hw2"}, {"sizes"});
        tb::attr(cat, "axis", int64_t(0));
        auto &rs = tb::node(g, "Resize", "up", {"y", "", "", "sizes"}, {"u"});
        tb::attr(rs, "mode", std::string("nearest"));
        tb::conv(g, "head", "u", "z", 8, 4, 1, 1, 0);
        tb::node(g, "Shape", "zshape", {"z"}, {"zs"});
        tb::node(g, "Slice", "batch", {"zs", "zero", "one", "zero"}, {"b"});
        tb::int64Initializer(g, "minus1", {-1});
        auto &cat2 = tb::node(g, "Concat", "target", {"b", "minus1"}, {"target"});
        tb::attr(cat2, "axis", int64_t(0));
        tb::node(g, "Reshape", "flat", {"z", "target"}, {"f"});
        tb::initializer(g, "fc.w", {4096, 10});
        tb::node(g, "MatMul", "fc", {"f", "fc.w"}, {"out"});
        tb::output(g, "out");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "folding.onnx", m));
        QCOMPARE(layer(w, "up").dims.oy, int64_t(32));
        QCOMPARE(layer(w, "up").dims.ox, int64_t(32));
        QCOMPARE(layer(w, "head").macs(), int64_t(8) * 4 * 32 * 32);
        QCOMPARE(layer(w, "fc").macs(), int64_t(4096) * 10);
        QCOMPARE(w.layers.size(), size_t(4)); // conv, resize, head, fc: the arithmetic makes none
    }

    // If on a condition known after folding (H of the input == 16: true) takes the then
    // branch, a 3→8 3×3 conv (8·3·9·256 = 55,296 MACs), and warns nothing; on a graph input it
    // costs the costlier branch (then: two convs, else: one) and names the node.
    void ifOnAConstantAndOnAnInput_data()
    {
        QTest::addColumn<bool>("onInput");
        QTest::newRow("constant condition") << false;
        QTest::newRow("input condition") << true;
    }
    void ifOnAConstantAndOnAnInput()
    {
        QFETCH(bool, onInput);
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 3, 16, 16});
        if (onInput) {
            tb::input(g, "flag", {});
            setElemType(g, "flag", onnx::TensorProto::BOOL);
        } else {
            tb::node(g, "Shape", "shape", {"x"}, {"s"});
            tb::int64Initializer(g, "idx", {2});
            tb::node(g, "Gather", "h", {"s", "idx"}, {"h"});
            tb::int64Initializer(g, "sixteen", {16});
            tb::node(g, "Equal", "is16", {"h", "sixteen"}, {"c1"});
            tb::int64Initializer(g, "zero", {0});
            auto &sq = tb::node(g, "Squeeze", "cond", {"c1", "zero"}, {"flag"});
            (void)sq;
        }
        tb::initializer(g, "a.w", {8, 3, 3, 3});
        tb::initializer(g, "b.w", {8, 8, 3, 3});
        tb::initializer(g, "e.w", {8, 3, 1, 1});
        auto branchConv = [](onnx::GraphProto &b, const std::string &name, const std::string &in,
                             const std::string &wt, const std::string &out, int64_t f) {
            auto &c = tb::node(b, "Conv", name, {in, wt}, {out});
            tb::attr(c, "kernel_shape", std::vector<int64_t>{f, f});
            tb::attr(c, "pads", std::vector<int64_t>{f / 2, f / 2, f / 2, f / 2});
        };
        onnx::GraphProto thenG, elseG;
        thenG.set_name("then");
        elseG.set_name("else");
        branchConv(thenG, "then_a", "x", "a.w", "ta", 3);
        if (onInput)
            branchConv(thenG, "then_b", "ta", "b.w", "tb", 3);
        tb::output(thenG, onInput ? "tb" : "ta");
        branchConv(elseG, "else_e", "x", "e.w", "eo", 1);
        tb::output(elseG, "eo");
        auto &iff = tb::node(g, "If", "choose", {"flag"}, {"y"});
        auto *ta = iff.add_attribute();
        ta->set_name("then_branch");
        ta->set_type(onnx::AttributeProto::GRAPH);
        *ta->mutable_g() = thenG;
        auto *ea = iff.add_attribute();
        ea->set_name("else_branch");
        ea->set_type(onnx::AttributeProto::GRAPH);
        *ea->mutable_g() = elseG;
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "if.onnx", m));
        bool warned = false;
        for (const auto &msg : w.warnings)
            warned = warned || msg.find("If node 'choose'") != std::string::npos;
        QCOMPARE(warned, onInput);
        QCOMPARE(w.layerIndex("else_e"), kNone);
        const int64_t first = int64_t(8) * 3 * 9 * 256;
        QCOMPARE(totalMacs(w), onInput ? first + int64_t(8) * 8 * 9 * 256 : first);
        QCOMPARE(w.layers.size(), size_t(onInput ? 2 : 1));
    }

    // LSTM, seq 5, batch 1, input 16, hidden 32, one direction: per step [x_t, h] (48) times
    // the 4 gates' 4·32 = 128 columns: 5·1·128·48 = 30,720 MACs, weights W + R = 128·48.
    // Bidirectional doubles both.
    void lstmCountsItsStepMatmuls_data()
    {
        QTest::addColumn<int>("dirs");
        QTest::newRow("forward") << 1;
        QTest::newRow("bidirectional") << 2;
    }
    void lstmCountsItsStepMatmuls()
    {
        QFETCH(int, dirs);
        auto m = tb::model(14);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {5, 1, 16});
        tb::initializer(g, "W", {dirs, 128, 16});
        tb::initializer(g, "R", {dirs, 128, 32});
        auto &n = tb::node(g, "LSTM", "lstm", {"x", "W", "R"}, {"y"});
        tb::attr(n, "hidden_size", int64_t(32));
        if (dirs == 2)
            tb::attr(n, "direction", std::string("bidirectional"));
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "lstm.onnx", m));
        QCOMPARE(w.layers.size(), size_t(2)); // the gate products and the cell update
        const Layer &gates = layer(w, "lstm.gates");
        QVERIFY(gates.op == OpType::MatMul);
        QCOMPARE(gates.macs(), int64_t(dirs) * 5 * 128 * 48);
        QCOMPARE(gates.weightCount(), int64_t(dirs) * 128 * 48);
        // Y is [seq, dirs, batch, hidden]: 5·dirs·32 elements.
        const Tensor &y = w.tensors[layer(w, "lstm.cell").output];
        QCOMPARE(y.elements(), int64_t(5) * dirs * 32);
        QVERIFY(w.validate().empty());
    }

    // ConvInteger (uint8 x, int8 w) 3→4, 3×3, no padding, 8×8 → 6×6: 4·3·9·36 = 3,888 MACs
    // at 8-bit inputs and weights, 32-bit outputs; QLinearConv the same MACs, 8-bit outputs;
    // MatMulInteger [1,64]×[64,10]: 640 MACs.
    void quantizedOpsAreInt8MacLayers()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 3, 8, 8});
        setElemType(g, "x", onnx::TensorProto::UINT8);
        int8Initializer(g, "w", {4, 3, 3, 3});
        tb::node(g, "ConvInteger", "ci", {"x", "w"}, {"ci_out"});
        // QLinearConv on the same input: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp.
        scalar(g, "xs", onnx::TensorProto::FLOAT);
        scalar(g, "ys", onnx::TensorProto::FLOAT);
        scalar(g, "ws", onnx::TensorProto::FLOAT);
        auto *xz = g.add_initializer();
        xz->set_name("xz");
        xz->set_data_type(onnx::TensorProto::UINT8);
        xz->add_int32_data(0);
        auto *wz = g.add_initializer();
        wz->set_name("wz");
        wz->set_data_type(onnx::TensorProto::INT8);
        wz->add_int32_data(0);
        auto *yz = g.add_initializer();
        yz->set_name("yz");
        yz->set_data_type(onnx::TensorProto::UINT8);
        yz->add_int32_data(0);
        tb::node(g, "QLinearConv", "qc", {"x", "xs", "xz", "w", "ws", "wz", "ys", "yz"}, {"qc_out"});
        // MatMulInteger on a flattened input.
        tb::input(g, "v", {1, 64});
        setElemType(g, "v", onnx::TensorProto::UINT8);
        int8Initializer(g, "mw", {64, 10});
        tb::node(g, "MatMulInteger", "mi", {"v", "mw"}, {"mi_out"});
        tb::output(g, "ci_out");
        tb::output(g, "qc_out");
        tb::output(g, "mi_out");
        for (auto &o : *g.mutable_output()) // the Integer ops make int32, QLinearConv uint8
            o.mutable_type()->mutable_tensor_type()->set_elem_type(
                o.name() == "qc_out" ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT32);
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "quantized.onnx", m));
        QCOMPARE(w.layers.size(), size_t(3));
        const Layer &ci = layer(w, "ci");
        QVERIFY(ci.op == OpType::Conv);
        QCOMPARE(ci.macs(), int64_t(4) * 3 * 9 * 36);
        QCOMPARE(ci.precision, (Precision{8, 8, 32}));
        QVERIFY(ci.hasWeights);
        const Layer &qc = layer(w, "qc");
        QCOMPARE(qc.macs(), int64_t(3888));
        QCOMPARE(qc.precision, (Precision{8, 8, 8}));
        const Layer &mi = layer(w, "mi");
        QVERIFY(mi.op == OpType::MatMul);
        QCOMPARE(mi.macs(), int64_t(640));
        QCOMPARE(w.tensors[ci.output].bits, 32);
        for (const auto &msg : w.warnings)
            QVERIFY2(msg.find("costed as elementwise") == std::string::npos, msg.c_str());
    }

    // ConvTranspose 4→2 channels, 3×3, stride 2, pad 1, output_padding 1: 5×5 → 10×10. Each of
    // the 25 input pixels times the 3×3 kernel for 4·2 channel pairs: 25·9·8 = 1,800 MACs (the
    // dense conv on the zero-stuffed input would count 100·9·8 = 7,200). Scheduled tile by tile
    // (two-row tiles), the CNs add up to the same 1,800.
    void convTransposeCountsInputPixelsTimesKernel()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 4, 5, 5});
        tb::initializer(g, "w", {4, 2, 3, 3});
        auto &n = tb::node(g, "ConvTranspose", "up", {"x", "w"}, {"y"});
        tb::attr(n, "strides", std::vector<int64_t>{2, 2});
        tb::attr(n, "pads", std::vector<int64_t>{1, 1, 1, 1});
        tb::attr(n, "output_padding", std::vector<int64_t>{1, 1});
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "convtranspose.onnx", m));
        const Layer &up = layer(w, "up");
        QCOMPARE(up.dims.oy, int64_t(10));
        QCOMPARE(up.macs(), int64_t(25) * 9 * 8);
        const Accelerator acc = singleSystolicAccelerator(8, 8, Dataflow::WS);
        Plan p = layerByLayerPlan(w, acc);
        p.groups.front().tileRows = 2;
        const Schedule s = schedule(w, acc, p);
        QCOMPARE(s.totals.macs, int64_t(1800));
    }

    // A global average pool over 1×64×64×64 (256 KiB at 8 bits) on a pooling core with 16 KiB:
    // one row of output is the whole map, so rows cannot help; channel parts can. A part of
    // P channels holds 4096·64/P input and 64/P output bytes: P = 16 needs 16,388 > 16,384,
    // P = 32 needs 8,194 — so 32 parts, and the plan schedules and validates.
    void globalPoolLargerThanThePoolMemoryIsSplitOnChannels()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 64, 64, 64});
        tb::node(g, "GlobalAveragePool", "gap", {"x"}, {"y"});
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "gap.onnx", m));
        const Accelerator acc = oneCore("pool", 16384);
        for (const Plan &p : {layerByLayerPlan(w, acc), fusedPlan(w, acc)}) {
            const LayerSplit &s = p.splitOf(0);
            QVERIFY2(s.active(), p.name.c_str());
            QCOMPARE(s.cores.size(), size_t(32));
            const Schedule sched = schedule(w, acc, p);
            QVERIFY(validateSchedule(sched, acc).empty());
        }
        // 64 bytes cannot hold even one channel (4,096 input bytes): refused with the sizes.
        try {
            layerByLayerPlan(w, oneCore("pool", 64));
            QFAIL("a 64-byte pooling memory cannot take one 64×64 channel");
        } catch (const ScheduleError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("smallest tile") != std::string::npos, e.what());
            QVERIFY2(what.find("needs 4097 bytes") != std::string::npos, e.what()); // 4096 in + 1 out
            QVERIFY2(what.find("capacity 64 bytes") != std::string::npos, e.what());
        }
    }

    // An Add of two [1, 65536] tensors (64 KiB each at 8 bits, one row: rows cannot help) on a
    // SIMD core with 32 KiB: a part of P channels holds 3·65536/P bytes (two inputs, one output);
    // P = 4 needs 49,152, P = 8 needs 24,576 ≤ 32,768 — 8 parts.
    void elementwiseLargerThanAnyMemoryIsSplitOnChannels()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "a", {1, 65536});
        tb::input(g, "b", {1, 65536});
        tb::node(g, "Add", "add", {"a", "b"}, {"y"});
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "add.onnx", m));
        QCOMPARE(w.layers.size(), size_t(1));
        const Accelerator acc = oneCore("simd", 32768);
        const Plan p = layerByLayerPlan(w, acc);
        QCOMPARE(p.splitOf(0).cores.size(), size_t(8));
        const Schedule s = schedule(w, acc, p);
        QVERIFY(validateSchedule(s, acc).empty());
        QCOMPARE(s.totals.dramReadBytes, int64_t(2) * 65536); // every input byte read once
    }
};

QTEST_GUILESS_MAIN(TestOnnxNetworks)
#include "tst_onnx_networks.moc"
