// SPDX-License-Identifier: GPL-3.0-or-later
// Stream's workload YAML: its ResNet-18 imports, matches the ONNX export of the same network
// layer for layer (except where the YAML itself differs), and broken files name the layer.
#include "io/onnx_import.h"
#include "io/stream_workload.h"
#include "io/workload_loader.h"
#include "util/error.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <filesystem>

using namespace fuselab;

Q_DECLARE_METATYPE(std::string)

namespace {
std::string streamDir()
{
    return std::string(FUSELAB_SHARED_DIR) + "/peers/stream/workload/";
}

int count(const Workload &w, OpType op)
{
    return static_cast<int>(
        std::count_if(w.layers.begin(), w.layers.end(), [op](const Layer &l) { return l.op == op; }));
}

/// (K, C, OY, OX) of every MAC layer, sorted: the network's shape independent of order/naming.
std::vector<std::array<int64_t, 4>> macShapes(const Workload &w)
{
    std::vector<std::array<int64_t, 4>> out;
    for (const auto &l : w.layers)
        if (isMacOp(l.op))
            out.push_back({l.dims.k, l.dims.c, l.dims.oy, l.dims.ox});
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

class TestStreamWorkload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resnet18()
    {
        if (!std::filesystem::exists(FUSELAB_SHARED_DIR))
            QSKIP("the shared peers directory is absent");
        const Workload w = importStreamWorkload(streamDir() + "resnet18.yaml");
        const auto problems = w.validate();
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        QCOMPARE(w.name, std::string("resnet18"));
        // 31 entries: 18 Conv (incl. the FC, written as a 1×1 conv) + 3 Conv_downsample,
        // 8 Add, a max pool and the final 7×7 average pool.
        QCOMPARE(static_cast<int>(w.layers.size()), 31);
        QCOMPARE(count(w, OpType::Conv), 21);
        QCOMPARE(count(w, OpType::Add), 8);
        QCOMPARE(count(w, OpType::MaxPool), 1);
        QCOMPARE(count(w, OpType::GlobalAvgPool), 1);
        // Residual wiring from operand_source: layer 4 adds layer 1 (W) and layer 3 (I).
        const Layer &add = w.layers.at(w.layerIndex("layer4"));
        QCOMPARE(add.inputs.size(), size_t(2));
        QCOMPARE(add.inputs[0], w.layers.at(w.layerIndex("layer3")).output);
        QCOMPARE(add.inputs[1], w.layers.at(w.layerIndex("layer1")).output);
        // No padding in the file: conv1's graph input is what the relation spans,
        // 2·(112 − 1) + 7 = 229 (ZigZag's reading); 3×3/2 on 56 → 28 needs 1 row of padding,
        // (28 − 1)·2 + 3 − 56 = 1, put at the top.
        QCOMPARE(w.layers.front().iy, int64_t(229));
        const Layer &c31 = w.layers.at(w.layerIndex("layer8"));
        QCOMPARE(c31.dims, (LoopDims{1, 128, 64, 28, 28, 3, 3}));
        QCOMPARE(c31.padTop, 1);
        QCOMPARE(c31.padBottom, 0);
        // Precisions: I 8, W 8, O_final 8 for the output, and O 16 for the partial sums.
        QCOMPARE(c31.precision, (Precision{8, 8, 8, 16}));
        QCOMPARE(w.layers.at(w.layerIndex("layer1")).precision.w, 0);
    }

    void matchesTheOnnxExport()
    {
        if (!std::filesystem::exists(FUSELAB_SHARED_DIR))
            QSKIP("the shared peers directory is absent");
        const Workload yaml = importStreamWorkload(streamDir() + "resnet18.yaml");
        const Workload onnx = importOnnx(streamDir() + "resnet18.onnx");
        // Same MAC layers (K, C, OY, OX), the FC included.
        QCOMPARE(macShapes(yaml), macShapes(onnx));
        // Stream's YAML gives its three downsample convs a 3×3 window where torchvision's
        // (and the ONNX file's) are 1×1, so the YAML has 8·K·C·OY·OX more MACs for each:
        // 8·(128·64·28·28 + 256·128·14·14 + 512·256·7·7) = 8·3·6 422 528 = 154 140 672.
        QCOMPARE(yaml.totalMacs() - onnx.totalMacs(), int64_t(154140672));
        int64_t downsample = 0;
        for (const auto &l : yaml.layers)
            if (l.sourceOp == "Conv_downsample") {
                QCOMPARE(l.dims.fy, int64_t(3));
                downsample += l.macs() / 9; // what the same layer costs as a 1×1 conv
            }
        QCOMPARE(yaml.totalMacs() - 8 * downsample, onnx.totalMacs());
    }

    void loaderPicksTheFormat()
    {
        if (!std::filesystem::exists(FUSELAB_SHARED_DIR))
            QSKIP("the shared peers directory is absent");
        QCOMPARE(loadWorkload(streamDir() + "resnet18.yaml").totalMacs(), int64_t(1968214016));
    }

    void malformed_data()
    {
        QTest::addColumn<std::string>("file");
        QTest::addColumn<std::string>("expected");
        QTest::newRow("unknown source")
            << std::string("wl_stream_unknown_source.yaml")
            << std::string("[1] (layer 1).operand_source.I: source layer 7 does not exist");
        QTest::newRow("channels") << std::string("wl_stream_channel_mismatch.yaml")
                                  << std::string(
                                         "[1] (layer 1): input 'layer0' is 1\u00d716\u00d730\u00d730 but the "
                                         "layer reads C = 32");
        QTest::newRow("sizes") << std::string("wl_stream_loop_sizes_mismatch.yaml")
                               << std::string(
                                      "[0] (layer 0).loop_sizes: loop_dims and loop_sizes must be lists of "
                                      "the same length");
        QTest::newRow("output size") << std::string("wl_stream_bad_output_size.yaml")
                                     << std::string("[1] (layer 1): OY = 20 does not follow from IY = 30");
    }
    void malformed()
    {
        QFETCH(std::string, file);
        QFETCH(std::string, expected);
        const std::string path = std::string(FUSELAB_SOURCE_DIR) + "/tests/malformed/" + file;
        try {
            importStreamWorkload(path);
            QFAIL("imported");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), path);
            QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
        }
    }

    void notAStreamWorkload()
    {
        // A hardware YAML (a mapping, not a list) is rejected as such.
        const std::string path = std::string(FUSELAB_SOURCE_DIR) + "/tests/malformed/hw_zero_memory.yaml";
        try {
            importStreamWorkload(path);
            QFAIL("imported");
        } catch (const InputError &e) {
            QVERIFY2(std::string(e.what()).find("not a Stream workload") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamWorkload)
#include "tst_stream_workload.moc"
