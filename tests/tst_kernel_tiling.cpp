// SPDX-License-Identifier: GPL-3.0-or-later
// Reduction slices of the fused transformer kernels (FusedGroup::tileReduce), against hand
// counts:
//  - an FFN fused and tiled on its hidden dimension reads its weights from DRAM once, where
//    the same FFN tiled over tokens only, in a memory that cannot keep its weights, reads them
//    once per token tile; its MACs are the hand formula (2·N·d·hidden) and the running output
//    is accumulated over the slices: (slices − 1)·N·d extra vector adds;
//  - an attention tiled over keys (FlashAttention) adds, per query row, head and key tile after
//    the first, 2·d_head + 2 vector ops (docs/design.md §4);
//  - with a memory too small for K of one head, the key-tiled attention schedules and the
//    untiled one does not, moving Q and the context once, K and V once per query tile; once
//    the N×N scores exceed the memory it moves fewer DRAM bytes than unfused attention;
//  - a whole Llama block with both kernels sliced on the quad-core is a valid plan and schedule with the layers' MACs; in decode, key tiles read the KV cache
//    once, as whole keys do;
//  - tile_reduce on a group that is not one kernel is refused, naming the group.
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/plan_summary.h"
#include "plan/plan_validate.h"
#include "plan/transformer_kernels.h"
#include "schedule/cn.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "search/group_eval.h"
#include "support/attention_workload.h"
#include "workload/token_builder.h"
#include "workload/zoo.h"

#include <QTest>

using namespace fuselab;
using fuselab::test::attentionOnly;
using fuselab::test::checked;

namespace {

Workload geluFfn(int64_t d, int64_t hidden, int64_t tokens)
{
    TokenBuilder b("ffn", Precision{});
    const TensorId x = b.input("x", 1, d, tokens);
    const TensorId h = b.linear("fc1", x, hidden, {"Gelu"});
    b.linear("fc2", h, d);
    return b.finish();
}

// One systolic core whose only memory holds `bytes`.
Accelerator smallCore(int64_t bytes)
{
    Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS);
    acc.memories[0].sizeBytes = bytes;
    return acc;
}

// The kernels fused on the one core (every layer of these workloads is in a kernel).
Plan kernelPlan(const Workload &w, int tileRows, int keyTile, int hiddenTile)
{
    Plan lbl;
    lbl.core.assign(w.layers.size(), 0);
    Plan p = lbl;
    FusedGroup kernel;
    kernel.tileRows = tileRows;
    KernelFusion fuse;
    fuse.attentionKeyTile = keyTile;
    fuse.ffnHiddenTile = hiddenTile;
    const auto order = w.topologicalOrder();
    p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, fuse, kernel, lbl);
    return p;
}

int64_t weightReads(const Schedule &s)
{
    int64_t bytes = 0;
    for (const auto &e : s.events)
        if (e.kind == EventKind::DramRead && e.weights)
            bytes += e.bytes;
    return bytes;
}

int64_t cnMacTotal(const CnGraph &g)
{
    int64_t macs = 0;
    for (const auto &n : g.nodes)
        macs += n.macs;
    return macs;
}

} // namespace

class TestKernelTiling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hiddenTiledFfnReadsItsWeightsOnce()
    {
        // 2 × 32 × 1024 weights = 64 KiB against a 48 KiB memory: tiled over tokens only, the
        // FFN cannot keep fc1 and fc2 on chip, so every token tile fetches both again. Tiled on
        // the hidden dimension (slices of 128) with the whole sequence as one tile, each slice's
        // weights are fetched once: x (2 KiB), a slice of fc1 and fc2 (4 KiB each), of the
        // hidden layer (8 KiB) and the 32-bit running output (8 KiB) fit.
        const int64_t d = 32, hidden = 1024, n = 64, tokenTile = 8, slice = 128;
        const Workload w = geluFfn(d, hidden, n);
        const Accelerator acc = smallCore(48 * 1024);
        const int64_t weights = 2 * d * hidden;
        QVERIFY(weights > acc.memories[0].sizeBytes);

        Plan tokens = kernelPlan(w, static_cast<int>(tokenTile), 0, 0);
        QCOMPARE(tokens.groups.size(), size_t(1));
        // Weights resident while they fit: evicted and fetched again for some token tiles
        // (which ones the memory manager's choices decide), more than once in all.
        const Schedule st = checked(w, acc, tokens);
        QVERIFY(weightReads(st) > weights);
        // Reloaded for every token tile: exactly the weights once per tile.
        tokens.groups.front().weights = WeightPolicy::Reload;
        QCOMPARE(weightReads(checked(w, acc, tokens)), weights * (n / tokenTile));

        const Plan sliced = kernelPlan(w, 0, 0, static_cast<int>(slice));
        QCOMPARE(sliced.groups.front().tileReduce, int(slice));
        // The plan summary (plan view, plan text) counts the slices: 1024 / 128.
        QCOMPARE(planGroups(sliced, w).front().slices, hidden / slice);
        const Schedule ss = checked(w, acc, sliced);
        QCOMPARE(weightReads(ss), weights);
        // x read once, the output written once.
        QCOMPARE(ss.totals.dramReadBytes + ss.totals.dramWriteBytes, weights + 2 * n * d);

        // MACs: fc1 and fc2, N·d·hidden each, however it is sliced; the running output gets
        // one add per output element for each slice after the first.
        const CnGraph g = buildComputationNodes(w, acc, sliced);
        QCOMPARE(cnMacTotal(g), 2 * n * d * hidden);
        QCOMPARE(g.extraRecomputeMacs, int64_t(0));
        QCOMPARE(g.extraVectorOps, (hidden / slice - 1) * n * d);
        // Sliced, the fused FFN is no slower to fit: it runs in a memory the token tiling
        // needed more weight traffic for.
        QVERIFY(ss.totals.dramReadBytes < st.totals.dramReadBytes);
    }

    void partialOutputsAccumulateInPlace()
    {
        // The last slice's CN reads the running output of the one before; only the last slice
        // writes the result to DRAM, at the output precision (8 bits), the partials being 32-bit.
        const int64_t d = 32, hidden = 256, n = 16, slice = 64;
        const Workload w = geluFfn(d, hidden, n);
        const Accelerator acc = smallCore(1 << 20);
        const Plan p = kernelPlan(w, 0, 0, static_cast<int>(slice));
        const CnGraph g = buildComputationNodes(w, acc, p);
        const LayerId fc2 = w.topologicalOrder().back();
        int partials = 0, finals = 0;
        for (const auto &node : g.nodes) {
            if (node.layer != fc2 || node.load)
                continue;
            QCOMPARE(node.dims.c, slice);
            const bool last = node.slice == hidden / slice - 1;
            QCOMPARE(node.writesDram, last);
            QCOMPARE(node.outputBytes, last ? n * d : n * d * 4);
            int accumulated = 0;
            for (int i = node.inputBegin; i < node.inputEnd; ++i)
                if (g.inputs[i].accumulate) {
                    ++accumulated;
                    QCOMPARE(g.inputs[i].bytes, n * d * 4);
                }
            QCOMPARE(accumulated, node.slice > 0 ? 1 : 0);
            (last ? finals : partials) += 1;
        }
        QCOMPARE(finals, 1);
        QCOMPARE(partials, int(hidden / slice - 1));
        // In place: the memory holds one running output at a time, each slice's output taking
        // over the previous one's bytes when its compute starts.
        const Schedule s = checked(w, acc, p);
        std::vector<MemorySlice> outputs(static_cast<size_t>(hidden / slice));
        for (const auto &m : s.slices)
            if (m.kind == MemorySlice::Kind::Output && m.cn >= 0 && g.nodes[m.cn].layer == fc2)
                outputs[static_cast<size_t>(g.nodes[m.cn].slice)] = m;
        for (size_t i = 1; i < outputs.size(); ++i) {
            QCOMPARE(outputs[i - 1].end, outputs[i].start);
            QCOMPARE(outputs[i].start, s.cns[static_cast<size_t>(outputs[i].cn)].start);
        }
    }

    void onlineSoftmaxExtraWorkIsTheHandFormula()
    {
        // 2 heads of 32, 128 tokens, query tiles of 32 rows, key tiles of 32: per query row,
        // head and key tile after the first, d_head adds of the tile's P·V into the running
        // output, d_head multiplies rescaling it, one rescaling the running sum and one exp of
        // the max difference.
        const int64_t h = 2, dh = 32, n = 128, keyTile = 32;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = smallCore(1 << 20);
        const Plan p = kernelPlan(w, 32, static_cast<int>(keyTile), 0);
        const CnGraph g = buildComputationNodes(w, acc, p);
        QCOMPARE(g.extraVectorOps, n * h * (n / keyTile - 1) * (2 * dh + 2));
        // MACs unchanged: 2·N²·d for scores and context.
        QCOMPARE(cnMacTotal(g), 2 * n * n * h * dh);
        checked(w, acc, p);
    }

    void keyTilesFitWhereWholeKAndVDoNot()
    {
        // One head of 64 channels, 4096 tokens: K alone is 256 KiB, twice the 128 KiB memory.
        // Whole keys the fused attention cannot run; in key tiles of 256 it streams K and V
        // through: Q read and the context written once, K and V read once per query tile.
        const int64_t h = 1, dh = 64, n = 4096, qTile = 64, keyTile = 256, d = h * dh;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = smallCore(128 * 1024);
        QVERIFY(n * d > acc.memories[0].sizeBytes);
        QVERIFY_THROWS_EXCEPTION(ScheduleError, schedule(w, acc, kernelPlan(w, qTile, 0, 0)));
        const Schedule fused = checked(w, acc, kernelPlan(w, qTile, keyTile, 0));
        QCOMPARE(fused.totals.dramReadBytes + fused.totals.dramWriteBytes, 2 * n * d + 2 * (n / qTile) * n * d);
    }

    void keyTiledAttentionBeatsUnfusedOnceTheScoresExceedTheMemory()
    {
        // The N×N scores (16 MiB) exceed the 1 MiB memory: unfused writes and reads back the
        // scores and the probabilities, 4·H·N² bytes; the key-tiled kernel moves Q and the
        // context once and K and V once per query tile (16 tiles of 256 rows).
        const int64_t h = 1, dh = 64, n = 4096, qTile = 256, keyTile = 512, d = h * dh;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = smallCore(1 << 20);
        QVERIFY(h * n * n > acc.memories[0].sizeBytes);
        const Schedule fused = checked(w, acc, kernelPlan(w, qTile, keyTile, 0));
        const int64_t fusedBytes = fused.totals.dramReadBytes + fused.totals.dramWriteBytes;
        QCOMPARE(fusedBytes, 2 * n * d + 2 * (n / qTile) * n * d);
        const Schedule lbl = checked(w, acc, layerByLayerPlan(w, acc));
        const int64_t lblBytes = lbl.totals.dramReadBytes + lbl.totals.dramWriteBytes;
        QVERIFY(lblBytes >= 4 * h * n * n);
        QVERIFY2(fusedBytes < lblBytes, qPrintable(QString::number(fusedBytes) + QStringLiteral(" vs ") +
                                                   QString::number(lblBytes)));
    }

    void llamaBlockKernelsAreValidOnTheQuadCore()
    {
        // A whole Llama-style block (grouped-query attention, rotary, SwiGLU) with both kernels
        // sliced, each layer on its default core (the softmax and the SwiGLU product on the SIMD
        // core, whose 128 KiB hold 16 query rows × 32 heads × 64 keys twice): valid plan, valid
        // schedule, the MACs of layer by layer. Decode: key tiles read the KV cache once, as
        // whole keys do.
        const Accelerator acc = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
        const Workload w = *zooModel("llama-1b:layers=1,head=0,seq=256");
        Plan p = layerByLayerPlan(w, acc);
        FusedGroup kernel;
        kernel.tileRows = 16;
        KernelFusion fuse;
        fuse.attentionKeyTile = 64;
        fuse.ffnHiddenTile = 512;
        fuse.ffnTileRows = 32;
        const auto order = w.topologicalOrder();
        p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, fuse, kernel, p);
        const Schedule s = checked(w, acc, p);
        int64_t macs = 0;
        for (const auto &l : w.layers)
            macs += l.macs();
        QCOMPARE(cnMacTotal(buildComputationNodes(w, acc, p)), macs);
        QVERIFY(s.totals.latencyCycles > 0);

        const Workload d = *zooModel("llama-1b:layers=1,head=0,phase=decode,kv=1024");
        auto decodeBytes = [&](int keyTile) {
            Plan q = layerByLayerPlan(d, acc);
            KernelFusion f;
            f.attentionKeyTile = keyTile;
            const auto o = d.topologicalOrder();
            q.groups = kernelGroups(d, o, 0, static_cast<int>(o.size()) - 1, f, FusedGroup{}, q);
            const Schedule ds = checked(d, acc, q);
            return ds.totals.dramReadBytes + ds.totals.dramWriteBytes;
        };
        QCOMPARE(decodeBytes(256), decodeBytes(0));
    }

    // The search's group table tries the kernels' reduction slices (GroupConfig::reduceSlice,
    // kReduceSlice units). An FFN of 2 × 32 × 2048 weights (128 KiB) on a 96 KiB memory: in
    // 512-unit hidden slices (x 2 KiB, 16 KiB of fc1 and of fc2, a 64 × 512 hidden slice
    // 32 KiB, the 32-bit running output 8 KiB) it reads each weight once, x once and writes the
    // output once — 2·d·hidden + 2·N·d bytes; without slices its weights cannot stay resident
    // and it moves more (or does not fit).
    void searchTriesReductionSlices()
    {
        const int64_t d = 32, hidden = 2048, n = 64;
        QCOMPARE(kReduceSlice, 512);
        const Workload w = geluFfn(d, hidden, n);
        const Accelerator acc = smallCore(96 * 1024);
        const Plan lbl = layerByLayerPlan(w, acc);
        const GroupWorkload g = extractGroup(w, w.topologicalOrder());
        GroupConfig sliced;
        sliced.kernelsOnly = true;
        sliced.reduceSlice = kReduceSlice;
        const auto t = evaluateGroup(acc, g, lbl, sliced, lbl);
        QVERIFY(t);
        QCOMPARE(t->dramReadBytes + t->dramWriteBytes, 2 * d * hidden + 2 * n * d);
        GroupConfig whole = sliced;
        whole.reduceSlice = 0;
        const auto u = evaluateGroup(acc, g, lbl, whole, lbl);
        QVERIFY(!u || u->dramReadBytes + u->dramWriteBytes > t->dramReadBytes + t->dramWriteBytes);
        QVERIFY(groupPlan(g, lbl, sliced, lbl).groups.front().tileReduce == kReduceSlice);
    }

    void tileReduceNeedsOneKernel()
    {
        const Workload w = geluFfn(32, 128, 16);
        const Accelerator acc = smallCore(1 << 20);
        Plan p = layerByLayerPlan(w, acc);
        p.groups.front().tileReduce = 16; // fc1 alone is not a kernel
        const auto problems = validatePlan(p, w, acc);
        QVERIFY(!problems.empty());
        QVERIFY2(problems.front().find("group 0: tile_reduce 16") != std::string::npos, problems.front().c_str());
        QVERIFY(validatePlan(kernelPlan(w, 0, 0, 16), w, acc).empty());
    }
};

QTEST_GUILESS_MAIN(TestKernelTiling)
#include "tst_kernel_tiling.moc"
