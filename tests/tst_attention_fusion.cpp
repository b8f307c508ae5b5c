// SPDX-License-Identifier: GPL-3.0-or-later
// Fused transformer kernels (plan/transformer_kernels.h) against hand calculations:
//  - attention alone (Q, K, V from DRAM, H heads, N tokens, 8-bit): layer by layer writes the
//    H·N² scores and reads them back, and again the probabilities: 4·H·N² bytes more DRAM
//    traffic than the fused kernel, which reads Q, K, V once and writes the context once
//    (4·N·d bytes);
//  - when the H·N² scores exceed the core's memory, fusing still moves fewer bytes;
//  - decode reads the KV cache from DRAM: per extra cached token 2·H_kv·d_head bytes of K and V,
//    plus the layer-by-layer scores and probabilities (2·H bytes read, 2·H written), and the
//    latency grows linearly with kv;
//  - every plan the explorer returns for a transformer passes the plan and schedule validators,
//    and the explorer's candidates include the kernel-only fusion.
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/transformer_kernels.h"
#include "schedule/cn.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "support/attention_workload.h"
#include "search/explorer.h"
#include "workload/token_builder.h"
#include "workload/zoo.h"

#include <QTest>

using namespace fuselab;
using fuselab::test::attentionOnly;
using fuselab::test::checked;

namespace {

Plan fusedAttentionPlan(const Workload &w, const Accelerator &acc, int tileRows)
{
    Plan lbl = layerByLayerPlan(w, acc);
    Plan p = lbl;
    FusedGroup kernel;
    kernel.tileRows = tileRows;
    const auto order = w.topologicalOrder();
    p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, KernelFusion{}, kernel, lbl);
    return p;
}

int64_t dramBytes(const Schedule &s)
{
    return s.totals.dramReadBytes + s.totals.dramWriteBytes;
}

Accelerator quadCore()
{
    return loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
}

} // namespace

class TestAttentionFusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kernelsAreFoundInEveryBlock()
    {
        const Workload w = *zooModel("llama-1b:layers=2,seq=64");
        const auto kernels = transformerKernels(w, w.topologicalOrder());
        int attention = 0, ffn = 0;
        for (const auto &k : kernels) {
            const auto &first = w.layers[w.topologicalOrder()[k.first]].name;
            if (k.kind == TransformerKernel::Kind::Attention) {
                ++attention;
                QVERIFY2(first.ends_with(".scores"), first.c_str());
                QCOMPARE(k.last - k.first, 2);
            } else {
                ++ffn;
                QVERIFY2(first.ends_with(".gate_proj"), first.c_str());
                QCOMPARE(k.last - k.first, 3); // gate, up, product, down
            }
        }
        QCOMPARE(attention, 2);
        QCOMPARE(ffn, 2);
        const Workload g = *zooModel("gpt2:layers=1,seq=64");
        const auto gk = transformerKernels(g, g.topologicalOrder());
        QCOMPARE(gk.size(), size_t(2));
        QCOMPARE(gk[1].last - gk[1].first, 1); // fc1, fc2
    }

    void fusedAttentionSavesTheScoresRoundTrips()
    {
        const int64_t h = 2, dh = 32, n = 128, d = h * dh;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS);
        const Schedule lbl = checked(w, acc, layerByLayerPlan(w, acc));
        const Schedule fused = checked(w, acc, fusedAttentionPlan(w, acc, 16));
        // Fused: Q, K, V read once, the context written once.
        QCOMPARE(dramBytes(fused), 4 * n * d);
        // Unfused: plus the scores and the probabilities, each written and read back.
        QCOMPARE(dramBytes(lbl) - dramBytes(fused), 4 * h * n * n);
    }

    void fusedAttentionWinsWhenScoresExceedTheMemory()
    {
        // 4 heads × 1024² scores = 4 MiB against the 1 MiB scratchpad.
        const int64_t h = 4, dh = 32, n = 1024;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS);
        QVERIFY(h * n * n > acc.memories[0].sizeBytes);
        const Schedule lbl = checked(w, acc, layerByLayerPlan(w, acc));
        const Schedule fused = checked(w, acc, fusedAttentionPlan(w, acc, 16));
        QVERIFY2(dramBytes(fused) < dramBytes(lbl), qPrintable(QString::number(dramBytes(fused)) + QStringLiteral(" vs ") +
                                                               QString::number(dramBytes(lbl))));
        // At least the scores' and probabilities' round trips are saved (4·H·N²).
        QVERIFY(dramBytes(lbl) - dramBytes(fused) >= 4 * h * n * n);
    }

    void headPartsLoadOnlyTheirHeadsOfKAndV()
    {
        // K and V of 4096 tokens × 4 heads of 64 channels are 1 MiB each: together twice the
        // 1 MiB scratchpad. Whole, the fused attention cannot run; in 4 head parts taking turns,
        // each part loads only its 64 channels of K and of V (256 KiB each), so it fits, and
        // K and V still come from DRAM exactly once: N·d bytes each.
        const int64_t h = 4, dh = 64, n = 4096, d = h * dh;
        const Workload w = attentionOnly(h, dh, n);
        const Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS);
        QCOMPARE(2 * n * d, 2 * acc.memories[0].sizeBytes);
        Plan whole = fusedAttentionPlan(w, acc, 16);
        whole.split.assign(w.layers.size(), {}); // every head on the core at once
        QVERIFY_THROWS_EXCEPTION(ScheduleError, schedule(w, acc, whole));
        Plan parts = whole;
        splitAttentionHeads(w, acc, static_cast<int>(h), parts);
        const Schedule s = checked(w, acc, parts);
        const CnGraph g = buildComputationNodes(w, acc, parts);
        const TensorId k = w.layers[w.topologicalOrder()[0]].inputs[1];
        int64_t kBytes = 0;
        for (const auto &node : g.nodes)
            if (node.load && node.loadTensor == k) {
                QCOMPARE(node.chans.size(), dh);
                QCOMPARE(node.chans.begin % dh, int64_t(0));
                kBytes += node.outputBytes;
            }
        QCOMPARE(kBytes, n * d);
        QVERIFY(s.totals.latencyCycles > 0);
    }

    void decodeGrowsLinearlyWithTheKvCache()
    {
        const Accelerator acc = quadCore();
        const int64_t hkv = 8, dh = 64, heads = 32;
        std::vector<double> latency;
        std::vector<int64_t> reads, writes;
        const std::vector<int64_t> kvs{4096, 8192, 16384, 24576, 32768};
        for (int64_t kv : kvs) {
            const Workload w = *zooModel("llama-1b:phase=decode,layers=1,kv=" + std::to_string(kv));
            const Schedule s = checked(w, acc, layerByLayerPlan(w, acc));
            latency.push_back(static_cast<double>(s.totals.latencyCycles));
            reads.push_back(s.totals.dramReadBytes);
            writes.push_back(s.totals.dramWriteBytes);
        }
        for (size_t i = 1; i < kvs.size(); ++i) {
            const int64_t dkv = kvs[i] - kvs[i - 1];
            // K and V cache rows, then the scores and probabilities read back.
            QCOMPARE(reads[i] - reads[i - 1], dkv * (2 * hkv * dh + 2 * heads));
            QCOMPARE(writes[i] - writes[i - 1], dkv * 2 * heads);
        }
        // Linear in kv: a least-squares line explains the latencies (R² ≥ 0.98) with a
        // positive slope. (The list scheduler's overlaps make single steps uneven.)
        const double n = static_cast<double>(kvs.size());
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (size_t i = 0; i < kvs.size(); ++i) {
            const double x = static_cast<double>(kvs[i]);
            sx += x;
            sy += latency[i];
            sxx += x * x;
            sxy += x * latency[i];
        }
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), icept = (sy - slope * sx) / n;
        double ssRes = 0, ssTot = 0;
        for (size_t i = 0; i < kvs.size(); ++i) {
            const double fit = icept + slope * static_cast<double>(kvs[i]);
            ssRes += (latency[i] - fit) * (latency[i] - fit);
            ssTot += (latency[i] - sy / n) * (latency[i] - sy / n);
        }
        QVERIFY(slope > 0);
        QVERIFY2(1 - ssRes / ssTot >= 0.98, qPrintable(QString::number(1 - ssRes / ssTot)));
    }

    void explorerPlansAreValid()
    {
        const Workload w = *zooModel("gpt2:layers=1,seq=64");
        const Accelerator acc = quadCore();
        ExploreOptions o;
        o.generations = 2;
        o.population = 6;
        o.threads = 2;
        o.pareto = {Objective::Latency, Objective::Energy};
        const ExploreResult r = explore(w, acc, o);
        QVERIFY(validateSchedule(r.bestSchedule, acc).empty());
        std::vector<const EvaluatedPlan *> plans{&r.best};
        for (const auto &p : r.pareto)
            plans.push_back(&p);
        for (const auto &b : r.baselines)
            plans.push_back(&b.second);
        for (const EvaluatedPlan *p : plans) {
            const auto problems = validatePlan(p->plan, w, acc);
            QVERIFY2(problems.empty(), (p->origin + ": " + (problems.empty() ? "" : problems.front())).c_str());
            const Schedule s = schedule(w, acc, p->plan);
            QVERIFY2(validateSchedule(s, acc).empty(), p->origin.c_str());
        }
        // The search fused something: the best plan has fewer groups than layers.
        QVERIFY(r.best.plan.groups.size() < w.layers.size());
    }
};

QTEST_GUILESS_MAIN(TestAttentionFusion)
#include "tst_attention_fusion.moc"
