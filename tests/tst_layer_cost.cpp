// SPDX-License-Identifier: GPL-3.0-or-later
// Whole-layer (layer-by-layer) cost, the access-based baseline and the clock conversion.
#include "cost/cost_model.h"
#include "cost_test_util.h"

#include <QTest>

#include <cmath>
#include <string>

using namespace fuselab;
using namespace fuselab::test;

class TestLayerCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void convLayerByLayer()
    {
        // Conv C=20 K=50 3×3 on a 12×12 input (no pad) -> 10×10, 8×8 WS array (19642 cycles,
        // see tst_systolic_cost). One private "sram" for I, W, O: read 1, write 2 pJ/B.
        const Layer l = conv(20, 50, 10, 10, 3, 3);
        const Core c = core(CoreKind::Systolic, 8, 8, Dataflow::WS);
        Accelerator acc = splitBuffers(c);
        acc.memories.resize(1);
        acc.memories[0].name = "sram";
        acc.memories[0].operands = OperandAll;
        acc.memories[0].readEnergy = 1;
        acc.memories[0].writeEnergy = 2;

        const LayerCost lc = layerCost(l, {20 * 12 * 12}, c, acc);
        QCOMPARE(lc.inputBytes, int64_t(2880));
        QCOMPARE(lc.weightBytes, int64_t(50 * 20 * 9)); // 9000
        QCOMPARE(lc.outputBytes, int64_t(50 * 100));    // 5000
        QCOMPARE(lc.compute.cycles, int64_t(19642));
        // MAC: 50·20·100·9 = 900000 MACs · 0.5 pJ.
        QCOMPARE(lc.energy.mac, 450000.0);
        // DRAM: (2880 + 9000)·100 + 5000·150 = 1188000 + 750000.
        QCOMPARE(lc.energy.dram, 1938000.0);
        // SRAM: compute reads I 126000 + W 9000 + O 110000 (·1), O writes 115000 (·2) = 475000;
        // fills I 2880·2 + W 9000·2 = 23760; drain O 5000·1 = 5000. Total 503760.
        QCOMPARE(lc.energy.memory.size(), size_t(1));
        QCOMPARE(lc.energy.memory.at("sram"), 503760.0);
        QCOMPARE(lc.energy.links, 0.0);
        QCOMPARE(lc.energy.total(), 450000.0 + 1938000.0 + 503760.0);
        // DRAM: three transfers at 16 B/cycle (memories give 64), each + latency 100, as the
        // scheduler moves them: I 180 + 100, W ⌈562.5⌉ + 100, O ⌈312.5⌉ + 100 = 1356 cycles;
        // latency 1356 + 19642 = 20998.
        QCOMPARE(lc.dramCycles, int64_t(280 + 663 + 413));
        QCOMPARE(lc.latencyCycles, int64_t(20998));
        // Access-based: off-chip bytes only, 2880 + 9000 + 5000.
        QCOMPARE(accessBasedCost(lc), int64_t(16880));
        QCOMPARE(accessBasedCost(11880, 5000), int64_t(16880));
    }
    void aimcLayerPaysOneWeightLoad()
    {
        // 1-block conv on a 256×256 AIMC tile (tst_spatial_aimc_cost): compute 6400 cycles,
        // programming 2560 cycles / 512 pJ added once; core at 500 MHz, reference 1000 MHz:
        // (6400 + 2560)·2 = 17920 reference cycles. Weights 32·16·9 = 4608 B, input 16·8·8 = 1024 B,
        // output 32·64 = 2048 B, one DRAM transfer each at 16 B/cycle + 100 latency:
        // 164 + 388 + 228 = 780 DRAM cycles; latency 780 + 17920 = 18700.
        Core c = core(CoreKind::Aimc, 256, 256);
        c.mvmCycles = 100;
        c.mvmEnergy = 50;
        c.programCyclesPerRow = 10;
        c.programEnergyPerRow = 2;
        c.clockMHz = 500;
        const Layer l = conv(16, 32, 8, 8, 3, 3, 1, 1);
        const LayerCost lc = layerCost(l, {1024}, c, splitBuffers(c));
        QCOMPARE(lc.energy.mac, 3200.0 + 512.0);
        QCOMPARE(lc.dramCycles, int64_t(780));
        QCOMPARE(lc.latencyCycles, int64_t(18700));
    }
    void referenceClock()
    {
        Accelerator acc;
        acc.clockMHz = 1000;
        Core c;
        c.clockMHz = 500; // half speed: every core cycle is two reference cycles
        QCOMPARE(toReferenceCycles(101, c, acc), int64_t(202));
        c.clockMHz = 300; // 3 cycles at 300 MHz = 10 ns = 10 reference cycles
        QCOMPARE(toReferenceCycles(3, c, acc), int64_t(10));
        QCOMPARE(toReferenceCycles(4, c, acc), int64_t(14)); // 13.33 rounds up
        acc.clockMHz = 400;
        c.clockMHz = 1000; // 101 cycles at 1 GHz = 40.4 reference cycles -> 41
        QCOMPARE(toReferenceCycles(101, c, acc), int64_t(41));
        acc.clockMHz = 1000;
        c.clockMHz = 333.3; // 1000 / 333.3 · 1000 = 3000.3 -> 3001
        QCOMPARE(toReferenceCycles(1000, c, acc), int64_t(3001));
        c.clockMHz = 1000;
        QCOMPARE(toReferenceCycles(12345, c, acc), int64_t(12345));
        QCOMPARE(toReferenceCycles(0, c, acc), int64_t(0));
    }
    // Degenerate tiles and arrays (which validation should have stopped) never produce a
    // negative cycle count, a NaN or an infinite utilization, on any core kind.
    void degenerateInputsStayFinite()
    {
        const std::vector<Layer> layers = {conv(8, 8, 4, 4, 3, 3), conv(8, 8, 4, 4, 3, 3, 1, 1, 8), fc(8, 8),
                                           vectorOp(OpType::Add, 8, 4, 4, 2),
                                           vectorOp(OpType::MaxPool, 8, 4, 4, 1, 2, 2)};
        for (CoreKind kind :
             {CoreKind::Systolic, CoreKind::Spatial, CoreKind::Aimc, CoreKind::Simd, CoreKind::Pool}) {
            for (int side : {0, 4}) {
                Core c = core(kind, side, side);
                c.lanes = side;
                c.unrollRows = {{LoopDim::K, side}};
                c.unrollCols = {{LoopDim::C, side}};
                const Accelerator acc = splitBuffers(c);
                for (const Layer &l : layers) {
                    for (int64_t oy : {int64_t(0), int64_t(-1), l.dims.oy}) {
                        LoopDims t = l.dims;
                        t.oy = oy;
                        const ComputeCost cost = costModelFor(kind).compute(l, t, c, acc);
                        const std::string what = std::string(toString(kind)) + " " + l.name + " array " +
                                                 std::to_string(side) + " oy " + std::to_string(oy);
                        QVERIFY2(cost.cycles >= 0, what.c_str());
                        QVERIFY2(std::isfinite(cost.utilization) && cost.utilization >= 0, what.c_str());
                        QVERIFY2(std::isfinite(cost.macEnergy), what.c_str());
                        for (const auto &[name, e] : cost.memoryEnergy)
                            QVERIFY2(std::isfinite(e), what.c_str());
                    }
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLayerCost)
#include "tst_layer_cost.moc"
