// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13, ops and robustness: a two-operand Einsum is a batched MatMul whose MACs follow
// from its equation (ellipsis and implicit output included) and whose output dims are known
// downstream (ONNX's inference gives Einsum only a rank); an If nested in an inlined branch
// becomes a main-graph If decided in a later folding round; data propagation never sees an
// untyped input. Models are built here with the ONNX protobuf API; MACs worked out by hand.
#include "io/einsum_equation.h"
#include "io/onnx_import.h"
#include "onnx_model_builder.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace fuselab;
namespace tb = fuselab::testonnx;

namespace {

std::string save(const QTemporaryDir &dir, const std::string &name, const onnx::ModelProto &m)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    if (!tb::save(tb::serialize(m), path))
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

onnx::NodeProto &einsum(onnx::GraphProto &g, const std::string &name, const std::string &equation,
                        std::initializer_list<std::string> inputs, const std::string &out)
{
    auto &n = tb::node(g, "Einsum", name, inputs, {out});
    tb::attr(n, "equation", equation);
    return n;
}

void branch(onnx::NodeProto &iff, const char *name, const onnx::GraphProto &g)
{
    auto *a = iff.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::GRAPH);
    *a->mutable_g() = g;
}

void conv(onnx::GraphProto &g, const std::string &name, const std::string &in, const std::string &wt,
          const std::string &out, int64_t f)
{
    auto &c = tb::node(g, "Conv", name, {in, wt}, {out});
    tb::attr(c, "kernel_shape", std::vector<int64_t>{f, f});
    tb::attr(c, "pads", std::vector<int64_t>{f / 2, f / 2, f / 2, f / 2});
}

/// `flag` = (dim `axis` of `value` == `equals`), a scalar bool computed from a shape: known
/// only once `value`'s shape is.
void shapeTest(onnx::GraphProto &g, const std::string &prefix, const std::string &value, int64_t axis,
               int64_t equals, const std::string &flag)
{
    tb::node(g, "Shape", prefix + "_shape", {value}, {prefix + "_s"});
    tb::int64Initializer(g, prefix + "_axis", {axis});
    tb::node(g, "Gather", prefix + "_dim", {prefix + "_s", prefix + "_axis"}, {prefix + "_d"});
    tb::int64Initializer(g, prefix + "_want", {equals});
    tb::node(g, "Equal", prefix + "_eq", {prefix + "_d", prefix + "_want"}, {prefix + "_c"});
    tb::int64Initializer(g, prefix + "_zero", {0});
    tb::node(g, "Squeeze", prefix + "_sq", {prefix + "_c", prefix + "_zero"}, {flag});
}

} // namespace

class TestOnnxEinsumIf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equationArithmetic()
    {
        std::string why;
        // Attention scores: b h i d, b h j d -> b h i j; summed d. 2·4·8·8·16 = 8,192 MACs.
        auto p = einsumProduct("bhid,bhjd->bhij", {{2, 4, 8, 16}, {2, 4, 8, 16}}, why);
        QVERIFY2(p, why.c_str());
        QVERIFY((p->output == std::vector<int64_t>{2, 4, 8, 8}));
        QCOMPARE(p->c, int64_t{16});
        QCOMPARE(p->k, int64_t{8});      // j: only the second operand's
        QCOMPARE(p->b, int64_t{2 * 4 * 8}); // b h i
        QCOMPARE(p->macs(), int64_t{2} * 4 * 8 * 8 * 16);
        // Implicit output: letters used once, alphabetically: "ij,jk" -> "ik".
        p = einsumProduct("ij,jk", {{4, 8}, {8, 2}}, why);
        QVERIFY2(p, why.c_str());
        QVERIFY((p->output == std::vector<int64_t>{4, 2}));
        QCOMPARE(p->macs(), int64_t{4 * 8 * 2});
        // Ellipsis broadcast: [3,1,6,7] and [5,7,9] → [3,5,6,9]; 3·5·6·9·7 = 5,670 MACs.
        p = einsumProduct("...ij,...jk->...ik", {{3, 1, 6, 7}, {5, 7, 9}}, why);
        QVERIFY2(p, why.c_str());
        QVERIFY((p->output == std::vector<int64_t>{3, 5, 6, 9}));
        QCOMPARE(p->macs(), int64_t{3} * 5 * 6 * 9 * 7);
        // A contracted index of two sizes, a wrong rank, three operands: refused with the reason.
        QVERIFY(!einsumProduct("ij,jk->ik", {{4, 8}, {7, 2}}, why));
        QVERIFY2(why.find("'j'") != std::string::npos, why.c_str());
        QVERIFY(!einsumProduct("ij,jk->ik", {{4, 8, 1}, {8, 2}}, why));
        QVERIFY2(why.find("rank") != std::string::npos, why.c_str());
        QVERIFY(!einsumProduct("ij,jk,kl->il", {{4, 8}, {8, 2}}, why));
        QVERIFY2(why.find("3 operands") != std::string::npos, why.c_str());
    }

    // x [3,5,6,7] (activation) · w [7,9] with "...ij,jk->...ik": 3·5·6·7·9 = 5,670 MACs. Its
    // output [3,5,6,9] feeds a MatMul by [9,4]: 3·5·6·9·4 = 3,240 MACs, which needs the
    // Einsum's output dims (inference alone leaves them unknown).
    void einsumWithEllipsisIsABatchedMatMul()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {3, 5, 6, 7});
        tb::initializer(g, "w", {7, 9});
        tb::initializer(g, "v", {9, 4});
        einsum(g, "proj", "...ij,jk->...ik", {"x", "w"}, "e");
        tb::node(g, "MatMul", "next", {"e", "v"}, {"y"});
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "einsum.onnx", m));
        const Layer &proj = layer(w, "proj");
        QVERIFY(proj.op == OpType::MatMul);
        QCOMPARE(proj.macs(), int64_t{3} * 5 * 6 * 7 * 9);
        QVERIFY(proj.hasWeights);
        QCOMPARE(w.tensors[proj.output].elements(), int64_t{3} * 5 * 6 * 9);
        QCOMPARE(layer(w, "next").macs(), int64_t{3} * 5 * 6 * 9 * 4);
        QCOMPARE(w.layers.size(), size_t{2});
        for (const auto &msg : w.warnings)
            QVERIFY2(msg.find("Einsum") == std::string::npos, msg.c_str());
    }

    // Two activations: q [2,4,8,16], k [2,4,8,16], "bhid,bhjd->bhij": 2·4·8·8·16
    // MACs (8,192), no weights; the scores then go through Softmax (an elementwise pass) over
    // 2·4·8·8 = 512 elements.
    void einsumOfTwoActivations()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "q", {2, 4, 8, 16});
        tb::input(g, "k", {2, 4, 8, 16});
        einsum(g, "scores", "bhid,bhjd->bhij", {"q", "k"}, "s");
        tb::node(g, "Softmax", "softmax", {"s"}, {"y"});
        tb::output(g, "y");
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "attn.onnx", m));
        const Layer &scores = layer(w, "scores");
        QCOMPARE(scores.macs(), int64_t{2} * 4 * 8 * 8 * 16);
        QVERIFY(!scores.hasWeights);
        QCOMPARE(scores.inputs.size(), size_t{2});
        QCOMPARE(w.tensors[layer(w, "softmax").output].elements(), int64_t{2} * 4 * 8 * 8);
    }

    void threeOperandEinsumIsNamedInAWarning()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "a", {4, 8});
        tb::input(g, "b", {8, 2});
        tb::input(g, "c", {2, 3});
        einsum(g, "chain", "ij,jk,kl->il", {"a", "b", "c"}, "y");
        tb::output(g, "y", {4, 3});
        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "chain.onnx", m));
        bool named = false;
        for (const auto &msg : w.warnings)
            named = named || (msg.find("chain") != std::string::npos && msg.find("3 operands") != std::string::npos);
        QVERIFY(named);
        QVERIFY(layer(w, "chain").op == OpType::Other);
    }

    // Outer If on (x's H == 16): true, so its then branch is inlined: conv a (3→8, 3×3) and an
    // inner If on (ta's channels == 8), which only the inlined branch computes: known in the
    // round after the inlining, true, so the inner then branch (conv b, 8→8, 3×3) is taken.
    // MACs: 8·3·9·256 + 8·8·9·256 = 55,296 + 147,456 = 202,752; two layers, no warning.
    void nestedIfIsDecidedInALaterRound()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 3, 16, 16});
        shapeTest(g, "outer", "x", 2, 16, "flag");
        tb::initializer(g, "a.w", {8, 3, 3, 3});
        tb::initializer(g, "b.w", {8, 8, 3, 3});
        tb::initializer(g, "c.w", {4, 8, 1, 1});
        tb::initializer(g, "e.w", {8, 3, 1, 1});

        onnx::GraphProto innerThen, innerElse;
        innerThen.set_name("inner_then");
        conv(innerThen, "inner_b", "ta", "b.w", "ib", 3);
        tb::output(innerThen, "ib");
        innerElse.set_name("inner_else");
        conv(innerElse, "inner_c", "ta", "c.w", "ic", 1);
        tb::output(innerElse, "ic");

        onnx::GraphProto thenG, elseG;
        thenG.set_name("then");
        conv(thenG, "then_a", "x", "a.w", "ta", 3);
        shapeTest(thenG, "inner", "ta", 1, 8, "flag2");
        auto &inner = tb::node(thenG, "If", "inner_if", {"flag2"}, {"t_out"});
        branch(inner, "then_branch", innerThen);
        branch(inner, "else_branch", innerElse);
        tb::output(thenG, "t_out");
        elseG.set_name("else");
        conv(elseG, "else_e", "x", "e.w", "eo", 1);
        tb::output(elseG, "eo");
        auto &outer = tb::node(g, "If", "outer_if", {"flag"}, {"y"});
        branch(outer, "then_branch", thenG);
        branch(outer, "else_branch", elseG);
        tb::output(g, "y");

        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "nested_if.onnx", m));
        for (const auto &msg : w.warnings)
            QVERIFY2(msg.find("If node") == std::string::npos, msg.c_str());
        QCOMPARE(w.layerIndex("else_e"), kNone);
        QCOMPARE(w.layerIndex("inner_c"), kNone);
        QCOMPARE(layer(w, "then_a").macs(), int64_t{8} * 3 * 9 * 256);
        QCOMPARE(layer(w, "inner_b").macs(), int64_t{8} * 8 * 9 * 256);
        QCOMPARE(totalMacs(w), int64_t{8} * 3 * 9 * 256 + int64_t{8} * 8 * 9 * 256);
        QCOMPARE(w.layers.size(), size_t{2});
    }

    // Exporters write "to the end" as Slice ends = INT64_MAX (Silero VAD v5's STFT splits its
    // 2·F filter outputs into real and imaginary halves that way). The bounds come from
    // Constant nodes, which folding turns into initializers; INT64_MAX must survive that
    // (held as a double it is 2^63). conv c (4→8, 1×1) on 4×4, halves [0, 4) and [4, end) of
    // its channels, their sum into conv d (4→2, 1×1): 8·4·16 + 2·4·16 = 512 + 128 MACs.
    void sliceToTheEndSurvivesFolding()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 4, 4, 4});
        tb::initializer(g, "c.w", {8, 4, 1, 1});
        tb::initializer(g, "d.w", {2, 4, 1, 1});
        conv(g, "c", "x", "c.w", "cy", 1);
        tb::int64Constant(g, "zero", {1}, {0});
        tb::int64Constant(g, "half", {1}, {4});
        tb::int64Constant(g, "end", {1}, {std::numeric_limits<int64_t>::max()});
        tb::int64Constant(g, "axis", {1}, {1});
        tb::node(g, "Slice", "real", {"cy", "zero", "half", "axis"}, {"re"});
        tb::node(g, "Slice", "imag", {"cy", "half", "end", "axis"}, {"im"});
        tb::node(g, "Add", "sum", {"re", "im"}, {"s"});
        conv(g, "d", "s", "d.w", "y", 1);
        tb::output(g, "y");

        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "slice_to_end.onnx", m));
        QCOMPARE(layer(w, "c").macs(), int64_t{8} * 4 * 16);
        QCOMPARE(layer(w, "d").macs(), int64_t{2} * 4 * 16);
    }

    // Exporters write Pad amounts as a per-axis (begin, end) table turned into ONNX's order
    // with Transpose and Reshape (Silero VAD v5's STFT). Folded, Pad's output has known dims.
    // Table rows (begin, end) per axis: H (1, 2), W (0, 3) → pads begin (0,0,1,0), end
    // (0,0,2,3): 8×8 → 11×11. conv p (4→2, 1×1) on it: 2·4·121 = 968 MACs. (Without the
    // Transpose the amounts would pad N and C instead.)
    void padAmountsThroughTransposeFold()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 4, 8, 8});
        tb::initializer(g, "p.w", {2, 4, 1, 1});
        tb::int64Constant(g, "table", {4, 2}, {0, 0, 0, 0, 1, 2, 0, 3});
        auto &t = tb::node(g, "Transpose", "turn", {"table"}, {"turned"});
        tb::attr(t, "perm", std::vector<int64_t>{1, 0});
        tb::int64Initializer(g, "flat", {-1});
        tb::node(g, "Reshape", "flatten", {"turned", "flat"}, {"pads"});
        tb::node(g, "Pad", "pad", {"x", "pads"}, {"xp"});
        conv(g, "p", "xp", "p.w", "y", 1);
        tb::output(g, "y");

        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "pad_transpose.onnx", m));
        QCOMPARE(layer(w, "p").macs(), int64_t{2} * 4 * 11 * 11);
    }

    // An If decided in the same folding round as a Constant its branch reads: the constant is
    // an initializer by then, so the If is inlined at once, with no "before it is defined"
    // warning (Silero VAD v5's LSTM branch reads a Constant of the enclosing branch).
    void branchReadsAConstantFoldedInTheSameRound()
    {
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 3, 16, 16});
        tb::initializer(g, "a.w", {8, 3, 1, 1});
        tb::initializer(g, "e.w", {8, 3, 3, 3});
        auto &c = tb::node(g, "Constant", "offset", {}, {"offset"});
        tb::attr(c, "value_float", 0.5f);
        shapeTest(g, "is16", "x", 2, 16, "flag");
        onnx::GraphProto thenG, elseG;
        thenG.set_name("then");
        tb::node(thenG, "Add", "shift", {"x", "offset"}, {"xs"});
        conv(thenG, "then_a", "xs", "a.w", "ta", 1);
        tb::output(thenG, "ta");
        elseG.set_name("else");
        conv(elseG, "else_e", "x", "e.w", "eo", 3);
        tb::output(elseG, "eo");
        auto &iff = tb::node(g, "If", "choose", {"flag"}, {"y"});
        branch(iff, "then_branch", thenG);
        branch(iff, "else_branch", elseG);
        tb::output(g, "y");

        QTemporaryDir dir;
        const Workload w = importOnnx(save(dir, "if_reads_constant.onnx", m));
        for (const auto &msg : w.warnings)
            QVERIFY2(msg.find("before it is defined") == std::string::npos, msg.c_str());
        QCOMPARE(w.layerIndex("else_e"), kNone);
        QCOMPARE(layer(w, "then_a").macs(), int64_t{8} * 3 * 256);
    }

    // A custom-domain op has no schema: its output stays untyped, and a Shape of it is what
    // ONNX 1.12's data propagation dereferenced. The import goes on (the op costed as
    // elementwise, named in a warning) instead of crashing.
    void untypedValueDoesNotReachDataPropagation()
    {
        auto m = tb::model(13);
        auto *op = m.add_opset_import();
        op->set_domain("com.example");
        op->set_version(1);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 4, 8, 8});
        auto &custom = tb::node(g, "Mystery", "mystery", {"x"}, {"u"});
        custom.set_domain("com.example");
        tb::node(g, "Shape", "shape_u", {"u"}, {"su"});
        tb::node(g, "Reshape", "reshape", {"u", "su"}, {"r"});
        tb::node(g, "Relu", "relu", {"x"}, {"y"});
        tb::output(g, "y");
        tb::output(g, "r");
        QTemporaryDir dir;
        const std::string path = save(dir, "untyped.onnx", m);
        try {
            const Workload w = importOnnx(path);
            QVERIFY(w.layerIndex("relu") != kNone);
        } catch (const InputError &e) {
            // Refusing is fine too, as long as the message names the file and the value.
            const std::string msg = e.what();
            QVERIFY2(msg.find("untyped.onnx") != std::string::npos, msg.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestOnnxEinsumIf)
#include "tst_onnx_einsum_if.moc"
