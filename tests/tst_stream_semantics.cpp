// SPDX-License-Identifier: GPL-3.0-or-later
// Stream's reading of its own files against FuseLab's (issue 18), on the project's fixtures in
// tests/fixtures/stream (never ../shared): wildcard and numeric inter-core tilings, fixed
// lists, inherited tilings, intra-core tiling cleared for single-layer stacks, Stream-style
// stacks and allocations, and the search bounded by them. Every expected core and CN count is
// worked out below from the fixture files and Stream's rules (stream_mapping.h).
//
// The workload (workload/tiny_resnet.yaml), in topological order = index order:
//   0 stem   Conv 16×3, 32×32 out     1 pool   MaxPool 2×2/2 → 16×16   2 body_a Conv 16×16, 16×16
//   3 body_b Conv 16×16, 16×16        4 join   Add (pool + body_b)     5 gap    global pool → 1×1
//   6 head   Conv 10×16, 1×1
// The accelerator (hardware/tiny_quad.yaml): cores 0 and 1 MAC arrays, 2 pooling, 3 vector.
#include "cost/spatial_cost.h"
#include "hardware/accelerator.h"
#include "io/hardware_yaml.h"
#include "io/stream_workload.h"
#include "plan/layer_stacks.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "search/explorer.h"
#include "support/sched_fixtures.h"
#include "util/error.h"

#include <QTest>

using namespace fuselab;

namespace {
std::string fixture(const std::string &rel)
{
    return std::string(FUSELAB_SOURCE_DIR) + "/tests/fixtures/stream/" + rel;
}

struct Setup {
    Workload w = importStreamWorkload(fixture("workload/tiny_resnet.yaml"));
    Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
    LayerId id(const char *name) const { return w.layerIndex(name); }
};

// Schedules a plan after both validators; returns its CN count.
int scheduledCns(const Setup &s, const Plan &p)
{
    const auto errors = validatePlan(p, s.w, s.acc);
    if (!errors.empty())
        throw std::runtime_error("invalid plan: " + errors.front());
    const Schedule sch = schedule(s.w, s.acc, p);
    const std::string v = validateSchedule(sch, s.acc);
    if (!v.empty())
        throw std::runtime_error("invalid schedule: " + v);
    return sch.totals.cnCount;
}

// The message of the InputError `f` throws ("" if none).
template <typename F>
std::string inputError(F f)
{
    try {
        f();
    } catch (const InputError &e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string &s, const std::string &part)
{
    return s.find(part) != std::string::npos;
}

ExploreOptions smallSearch()
{
    ExploreOptions o;
    o.threads = 1;
    o.generations = 3;
    o.population = 4;
    o.tileRowChoices = {1, 4};
    return o;
}
} // namespace

class TestStreamSemantics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void semanticsNames()
    {
        MappingSemantics m = MappingSemantics::FuseLab;
        QVERIFY(parseMappingSemantics("stream", m));
        QVERIFY(m == MappingSemantics::Stream);
        QVERIFY(parseMappingSemantics("fuselab", m));
        QVERIFY(m == MappingSemantics::FuseLab);
        QVERIFY(!parseMappingSemantics("Stream2", m));
        QCOMPARE(std::string(toString(MappingSemantics::Stream)), std::string("stream"));
    }

    // mapping/tiny_quad.yaml: Conv on [0, 1] with `K, *` and `OY, all`; Pooling on [2]; Add on
    // [3] with `D, all` and `H, *`.
    void wildcardKeepsLayersWhole()
    {
        const Setup s;
        const auto m = importStreamMapping(fixture("mapping/tiny_quad.yaml"), s.w, s.acc); // default: stream
        QVERIFY(m.semantics == MappingSemantics::Stream);
        const auto &stem = m.layers[s.id("stem")];
        QCOMPARE(stem.cores, (std::vector<int>{0, 1})); // candidates, not a split
        QVERIFY(stem.split == SplitDim::None);
        QVERIFY(!stem.fixed);
        QCOMPARE(stem.rowTiles, -1);
        QVERIFY(m.layers[s.id("pool")].fixed); // a single listed core is fixed
        // Add: Stream's element-wise rows are `D`, so `D, all` is one row per tile there.
        QCOMPARE(m.layers[s.id("join")].rowTiles, -1);
        QVERIFY(m.layers[s.id("join")].split == SplitDim::None);

        // Layer by layer: every stack has one layer, so no row tiles and no split: one CN per
        // layer, 7 in all; each conv on one of cores 0 and 1.
        PlanOptions o;
        o.mapping = &m;
        const Plan lbl = layerByLayerPlan(s.w, s.acc, o);
        QVERIFY(lbl.split.empty());
        for (const char *conv : {"stem", "body_a", "body_b", "head"}) {
            const int k = lbl.core[s.id(conv)];
            QVERIFY2(k == 0 || k == 1, conv);
        }
        QCOMPARE(lbl.core[s.id("pool")], 2);
        QCOMPARE(lbl.core[s.id("gap")], 2);
        QCOMPARE(lbl.core[s.id("join")], 3);
        for (const auto &g : lbl.groups)
            QCOMPARE(g.tileRows, 0);
        QCOMPARE(scheduledCns(s, lbl), 7);

        // FuseLab's reading of the same file: convolutions split on K over both arrays, with
        // `OY, all` row tiles even alone: stem 32 rows × 2 parts = 64, pool 16 rows = 16,
        // body_a and body_b 16 × 2 = 32 each, join (D is no FuseLab loop) 1, gap 1 row = 1,
        // head 1 row × 2 parts = 2; 148 CNs (in recompute mode: no load nodes, which cache
        // mode adds for the outside inputs of row-tiled groups).
        const auto f = importStreamMapping(fixture("mapping/tiny_quad.yaml"), s.w, s.acc, MappingSemantics::FuseLab);
        QVERIFY(f.layers[s.id("stem")].split == SplitDim::K);
        o.mapping = &f;
        o.overlap = OverlapMode::Recompute;
        const Plan flbl = layerByLayerPlan(s.w, s.acc, o);
        QCOMPARE(flbl.splitOf(s.id("stem")).cores, (std::vector<int>{0, 1}));
        QCOMPARE(scheduledCns(s, flbl), 64 + 16 + 32 + 32 + 1 + 1 + 2);
    }

    // mapping/tiny_quad_numeric.yaml (see the file's comments).
    void numericTilingAndFixedLists()
    {
        const Setup s;
        const auto m = importStreamMapping(fixture("mapping/tiny_quad_numeric.yaml"), s.w, s.acc);
        // Conv: `K, 2` over [0, 1], not fixed: two parts, round-robin over the candidates; the
        // entry has no intra-core tiling, so it takes the default's `OY, 4`.
        const auto &stem = m.layers[s.id("stem")];
        QVERIFY(stem.split == SplitDim::K);
        QCOMPARE(stem.cores, (std::vector<int>{0, 1}));
        QCOMPARE(stem.rowTiles, 4);
        // body_a: fixed [1, 0] with a wildcard: every tile is in Stream's group 0, which takes
        // core_allocation[0] = 1; the layer stays whole.
        const auto &a = m.layers[s.id("body_a")];
        QVERIFY(a.split == SplitDim::None);
        QCOMPARE(a.cores, (std::vector<int>{1}));
        QVERIFY(a.fixed);
        // head: fixed [1, 0] with `K, 2`: part 0 on core 1, part 1 on core 0.
        const auto &h = m.layers[s.id("head")];
        QVERIFY(h.split == SplitDim::K);
        QCOMPARE(h.cores, (std::vector<int>{1, 0}));
        // Add takes the default's `OY, 4`, but its rows are `D` in Stream: no row tiles.
        QCOMPARE(m.layers[s.id("join")].rowTiles, 0);

        // Layer by layer: stem 2 parts, pool 1, body_a 1, body_b 2, join 1, gap 1, head 2 = 10.
        PlanOptions o;
        o.mapping = &m;
        const Plan lbl = layerByLayerPlan(s.w, s.acc, o);
        QCOMPARE(lbl.core[s.id("body_a")], 1);
        QVERIFY(!lbl.splitOf(s.id("body_a")).active());
        QCOMPARE(lbl.splitOf(s.id("head")).cores, (std::vector<int>{1, 0}));
        QCOMPARE(scheduledCns(s, lbl), 10);

        // FuseLab's reading: body_a's fixed list of two cores is a K split (11 CNs).
        const auto f =
            importStreamMapping(fixture("mapping/tiny_quad_numeric.yaml"), s.w, s.acc, MappingSemantics::FuseLab);
        QCOMPARE(f.layers[s.id("body_a")].cores, (std::vector<int>{1, 0}));
        QVERIFY(f.layers[s.id("body_a")].split == SplitDim::K);
        o.mapping = &f;
        QCOMPARE(scheduledCns(s, layerByLayerPlan(s.w, s.acc, o)), 11);
    }

    void fixedListTooShortForItsParts()
    {
        const Setup s;
        const std::string yaml = "- name: default\n  core_allocation: [0]\n"
                                 "- name: head\n  core_allocation: [1]\n  core_allocation_is_fixed: true\n"
                                 "  inter_core_tiling: [\"K, 2\"]\n";
        const std::string e = inputError([&] { parseStreamMapping(yaml, "m.yaml", s.w, s.acc); });
        QVERIFY2(contains(e, "m.yaml: entry 'head'.core_allocation: the inter-core tiling makes 2 parts"), e.c_str());
    }

    // Stacks "0..3": stem, pool, body_a, body_b fused; join, gap and head alone. With Stream's
    // reading the stack's tile is one row of body_b (`OY, all`): 16 tiles, and with recompute
    // every tile computes all 4 layers: 64 CNs; the three single-layer stacks have their
    // tiling cleared: 1 CN each. 67 in all.
    void stacksFixTheGroups()
    {
        const Setup s;
        const auto m = importStreamMapping(fixture("mapping/tiny_quad.yaml"), s.w, s.acc);
        PlanOptions o;
        o.mapping = &m;
        o.overlap = OverlapMode::Recompute;
        o.stacks = parseLayerStacks("0..3", s.w);
        QCOMPARE(o.stacks, (std::vector<std::vector<LayerId>>{{0, 1, 2, 3}}));
        const Plan p = fusedPlan(s.w, s.acc, o);
        QCOMPARE(p.groups.size(), size_t(4));
        QCOMPARE(p.groups[0].layers, (std::vector<LayerId>{0, 1, 2, 3}));
        QCOMPARE(p.groups[0].tileRows, 1);
        for (size_t g = 1; g < 4; ++g) {
            QCOMPARE(p.groups[g].layers.size(), size_t(1));
            QCOMPARE(p.groups[g].tileRows, 0);
        }
        QCOMPARE(scheduledCns(s, p), 16 * 4 + 3);

        // Names and brackets say the same; stacks come back in execution order.
        QCOMPARE(parseLayerStacks("[stem..body_b]", s.w), o.stacks);
        QCOMPARE(parseLayerStacks("gap..head, (0, 1)", s.w),
                 (std::vector<std::vector<LayerId>>{{0, 1}, {5, 6}}));
    }

    void stackErrorsNameOptionAndValue()
    {
        const Setup s;
        auto err = [&](const std::string &text) { return inputError([&] { parseLayerStacks(text, s.w); }); };
        QVERIFY(contains(err("0..9"), "--stacks: '0..9': layer 9 does not exist; workload"));
        QVERIFY(contains(err("stem..tail"), "--stacks: 'stem..tail': no layer named 'tail'"));
        QVERIFY(contains(err("0..3, 3..4"), "--stacks: '3..4': layer 3 'body_b' is already in stack '0..3'"));
        QVERIFY(contains(err("3..1"), "--stacks: '3..1': the range runs backwards"));
        // stem and body_a with pool, which runs between them, left out.
        const std::string gap = err("[0, 2]");
        QVERIFY2(contains(gap, "--stacks: '[0, 2]': the stack is not contiguous: layer 1 'pool' runs between"),
                 gap.c_str());
        QVERIFY(contains(err(" "), "--stacks: '': no stack given"));
    }

    void allocationReproducesAPlan()
    {
        const Setup s;
        // Pairs: ranges, names and core names; unlisted layers are left to the allocation.
        const auto a = parseLayerAllocation("0..1:1, body_a:mac_array_0, join:3", s.w, s.acc);
        QCOMPARE(a, (std::vector<int>{1, 1, 0, -1, 3, -1, -1}));
        // A bare list: one Stream core id per layer.
        const auto all = parseLayerAllocation("[1, 2, 0, 1, 3, 2, 0]", s.w, s.acc);
        QCOMPARE(all, (std::vector<int>{1, 2, 0, 1, 3, 2, 0}));
        // The plan takes them exactly, whatever the mapping's candidates say.
        const auto m = importStreamMapping(fixture("mapping/tiny_quad.yaml"), s.w, s.acc);
        PlanOptions o;
        o.mapping = &m;
        o.fixedCore = all;
        const Plan lbl = layerByLayerPlan(s.w, s.acc, o);
        QCOMPARE(lbl.core, all);
        QCOMPARE(scheduledCns(s, lbl), 7);

        auto err = [&](const std::string &text) {
            return inputError([&] { parseLayerAllocation(text, s.w, s.acc); });
        };
        const std::string noCore = err("0:4");
        QVERIFY2(contains(noCore, "--allocation: '0:4': core 4 does not exist; accelerator 'tiny_quad' has 4 cores"),
                 noCore.c_str());
        QVERIFY(contains(err("nope:1"), "--allocation: 'nope': no layer named 'nope'"));
        QVERIFY(contains(err("0:gpu"), "--allocation: '0:gpu': no core named 'gpu'"));
        QVERIFY(contains(err("0:1, 0..2:0"), "--allocation: '0..2:0': layer 0 'stem' is given a core twice"));
        QVERIFY(contains(err("[0, 1]"), "a bare list needs one core per layer: 2 given"));
    }

    // Stream's GA: with wildcards every layer stays whole on one of its candidates; the search
    // never splits a layer the mapping keeps whole.
    void searchKeepsStreamCandidates()
    {
        const Setup s;
        const auto m = importStreamMapping(fixture("mapping/tiny_quad.yaml"), s.w, s.acc);
        ExploreOptions o = smallSearch();
        o.mapping = &m;
        const ExploreResult r = explore(s.w, s.acc, o);
        const Plan &p = r.best.plan;
        for (LayerId l = 0; l < LayerId(s.w.layers.size()); ++l)
            QVERIFY2(!p.splitOf(l).active(), s.w.layers[l].name.c_str());
        for (const char *conv : {"stem", "body_a", "body_b", "head"})
            QVERIFY2(p.core[s.id(conv)] == 0 || p.core[s.id(conv)] == 1, conv);
        QCOMPARE(p.core[s.id("pool")], 2);
        QCOMPARE(p.core[s.id("join")], 3);
    }

    // --mapping-objective: the same layer-by-layer plan with the spatial core's mapping searched
    // for latency (Stream's choice) or for energy (FuseLab's default). Per layer the latency
    // search's cycles are never more and its energy never less (ties go to the lower energy),
    // and the schedule, whose transfers are the same, follows: latency ≤, energy ≥. The layer is ResNet-18's
    // layer3 3×3 conv (256 → 256 on 14×14) on examples/hardware/hierarchy_core.yaml, where the
    // two objectives choose different loop orders.
    void mappingObjectiveOrdersTheSchedules()
    {
        Workload w;
        w.name = "conv";
        const TensorId in = testing::addInput(w, "in", 256, 14, 14);
        testing::addConv(w, "c", in, 256, 3, 1, 1);
        const Accelerator acc = loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/hierarchy_core.yaml");
        const Layer &l = w.layers[0];
        const Core &c = acc.cores[0];
        auto total = [](const ComputeCost &x) {
            double e = x.macEnergy + x.dramStreamEnergy;
            for (const auto &[name, pj] : x.memoryEnergy)
                e += pj;
            return e;
        };
        const ComputeCost e = costModelsFor(MappingObjective::Energy)(c.kind).compute(l, l.dims, c, acc);
        const ComputeCost t = costModelsFor(MappingObjective::Latency)(c.kind).compute(l, l.dims, c, acc);
        QVERIFY2(t.cycles < e.cycles, qPrintable(QStringLiteral("%1 vs %2").arg(t.cycles).arg(e.cycles)));
        QVERIFY(total(t) > total(e));
        auto run = [&](MappingObjective o) {
            PlanOptions po;
            po.costModel = costModelsFor(o);
            const Plan p = layerByLayerPlan(w, acc, po);
            if (!validatePlan(p, w, acc, po.costModel).empty())
                throw std::runtime_error("invalid plan");
            ScheduleOptions so;
            so.costModel = po.costModel;
            return schedule(w, acc, p, so).totals;
        };
        const ScheduleTotals energy = run(MappingObjective::Energy), latency = run(MappingObjective::Latency);
        // (The plan cuts the layer into row tiles for the 64 KiB buffer, and the DRAM bounds the
        // schedule, so its latency may tie.)
        QVERIFY2(latency.latencyCycles <= energy.latencyCycles,
                 qPrintable(QStringLiteral("%1 vs %2").arg(latency.latencyCycles).arg(energy.latencyCycles)));
        QVERIFY2(latency.energyPj >= energy.energyPj,
                 qPrintable(QStringLiteral("%1 vs %2").arg(latency.energyPj).arg(energy.energyPj)));
        // The lookups keep canRunOn's fallbacks (a MAC layer on a vector core and back).
        QVERIFY(isStandardCostModels(costModelsFor(MappingObjective::Edp)));
        QVERIFY(isStandardCostModels(nullptr));
    }

    // explore --stacks: the best plan is made of the given stacks; --allocation is kept.
    void searchWithinFixedStacksAndCores()
    {
        const Setup s;
        ExploreOptions o = smallSearch();
        o.stacks = parseLayerStacks("0..3", s.w);
        o.fixedCore = parseLayerAllocation("stem:1, body_b:0", s.w, s.acc);
        const ExploreResult r = explore(s.w, s.acc, o);
        const Plan &p = r.best.plan;
        QCOMPARE(p.groups.size(), size_t(4));
        QCOMPARE(p.groups[0].layers, (std::vector<LayerId>{0, 1, 2, 3}));
        QCOMPARE(p.groups[1].layers, (std::vector<LayerId>{4}));
        QCOMPARE(p.groups[3].layers, (std::vector<LayerId>{6}));
        QCOMPARE(p.core[s.id("stem")], 1);
        QCOMPARE(p.core[s.id("body_b")], 0);
        QVERIFY(!p.splitOf(s.id("stem")).active());
        // Baselines are still reported beside it.
        bool lbl = false;
        for (const auto &b : r.baselines)
            lbl = lbl || b.first == "lbl";
        QVERIFY(lbl);
    }
};

QTEST_GUILESS_MAIN(TestStreamSemantics)
#include "tst_stream_semantics.moc"
