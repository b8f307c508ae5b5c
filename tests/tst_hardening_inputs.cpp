// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 16 ("hardening, round 2"), the input side: special files and size caps in every
// loader (5), hardware values that overflow a schedule and unreachable blocks (3), bounded
// counts (10), names a writer cannot encode (9), and ONNX subgraphs / model-local functions
// (2). Each case is a red-team input of FUZZING.md; each must end in an InputError naming the
// file (and the field), never a crash, a hang or a silently wrong schedule.
#include "hardware/hardware_limits.h"
#include "io/hardware_yaml.h"
#include "io/json_text.h"
#include "io/onnx_import.h"
#include "io/onnx_wire.h"
#include "io/workload_loader.h"
#include "fuzz/onnx_structure_generator.h"
#include "onnx_model_builder.h"
#include "plan/plan_generators.h"
#include "plan/plan_yaml.h"
#include "plan/stream_mapping.h"
#include "project/project_file.h"
#include "schedule/schedule.h"
#include "search/sweep.h"
#include "util/error.h"
#include "util/input_file.h"
#include "util/name_text.h"
#include "util/output_file.h"
#include "workload/zoo.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace fuselab;
namespace onnxb = fuselab::testonnx;

namespace {

const std::string kTpu = std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/tpu_single_core.yaml";

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spit(const std::string &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// `text` with the first `from` replaced by `to` (the fixture must contain it).
std::string replaced(std::string text, const std::string &from, const std::string &to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        qFatal("fixture lacks '%s'", from.c_str());
    return text.replace(at, from.size(), to);
}

/// The InputError `f` throws (QFAIL when it throws nothing or something else).
InputError inputErrorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const InputError &e) {
        return e;
    } catch (const std::exception &e) {
        qFatal("expected an InputError, got: %s", e.what());
    }
    qFatal("expected an InputError, nothing was thrown");
}

bool contains(const std::string &s, const std::string &part)
{
    return s.find(part) != std::string::npos;
}

// Wire-format helpers for a model too deep for protobuf's own (recursive) serializer.
void putVarint(std::string &out, uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}
size_t varintSize(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

/// A ModelProto whose graph holds an If whose then_branch holds an If … `depth` times. Built
/// outside-in from lengths computed inside-out, so it costs O(depth).
std::string nestedIfModel(int depth)
{
    const std::string attrHead = std::string("\x0a\x0bthen_branch", 13) + std::string("\xa0\x01\x05", 3); // name, type GRAPH
    const std::string nodeHead = std::string("\x0a\x01" "c", 3) + std::string("\x22\x02" "If", 4);        // input, op_type
    std::vector<size_t> graphLen(static_cast<size_t>(depth) + 1);
    graphLen[0] = 0; // the innermost graph is empty
    std::vector<size_t> attrLen(graphLen.size()), nodeLen(graphLen.size());
    for (size_t k = 1; k <= static_cast<size_t>(depth); ++k) {
        attrLen[k] = attrHead.size() + 1 + varintSize(graphLen[k - 1]) + graphLen[k - 1];
        nodeLen[k] = nodeHead.size() + 1 + varintSize(attrLen[k]) + attrLen[k];
        graphLen[k] = 1 + varintSize(nodeLen[k]) + nodeLen[k];
    }
    std::string out;
    out += "\x08\x08"; // ir_version 8
    const std::string opset = std::string("\x0a\x00", 2) + "\x10\x0d"; // domain "", version 13
    out += "\x42";                                                      // field 8: opset_import
    putVarint(out, opset.size());
    out += opset;
    out += "\x3a"; // field 7: graph
    putVarint(out, graphLen[static_cast<size_t>(depth)]);
    for (size_t k = static_cast<size_t>(depth); k >= 1; --k) {
        out += "\x0a"; // graph.node
        putVarint(out, nodeLen[k]);
        out += nodeHead;
        out += "\x2a"; // node.attribute
        putVarint(out, attrLen[k]);
        out += attrHead;
        out += "\x32"; // attribute.g
        putVarint(out, graphLen[k - 1]);
    }
    return out;
}

/// x [1,3,8,8] -> If(c) with `thenBody` as then_branch (a Conv of the given stride) -> y.
onnx::ModelProto ifWithConv(int64_t stride)
{
    onnx::ModelProto m = onnxb::model(13);
    auto &g = *m.mutable_graph();
    onnxb::input(g, "x", {1, 3, 8, 8});
    auto *c = g.add_input();
    c->set_name("c");
    c->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::BOOL);
    onnxb::initializer(g, "w", {4, 3, 3, 3}, onnxb::Weights::Inline);
    auto &iff = onnxb::node(g, "If", "branch", {"c"}, {"y"});
    for (const char *name : {"then_branch", "else_branch"}) {
        auto *a = iff.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::GRAPH);
        auto *body = a->mutable_g();
        body->set_name(name);
        auto &conv = onnxb::node(*body, "Conv", std::string(name) + "_conv", {"x", "w"}, {std::string(name) + "_y"});
        onnxb::attr(conv, "kernel_shape", std::vector<int64_t>{3, 3});
        onnxb::attr(conv, "strides", std::vector<int64_t>{stride, stride});
        onnxb::output(*body, std::string(name) + "_y");
    }
    onnxb::output(g, "y");
    return m;
}

/// x -> F(x) with F a model-local function of domain "local"; `body` fills F.
onnx::ModelProto withFunction(const std::function<void(onnx::FunctionProto &)> &body)
{
    onnx::ModelProto m = onnxb::model(13);
    auto *local = m.add_opset_import();
    local->set_domain("local");
    local->set_version(1);
    auto &g = *m.mutable_graph();
    onnxb::input(g, "x", {1, 3, 8, 8});
    onnxb::initializer(g, "w", {4, 3, 3, 3}, onnxb::Weights::Inline);
    auto &call = onnxb::node(g, "F", "call", {"x", "w"}, {"y"});
    call.set_domain("local");
    onnxb::output(g, "y");
    onnx::FunctionProto &f = *m.add_functions();
    f.set_name("F");
    f.set_domain("local");
    f.add_input("fx");
    f.add_input("fw");
    f.add_output("fy");
    auto *op = f.add_opset_import();
    op->set_domain("");
    op->set_version(13);
    body(f);
    return m;
}

} // namespace

class TestHardeningInputs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ----------------------------------------------------------------- 5: special files
    void specialFilesRefusedByEveryLoader()
    {
        QTemporaryDir dir;
        const std::string fifo = dir.filePath(QStringLiteral("pipe.yaml")).toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const std::string folder = dir.filePath(QStringLiteral("folder.yaml")).toStdString();
        std::filesystem::create_directory(folder);
        const Workload w = *zooModel("lenet5", {});
        const Accelerator acc = loadHardware(kTpu);
        // Every loader a user can point at a file. A FIFO with no writer would block open()
        // forever (the test would time out), /dev/zero would read until memory runs out.
        const std::vector<std::pair<const char *, std::function<void(const std::string &)>>> loaders = {
            {"hardware", [](const std::string &p) { loadHardware(p); }},
            {"stream workload", [](const std::string &p) { loadWorkload(p); }},
            {"onnx", [](const std::string &p) { importOnnx(p); }},
            {"plan", [&](const std::string &p) { loadPlan(p, w, acc); }},
            {"mapping", [&](const std::string &p) { importStreamMapping(p, w, acc); }},
            {"project", [](const std::string &p) { loadProject(p); }},
            {"sweep spec", [](const std::string &p) { loadSweepSpec(p); }},
        };
        for (const auto &[name, load] : loaders) {
            for (const auto &[path, kind] : {std::pair{fifo, "FIFO"}, {std::string("/dev/zero"), "character device"},
                                             {folder, "directory"}}) {
                const std::string &p = path;
                const InputError e = inputErrorOf([&] { load(p); });
                QVERIFY2(e.file() == p, (std::string(name) + ": " + e.what()).c_str());
                QVERIFY2(contains(e.reason(), kind), (std::string(name) + ": " + e.what()).c_str());
            }
        }
    }

    void sizeCapNamesTheFileAndTheLimit()
    {
        QTemporaryDir dir;
        const std::string big = dir.filePath(QStringLiteral("big.yaml")).toStdString();
        { std::ofstream(big) << "fuselab_hardware: 1\n"; }
        // A sparse file one byte above the 64 MiB cap: refused by its size, before any read.
        QCOMPARE(::truncate(big.c_str(), (int64_t(64) << 20) + 1), 0);
        const InputError e = inputErrorOf([&] { loadHardware(big); });
        QCOMPARE(e.file(), big);
        QVERIFY2(contains(e.reason(), "above the 64 MiB limit"), e.what());
        QCOMPARE(kMaxTextInputBytes, int64_t(64) * 1024 * 1024); // the figure README.md documents
        // Exactly at the cap is still read.
        QCOMPARE(::truncate(big.c_str(), int64_t(64) << 20), 0);
        QCOMPARE(readInputFile(big, kMaxTextInputBytes, "a YAML file").size(), size_t(64) << 20);
    }

    // ----------------------------------------------------------------- 3: overflowing values
    void hardwareValuesThatOverflowAScheduleAreRefused_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        // DRAM block of tpu_single_core.yaml: "bandwidth_bytes_per_cycle: 16".
        QTest::newRow("dram bandwidth 1e-300") << "bandwidth_bytes_per_cycle: 16\n" << "bandwidth_bytes_per_cycle: 1e-300\n"
                                               << "dram 'dram': bandwidth";
        QTest::newRow("dram bandwidth denormal") << "bandwidth_bytes_per_cycle: 16\n"
                                                 << "bandwidth_bytes_per_cycle: 4.9e-324\n" << "dram 'dram': bandwidth";
        QTest::newRow("link bandwidth 1e-300") << "    bandwidth_bytes_per_cycle: 128\n    latency_cycles: 1\n"
                                               << "    bandwidth_bytes_per_cycle: 1e-300\n    latency_cycles: 1\n"
                                               << "link 'array-spm': bandwidth";
        QTest::newRow("clock 1e300") << "clock_mhz: 1000\ngrid" << "clock_mhz: 1e300\ngrid" << "clock_mhz";
        QTest::newRow("core clock 1e-300") << "    clock_mhz: 1000\n" << "    clock_mhz: 1e-300\n" << "core 'tpu': clock_mhz";
        QTest::newRow("dram ports 2^31-1") << "ports: 1\n" << "ports: 2147483647\n" << "dram.ports";
    }
    void hardwareValuesThatOverflowAScheduleAreRefused()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("hw.yaml")).toStdString();
        spit(path, replaced(slurp(kTpu), from.toStdString(), to.toStdString()));
        const InputError e = inputErrorOf([&] { loadHardware(path); });
        QCOMPARE(e.file(), path);
        QVERIFY2(contains(e.what(), expected.toStdString()), e.what());
    }

    void scheduleArithmeticIsChecked()
    {
        // An accelerator built in code (as an editor holds it before validation) with a DRAM
        // of 1e-300 bytes/cycle: 1 byte takes 1e300 cycles. The schedule must be refused,
        // not end at a wrapped negative time (the red-team run ended an event at -9.2e18).
        Accelerator acc = loadHardware(kTpu);
        acc.dram.bandwidth = 1e-300;
        QVERIFY(!acc.validate().empty());
        const Workload w = *zooModel("lenet5", {});
        const Plan plan = layerByLayerPlan(w, acc, {});
        try {
            const Schedule s = schedule(w, acc, plan, {});
            QFAIL(("scheduled with latency " + std::to_string(s.totals.latencyCycles)).c_str());
        } catch (const ScheduleError &e) {
            QVERIFY2(contains(e.what(), "DRAM transfer"), e.what());
            QVERIFY2(contains(e.what(), "64-bit"), e.what());
        }
        // Ports: refused before a 2^31-entry allocation (std::bad_alloc in the red-team run).
        acc = loadHardware(kTpu);
        acc.dram.ports = 2147483647;
        QVERIFY_THROWS_EXCEPTION(ScheduleError, schedule(w, acc, plan, {}));
        // The limits keep the worst accepted transfer far inside int64 (hand calculation:
        // 2^50 bytes / 1e-3 bytes per cycle = 1.13e18 cycles < 2^62 = 4.6e18).
        QVERIFY(double(kMaxMemoryBytes) / kMinBandwidth < double(kMaxScheduleCycles));
    }

    void unreachableDramAndCoresAreHardwareErrors()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("hw.yaml")).toStdString();
        // No link reaches the DRAM: it would "serve" megabytes via no link.
        spit(path, replaced(slurp(kTpu), "endpoints: [dram, spm, tpu]", "endpoints: [spm, tpu]"));
        InputError e = inputErrorOf([&] { loadHardware(path); });
        QVERIFY2(contains(e.what(), "dram 'dram': no link reaches it"), e.what());
        // A second core linked only to the first core's… no: to a shared memory nobody else
        // reaches: connected, but not from the DRAM.
        const std::string island = replaced(slurp(kTpu), "\nmemories:\n",
                                            "  - name: lonely\n    kind: systolic\n    rows: 4\n    cols: 4\n"
                                            "    dataflow: WS\n    mac_energy_pj: 0.2\n    place: {x: 1, y: 6, w: 1, h: 1}\n"
                                            "\nmemories:\n  island:\n    size: 1 KiB\n    operands: [I, W, O]\n"
                                            "    bandwidth_bytes_per_cycle: 8\n    energy_pj_per_byte: 1\n"
                                            "    place: {x: 3, y: 6, w: 1, h: 1}\n");
        spit(path, island + "  - name: island-link\n    endpoints: [lonely, island]\n    bandwidth_bytes_per_cycle: 8\n");
        e = inputErrorOf([&] { loadHardware(path); });
        QVERIFY2(contains(e.what(), "core 'lonely': no chain of links reaches it from the dram"), e.what());
    }

    // ----------------------------------------------------------------- 9: names
    void namesMustBeCleanUtf8()
    {
        QCOMPARE(nameTextProblem("conv1"), std::string());
        QCOMPARE(nameTextProblem("Faltung_\xc3\xbc"), std::string()); // ü
        QVERIFY(contains(nameTextProblem("bad\xff"), "not valid UTF-8 (byte 3 is 0xFF)"));
        QVERIFY(contains(nameTextProblem("a\xc0\xafz"), "not valid UTF-8")); // overlong '/'
        QVERIFY(contains(nameTextProblem("bell\x07"), "control character U+0007 at byte 4"));
        QVERIFY(contains(nameTextProblem("c1\xc2\x85"), "control character U+0085")); // NEL
        QCOMPARE(printableName("x\xff"), std::string("x\\xFF"));

        Workload w = *zooModel("lenet5", {});
        w.layers[1].name = "conv\xfe";
        bool found = false;
        for (const auto &e : w.validate())
            found = found || contains(e, "layer name 'conv\\xFE' is not valid UTF-8");
        QVERIFY(found);

        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("hw.yaml")).toStdString();
        spit(path, replaced(slurp(kTpu), "name: tpu_single_core\n", "name: \"tpu\\x1b[31m\"\n"));
        const InputError e = inputErrorOf([&] { loadHardware(path); });
        QVERIFY2(contains(e.what(), "control character U+001B"), e.what());
    }

    void onnxNamesMustBeCleanUtf8()
    {
        QTemporaryDir dir;
        onnx::ModelProto m = onnxb::model(13);
        auto &g = *m.mutable_graph();
        onnxb::input(g, "x", {1, 3, 8, 8});
        onnxb::conv(g, "conv\xff", "x", "y", 3, 4, 3, 1, 1);
        onnxb::output(g, "y");
        const std::string path = dir.filePath(QStringLiteral("bad_name.onnx")).toStdString();
        QVERIFY(onnxb::save(m, path));
        const InputError e = inputErrorOf([&] { importOnnx(path); });
        QCOMPARE(e.file(), path);
        QVERIFY2(contains(e.what(), "conv\\xFF") && contains(e.what(), "not valid UTF-8"), e.what());
    }

    void jsonWritersNeverThrowOnForeignBytes()
    {
        // A project file written by another tool may still hold such a name: the writers
        // replace the bytes instead of throwing nlohmann's type_error 316.
        const nlohmann::json j{{"name", std::string("bad\xff")}};
        QVERIFY_THROWS_EXCEPTION(nlohmann::json::type_error, (void)j.dump());
        QCOMPARE(jsonText(j), std::string("{\"name\":\"bad\xef\xbf\xbd\"}"));
    }

    void outputFilesAreWrittenAtomically()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.json")).toStdString();
        spit(path, "previous");
        // The content fails half-way: the old file stays, no temporary is left behind.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeFileAtomically(path, "JSON summary", [](std::ostream &o) {
                                     o << "{\"half\": ";
                                     throw std::runtime_error("encoder failed");
                                 }));
        QCOMPARE(slurp(path), std::string("previous"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
        writeFileAtomically(path, "JSON summary", [](std::ostream &o) { o << "{}\n"; });
        QCOMPARE(slurp(path), std::string("{}\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
        // An output file gets the usual mode (0666 less the umask), not mkstemp's 0600.
        struct stat st {};
        QCOMPARE(::stat(path.c_str(), &st), 0);
        const mode_t mask = ::umask(0);
        ::umask(mask);
        QCOMPARE(st.st_mode & 0777, 0666 & ~mask);
        // A folder that cannot take the file: InputError naming the file.
        const InputError e = inputErrorOf(
            [&] { writeFileAtomically(path + "/x", "trace", [](std::ostream &o) { o << "x"; }); });
        QCOMPARE(e.file(), path + "/x");
    }

    // ----------------------------------------------------------------- 2: ONNX structure
    void zeroStrideInsideAnIfBranch()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("if_stride0.onnx")).toStdString();
        QVERIFY(onnxb::save(ifWithConv(0), path));
        const InputError e = inputErrorOf([&] { importOnnx(path); });
        QCOMPARE(e.file(), path);
        QVERIFY2(contains(e.field(), "then_branch_conv") && contains(e.field(), "strides"), e.what());
    }

    void zeroStrideInsideAFunction()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("fn_stride0.onnx")).toStdString();
        QVERIFY(onnxb::save(withFunction([](onnx::FunctionProto &f) {
                                auto *n = f.add_node();
                                n->set_op_type("Conv");
                                n->set_name("inner");
                                n->add_input("fx");
                                n->add_input("fw");
                                n->add_output("fy");
                                onnxb::attr(*n, "kernel_shape", std::vector<int64_t>{3, 3});
                                onnxb::attr(*n, "strides", std::vector<int64_t>{0, 1});
                            }),
                            path));
        const InputError e = inputErrorOf([&] { importOnnx(path); });
        QVERIFY2(contains(e.field(), "function 'F'") && contains(e.field(), "strides"), e.what());
    }

    void selfRecursiveFunction()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("fn_recursive.onnx")).toStdString();
        QVERIFY(onnxb::save(withFunction([](onnx::FunctionProto &f) {
                                auto *n = f.add_node();
                                n->set_op_type("F");
                                n->set_domain("local");
                                n->set_name("again");
                                n->add_input("fx");
                                n->add_input("fw");
                                n->add_output("fy");
                                auto *op = f.add_opset_import();
                                op->set_domain("local");
                                op->set_version(1);
                            }),
                            path));
        const InputError e = inputErrorOf([&] { importOnnx(path); });
        QCOMPARE(e.field(), std::string("function 'F'"));
        QVERIFY2(contains(e.reason(), "calls itself"), e.what());
    }

    void hundredThousandNestedIfs()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("nested_if.onnx")).toStdString();
        const std::string bytes = nestedIfModel(100000);
        QVERIFY(onnxb::save(bytes, path));
        const InputError e = inputErrorOf([&] { importOnnx(path); });
        QCOMPARE(e.file(), path);
        QVERIFY2(contains(e.reason(), "nested more than " + std::to_string(kOnnxMaxSubgraphDepth)), e.what());
        // A few levels are fine for the walker (the model then fails for its empty If
        // bodies, not for its depth).
        QVERIFY(onnxb::save(nestedIfModel(3), path));
        const InputError shallow = inputErrorOf([&] { importOnnx(path); });
        QVERIFY2(!contains(shallow.reason(), "nested more than"), shallow.what());
    }

    void generatedSubgraphsAndFunctionsNeverCrash()
    {
        // The fuzz target's generator (tests/fuzz/onnx_structure_generator.h) over pseudo-random
        // recipes: every model is imported or refused with an InputError. A crash (SIGFPE in
        // shape inference, unbounded recursion) fails the test run.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("generated.onnx")).toStdString();
        std::mt19937 rng(16);
        int refused = 0, imported = 0;
        for (int i = 0; i < 150; ++i) {
            std::string recipe(static_cast<size_t>(8 + rng() % 120), '\0');
            for (char &c : recipe)
                c = static_cast<char>(rng());
            if (i % 10 == 0)
                recipe.assign(200, static_cast<char>(1)); // Ifs all the way down: past the depth bound
            QVERIFY(onnxb::save(fuzz::OnnxStructureGenerator(recipe).model(), path));
            try {
                importOnnx(path);
                ++imported;
            } catch (const InputError &) {
                ++refused;
            }
        }
        qInfo("%d generated models refused, %d imported", refused, imported);
        QVERIFY(refused > 0);
    }
};

QTEST_GUILESS_MAIN(TestHardeningInputs)
#include "tst_hardening_inputs.moc"
