// SPDX-License-Identifier: GPL-3.0-or-later
// Studies on reduced grids: each table has one row per grid point, and the invariants the
// studies rest on hold (the search never loses to the baselines it starts from, by its own
// objective).
#include "cost/spatial_cost.h"
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "onnx_model_builder.h"
#include "search/studies.h"
#include "util/error.h"

#include <QtTest>

#include <cmath>

using namespace fuselab;

namespace {

StudyOptions small()
{
    StudyOptions o;
    o.generations = 2;
    o.population = 4;
    o.threads = 2;
    return o;
}

} // namespace

class TestStudies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void multicoreSearchNeverWorseThanLbl()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5", "mlp"};
        o.hardwarePath = FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml";
        const StudyTable t = multicoreStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[1].labels.at(0), std::string("mlp"));
        for (const auto &r : t.rows) {
            QCOMPARE(r.values.size(), t.valueColumns.size());
            QVERIFY2(r.values[4] >= 1.0, "searched EDP worse than lbl");
            QVERIFY(r.values[0] > 0 && r.values[1] > 0 && r.values[2] > 0 && r.values[3] > 0);
        }
    }

    // study --mapping-objective / --psum-precision reach every schedule of the study. One
    // 3x3 conv 256 -> 256 on 14x14 (ResNet-18's layer3) on examples/hardware/hierarchy_core.yaml
    // with a global buffer of 2 MiB (the layer stays whole) and 4 / 2 B/cycle (its refills
    // stall): the loop-nest search then picks a faster, costlier mapping for latency than for
    // energy (checked on the cost model itself), and the lbl baseline of the study, one layer
    // and the same transfers, follows. 32-bit partial sums of an 8-bit layer move more bytes
    // in the core's memories: energy rises.
    void mappingObjectiveAndPsumReachTheSchedules()
    {
        namespace tb = testonnx;
        auto m = tb::model(13);
        auto &g = *m.mutable_graph();
        tb::input(g, "x", {1, 256, 14, 14});
        tb::conv(g, "c", "x", "y", 256, 256, 3, 1, 1);
        tb::output(g, "y");
        QTemporaryDir dir;
        const std::string onnxPath = dir.filePath(QStringLiteral("conv.onnx")).toStdString();
        QVERIFY(tb::save(m, onnxPath));
        QFile example(QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/hierarchy_core.yaml"));
        QVERIFY(example.open(QIODevice::ReadOnly));
        QString yaml = QString::fromUtf8(example.readAll());
        for (const auto &[from, to] : {std::pair{"size: 64 KiB", "size: 2 MiB"},
                                       std::pair{"read_bandwidth_bytes_per_cycle: 64", "read_bandwidth_bytes_per_cycle: 4"},
                                       std::pair{"write_bandwidth_bytes_per_cycle: 32", "write_bandwidth_bytes_per_cycle: 2"}}) {
            QVERIFY2(yaml.contains(QLatin1String(from)), from);
            yaml.replace(QLatin1String(from), QLatin1String(to));
        }
        const QString hwPath = dir.filePath(QStringLiteral("slow_glb.yaml"));
        QFile hw(hwPath);
        QVERIFY(hw.open(QIODevice::WriteOnly));
        hw.write(yaml.toUtf8());
        hw.close();

        StudyOptions o = small();
        o.workloads = {onnxPath};
        o.hardwarePath = hwPath.toStdString();
        o.generations = 0;
        {
            const Accelerator acc = loadHardware(o.hardwarePath);
            const Workload w = loadWorkload(onnxPath);
            const Layer &l = w.layers.at(0);
            const Core &c = acc.cores.at(0);
            const ComputeCost e = costModelsFor(MappingObjective::Energy)(c.kind).compute(l, l.dims, c, acc);
            const ComputeCost t = costModelsFor(MappingObjective::Latency)(c.kind).compute(l, l.dims, c, acc);
            QVERIFY2(t.cycles < e.cycles, "the premise: the objectives map the layer differently");
        }
        auto lbl = [&](MappingObjective objective, int psum) {
            StudyOptions x = o;
            x.mappingObjective = objective;
            x.psumBits = psum;
            const StudyTable t = multicoreStudy(x);
            return std::pair{t.rows.at(0).values.at(0), t.rows.at(0).values.at(2)}; // lbl cycles, lbl energy uJ
        };
        const auto [energyCycles, energyUj] = lbl(MappingObjective::Energy, 0);
        const auto [latencyCycles, latencyUj] = lbl(MappingObjective::Latency, 0);
        QVERIFY2(latencyCycles < energyCycles, qPrintable(QStringLiteral("%1 vs %2").arg(latencyCycles).arg(energyCycles)));
        QVERIFY2(latencyUj > energyUj, qPrintable(QStringLiteral("%1 vs %2").arg(latencyUj).arg(energyUj)));
        QVERIFY2(lbl(MappingObjective::Energy, 32).second > energyUj, "32-bit partial sums cost nothing");
    }

    void archAwareFullModelChoiceNeverSlower()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5"};
        o.arraySizes = {16, 32};
        o.bufferBytes = {int64_t(64) << 10, int64_t(1) << 20};
        o.dramBandwidths = {8};
        const StudyTable t = archAwareStudy(o);
        QCOMPARE(t.rows.size(), size_t(4)); // 1 workload x 2 arrays x 2 buffers x 1 bandwidth
        QCOMPARE(t.rows[0].labels.at(1), std::string("16x16"));
        QCOMPARE(t.rows[1].labels.at(2), std::string("1MiB"));
        for (const auto &r : t.rows) {
            QVERIFY2(r.values[1] <= r.values[0], "full-model choice slower than the access-based choice");
            QVERIFY(r.values[2] >= 0.0);
        }
    }

    void pinOrFuseJointNeverMoreTraffic()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5"};
        o.bufferBytes = {int64_t(16) << 10, int64_t(2) << 20};
        const StudyTable t = pinOrFuseStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        for (const auto &r : t.rows)
            QVERIFY2(r.values[2] <= std::min(r.values[0], r.values[1]), "joint search moves more DRAM bytes");
        // A larger scratchpad never forces more traffic on the joint plan.
        QVERIFY(t.rows[1].values[2] <= t.rows[0].values[2]);
    }

    void noRecomputeFusionMovesOnlyTheSegmentsEnds()
    {
        StudyOptions o = small();
        o.segments = {"vgg16:features.0..features.2", "resnet18:layer1.0.conv1..layer1.0.add"};
        const StudyTable t = noRecomputeStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[0].labels.at(1), std::string("features.0..2"));
        for (const auto &r : t.rows) {
            QVERIFY2(r.values[1] <= r.values[0],
                     "fused without recompute moves more DRAM bytes than single-layer");
            QVERIFY(r.values[2] > 0); // traffic reduction
            QVERIFY(r.values[4] <= r.values[3]);
            // Recomputing halos never beats caching them with the same tiles.
            QVERIFY(r.values[6] >= r.values[4]);
        }
        // VGG16 conv1_1 + conv1_2 (8-bit): fused, the input 3·224·224 = 150528 B and the weights
        // 64·3·9 + 64·64·9 = 38592 B are read once and the output 64·224·224 = 3211264 B written
        // once: 3400384 B. Single-layer also writes and reads back the intermediate 3211264 B:
        // 3400384 + 2·3211264 = 9822912 B.
        QCOMPARE(t.rows[0].values[1], 3400384.0);
        QCOMPARE(t.rows[0].values[0], 9822912.0);
    }

    void noRecomputeRefusesBadSegmentsAndReportsNoFit()
    {
        StudyOptions o = small();
        o.segments = {"vgg16:features.0"};
        QVERIFY_THROWS_EXCEPTION(UsageError, noRecomputeStudy(o));
        o.segments = {"vgg16:features.2..features.0"};
        QVERIFY_THROWS_EXCEPTION(InputError, noRecomputeStudy(o));
        o.segments = {"vgg16:features.0..nope"};
        QVERIFY_THROWS_EXCEPTION(InputError, noRecomputeStudy(o));
        // conv4_2 + conv4_3: 2·2359296 B of weights, each above half of the 1 MiB scratchpad:
        // no fusion keeps them resident.
        o.segments = {"vgg16:features.19..features.21"};
        const StudyTable t = noRecomputeStudy(o);
        QCOMPARE(t.rows.at(0).labels.at(2), std::string("does not fit"));
        QVERIFY(std::isnan(t.rows[0].values[1]));
        QVERIFY(t.rows[0].values[0] > 0); // single-layer still runs
    }

    void aimcTilesStationaryVsReloaded()
    {
        StudyOptions o = small();
        o.workloads = {"mlp", "lenet5"};
        o.tileCounts = {1, 2};
        const StudyTable t = aimcTilesStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        // Columns: WS tiles, then cycles / energy / DRAM / tiles used for WS, 1 tile, 2 tiles.
        auto at = [&](size_t row, int block, int config) {
            return t.rows[row].values.at(1 + block * 3 + config);
        };
        // MLP 784-256-256-10 on 32 crossbars of 256×256 per tile: fc1 has ceil(784/256) = 4
        // blocks, fc2 and fc3 one: each layer fits one tile, 3 tiles. LeNet-5: conv1, conv2,
        // fc1 (ceil(400/256) = 2 blocks), fc2, fc3: 5 tiles.
        QCOMPARE(t.rows[0].values[0], 3.0);
        QCOMPARE(t.rows[1].values[0], 5.0);
        // MLP stationary: activations only (784 in, 256 + 256 written and read back, 10 out).
        QCOMPARE(at(0, 2, 0), 1818.0);
        // One tile: every weight read once more (784·256 + 256·256 + 256·10 = 268800 B).
        QCOMPARE(at(0, 2, 1), 1818.0 + 268800.0);
        const double mlpWeights = 268800, lenetWeights = 61470;
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const double need = t.rows[r].values[0];
            QCOMPARE(at(r, 3, 0), need); // stationary uses every tile it needs
            for (int c = 1; c <= 2; ++c) {
                QVERIFY(at(r, 3, c) <= double(o.tileCounts[c - 1])); // never more tiles than there are
                QVERIFY(at(r, 0, c) > at(r, 0, 0));                  // reprogramming costs time
                QVERIFY(at(r, 1, c) > at(r, 1, 0));                  // ... and energy
                // Fewer tiles than needed: all weights cross the DRAM port every inference.
                QVERIFY(at(r, 2, c) - at(r, 2, 0) >= (r == 0 ? mlpWeights : lenetWeights));
            }
        }
        // Programming energy alone: MLP's 6 blocks × 256 rows × 50000 pJ = 76.8 µJ per inference.
        QVERIFY(at(0, 1, 1) - at(0, 1, 0) >= 76.8);
    }

    void aimcTilesLimitAtOrAboveNeedIsNotLimited()
    {
        StudyOptions o = small();
        o.workloads = {"mlp"};
        o.tileCounts = {3};
        const StudyTable t = aimcTilesStudy(o);
        QVERIFY(std::isnan(t.rows.at(0).values.at(2))); // 3 tiles are enough for the MLP: n/a
    }

    // llama-1b (one block without its head): 32 query heads, 8 KV heads of 64 channels, 8-bit.
    // Prefill at N = 1024: the scores and probabilities are 32·1024² B = 32 MiB each, beyond
    // both hardware's memories, so layer by layer writes and reads back both: 4·H·N² bytes the
    // fused attention does not move (less what it re-reads of K and V per query tile, so at
    // least 3/4 of it). Decode: each extra cached token adds its K and V, 2·8·64 bytes, to the
    // DRAM reads of the fused attention, and makes the step slower.
    void attentionFusionSavesTheScoresAndDecodeGrowsWithKv()
    {
        StudyOptions o = small();
        o.hardwarePath = FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml";
        o.seqLengths = {1024};
        o.kvLengths = {1024, 8192};
        const StudyTable t = runStudy("attention-fusion", o);
        QCOMPARE(t.rows.size(), size_t(6)); // 2 hardware x (1 prefill + 2 decode)
        QCOMPARE(t.labelColumns, (std::vector<std::string>{"hardware", "point"}));
        QCOMPARE(t.rows[0].labels, (std::vector<std::string>{"quad_core", "prefill seq=1024"}));
        QCOMPARE(t.rows[5].labels, (std::vector<std::string>{"1 core 128x128", "decode kv=8192"}));
        const double scoresBytes = 4.0 * 32 * 1024.0 * 1024.0;
        for (size_t hw = 0; hw < 2; ++hw) {
            const auto &prefill = t.rows[hw * 3].values;
            const auto &kv1k = t.rows[hw * 3 + 1].values, &kv8k = t.rows[hw * 3 + 2].values;
            // Columns: DRAM MB of unfused, fused attention, fused attention + FFN; then Mcycles.
            QVERIFY2(!std::isnan(prefill[0]) && !std::isnan(prefill[1]), t.rows[hw * 3].labels[0].c_str());
            QVERIFY2((prefill[0] - prefill[1]) * 1e6 >= 0.75 * scoresBytes, t.rows[hw * 3].labels[0].c_str());
            const double perToken = (kv8k[1] - kv1k[1]) * 1e6 / (8192 - 1024);
            QVERIFY2(std::abs(perToken - 2 * 8 * 64) <= 0.02 * 2 * 8 * 64, std::to_string(perToken).c_str());
            QVERIFY(kv8k[4] > kv1k[4]);
            QCOMPARE(kv1k[1], kv1k[2]); // decode: no FFN kernel, the two fused variants agree
            // The FFN fused on its hidden dimension fits both (the quad-core's SIMD core holds a
            // slice of the SwiGLU product, not the 8192-wide hidden layer) and keeps its three
            // N × 8192 hidden activations (gate, up, product: 6·N·8192 bytes written and read
            // back unfused) on chip, at no more weight traffic than the unfused FFN, whose
            // 16 MiB layers do not fit either memory.
            QVERIFY2(!std::isnan(prefill[2]), t.rows[hw * 3].labels[0].c_str());
            QVERIFY2(prefill[2] < prefill[1], t.rows[hw * 3].labels[0].c_str());
            const size_t hiddenSlice = t.valueColumns.size() - 1;
            QCOMPARE(t.valueColumns[hiddenSlice], std::string("FFN hidden slice"));
            QVERIFY(std::isnan(kv1k[hiddenSlice])); // decode: no FFN
        }
    }

    void unknownStudyIsAUsageError() { QVERIFY_THROWS_EXCEPTION(UsageError, runStudy("nope", small())); }

    void csvHasHeaderAndOneLinePerRow()
    {
        StudyTable t;
        t.labelColumns = {"w"};
        t.valueColumns = {"a", "b"};
        t.rows.push_back({{"x"}, {1, 2.5}});
        QCOMPARE(studyTableCsv(t), std::string("w,a,b\nx,1,2.5\n"));
    }
};

QTEST_GUILESS_MAIN(TestStudies)
#include "tst_studies.moc"
