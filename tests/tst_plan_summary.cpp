// SPDX-License-Identifier: GPL-3.0-or-later
// What the plan view reads from a plan (issue 15, item 3): per group its layers, tile count,
// policies, cores (splits included) and pins; per core its groups and layers. A hand-made
// plan of three convolutions on three cores, the expectations worked out in the comments.
#include "plan/plan_summary.h"
#include "support/sched_fixtures.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
// in 4×8×8 → A (3×3, pad 1: 8×8 out) → B (1×1: 8×8) → C (3×3 stride 2, pad 1: 4×4 out).
Workload threeConvs()
{
    Workload w;
    const TensorId in = addInput(w, "in", 4, 8, 8);
    const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
    const TensorId b = addConv(w, "B", a, 4, 1, 1, 0);
    addConv(w, "C", b, 4, 3, 2, 1);
    return w;
}

Plan handPlan()
{
    Plan p;
    // Group 0: A and B fused, 3 rows of B's 8 per tile → ⌈8/3⌉ = 3 tiles; recompute, reload.
    p.groups.push_back({{0, 1}, 3, 0, OverlapMode::Recompute, WeightPolicy::Reload});
    // Group 1: C whole (one tile) with 2 columns of its 4 → 2 tiles.
    p.groups.push_back({{2}, 0, 2, OverlapMode::Cache, WeightPolicy::Resident});
    p.core = {0, 0, 1};
    p.split.resize(3);
    p.split[2] = {SplitDim::K, {1, 2}}; // C on cores 1 and 2
    p.pins.push_back({1, 0});           // A's output (tensor 1) pinned in memory 0
    return p;
}
} // namespace

class TestPlanSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groups()
    {
        const Workload w = threeConvs();
        const auto g = planGroups(handPlan(), w);
        QCOMPARE(g.size(), std::size_t(2));
        QCOMPARE(g[0].layers, (std::vector<LayerId>{0, 1}));
        QCOMPARE(g[0].tiles, int64_t(3));
        QVERIFY(g[0].overlap == OverlapMode::Recompute);
        QVERIFY(g[0].weights == WeightPolicy::Reload);
        QCOMPARE(g[0].cores, (std::vector<int>{0}));
        QCOMPARE(g[0].pins.size(), std::size_t(1));
        QCOMPARE(g[0].pins[0].tensor, TensorId(1));
        QCOMPARE(g[1].tiles, int64_t(2));
        QCOMPARE(g[1].cores, (std::vector<int>{1, 2})); // the split's cores, not plan.core's 1 only
        QVERIFY(g[1].pins.empty());
    }

    void cores()
    {
        const auto c = planCores(handPlan(), threeConvs(), 4);
        QCOMPARE(c.size(), std::size_t(4));
        QCOMPARE(c[0].groups, (std::vector<int>{0}));
        QCOMPARE(c[0].layers, (std::vector<LayerId>{0, 1}));
        QCOMPARE(c[1].groups, (std::vector<int>{1}));
        QCOMPARE(c[2].layers, (std::vector<LayerId>{2}));
        QVERIFY(c[3].groups.empty() && c[3].layers.empty()); // idle
    }

    void outOfRangeIndicesAreSkipped()
    {
        Plan p = handPlan();
        p.groups[1].layers.push_back(7); // no such layer
        p.core = {0, 0, 9};              // no such core
        p.split.clear();
        const auto g = planGroups(p, threeConvs());
        QCOMPARE(g[1].layers, (std::vector<LayerId>{2}));
        const auto c = planCores(p, threeConvs(), 2);
        QCOMPARE(c[0].layers.size(), std::size_t(2));
        QVERIFY(c[1].layers.empty());
    }
};

QTEST_GUILESS_MAIN(TestPlanSummary)
#include "tst_plan_summary.moc"
