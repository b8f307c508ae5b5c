// SPDX-License-Identifier: GPL-3.0-or-later
// The explorer on a decoder of identical blocks (issue 14 §4): the group table schedules a
// group of one block and reuses its costs for the same group of the others — the reused costs
// must equal a fresh evaluation of the other block; repeated blocks share allocation genes, so
// the plans NSGA-II returns allocate every block alike; a time limit stops the whole explore,
// the re-check of the returned plans included, and says so.
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "schedule/schedule_cache.h"
#include "schedule/validator.h"
#include "search/explorer.h"
#include "search/group_eval.h"
#include "search/search_control.h"
#include "search/shared_genes.h"
#include "workload/zoo.h"

#include <QTest>

#include <string>

using namespace fuselab;

namespace {
Accelerator quadCore()
{
    return loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
}

/// The layers of block `n` (`layers.n.…`), in topological order.
std::vector<LayerId> block(const Workload &w, int n)
{
    const std::string prefix = "layers." + std::to_string(n) + ".";
    std::vector<LayerId> out;
    for (LayerId l : w.topologicalOrder())
        if (w.layers[l].name.rfind(prefix, 0) == 0)
            out.push_back(l);
    return out;
}

/// Its attention half: up to and including the first residual addition (one unit of the
/// explorer's layer order).
std::vector<LayerId> attentionHalf(const Workload &w, int n)
{
    std::vector<LayerId> out;
    for (LayerId l : block(w, n)) {
        out.push_back(l);
        if (w.layers[l].name.ends_with(".residual1"))
            break;
    }
    return out;
}

void compareTotals(const std::optional<ScheduleTotals> &a, const std::optional<ScheduleTotals> &b)
{
    QCOMPARE(a.has_value(), b.has_value());
    if (!a)
        return;
    QCOMPARE(a->latencyCycles, b->latencyCycles);
    QCOMPARE(a->energyPj, b->energyPj);
    QCOMPARE(a->dramReadBytes, b->dramReadBytes);
    QCOMPARE(a->dramWriteBytes, b->dramWriteBytes);
    QCOMPARE(a->peakMemoryBytes, b->peakMemoryBytes);
}

/// The same layer in block 0 (`layers.2.mlp.up_proj` → `layers.0.mlp.up_proj`).
LayerId inFirstBlock(const Workload &w, LayerId l)
{
    const std::string &name = w.layers[l].name;
    const size_t rest = name.find('.', std::string("layers.").size());
    return w.layerIndex("layers.0" + name.substr(rest));
}

ExploreOptions quick(int generations, int population)
{
    ExploreOptions opt;
    opt.threads = 2;
    opt.generations = generations;
    opt.population = population;
    opt.minSharedBlocks = 2; // these decoders have 3 blocks, a real one 16-80
    return opt;
}

bool passesValidators(const Workload &w, const Accelerator &acc, const Plan &p)
{
    return validatePlan(p, w, acc).empty() && validateSchedule(schedule(w, acc, p), acc).empty();
}
} // namespace

class TestExploreRepeatedBlocks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reusedGroupCostsEqualAFreshEvaluation()
    {
        const Workload w = *zooModel("llama2-7b:seq=64,layers=3");
        const Accelerator acc = quadCore();
        // The explorer's allocation for the table: lbl's, with every block on the cores of the
        // first (its own lbl balances each block on its own, so the cores differ by block).
        const Plan lbl = layerByLayerPlan(w, acc);
        std::vector<std::vector<int>> anyCore(w.layers.size(), {0});
        const SharedGenes genes = shareGenesByRole(w, anyCore, 2);
        Plan alike = lbl;
        alike.split.resize(w.layers.size());
        for (size_t l = 0; l < w.layers.size(); ++l) {
            alike.core[l] = lbl.core[genes.layerOf[genes.geneOf[l]]];
            alike.split[l] = lbl.splitOf(genes.layerOf[genes.geneOf[l]]);
        }
        const GroupWorkload one = extractGroup(w, attentionHalf(w, 1)), two = extractGroup(w, attentionHalf(w, 2));
        // norm1, q/k/v, two rotary embeddings, scores, softmax, context, o_proj, residual1.
        QCOMPARE(one.workload.layers.size(), size_t{11});
        // Same shapes, cores and tiling, other names and ids: one signature, one hash.
        const GroupSignature s1 = groupSignature(one, alike, lbl), s2 = groupSignature(two, alike, lbl);
        QVERIFY(one.original != two.original);
        QVERIFY(s1 == s2);
        QCOMPARE(signatureHash(s1), signatureHash(s2));
        // What the table reuses (block 1's costs, its configurations sharing one cache) equals
        // block 2 scheduled afresh, for every configuration the table tries.
        auto configs = groupConfigs(one.workload.layers.back().dims.oy, 11, {1, 2, 4, 8, 16});
        GroupConfig unfused;
        unfused.layerByLayer = true;
        configs.push_back(unfused);
        for (GroupConfig c : groupConfigs(one.workload.layers.back().dims.oy, 3, {1, 2, 4, 8, 16})) {
            c.kernelsOnly = true; // the attention core alone fused
            configs.push_back(c);
        }
        ScheduleCache cache(one.workload, acc, nullptr);
        int scheduled = 0;
        for (const GroupConfig &c : configs) {
            const auto reused = evaluateGroup(acc, one, alike, c, lbl, nullptr, kDefaultMaxCns, &cache);
            const auto fresh = evaluateGroup(acc, two, alike, c, lbl);
            compareTotals(reused, fresh);
            scheduled += fresh ? 1 : 0;
        }
        QVERIFY(scheduled >= 3);
        // Another core for one layer of block 2: another signature (its costs are its own).
        Plan moved = alike;
        const LayerId q = w.layerIndex("layers.2.attn.q_proj");
        QVERIFY(q >= 0);
        moved.core[q] = (moved.core[q] + 1) % static_cast<int>(acc.cores.size());
        QVERIFY(!(groupSignature(two, moved, lbl) == s1));
    }

    void explorerSchedulesEachDistinctGroupOnce()
    {
        // Three identical blocks: the table's groups of block 2 and 3 repeat those of block 1.
        const Workload w = *zooModel("llama2-7b:seq=256,layers=3");
        const Accelerator acc = quadCore();
        const ExploreResult r = explore(w, acc, quick(1, 4));
        QVERIFY(r.stats.groups > 0);
        QVERIFY(r.stats.distinctGroups < r.stats.groups);
        // The DP found plans from the shared entries: block 0's attention half is several
        // units, the others' one unit with more configurations (lbl, kernels only); sharing
        // one entry between them left the DP without a plan for blocks 1 and 2.
        for (const auto &[name, why] : r.missingBaselines)
            QVERIFY2(name != "fuse_only", why.c_str());
        QVERIFY(passesValidators(w, acc, r.best.plan));
    }

    void repeatedBlocksShareGenes()
    {
        // 3 Llama blocks of 17 layers + the layers outside blocks (final norm, head, …): one
        // gene per role when every layer may take the same cores.
        const Workload w = *zooModel("llama2-7b:seq=32,layers=3");
        const std::vector<std::vector<int>> alleles(w.layers.size(), {0, 1, 2});
        const SharedGenes g = shareGenesByRole(w, alleles, 2);
        QCOMPARE(g.layerOf.size(), w.layers.size() - 2 * 17);
        for (LayerId l : block(w, 2))
            QCOMPARE(g.geneOf[l], g.geneOf[inFirstBlock(w, l)]);
        // Below the minimum of repeats (a ResNet stage's few blocks), every layer its own gene.
        QCOMPARE(shareGenesByRole(w, alleles, 4).layerOf.size(), w.layers.size());
        // A layer whose alleles differ (a core fixed by the user) gets a gene of its own.
        auto fixed = alleles;
        fixed[w.layerIndex("layers.1.mlp.up_proj")] = {2};
        const SharedGenes h = shareGenesByRole(w, fixed, 2);
        QCOMPARE(h.layerOf.size(), g.layerOf.size() + 1);
        QVERIFY(h.geneOf[w.layerIndex("layers.1.mlp.up_proj")] != h.geneOf[w.layerIndex("layers.0.mlp.up_proj")]);
    }

    void sharedGenesAllocateEveryBlockAlike()
    {
        // The front of an energy/latency search: every plan NSGA-II made puts the same layer of
        // each block on the same core (and split).
        const Workload w = *zooModel("llama2-7b:seq=32,layers=3");
        const Accelerator acc = quadCore();
        ExploreOptions opt = quick(6, 8);
        opt.pareto = {Objective::Latency, Objective::Energy};
        const ExploreResult r = explore(w, acc, opt);
        QCOMPARE(r.stats.allocationGenes, static_cast<int>(w.layers.size()) - 2 * 17);
        // Every plan made after the baselines — the DP's on the table's allocation, NSGA-II's
        // from shared genes — allocates the same layer of each block alike.
        std::vector<const EvaluatedPlan *> plans{&r.best};
        for (const auto &e : r.pareto)
            plans.push_back(&e);
        int fromSearch = 0;
        for (const EvaluatedPlan *e : plans) {
            if (e->origin == "lbl" || e->origin == "fused" || e->origin == "lbl + pins")
                continue; // the generators balance each block on its own
            ++fromSearch;
            for (int b : {1, 2})
                for (LayerId l : block(w, b)) {
                    const LayerId first = inFirstBlock(w, l);
                    QCOMPARE(e->plan.core[l], e->plan.core[first]);
                    QVERIFY(e->plan.splitOf(l) == e->plan.splitOf(first));
                }
        }
        QVERIFY(fromSearch > 0);
    }

    void timeLimitStopsTheWholeExplore()
    {
        // A budget far beyond a tiny limit: the search stops for the time limit, the best plan
        // is still re-checked with events, and what was not re-checked is named.
        const Workload w = *zooModel("gpt2:layers=2,seq=64");
        const Accelerator acc = quadCore();
        const ExploreOptions opt = quick(100000, 32);
        SearchControl control;
        control.setTimeLimit(0.02);
        const ExploreResult r = explore(w, acc, opt, &control);
        QVERIFY(r.stats.stopped);
        QCOMPARE(r.stats.stopReason, std::string("time limit"));
        QVERIFY(r.stats.generations < 100000);
        QVERIFY(passesValidators(w, acc, r.best.plan));
        QVERIFY(validateSchedule(r.bestSchedule, acc).empty());
        for (const std::string &name : r.unchecked) {
            bool returned = false;
            for (const auto &[n, b] : r.baselines)
                returned = returned || n == name;
            QVERIFY2(returned, name.c_str());
        }
        // Without a limit nothing is left unchecked and nothing stops.
        const ExploreResult full = explore(w, acc, quick(1, 4));
        QVERIFY(!full.stats.stopped);
        QVERIFY(full.stats.stopReason.empty());
        QVERIFY(full.unchecked.empty());
    }
};

QTEST_GUILESS_MAIN(TestExploreRepeatedBlocks)
#include "tst_explore_repeated_blocks.moc"
