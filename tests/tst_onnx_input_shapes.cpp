// SPDX-License-Identifier: GPL-3.0-or-later
// What the app's Import ONNX asks (issue 13): the model's inputs with their symbolic
// dimensions read without importing (onnxInputs), the sizes proposed for them
// (proposedInputShapes: batch 1, sequence 128, spatial 224), and the shapes an import used
// (Workload::inputShapes). Models are built here with the ONNX protobuf API.
#include "io/input_shapes.h"
#include "io/onnx_import.h"
#include "onnx_model_builder.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fuselab;
namespace to = fuselab::testonnx;

namespace {
InputDim sym(const std::string &s) { return {InputDim::kSymbolicDim, s}; }
InputDim fixed(int64_t v) { return {v, {}}; }
} // namespace

class TestOnnxInputShapes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void proposalsByName_data()
    {
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("rank");
        QTest::addColumn<qint64>("expected");
        // Names decide, wherever the dimension stands.
        QTest::newRow("N") << "N" << 0 << 4 << qint64(1);
        QTest::newRow("batch_size") << "batch_size" << 0 << 2 << qint64(1);
        QTest::newRow("Batch at 2") << "Batch" << 2 << 4 << qint64(1);
        QTest::newRow("seq_len") << "seq_len" << 1 << 2 << qint64(128);
        QTest::newRow("sequence") << "sequence" << 1 << 3 << qint64(128);
        QTest::newRow("time at 0") << "time" << 0 << 3 << qint64(128);
        QTest::newRow("height") << "height" << 2 << 4 << qint64(224);
        QTest::newRow("input_width") << "input_width" << 3 << 4 << qint64(224);
        QTest::newRow("H") << "H" << 2 << 4 << qint64(224);
        // Unknown or unnamed symbols go by position.
        QTest::newRow("unk first") << "unk__612" << 0 << 4 << qint64(1);
        QTest::newRow("unnamed rank-4 row") << "" << 2 << 4 << qint64(224);
        QTest::newRow("unnamed rank-4 col") << "" << 3 << 4 << qint64(224);
        QTest::newRow("unnamed rank-2 second") << "" << 1 << 2 << qint64(128);
        QTest::newRow("unnamed rank-3 second") << "dyn" << 1 << 3 << qint64(128);
        QTest::newRow("unnamed rank-3 last") << "dyn" << 2 << 3 << qint64(1);
        QTest::newRow("unnamed rank-4 channels") << "" << 1 << 4 << qint64(1);
    }
    void proposalsByName()
    {
        QFETCH(QString, symbol);
        QFETCH(int, position);
        QFETCH(int, rank);
        QFETCH(qint64, expected);
        QCOMPARE(proposedDimension(symbol.toStdString(), static_cast<size_t>(position), static_cast<size_t>(rank)),
                 int64_t{expected});
    }

    void proposedShapesKeepStatedSizesAndSkipFixedInputs()
    {
        const std::vector<ModelInput> inputs = {
            {"pixel_values", {sym("batch"), fixed(3), sym("height"), sym("width")}},
            {"input_ids", {sym("batch"), sym("sequence")}},
            {"state", {fixed(2), fixed(1), fixed(64)}}, // nothing to ask
            {"sr", {}},                                 // a scalar
        };
        QVERIFY(inputs[0].hasSymbolicDims());
        QVERIFY(!inputs[2].hasSymbolicDims());
        const InputShapes p = proposedInputShapes(inputs);
        QCOMPARE(p.size(), size_t{2});
        QVERIFY((p.at("pixel_values") == std::vector<int64_t>{1, 3, 224, 224}));
        QVERIFY((p.at("input_ids") == std::vector<int64_t>{1, 128}));
        QVERIFY(proposedInputShapes({inputs[2], inputs[3]}).empty());
    }

    void onnxInputsReadsTheFileAsStated()
    {
        QTemporaryDir dir;
        auto m = to::model(13, "two_inputs");
        auto &g = *m.mutable_graph();
        to::input(g, "x", {-1, 4, -1}, {"N", "T"});
        to::input(g, "y", {1, 4, 8});
        to::initializer(g, "w", {4, 4});
        // An initializer also listed as a graph input (old exporters) is not an input to ask.
        to::input(g, "w", {4, 4});
        to::node(g, "Add", "add", {"x", "y"}, {"s"});
        to::output(g, "s");
        const std::string path = dir.filePath(QStringLiteral("m.onnx")).toStdString();
        QVERIFY(to::save(to::serialize(m), path));
        const auto inputs = onnxInputs(path);
        QCOMPARE(inputs.size(), size_t{2});
        QCOMPARE(inputs[0].name, std::string("x"));
        QVERIFY((inputs[0].dims == std::vector<InputDim>{sym("N"), fixed(4), sym("T")}));
        QCOMPARE(inputs[1].name, std::string("y"));
        QVERIFY(!inputs[1].hasSymbolicDims());
        // Proposed: N → 1, T at position 2 of rank 3 → 128 (a sequence by name).
        QVERIFY((proposedInputShapes(inputs).at("x") == std::vector<int64_t>{1, 4, 128}));

        // Imported at the given shape, the workload records it; y (all fixed) is not recorded.
        const Workload w = importOnnx(path, {}, {{"x", {1, 4, 8}}});
        QCOMPARE(w.inputShapes.size(), size_t{1});
        QVERIFY((w.inputShapes.at("x") == std::vector<int64_t>{1, 4, 8}));
        // Not a model: the error names the file.
        const std::string bad = dir.filePath(QStringLiteral("bad.onnx")).toStdString();
        QVERIFY(to::save("not a model at all", bad));
        try {
            onnxInputs(bad);
            QFAIL("a text file was read as a model");
        } catch (const InputError &e) {
            QVERIFY2(std::string(e.what()).find("bad.onnx") != std::string::npos, e.what());
        }
    }

    void batchFixRecordedAsUsed()
    {
        // Only the batch is symbolic: the importer sets it to 1 and records the shape used.
        QTemporaryDir dir;
        auto m = to::model(13, "batch_only");
        auto &g = *m.mutable_graph();
        to::input(g, "img", {-1, 3, 8, 8}, {"N"});
        to::conv(g, "conv", "img", "out", 3, 4, 3, 1, 1);
        to::output(g, "out");
        const std::string path = dir.filePath(QStringLiteral("b.onnx")).toStdString();
        QVERIFY(to::save(to::serialize(m), path));
        const Workload w = importOnnx(path);
        QVERIFY((w.inputShapes.at("img") == std::vector<int64_t>{1, 3, 8, 8}));
    }
};

QTEST_MAIN(TestOnnxInputShapes)
#include "tst_onnx_input_shapes.moc"
