// SPDX-License-Identifier: GPL-3.0-or-later
// Systolic cost model against SCALE-Sim's analytical model (docs/design.md §3), every expectation
// worked out by hand in the comment of its row:
//   GEMM: Npix = OY·OX (per batch), M = K (per group), Kw = FY·FX·C (per group);
//   OS (rows, cols, T) = (Npix, M, Kw), WS = (Kw, M, Npix), IS = (Kw, Npix, M);
//   Fr = ceil(rows/R), Fc = ceil(cols/C);
//   WS, IS: Fr·Fc·(2R + C + T − 2);  OS: Fr·Fc·(R + C + T − 2).
#include "cost/cost_model.h"
#include "cost_test_util.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::test;

Q_DECLARE_METATYPE(fuselab::Layer)
Q_DECLARE_METATYPE(fuselab::LoopDims)
Q_DECLARE_METATYPE(fuselab::Dataflow)

namespace {
LoopDims withOy(LoopDims d, int64_t oy)
{
    d.oy = oy;
    return d;
}
LoopDims withKOy(LoopDims d, int64_t k, int64_t oy)
{
    d.k = k;
    d.oy = oy;
    return d;
}
} // namespace

class TestSystolicCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cycles_data()
    {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<LoopDims>("tile");
        QTest::addColumn<int>("R");
        QTest::addColumn<int>("C");
        QTest::addColumn<Dataflow>("df");
        QTest::addColumn<qint64>("cycles");
        QTest::addColumn<qint64>("macs");

        // VGG16 conv1_1: C=3 K=64 3×3 pad 1, 224×224 -> Npix=50176, M=64, Kw=27.
        // MACs = 64·3·50176·9 = 86704128.
        const Layer vgg = conv(3, 64, 224, 224, 3, 3, 1, 1);
        // WS: rows=27 cols=64 T=50176; Fr=1, Fc=2; 2·(64+32+50176−2) = 2·50270 = 100540
        QTest::newRow("vgg1_1 32x32 ws")
            << vgg << vgg.dims << 32 << 32 << Dataflow::WS << qint64(100540) << qint64(86704128);
        // OS: rows=50176 cols=64 T=27; Fr=1568, Fc=2; 3136·(32+32+27−2)=3136·89 = 279104
        QTest::newRow("vgg1_1 32x32 os")
            << vgg << vgg.dims << 32 << 32 << Dataflow::OS << qint64(279104) << qint64(86704128);
        // IS: rows=27 cols=50176 T=64; Fr=1, Fc=1568; 1568·(64+32+64−2)=1568·158 = 247744
        QTest::newRow("vgg1_1 32x32 is")
            << vgg << vgg.dims << 32 << 32 << Dataflow::IS << qint64(247744) << qint64(86704128);

        // Folds that do not divide: C=20 K=50 3×3, 10×10 out, 8×8 array.
        // Npix=100, M=50, Kw=180; MACs = 50·20·100·9 = 900000.
        const Layer odd = conv(20, 50, 10, 10, 3, 3);
        // WS: rows=180 cols=50 T=100; Fr=ceil(180/8)=23, Fc=ceil(50/8)=7; 161·(16+8+100−2)=161·122=19642
        QTest::newRow("odd 8x8 ws") << odd << odd.dims << 8 << 8 << Dataflow::WS << qint64(19642)
                                    << qint64(900000);
        // OS: rows=100 cols=50 T=180; Fr=13, Fc=7; 91·(8+8+180−2)=91·194=17654
        QTest::newRow("odd 8x8 os") << odd << odd.dims << 8 << 8 << Dataflow::OS << qint64(17654)
                                    << qint64(900000);
        // IS: rows=180 cols=100 T=50; Fr=23, Fc=13; 299·(16+8+50−2)=299·72=21528
        QTest::newRow("odd 8x8 is") << odd << odd.dims << 8 << 8 << Dataflow::IS << qint64(21528)
                                    << qint64(900000);

        // Strided + padded: ResNet conv1 7×7 s2 p3, C=3 K=64, 224 -> 112 (floor((224+6−7)/2)+1).
        // Npix=12544, M=64, Kw=147; MACs = 64·3·12544·49 = 118013952.
        const Layer r1 = conv(3, 64, 112, 112, 7, 7, 2, 3);
        // WS 32×32: rows=147 cols=64 T=12544; Fr=5, Fc=2; 10·(64+32+12544−2)=10·12638=126380
        QTest::newRow("resnet conv1 32x32 ws")
            << r1 << r1.dims << 32 << 32 << Dataflow::WS << qint64(126380) << qint64(118013952);
        // OS 128×128: rows=12544 cols=64 T=147; Fr=98, Fc=1; 98·(128+128+147−2)=98·401=39298
        QTest::newRow("resnet conv1 128x128 os")
            << r1 << r1.dims << 128 << 128 << Dataflow::OS << qint64(39298) << qint64(118013952);

        // Padded "same" 3×3: C=16 K=16 8×8, 4×4 IS: Kw=144, Npix=64, M=16.
        // rows=144 cols=64 T=16; Fr=36, Fc=16; 576·(8+4+16−2)=576·26=14976. MACs=16·16·64·9=147456
        const Layer same = conv(16, 16, 8, 8, 3, 3, 1, 1);
        QTest::newRow("same pad 4x4 is")
            << same << same.dims << 4 << 4 << Dataflow::IS << qint64(14976) << qint64(147456);

        // Stride that does not divide: IY=7, 3×3, s2, no pad -> OY = floor((7−3)/2)+1 = 3.
        // C=8 K=8: Npix=9, M=8, Kw=72; OS 4×4: rows=9 cols=8 T=72; Fr=3, Fc=2;
        // 6·(4+4+72−2)=6·78=468. MACs = 8·8·9·9 = 5184
        const Layer s2 = conv(8, 8, 3, 3, 3, 3, 2, 0);
        QTest::newRow("stride2 odd 4x4 os")
            << s2 << s2.dims << 4 << 4 << Dataflow::OS << qint64(468) << qint64(5184);

        // FC 4096 -> 1000, batch 1: Npix=1, M=1000, Kw=4096. MACs = 4096000.
        const Layer fc1 = fc(4096, 1000);
        // WS 32×32: rows=4096 cols=1000 T=1; Fr=128, Fc=32; 4096·(64+32+1−2)=4096·95=389120
        QTest::newRow("fc 32x32 ws") << fc1 << fc1.dims << 32 << 32 << Dataflow::WS << qint64(389120)
                                     << qint64(4096000);
        // OS 32×32: rows=1 cols=1000 T=4096; Fr=1, Fc=32; 32·(32+32+4096−2)=32·4158=133056
        QTest::newRow("fc 32x32 os") << fc1 << fc1.dims << 32 << 32 << Dataflow::OS << qint64(133056)
                                     << qint64(4096000);

        // FC batch 16, 512 -> 10: Npix=B=16, M=10, Kw=512. MACs = 16·10·512 = 81920.
        const Layer fc16 = fc(512, 10, 16);
        // IS 8×8: rows=512 cols=16 T=10; Fr=64, Fc=2; 128·(16+8+10−2)=128·32=4096
        QTest::newRow("fc b16 8x8 is")
            << fc16 << fc16.dims << 8 << 8 << Dataflow::IS << qint64(4096) << qint64(81920);
        // WS 8×8: rows=512 cols=10 T=16; Fr=64, Fc=2; 128·(16+8+16−2)=128·38=4864
        QTest::newRow("fc b16 8x8 ws")
            << fc16 << fc16.dims << 8 << 8 << Dataflow::WS << qint64(4864) << qint64(81920);

        // Depthwise 3×3, C=K=32, g=32, 56×56: per group Npix=3136, M=1, Kw=9; groups run in turn.
        // MACs = 32·1·3136·9 = 903168.
        const Layer dw = conv(32, 32, 56, 56, 3, 3, 1, 1, 32);
        // WS 8×8: rows=9 cols=1 T=3136; Fr=2, Fc=1; 2·(16+8+3136−2)=6316 per group; ·32 = 202112
        QTest::newRow("depthwise 8x8 ws")
            << dw << dw.dims << 8 << 8 << Dataflow::WS << qint64(202112) << qint64(903168);
        // OS 8×8: rows=3136 cols=1 T=9; Fr=392, Fc=1; 392·(8+8+9−2)=392·23=9016; ·32 = 288512
        QTest::newRow("depthwise 8x8 os")
            << dw << dw.dims << 8 << 8 << Dataflow::OS << qint64(288512) << qint64(903168);

        // Grouped: C=8 K=16 g=2 (4 in / 8 out per group), 3×3, 4×4: Kw=36, M=8, Npix=16.
        // IS 4×4: rows=36 cols=16 T=8; Fr=9, Fc=4; 36·(8+4+8−2)=648 per group; ·2 = 1296.
        // MACs = 16·4·16·9 = 9216
        const Layer grp = conv(8, 16, 4, 4, 3, 3, 1, 1, 2);
        QTest::newRow("grouped 4x4 is")
            << grp << grp.dims << 4 << 4 << Dataflow::IS << qint64(1296) << qint64(9216);

        // Batch 4: C=3 K=8 3×3, 4×4 out: per batch Npix=16, M=8, Kw=27; batches add.
        // MACs = 4·8·3·16·9 = 13824.
        const Layer b4 = conv(3, 8, 4, 4, 3, 3, 1, 1, 1, 4);
        // WS 4×4: rows=27 cols=8 T=16; Fr=7, Fc=2; 14·(8+4+16−2)=14·26=364; ·4 = 1456
        QTest::newRow("batch4 4x4 ws")
            << b4 << b4.dims << 4 << 4 << Dataflow::WS << qint64(1456) << qint64(13824);
        // OS 4×4: rows=16 cols=8 T=27; Fr=4, Fc=2; 8·(4+4+27−2)=8·33=264; ·4 = 1056
        QTest::newRow("batch4 4x4 os")
            << b4 << b4.dims << 4 << 4 << Dataflow::OS << qint64(1056) << qint64(13824);

        // Tile of 3 output rows of `odd`: Npix=30, M=50, Kw=180.
        // WS 8×8: Fr=23, Fc=7; 161·(16+8+30−2)=161·52=8372. MACs = 50·20·30·9 = 270000
        QTest::newRow("odd tile oy3 ws")
            << odd << withOy(odd.dims, 3) << 8 << 8 << Dataflow::WS << qint64(8372) << qint64(270000);
        // Tile of VGG conv1_1 with K split 32 and 4 rows: Npix=896, M=32, Kw=27.
        // WS 32×32: Fr=1, Fc=1; 64+32+896−2 = 990. MACs = 32·3·896·9 = 774144
        QTest::newRow("vgg tile k32 oy4 ws")
            << vgg << withKOy(vgg.dims, 32, 4) << 32 << 32 << Dataflow::WS << qint64(990) << qint64(774144);
        // Depthwise tile: 8 of the 32 channels, 2 rows: 8 groups of Npix=112, M=1, Kw=9.
        // WS 8×8: Fr=2, Fc=1; 2·(16+8+112−2)=268 per group; ·8 = 2144. MACs = 8·112·9 = 8064
        QTest::newRow("depthwise tile k8 oy2 ws")
            << dw << withKOy(dw.dims, 8, 2) << 8 << 8 << Dataflow::WS << qint64(2144) << qint64(8064);

        // Non-square 16 rows × 4 cols, 1×1 conv C=3 K=10 5×5: Npix=25, M=10, Kw=3; MACs=750.
        const Layer pw = conv(3, 10, 5, 5, 1, 1);
        // WS: rows=3 cols=10 T=25; Fr=1, Fc=3; 3·(32+4+25−2)=3·59=177
        QTest::newRow("pointwise 16x4 ws")
            << pw << pw.dims << 16 << 4 << Dataflow::WS << qint64(177) << qint64(750);
        // OS: rows=25 cols=10 T=3; Fr=2, Fc=3; 6·(16+4+3−2)=6·21=126
        QTest::newRow("pointwise 16x4 os")
            << pw << pw.dims << 16 << 4 << Dataflow::OS << qint64(126) << qint64(750);

        // MatMul of two activations, 2 heads of (5 × 64)·(64 × 7): per head Npix=5, M=7, Kw=64.
        // OS 8×8: rows=5 cols=7 T=64; Fr=1, Fc=1; 8+8+64−2 = 78; ·2 heads = 156. MACs = 2·5·7·64 = 4480
        Layer mm;
        mm.name = "mm";
        mm.op = OpType::MatMul;
        mm.dims = {2, 7, 64, 5, 1, 1, 1};
        mm.inputs = {0, 1};
        QTest::newRow("matmul 2 heads 8x8 os")
            << mm << mm.dims << 8 << 8 << Dataflow::OS << qint64(156) << qint64(4480);

        // ConvTranspose as its equivalent dense conv: K=4, C=8, 3×3, 8×8 out.
        // WS 4×4: Kw=72, M=4, Npix=64; Fr=18, Fc=1; 18·(8+4+64−2)=18·74=1332. MACs = 4·8·64·9 = 18432
        Layer ct = conv(8, 4, 8, 8, 3, 3, 1, 1);
        ct.op = OpType::ConvTranspose;
        QTest::newRow("convtranspose 4x4 ws")
            << ct << ct.dims << 4 << 4 << Dataflow::WS << qint64(1332) << qint64(18432);
    }
    void cycles()
    {
        QFETCH(Layer, layer);
        QFETCH(LoopDims, tile);
        QFETCH(int, R);
        QFETCH(int, C);
        QFETCH(Dataflow, df);
        QFETCH(qint64, cycles);
        QFETCH(qint64, macs);
        const Core c = core(CoreKind::Systolic, R, C, df);
        const Accelerator acc = splitBuffers(c);
        const CostModel &model = costModelFor(CoreKind::Systolic);
        QVERIFY(model.canRun(layer, c));
        const ComputeCost cost = model.compute(layer, tile, c, acc);
        QCOMPARE(cost.cycles, cycles);
        QCOMPARE(cost.macs, macs);
        // Utilization is MACs / (R·C·cycles), by definition.
        QCOMPARE(cost.utilization, double(macs) / (double(R) * C * double(cycles)));
        QVERIFY(cost.utilization > 0 && cost.utilization <= 1);
        QCOMPARE(cost.macEnergy, 0.5 * double(macs));
    }

    // A depthwise tile whose caller also shrank tile.c to the channels it covers costs the
    // same as one that left tile.c whole: 8 groups of Kw = 9 either way (2144 cycles above).
    void depthwiseTileChannelsEitherWay()
    {
        const Layer dw = conv(32, 32, 56, 56, 3, 3, 1, 1, 32);
        const Core c = core(CoreKind::Systolic, 8, 8, Dataflow::WS);
        const Accelerator acc = splitBuffers(c);
        LoopDims t = dw.dims;
        t.k = 8;
        t.c = 8;
        t.oy = 2;
        const ComputeCost cost = costModelFor(CoreKind::Systolic).compute(dw, t, c, acc);
        QCOMPARE(cost.cycles, int64_t(2144));
        QCOMPARE(cost.macs, int64_t(8064));
    }

    // Private-memory energy, counted per dataflow (elements, 8-bit so bytes = elements), on
    // the `odd` layer (Npix=100, M=50, Kw=180) with ibuf r=1, wbuf r=2, obuf r=3 w=4 pJ/B.
    void memoryEnergy_data()
    {
        QTest::addColumn<Dataflow>("df");
        QTest::addColumn<double>("ibuf");
        QTest::addColumn<double>("wbuf");
        QTest::addColumn<double>("obuf");
        // WS (Fr=23, Fc=7): I = 100·180·7 = 126000 ·1; W = 180·50 = 9000 ·2 = 18000;
        // O writes = 100·50·23 = 115000 ·4 = 460000, O reads = 100·50·22 = 110000 ·3 = 330000.
        QTest::newRow("ws") << Dataflow::WS << 126000.0 << 18000.0 << 790000.0;
        // OS (Fr=13, Fc=7): I = 100·180·7 = 126000; W = 9000·13 = 117000 ·2 = 234000;
        // O writes = 5000 ·4 = 20000.
        QTest::newRow("os") << Dataflow::OS << 126000.0 << 234000.0 << 20000.0;
        // IS (Fr=23, Fc=13): I = 18000 once; W = 9000·13 = 117000 ·2 = 234000;
        // O writes 115000·4 + reads 110000·3 = 790000.
        QTest::newRow("is") << Dataflow::IS << 18000.0 << 234000.0 << 790000.0;
    }
    void memoryEnergy()
    {
        QFETCH(Dataflow, df);
        QFETCH(double, ibuf);
        QFETCH(double, wbuf);
        QFETCH(double, obuf);
        const Layer odd = conv(20, 50, 10, 10, 3, 3);
        const Core c = core(CoreKind::Systolic, 8, 8, df);
        const ComputeCost cost = costModelFor(CoreKind::Systolic).compute(odd, odd.dims, c, splitBuffers(c));
        QCOMPARE(cost.memoryEnergy.size(), size_t(3));
        QCOMPARE(cost.memoryEnergy.at("ibuf"), ibuf);
        QCOMPARE(cost.memoryEnergy.at("wbuf"), wbuf);
        QCOMPARE(cost.memoryEnergy.at("obuf"), obuf);
    }

    // 16-bit operands double every byte count; one shared buffer collects all three terms.
    void memoryEnergyOneBuffer16Bit()
    {
        Layer odd = conv(20, 50, 10, 10, 3, 3);
        odd.precision = {16, 16, 16};
        const Core c = core(CoreKind::Systolic, 8, 8, Dataflow::WS);
        Accelerator acc = splitBuffers(c);
        acc.memories.resize(1);
        acc.memories[0].name = "sram";
        acc.memories[0].operands = OperandAll;
        // WS elements: I 126000 + W 9000 + O reads 110000 read at 1 pJ/B, O writes 115000 at 10.
        // Bytes ×2: (126000 + 9000 + 110000)·2·1 + 115000·2·10 = 490000 + 2300000 = 2790000
        const ComputeCost cost = costModelFor(CoreKind::Systolic).compute(odd, odd.dims, c, acc);
        QCOMPARE(cost.memoryEnergy.size(), size_t(1));
        QCOMPARE(cost.memoryEnergy.at("sram"), 2790000.0);
    }

    void refusesVectorOps()
    {
        const Core c = core(CoreKind::Systolic, 8, 8);
        QVERIFY(!costModelFor(CoreKind::Systolic).canRun(vectorOp(OpType::Add, 8, 4, 4, 2), c));
        QVERIFY(!costModelFor(CoreKind::Systolic).canRun(vectorOp(OpType::MaxPool, 8, 4, 4, 1, 2, 2), c));
    }
};

QTEST_GUILESS_MAIN(TestSystolicCost)
#include "tst_systolic_cost.moc"
