// SPDX-License-Identifier: GPL-3.0-or-later
// Plans: validation reasons, YAML round trip and errors, the lbl / fused generators, and
// Stream mapping import.
#include "plan/plan.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/plan_yaml.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "support/peers.h"
#include "support/sched_fixtures.h"
#include "util/error.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
bool anyContains(const std::vector<std::string> &errors, const std::string &needle)
{
    for (const auto &e : errors)
        if (e.find(needle) != std::string::npos)
            return true;
    return false;
}

// in → c1 (3×3) → c2 (3×3) → pool (2×2/2) → c3 (1×1); plus a side conv s reading `in`.
Workload chain()
{
    Workload w;
    w.name = "chain";
    const TensorId in = addInput(w, "in", 4, 16, 16);
    const TensorId a = addConv(w, "c1", in, 4, 3, 1, 1);
    const TensorId b = addConv(w, "c2", a, 4, 3, 1, 1);
    const TensorId p = addConv(w, "pool", b, 4, 2, 2, 0, OpType::MaxPool);
    addConv(w, "c3", p, 8, 1, 1, 0);
    addConv(w, "s", in, 4, 1, 1, 0);
    return w;
}

// A systolic core and a SIMD core sharing a scratchpad.
Accelerator twoCores(int64_t spm = 1 << 20)
{
    Accelerator a;
    a.name = "duo";
    a.cores.push_back(systolicCore("mac", 8, 8));
    Core v;
    v.name = "vec";
    v.kind = CoreKind::Simd;
    v.lanes = 16;
    a.cores.push_back(v);
    Memory m = privateMemory("spm", "", spm);
    a.memories.push_back(m);
    a.links.push_back(link("bus", {"mac", "vec", "spm", "dram"}, 64, 1));
    return a;
}

PlanOptions shimOptions()
{
    PlanOptions o;
    o.costModel = &shimCostModel;
    return o;
}
} // namespace

class TestPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lblIsOneGroupPerLayer()
    {
        const Workload w = chain();
        const Accelerator acc = twoCores();
        const Plan p = layerByLayerPlan(w, acc, shimOptions());
        QCOMPARE(p.groups.size(), w.layers.size());
        for (const auto &g : p.groups) {
            QCOMPARE(g.layers.size(), size_t(1));
            QCOMPARE(g.tileRows, 0);
        }
        // Convs on the MAC core, the pool on the vector core (the only one that can run it).
        QCOMPARE(p.core[0], 0);
        QCOMPARE(p.core[2], 1);
        QVERIFY(validatePlan(p, w, acc, &shimCostModel).empty());
    }

    void fusedCutsWhenWeightsOverflow()
    {
        const Workload w = chain();
        const Accelerator acc = twoCores();
        // Weights: c1 4·4·9 = 144, c2 144, c3 8·4 = 32, s 16. With a 1 MiB scratchpad all fit:
        // the chain c1 c2 pool c3 is one group; s reads only the network input, so it is not
        // connected to that group and gets its own.
        Plan p = fusedPlan(w, acc, shimOptions());
        QCOMPARE(p.groups.size(), size_t(2));
        QCOMPARE(p.groups[0].layers, (std::vector<LayerId>{0, 1, 2, 3}));
        QCOMPARE(p.groups[0].tileRows, 1);
        QVERIFY(validatePlan(p, w, acc, &shimCostModel).empty());
        // Groups may hold 250 B of weights: c1 + c2 = 288 > 250 cuts after c1;
        // c2 + pool + c3 = 176 fits.
        PlanOptions o = shimOptions();
        o.weightFraction = 250.0 / (1 << 20);
        p = fusedPlan(w, acc, o);
        QCOMPARE(p.groups.size(), size_t(3));
        QCOMPARE(p.groups[0].layers, (std::vector<LayerId>{0}));
        QCOMPARE(p.groups[1].layers, (std::vector<LayerId>{1, 2, 3}));
    }

    // The K cut of a layer whose weights do not fit: a 3×3 conv 64 → 64 on 16×16 has
    // 64·64·9 = 36,864 B of weights, 576 B per output channel.
    //  - a 64 KiB memory that holds weights only (activations in another): the layer fits it
    //    whole and stays whole (against half of it, 32,768 B, it was cut in 2 K parts that take
    //    turns, and in a fused stack are fetched again for every row tile);
    //  - a 32 KiB weight-only memory: the layer does not fit whole, so parts take half of it,
    //    16,384 B: 2 parts of 32 channels are 18,432 B, 3 parts are at most 22 channels,
    //    12,672 B -> 3 parts;
    //  - one 64 KiB memory for everything: activations compete, half of it (32,768 B) is the
    //    weights' share -> 2 parts of 18,432 B;
    //  - a 12,288 B weight-only memory: parts take 6,144 B; 6 parts are at most 11 channels,
    //    6,336 B (their average, 6,144 B, would fit); 7 parts at most 10, 5,760 B -> 7 parts.
    void weightCutGivesAWeightMemoryWhole()
    {
        Workload w;
        w.name = "one";
        const TensorId in = addInput(w, "in", 64, 16, 16);
        addConv(w, "c", in, 64, 3, 1, 1);
        QCOMPARE(w.layers[0].weightBytes(), int64_t(36864));
        auto acc = [](std::vector<Memory> mems) {
            Accelerator a;
            a.name = "a";
            a.cores.push_back(systolicCore("mac", 8, 8));
            a.memories = std::move(mems);
            a.links.push_back(link("dram_link", {"mac", "dram"}, 64, 1));
            return a;
        };
        auto split = [&](const Accelerator &a) { return layerByLayerPlan(w, a).splitOf(0); };
        const Memory act = privateMemory("amem", "mac", 1 << 20, 1e9, OperandI | OperandO);
        QVERIFY(!split(acc({privateMemory("wmem", "mac", 65536, 1e9, OperandW), act})).active());
        const LayerSplit small = split(acc({privateMemory("wmem", "mac", 32768, 1e9, OperandW), act}));
        QCOMPARE(small.cores, (std::vector<int>{0, 0, 0}));
        const LayerSplit shared = split(acc({privateMemory("spm", "mac", 65536)}));
        QVERIFY(shared.active());
        QCOMPARE(shared.cores, (std::vector<int>{0, 0}));
        const LayerSplit rounded = split(acc({privateMemory("wmem", "mac", 12288, 1e9, OperandW), act}));
        QCOMPARE(rounded.cores, (std::vector<int>(7, 0)));
    }

    // Given stacks, the allocation keeps a stack's weights within each core's weight memory
    // when it can. `a` (3×3, 64 → 64 on 32×32: 37.7 M MACs) goes first to core 0; the stack
    // [c1, c3] (3×3 convs of 36 KiB weights each, 9.4 M MACs) then goes least-loaded to core 1
    // twice, 72 KiB in a 64 KiB weight memory: the two would evict each other at every row
    // tile. The allocation puts c3 on core 0 instead, and the schedule reads less from DRAM
    // than with the evicting allocation forced.
    void stackWeightsStayWithinEachCore()
    {
        Workload w;
        w.name = "stacked";
        const TensorId in = addInput(w, "in", 64, 32, 32);
        const TensorId a = addConv(w, "a", in, 64, 3, 1, 1);
        const TensorId c1 = addConv(w, "c1", a, 64, 3, 2, 1);
        addConv(w, "c3", c1, 64, 3, 1, 1);
        QCOMPARE(w.layers[1].weightBytes(), int64_t(36864));
        Accelerator acc;
        acc.name = "two";
        for (const char *c : {"k0", "k1"}) {
            acc.cores.push_back(systolicCore(c, 16, 16));
            acc.memories.push_back(privateMemory(std::string(c) + ".w", c, 65536, 1e9, OperandW));
            acc.memories.push_back(privateMemory(std::string(c) + ".act", c, 1 << 20, 1e9, OperandI | OperandO));
            acc.links.push_back(link(std::string(c) + "_dram", {c, "dram"}, 64, 1));
        }
        QVERIFY(acc.validate().empty());
        PlanOptions po;
        po.stacks = {{1, 2}};
        po.tileRows = 2;
        const Plan p = fusedPlan(w, acc, po);
        QCOMPARE(p.core[0], 0);
        QVERIFY2(p.core[1] != p.core[2], "the stack's two 36 KiB convs share one 64 KiB weight memory");
        QVERIFY(validatePlan(p, w, acc).empty());

        PlanOptions forced = po;
        forced.fixedCore = {0, 1, 1};
        const Plan evicting = fusedPlan(w, acc, forced);
        QCOMPARE(evicting.core[2], 1);
        ScheduleOptions so;
        so.recordEvents = false;
        const ScheduleTotals kept = schedule(w, acc, p, so).totals;
        const ScheduleTotals evicted = schedule(w, acc, evicting, so).totals;
        QVERIFY2(kept.dramReadBytes < evicted.dramReadBytes,
                 qPrintable(QStringLiteral("%1 vs %2").arg(kept.dramReadBytes).arg(evicted.dramReadBytes)));
    }

    void invalidPlansNameTheReason()
    {
        const Workload w = chain();
        const Accelerator acc = twoCores();
        Plan p = layerByLayerPlan(w, acc, shimOptions());
        Plan twice = p;
        twice.groups[1].layers.push_back(0);
        QVERIFY(anyContains(validatePlan(twice, w, acc, &shimCostModel), "layer 'c1' is in two groups"));
        Plan none = p;
        none.groups.pop_back();
        QVERIFY(anyContains(validatePlan(none, w, acc, &shimCostModel), "layer 's' is in no group"));
        Plan disconnected = p;
        disconnected.groups = {{{0, 4}}, {{1}}, {{2}}, {{3}}};
        QVERIFY(anyContains(validatePlan(disconnected, w, acc, &shimCostModel), "not connected"));
        Plan order = p;
        std::swap(order.groups[0], order.groups[1]);
        QVERIFY(anyContains(validatePlan(order, w, acc, &shimCostModel), "topological"));
        // Scheduling an invalid plan anyway is refused, not a crash.
        ScheduleOptions so;
        so.costModel = &shimCostModel;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule(w, acc, order, so));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule(w, acc, none, so));
        Plan badCore = p;
        badCore.core[2] = 0; // the max pool on the systolic core
        QVERIFY(anyContains(validatePlan(badCore, w, acc, &shimCostModel), "cannot run"));
        Plan pin = p;
        pin.pins.push_back({w.layers[0].output, 0});
        QVERIFY(validatePlan(pin, w, acc, &shimCostModel).empty());
        const Accelerator tiny = twoCores(512); // c1's output is 4·16·16 = 1024 B
        QVERIFY(anyContains(validatePlan(pin, w, tiny, &shimCostModel), "holds only 512 bytes"));
    }

    void yamlRoundTrip()
    {
        const Workload w = chain();
        const Accelerator acc = twoCores();
        Plan p = fusedPlan(w, acc, shimOptions());
        p.groups[0].overlap = OverlapMode::Recompute;
        p.groups[1].weights = WeightPolicy::Reload;
        p.groups[1].tileReduce = 8; // written and read back (validatePlan judges it, not the reader)
        p.split.assign(w.layers.size(), {});
        p.split[3] = {SplitDim::K, {0, 0}};
        p.pins.push_back({w.layers[4].output, 0});
        const std::string text = toPlanYaml(p, w, acc);
        const Plan back = parsePlanYaml(text, "p.yaml", w, acc);
        QCOMPARE(back.groups, p.groups);
        QCOMPARE(back.core, p.core);
        QCOMPARE(back.split, p.split);
        QCOMPARE(back.pins, p.pins);
        QCOMPARE(back.name, p.name);
    }

    void yamlErrorsNameFileAndField()
    {
        const Workload w = chain();
        const Accelerator acc = twoCores();
        auto message = [&](const std::string &text) {
            try {
                parsePlanYaml(text, "bad.yaml", w, acc);
            } catch (const InputError &e) {
                return std::string(e.what());
            }
            return std::string("no error");
        };
        QVERIFY(message("groups: []").find("bad.yaml: fuselab_plan") == 0);
        QVERIFY(message("fuselab_plan: 1\ngroups:\n  - layers: [c1, nope]\n")
                    .find("groups[0].layers[1]: layer 'nope' is not in workload") != std::string::npos);
        QVERIFY(message("fuselab_plan: 1\ngroups:\n  - {layers: [c1], overlap: sometimes}\n")
                    .find("groups[0].overlap") != std::string::npos);
        QVERIFY(message("fuselab_plan: 1\ngroups: [{layers: [c1]}]\nallocation: {c1: gpu}\n")
                    .find("allocation.c1: core 'gpu'") != std::string::npos);
        QVERIFY(message("fuselab_plan: [").find("not valid YAML") != std::string::npos);
        QVERIFY(message("fuselab_plan: 1\ngroups:\n  - {layers: [c1], tile_reduce: -2}\n")
                    .find("groups[0].tile_reduce: must be ≥ 0") != std::string::npos);
        QVERIFY(message("fuselab_plan: 1\ngroups: [{layers: [c1]}]\nsplits: {c1: 3}\n").find("bad.yaml") ==
                0);
    }

    void streamMappingLoads()
    {
        FUSELAB_REQUIRE_PEERS(); // tst_stream_fixtures reads the project's own mapping files
        // Stream's tpu_like_quad_core: cores 0-3 MAC arrays, 4 pooling, 5 SIMD (file order).
        Workload w;
        w.name = "mini";
        const TensorId in = addInput(w, "in", 8, 8, 8);
        const TensorId c = addConv(w, "/conv1/Conv", in, 8, 3, 1, 1);
        const TensorId p = addConv(w, "/maxpool/MaxPool", c, 8, 2, 2, 0, OpType::MaxPool);
        w.layers[1].sourceOp = "MaxPool";
        w.layers[0].sourceOp = "Conv";
        const TensorId a = addAdd(w, "/layer1/Add", p, p);
        addFc(w, "/fc/Gemm", a, 10);
        Accelerator acc;
        acc.name = "quad";
        for (int i = 0; i < 4; ++i)
            acc.cores.push_back(systolicCore("c" + std::to_string(i), 32, 32));
        for (const char *c : {"c0", "c1", "c2", "c3", "pool", "simd"})
            acc.memories.push_back(privateMemory(std::string(c) + ".sram", c, 1 << 20));
        Core pool;
        pool.name = "pool";
        pool.kind = CoreKind::Pool;
        acc.cores.push_back(pool);
        Core simd;
        simd.name = "simd";
        simd.kind = CoreKind::Simd;
        acc.cores.push_back(simd);
        const auto m = importStreamMapping(
            peerStream("mapping/tpu_like_quad_core.yaml"), w, acc, MappingSemantics::FuseLab);
        QCOMPARE(m.layers.size(), size_t(4));
        QCOMPARE(m.layers[0].cores, (std::vector<int>{0, 1, 2, 3}));
        QVERIFY(m.layers[0].split == SplitDim::K); // Conv: inter_core_tiling K, *
        QCOMPARE(m.layers[0].rowTiles, -1);        // Conv: intra_core_tiling OY, all
        QCOMPARE(m.layers[1].cores, (std::vector<int>{4}));
        QCOMPARE(m.layers[2].cores, (std::vector<int>{5}));
        QVERIFY(m.layers[3].split == SplitDim::None); // Gemm: H is no FuseLab loop
        // The constraints drive the allocation.
        PlanOptions o = shimOptions();
        o.mapping = &m;
        const Plan lbl = layerByLayerPlan(w, acc, o);
        QCOMPARE(lbl.core[1], 4);
        QCOMPARE(lbl.core[2], 5);
        QCOMPARE(lbl.splitOf(0).cores, (std::vector<int>{0, 1, 2, 3}));
        QVERIFY(validatePlan(lbl, w, acc, &shimCostModel).empty());

        // The fixed-split file names layers; a fixed list of several cores is a K split.
        w.layers[0].name = "/layer4/layer4.0/conv1/Conv";
        const auto f =
            importStreamMapping(peerStream("mapping/tpu_like_quad_core_resnet18_fixed_split.yaml"),
                                w, acc, MappingSemantics::FuseLab);
        QCOMPARE(f.layers[0].cores, (std::vector<int>{1, 3, 1, 3}));
        QVERIFY(f.layers[0].split == SplitDim::K);

        // A core id the accelerator lacks is named.
        acc.cores.resize(4);
        try {
            importStreamMapping(
                peerStream("mapping/tpu_like_quad_core.yaml"), w, acc);
            QFAIL("expected an InputError");
        } catch (const InputError &e) {
            QVERIFY(std::string(e.what()).find("entry 'Pool'.core_allocation: core 4 does not exist") !=
                    std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
