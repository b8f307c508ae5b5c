// SPDX-License-Identifier: GPL-3.0-or-later
// SIMD and pooling cores: ceil(element ops / lanes) cycles, which ops each accepts, and the
// SIMD fallback for MAC ops on an accelerator with no MAC array. Expectations by hand.
#include "cost/cost_model.h"
#include "cost_test_util.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::test;

namespace {
Core vectorCore(CoreKind kind, int lanes)
{
    Core c = core(kind, 1, lanes);
    c.lanes = lanes;
    c.macEnergy = 0.1;
    return c;
}
} // namespace

class TestVectorCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maxPoolOnPoolCore()
    {
        // ResNet-18 maxpool 3×3 s2: K=64, 56×56 out. ops = 64·56·56·9 = 1806336;
        // Stream's 3×3×8 pooling array = 72 lanes: 1806336 / 72 = 25088 cycles exactly.
        const Layer pool = vectorOp(OpType::MaxPool, 64, 56, 56, 1, 3, 3);
        const Core c = vectorCore(CoreKind::Pool, 72);
        const ComputeCost cost = costModelFor(CoreKind::Pool).compute(pool, pool.dims, c, splitBuffers(c));
        QCOMPARE(cost.macs, int64_t(1806336));
        QCOMPARE(cost.cycles, int64_t(25088));
        QCOMPARE(cost.utilization, 1.0);
        QCOMPARE(cost.macEnergy, 1806336 * 0.1);
        // Every op reads one input byte (ibuf 1 pJ/B); outputs 64·56·56 = 200704 written (obuf 4 pJ/B).
        QCOMPARE(cost.memoryEnergy.at("ibuf"), 1806336.0);
        QCOMPARE(cost.memoryEnergy.at("obuf"), 200704.0 * 4);
    }
    void addOnSimd()
    {
        // Residual add, two inputs, K=64, 56×56: ops = 200704·2 = 401408; 64 lanes: 6272 cycles.
        const Layer add = vectorOp(OpType::Add, 64, 56, 56, 2);
        const Core c = vectorCore(CoreKind::Simd, 64);
        const ComputeCost cost = costModelFor(CoreKind::Simd).compute(add, add.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(6272));
        QCOMPARE(cost.macs, int64_t(401408));
        // A tile of 10 of the 56 rows: 64·10·56·2 = 71680 ops -> 1120 cycles.
        LoopDims t = add.dims;
        t.oy = 10;
        QCOMPARE(costModelFor(CoreKind::Simd).compute(add, t, c, splitBuffers(c)).cycles, int64_t(1120));
    }
    void globalAvgPool()
    {
        // K=512 over a 7×7 input: ops = 512·49 = 25088; 64 lanes: 392 cycles. One output per channel.
        Layer gap = vectorOp(OpType::GlobalAvgPool, 512, 1, 1);
        gap.iy = gap.ix = 7;
        const Core c = vectorCore(CoreKind::Pool, 64);
        const ComputeCost cost = costModelFor(CoreKind::Pool).compute(gap, gap.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(392));
        QCOMPARE(cost.memoryEnergy.at("obuf"), 512.0 * 4);
    }
    void partialLastVector()
    {
        // 3 channels × 5×5 = 75 ops on 64 lanes: 2 cycles, utilization 75/128.
        const Layer act = vectorOp(OpType::Activation, 3, 5, 5);
        const Core c = vectorCore(CoreKind::Simd, 64);
        const ComputeCost cost = costModelFor(CoreKind::Simd).compute(act, act.dims, c, splitBuffers(c));
        QCOMPARE(cost.cycles, int64_t(2));
        QCOMPARE(cost.utilization, 75.0 / 128.0);
    }
    void whoRunsWhat()
    {
        const Core pool = vectorCore(CoreKind::Pool, 72);
        const Core simd = vectorCore(CoreKind::Simd, 64);
        const CostModel &p = costModelFor(CoreKind::Pool);
        const CostModel &s = costModelFor(CoreKind::Simd);
        for (OpType op : {OpType::MaxPool, OpType::AvgPool, OpType::GlobalAvgPool}) {
            QVERIFY(p.canRun(vectorOp(op, 8, 4, 4), pool));
            QVERIFY(s.canRun(vectorOp(op, 8, 4, 4), simd));
        }
        for (OpType op : {OpType::Add, OpType::Mul, OpType::Concat, OpType::Activation, OpType::Resize,
                          OpType::Slice, OpType::Other}) {
            QVERIFY(!p.canRun(vectorOp(op, 8, 4, 4), pool));
            QVERIFY(s.canRun(vectorOp(op, 8, 4, 4), simd));
        }
        for (const Layer &mac : {conv(8, 8, 4, 4, 3, 3), fc(16, 16)}) {
            QVERIFY(!p.canRun(mac, pool));
            QVERIFY(!s.canRun(mac, simd));
        }
    }
    void simdFallsBackForMacsOnlyWithoutMacCore()
    {
        const Layer c3 = conv(8, 8, 4, 4, 3, 3, 1, 1);
        const Core simd = vectorCore(CoreKind::Simd, 64);
        Accelerator onlySimd = splitBuffers(simd);
        QVERIFY(canRunOn(c3, simd, onlySimd));
        // MACs = 8·8·16·9 = 9216 at 64 per cycle: 144 cycles.
        QCOMPARE(costModelFor(CoreKind::Simd).compute(c3, c3.dims, simd, onlySimd).cycles, int64_t(144));

        Accelerator withArray = onlySimd;
        Core array = core(CoreKind::Systolic, 8, 8);
        array.name = "array";
        withArray.cores.push_back(array);
        QVERIFY(!canRunOn(c3, simd, withArray));
        QVERIFY(canRunOn(c3, withArray.cores[1], withArray));
        QVERIFY(canRunOn(vectorOp(OpType::Add, 8, 4, 4, 2), simd, withArray));
        QVERIFY(!canRunOn(vectorOp(OpType::Add, 8, 4, 4, 2), withArray.cores[1], withArray));
    }
    void arrayFallsBackForVectorOpsOnlyWithoutVectorCore()
    {
        // A TPU-like single core: a maxpool must still run, as a pass at `cols` elements/cycle.
        const Core array = core(CoreKind::Systolic, 8, 16);
        Accelerator onlyArray = splitBuffers(array);
        const Layer pool = vectorOp(OpType::MaxPool, 8, 4, 4, 1, 3, 3);
        QVERIFY(!costModelFor(CoreKind::Systolic).canRun(pool, array));
        QVERIFY(canRunOn(pool, array, onlyArray));
        // Ops = outputs × window = 8·4·4·9 = 1152 at 16 per cycle: 72 cycles.
        QCOMPARE(costModelFor(CoreKind::Systolic).compute(pool, pool.dims, array, onlyArray).cycles, int64_t(72));

        Accelerator withSimd = onlyArray;
        Core simd = vectorCore(CoreKind::Simd, 64);
        simd.name = "vec";
        withSimd.cores.push_back(simd);
        QVERIFY(!canRunOn(pool, withSimd.cores[0], withSimd));
        QVERIFY(canRunOn(pool, withSimd.cores[1], withSimd));
    }
};

QTEST_GUILESS_MAIN(TestVectorCost)
#include "tst_vector_cost.moc"
