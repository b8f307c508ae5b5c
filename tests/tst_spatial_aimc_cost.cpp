// SPDX-License-Identifier: GPL-3.0-or-later
// Spatial (Eyeriss-like) and AIMC cost models, hand-computed cases.
#include "cost/aimc_cost.h"
#include "cost/cost_model.h"
#include "cost_test_util.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::test;

namespace {
Core spatial(int rows, int cols, std::vector<Unroll> r, std::vector<Unroll> c)
{
    Core core = test::core(CoreKind::Spatial, rows, cols);
    core.unrollRows = std::move(r);
    core.unrollCols = std::move(c);
    return core;
}
Core aimc(int rows, int cols)
{
    Core c = core(CoreKind::Aimc, rows, cols);
    c.mvmCycles = 100;
    c.mvmEnergy = 50;
    c.programCyclesPerRow = 10;
    c.programEnergyPerRow = 2;
    return c;
}
// A tile whose weight memory (the crossbar cells) holds `crossbars` crossbars of 8-bit weights.
Accelerator tileWith(const Core &c, int64_t crossbars)
{
    Accelerator acc = splitBuffers(c);
    acc.memories[acc.memoryIndex("wbuf")].sizeBytes = crossbars * c.rows * c.cols;
    return acc;
}
} // namespace

class TestSpatialAimcCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void spatialKbyC()
    {
        // 16×16 array, K×16 on rows, C×16 on cols. Conv C=3 K=64 3×3, 8×8 out:
        // cycles = ceil(64/16)·ceil(3/16)·8·8·3·3 = 4·1·576 = 2304.
        // MACs = 64·3·64·9 = 110592; utilization = 110592 / (256·2304) = 0.1875 (3 of 16 C lanes).
        const Core c = spatial(16, 16, {{LoopDim::K, 16}}, {{LoopDim::C, 16}});
        const Layer l = conv(3, 64, 8, 8, 3, 3, 1, 1);
        const ComputeCost cost = costModelFor(CoreKind::Spatial).compute(l, l.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(2304));
        QCOMPARE(cost.macs, int64_t(110592));
        QCOMPARE(cost.utilization, 0.1875);
        // Memory: e_K=16, e_C=3. W per cycle 16·3 = 48 -> 2304·48 = 110592 B ·2 pJ;
        // I per cycle e_C = 3 (broadcast over K) -> 6912 B ·1 pJ; O written once: 64·64 = 4096 B ·4 pJ.
        QCOMPARE(cost.memoryEnergy.at("wbuf"), 110592.0 * 2);
        QCOMPARE(cost.memoryEnergy.at("ibuf"), 6912.0);
        QCOMPARE(cost.memoryEnergy.at("obuf"), 4096.0 * 4);
    }
    void spatialTwoDimsOnOneAxis()
    {
        // 12×8 array: rows unroll OX×4 and FX×3, cols K×8. Conv C=16 K=20 3×3, 10×10 out:
        // cycles = ceil(20/8)·16·10·ceil(10/4)·3·ceil(3/3) = 3·16·10·3·3·1 = 4320.
        // MACs = 20·16·100·9 = 288000; utilization = 288000 / (96·4320) = 288000 / 414720.
        const Core c = spatial(12, 8, {{LoopDim::OX, 4}, {LoopDim::FX, 3}}, {{LoopDim::K, 8}});
        const Layer l = conv(16, 20, 10, 10, 3, 3, 1, 1);
        const ComputeCost cost = costModelFor(CoreKind::Spatial).compute(l, l.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(4320));
        QCOMPARE(cost.utilization, 288000.0 / 414720.0);
        // W per cycle: e_K·e_FX = 8·3 = 24 (broadcast over OX) -> 4320·24 = 103680 B ·2 pJ.
        QCOMPARE(cost.memoryEnergy.at("wbuf"), 103680.0 * 2);
    }
    void spatialDepthwiseAndTile()
    {
        // Depthwise C=K=32 g=32 3×3 8×8 on K16 × C16: per-group C is 1, so
        // cycles = ceil(32/16)·1·64·9 = 1152; MACs = 32·64·9 = 18432; utilization 1/16.
        const Core c = spatial(16, 16, {{LoopDim::K, 16}}, {{LoopDim::C, 16}});
        const Layer dw = conv(32, 32, 8, 8, 3, 3, 1, 1, 32);
        const ComputeCost cost = costModelFor(CoreKind::Spatial).compute(dw, dw.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(1152));
        QCOMPARE(cost.utilization, 1.0 / 16);
        // I per cycle: e_C·e_FY·e_FX = 1, times ceil(e_K / (K/g)) = 16 channels -> 1152·16 B.
        QCOMPARE(cost.memoryEnergy.at("ibuf"), 1152.0 * 16);
        // FC 256 -> 100: ceil(100/16)·ceil(256/16) = 7·16 = 112 cycles.
        const Layer f = fc(256, 100);
        QCOMPARE(costModelFor(CoreKind::Spatial).compute(f, f.dims, c, splitBuffers(c)).cycles, int64_t(112));
        // A 2-row tile of the depthwise conv: ceil(32/16)·2·8·9 = 288 cycles.
        LoopDims t = dw.dims;
        t.oy = 2;
        QCOMPARE(costModelFor(CoreKind::Spatial).compute(dw, t, c, splitBuffers(c)).cycles, int64_t(288));
    }

    void aimcReprogramsWhenBlocksExceedTile()
    {
        // 256×256 crossbar. Conv C=64 K=64 3×3, 14×14: Kw = 576 -> ceil(576/256)·ceil(64/256) = 3 blocks.
        // V = 196 vectors. cycles = 3·(256·10 + 196·100) = 3·22160 = 66480.
        // energy = 3·196·50 + 3·256·2 = 29400 + 1536 = 30936. No separate weight load.
        // One crossbar per tile (its weight memory holds 256·256 weights).
        const Core c = aimc(256, 256);
        const Layer l = conv(64, 64, 14, 14, 3, 3, 1, 1);
        const CostModel &m = costModelFor(CoreKind::Aimc);
        QCOMPARE(aimcBlocks(l, c), int64_t(3));
        const ComputeCost cost = m.compute(l, l.dims, c, tileWith(c, 1));
        QCOMPARE(cost.cycles, int64_t(66480));
        QCOMPARE(cost.macEnergy, 30936.0);
        QCOMPARE(m.weightLoadCycles(l, l.dims, c), int64_t(0));
        QCOMPARE(m.weightLoadCyclesOn(l, l.dims, c, tileWith(c, 1)), int64_t(0));
        // Reprogramming reads every weight once: 576·64 = 36864 B at 2 pJ/B.
        QCOMPARE(cost.memoryEnergy.at("wbuf"), 36864.0 * 2);
    }
    void aimcStationaryWhenOneBlock()
    {
        // Conv C=16 K=32 3×3, 8×8: Kw = 144 ≤ 256, 32 ≤ 256 -> 1 block. V = 64: cycles 6400,
        // energy 64·50 = 3200. Weight load (once, the scheduler decides when): 256·10 = 2560
        // cycles and 256·2 = 512 pJ. Utilization: MACs 32·16·64·9 = 294912 / (64·65536).
        const Core c = aimc(256, 256);
        const Layer l = conv(16, 32, 8, 8, 3, 3, 1, 1);
        const CostModel &m = costModelFor(CoreKind::Aimc);
        const ComputeCost cost = m.compute(l, l.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(6400));
        QCOMPARE(cost.macEnergy, 3200.0);
        QCOMPARE(cost.utilization, 294912.0 / (64.0 * 65536));
        QCOMPARE(m.weightLoadCycles(l, l.dims, c), int64_t(2560));
        QCOMPARE(m.weightLoadEnergy(l, l.dims, c), 512.0);
        // Inputs: each vector reads Kw = 144 once (one block column): 64·144 = 9216 B at 1 pJ/B;
        // outputs written once: 64·32 = 2048 B at 4 pJ/B.
        QCOMPARE(cost.memoryEnergy.at("ibuf"), 9216.0);
        QCOMPARE(cost.memoryEnergy.at("obuf"), 2048.0 * 4);
        QVERIFY(cost.memoryEnergy.find("wbuf") == cost.memoryEnergy.end());
    }
    void aimcCrossbarsFromTheWeightMemory()
    {
        const Core c = aimc(256, 256);
        const Layer l = conv(64, 64, 14, 14, 3, 3, 1, 1); // 8-bit weights
        // 1 MiB of weight memory = 16 crossbars of 256·256 bytes.
        QCOMPARE(aimcCrossbars(l, c, splitBuffers(c)), int64_t(16));
        QCOMPARE(aimcCrossbars(l, c, tileWith(c, 3)), int64_t(3));
        Layer wide = l;
        wide.precision.w = 16; // two bytes per cell: half as many crossbars
        QCOMPARE(aimcCrossbars(wide, c, splitBuffers(c)), int64_t(8));
        Accelerator none = splitBuffers(c);
        none.memories.erase(none.memories.begin() + none.memoryIndex("wbuf"));
        QCOMPARE(aimcCrossbars(l, c, none), int64_t(1)); // no weight memory: one crossbar
    }
    void aimcStationaryOnEnoughCrossbars()
    {
        // The 3-block conv above on a tile of 4 crossbars: all blocks programmed at once (256·10
        // = 2560 cycles, 3·256·2 = 1536 pJ, charged by the scheduler per load) and all MVMs of a
        // vector in parallel: 196·100 = 19600 cycles, 3·196·50 = 29400 pJ; no weight is read.
        const Core c = aimc(256, 256);
        const Layer l = conv(64, 64, 14, 14, 3, 3, 1, 1);
        const CostModel &m = costModelFor(CoreKind::Aimc);
        const Accelerator acc = tileWith(c, 4);
        const ComputeCost cost = m.compute(l, l.dims, c, acc);
        QCOMPARE(cost.cycles, int64_t(19600));
        QCOMPARE(cost.macEnergy, 29400.0);
        QCOMPARE(m.weightLoadCyclesOn(l, l.dims, c, acc), int64_t(2560));
        QCOMPARE(m.weightLoadEnergyOn(l, l.dims, c, acc), 1536.0);
        QVERIFY(cost.memoryEnergy.find("wbuf") == cost.memoryEnergy.end());
        // Two crossbars for three blocks: two rounds, each programmed then run:
        // 2·(2560 + 19600) = 44320 cycles; energy 29400 + 3·512 = 30936 pJ; no separate load.
        const Accelerator two = tileWith(c, 2);
        const ComputeCost rounds = m.compute(l, l.dims, c, two);
        QCOMPARE(rounds.cycles, int64_t(44320));
        QCOMPARE(rounds.macEnergy, 30936.0);
        QCOMPARE(m.weightLoadCyclesOn(l, l.dims, c, two), int64_t(0));
    }
    void aimcBlockCounts()
    {
        const Core big = aimc(256, 256);
        // FC 4096 -> 1000: ceil(4096/256)·ceil(1000/256) = 16·4 = 64 blocks.
        QCOMPARE(aimcBlocks(fc(4096, 1000), big), int64_t(64));
        // Depthwise 3×3, 64 channels: 9 rows × 1 col per group, min(256/9, 256/1) = 28 groups per
        // crossbar, ceil(64/28) = 3 blocks.
        QCOMPARE(aimcBlocks(conv(64, 64, 8, 8, 3, 3, 1, 1, 64), big), int64_t(3));
        // Grouped C=K=512, g=2: each group 9·256 = 2304 rows × 256 cols, does not fit:
        // 2 · ceil(2304/256) · ceil(256/256) = 2·9·1 = 18 blocks.
        QCOMPARE(aimcBlocks(conv(512, 512, 7, 7, 3, 3, 1, 1, 2), big), int64_t(18));
        // A 4×4 crossbar and a 3×3 depthwise of 2 channels: a group (9 rows) does not fit:
        // 2 · ceil(9/4) · 1 = 6 blocks.
        QCOMPARE(aimcBlocks(conv(2, 2, 4, 4, 3, 3, 1, 1, 2), aimc(4, 4)), int64_t(6));
        // A K split of 128 of FC 4096 -> 1000: 16 · ceil(128/256) = 16 blocks.
        Layer f = fc(4096, 1000);
        LoopDims t = f.dims;
        t.k = 128;
        QCOMPARE(aimcBlocks(f, t, big), int64_t(16));
    }
    void aimcRunsOnlyConstantWeights()
    {
        const Core c = aimc(64, 64);
        const CostModel &m = costModelFor(CoreKind::Aimc);
        Layer mm;
        mm.op = OpType::MatMul;
        mm.dims = {1, 8, 8, 4, 1, 1, 1};
        QVERIFY(!m.canRun(mm, c));
        mm.hasWeights = true;
        QVERIFY(m.canRun(mm, c));
        QVERIFY(m.canRun(conv(8, 8, 4, 4, 3, 3), c));
        QVERIFY(m.canRun(fc(8, 8), c));
        QVERIFY(!m.canRun(vectorOp(OpType::Add, 8, 4, 4, 2), c));
    }
};

QTEST_GUILESS_MAIN(TestSpatialAimcCost)
#include "tst_spatial_aimc_cost.moc"
