// SPDX-License-Identifier: GPL-3.0-or-later
// The Stream importers (hardware with per-core files, mapping, workload) on the project's own
// fixtures in tests/fixtures/stream: every imported figure is checked against the value worked
// out by hand from the file (units: bits -> bytes, pJ per port-wide access -> pJ per byte).
// Stream's own example files are checked by tst_hardware_stream / tst_stream_workload where
// ../shared/peers/stream exists.
#include "io/hardware_yaml.h"
#include "io/stream_workload.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "util/error.h"

#include "floorplan_check.h"

#include <QTest>

using namespace fuselab;

namespace {
std::string fixture(const std::string &rel)
{
    return std::string(FUSELAB_SOURCE_DIR) + "/tests/fixtures/stream/" + rel;
}

const Memory &mem(const Accelerator &a, const std::string &name)
{
    const int i = a.memoryIndex(name);
    if (i < 0)
        throw std::runtime_error("no memory " + name);
    return a.memories[i];
}

const Layer &layer(const Workload &w, const char *name)
{
    return w.layers.at(w.layerIndex(name));
}
} // namespace

class TestStreamFixtures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hardwareUnits()
    {
        const Accelerator a = loadHardware(fixture("hardware/tiny_quad.yaml")); // auto-detected
        QVERIFY(a.validate().empty());
        QVERIFY(importStreamHardware(fixture("hardware/tiny_quad.yaml")) == a);
        QCOMPARE(a.name, std::string("tiny_quad"));
        QCOMPARE(a.cores.size(), size_t(4));
        // Cores are named <core file's name>_<id>.
        const Core &m = a.cores[a.coreIndex("mac_array_1")];
        QCOMPARE(int(m.kind), int(CoreKind::Spatial));
        QCOMPARE(m.rows, 8);
        QCOMPARE(m.cols, 8);
        QCOMPARE(m.unrollRows, (std::vector<Unroll>{{LoopDim::K, 8}}));
        QCOMPARE(m.unrollCols, (std::vector<Unroll>{{LoopDim::C, 8}}));
        QCOMPARE(m.macEnergy, 0.02);
        // buffer_512KB: 4194304 bits / 8 = 524288 B; 1024-bit ports = 128 B/cycle;
        // 256 pJ per 1024-bit read = 256 / 128 = 2 pJ/B, 192 / 128 = 1.5 pJ/B written.
        const Memory &b = mem(a, "mac_array_0.buffer_512KB");
        QCOMPARE(b.core, std::string("mac_array_0"));
        QCOMPARE(b.sizeBytes, int64_t(524288));
        QCOMPARE(b.readBw, 128.0);
        QCOMPARE(b.readEnergy, 2.0);
        QCOMPARE(b.writeEnergy, 1.5);
        QCOMPARE(b.operands, unsigned(OperandAll));
        QCOMPARE(mem(a, "mac_array_0.weight_reg").sizeBytes, int64_t(64)); // 512 bits
        QCOMPARE(mem(a, "mac_array_0.weight_reg").operands, unsigned(OperandW));
        QCOMPARE(mem(a, "mac_array_1.psum_reg").sizeBytes, int64_t(3)); // 24 bits
        QCOMPARE(a.memoriesOf("mac_array_1").size(), size_t(3));
        // Pooling unit: FX 2 | FY 2 | K 4 -> 16 lanes; vector unit: K 16 -> 16 lanes.
        const Core &p = a.cores[a.coreIndex("pool_unit_2")];
        QCOMPARE(int(p.kind), int(CoreKind::Pool));
        QCOMPARE(p.lanes, 16);
        QCOMPARE(mem(a, "pool_unit_2.line_sram").sizeBytes, int64_t(32768)); // 262144 bits
        const Core &v = a.cores[a.coreIndex("vector_unit_3")];
        QCOMPARE(int(v.kind), int(CoreKind::Simd));
        QCOMPARE(v.lanes, 16);
        // 40 pJ per 256-bit (32 B) access = 1.25 pJ/B; 56 / 32 = 1.75 pJ/B.
        QCOMPARE(mem(a, "vector_unit_3.vec_sram").readEnergy, 1.25);
        QCOMPARE(mem(a, "vector_unit_3.vec_sram").writeEnergy, 1.75);
        // Five core_connectivity pairs at 64 bit/cycle = 8 B/cycle, then the off-chip bus
        // joining all four cores and the DRAM.
        QCOMPARE(a.links.size(), size_t(6));
        QCOMPARE(a.links[0].endpoints, (std::vector<std::string>{"mac_array_0", "mac_array_1"}));
        QCOMPARE(a.links[3].endpoints, (std::vector<std::string>{"mac_array_0", "vector_unit_3"}));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(a.links[i].bandwidth, 8.0);
            QCOMPARE(a.links[i].energyPerBit, 0.0);
        }
        QCOMPARE(a.links[5].name, std::string("offchip"));
        QCOMPARE(a.links[5].endpoints.size(), size_t(5));
        // dram.yaml: 128-bit port = 16 B/cycle; 640 pJ / 16 B = 40 pJ/B read, 800 / 16 = 50 written.
        QCOMPARE(a.dram.bandwidth, 16.0);
        QCOMPARE(a.links[5].bandwidth, 16.0);
        QCOMPARE(a.dram.readEnergy, 40.0);
        QCOMPARE(a.dram.writeEnergy, 50.0);
        QCOMPARE(a.dram.ports, 1);
        const std::string fp = test::floorplanProblem(a);
        QVERIFY2(fp.empty(), fp.c_str());
        // It survives the native format unchanged.
        QVERIFY(parseNativeHardware(toNativeHardwareYaml(a), "x.yaml") == a);
    }

    void loneCoreFile()
    {
        const Accelerator a = loadHardware(fixture("hardware/cores/vector_unit.yaml"));
        QCOMPARE(a.cores.size(), size_t(1));
        QCOMPARE(a.cores[0].name, std::string("vector_unit"));
        QCOMPARE(a.dram.bandwidth, Dram{}.bandwidth); // a core file has no DRAM: the default one
        QVERIFY(a.validate().empty());
    }

    void workloadShapes()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_resnet.yaml"));
        const auto problems = w.validate();
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        QCOMPARE(w.layers.size(), size_t(7));
        QVERIFY(loadWorkload(fixture("workload/tiny_resnet.yaml")).layers.size() == 7); // detected
        // stem: 3x3, stride 1, OY = OX = 32, no padding -> the graph input spans (32 - 1) + 3 = 34.
        const Layer &stem = layer(w, "stem");
        QVERIFY(stem.op == OpType::Conv);
        QCOMPARE(stem.iy, int64_t(34));
        QCOMPARE(stem.ix, int64_t(34));
        QCOMPARE(stem.padTop + stem.padBottom, 0);
        // K·C·OY·OX·FY·FX = 16·3·32·32·3·3
        QCOMPARE(stem.macs(), int64_t(442368));
        QCOMPARE(stem.precision, (Precision{8, 8, 8, 16})); // I 8, W 8, O_final 8; O 16: the psums
        // pool: 2x2 / 2 on 32 -> 16, no padding; its W operand is a constant (precision 0).
        const Layer &pool = layer(w, "pool");
        QVERIFY(pool.op == OpType::MaxPool);
        QCOMPARE(pool.iy, int64_t(32));
        QCOMPARE(pool.strideY, 2);
        QCOMPARE(pool.padTop + pool.padBottom, 0);
        QCOMPARE(pool.inputs, (std::vector<TensorId>{stem.output}));
        // body_a: 3x3 / 1 keeping 16 -> (16 - 1) + 3 - 16 = 2 rows of padding, one each side.
        const Layer &a = layer(w, "body_a");
        QCOMPARE(a.iy, int64_t(16));
        QCOMPARE(a.padTop, 1);
        QCOMPARE(a.padBottom, 1);
        QCOMPARE(a.padLeft, 1);
        QCOMPARE(a.macs(), int64_t(16 * 16 * 16 * 16 * 9)); // 589824
        // join adds pool (W) and body_b (I): operand order I, then W.
        const Layer &join = layer(w, "join");
        QVERIFY(join.op == OpType::Add);
        QCOMPARE(join.inputs, (std::vector<TensorId>{layer(w, "body_b").output, pool.output}));
        // gap: a 16x16 window to 1x1 over the whole map is a global average pool.
        QVERIFY(layer(w, "gap").op == OpType::GlobalAvgPool);
        // head: 1x1 conv 16 -> 10 on a 1x1 map: 160 MACs, 160 weight bytes at 8 bits.
        const Layer &head = layer(w, "head");
        QCOMPARE(head.macs(), int64_t(160));
        QCOMPARE(head.weightBytes(), int64_t(160));
        // MAC total: 442368 + 2·589824 + 160 = 1622176.
        int64_t macs = 0;
        for (const auto &l : w.layers)
            macs += l.macs();
        QCOMPARE(macs, int64_t(1622176));
    }

    void mappingByOpType()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_resnet.yaml"));
        const Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
        const MappingConstraints m = importStreamMapping(fixture("mapping/tiny_quad.yaml"), w, acc,
                                                           MappingSemantics::FuseLab);
        QCOMPARE(m.layers.size(), w.layers.size());
        const auto &stem = m.layers[w.layerIndex("stem")];
        QCOMPARE(stem.cores, (std::vector<int>{0, 1}));
        QVERIFY(stem.split == SplitDim::K); // inter_core_tiling K, *
        QCOMPARE(stem.rowTiles, -1);        // intra_core_tiling OY, all
        QCOMPARE(m.layers[w.layerIndex("pool")].cores, (std::vector<int>{2}));
        QCOMPARE(m.layers[w.layerIndex("gap")].cores, (std::vector<int>{2})); // "Pooling" as written
        const auto &join = m.layers[w.layerIndex("join")];
        QCOMPARE(join.cores, (std::vector<int>{3}));
        QVERIFY(join.split == SplitDim::None); // H is no FuseLab loop
        // The constraints drive the allocation, and both plans schedule validly.
        PlanOptions o;
        o.mapping = &m;
        const Plan lbl = layerByLayerPlan(w, acc, o);
        QCOMPARE(lbl.core[w.layerIndex("pool")], 2);
        QCOMPARE(lbl.core[w.layerIndex("join")], 3);
        QCOMPARE(lbl.splitOf(w.layerIndex("body_b")).cores, (std::vector<int>{0, 1}));
        const Plan fused = fusedPlan(w, acc, o);
        for (const Plan *p : {&lbl, &fused}) {
            const auto errors = validatePlan(*p, w, acc);
            QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().c_str());
            const Schedule s = schedule(w, acc, *p);
            QCOMPARE(validateSchedule(s, acc), std::string());
            // Every operation once, no recomputation: the 1622176 MACs plus the vector units'
            // element ops — pool 16·16·16 outputs × 2·2 window = 16384, join 16·16·16 × 2
            // inputs = 8192, gap 16 channels × 16·16 inputs = 4096.
            QCOMPARE(s.totals.macs, int64_t(1622176 + 16384 + 8192 + 4096));
        }
    }

    void mappingByName()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_resnet.yaml"));
        const Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
        const MappingConstraints m = importStreamMapping(fixture("mapping/tiny_quad_fixed.yaml"), w, acc,
                                                           MappingSemantics::FuseLab);
        const auto &stem = m.layers[w.layerIndex("stem")];
        QCOMPARE(stem.cores, (std::vector<int>{1}));
        QVERIFY(stem.fixed);
        // A fixed allocation on several cores is a K split over them.
        const auto &head = m.layers[w.layerIndex("head")];
        QCOMPARE(head.cores, (std::vector<int>{0, 1}));
        QVERIFY(head.split == SplitDim::K);
        QCOMPARE(m.layers[w.layerIndex("pool")].cores, (std::vector<int>{2}));
        QVERIFY(!m.layers[w.layerIndex("pool")].fixed);
        QCOMPARE(m.layers[w.layerIndex("body_a")].cores, (std::vector<int>{0})); // default
        // A core id the accelerator lacks is named with its entry.
        Accelerator three = acc;
        three.cores.resize(3);
        try {
            importStreamMapping(fixture("mapping/tiny_quad_fixed.yaml"), w, three);
            QFAIL("expected an InputError");
        } catch (const InputError &e) {
            QVERIFY2(std::string(e.what()).find("entry 'join'.core_allocation: core 3 does not exist") !=
                         std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamFixtures)
#include "tst_stream_fixtures.moc"
