// SPDX-License-Identifier: GPL-3.0-or-later
// Group evaluation for the partition DP: a group cut out of a network reads its outside inputs
// from DRAM and writes what later layers read; the configurations enumerated per group.
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "search/group_eval.h"
#include "search/objective.h"
#include "workload/zoo.h"

#include <QTest>

using namespace fuselab;

class TestGroupEval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void configsByHand()
    {
        // 8 output rows, choices {1,2,4,8,16}: tile heights 1, 2, 4 (below 8) and whole (0).
        // Three layers: each split height × {cache, recompute} × {resident, reload} = 12, plus
        // one whole tile (cache, resident) = 13.
        QCOMPARE(groupConfigs(8, 3, {1, 2, 4, 8, 16}).size(), size_t{13});
        // One layer: no overlap to recompute: 3 heights × 2 weight policies + 1 = 7.
        QCOMPARE(groupConfigs(8, 1, {1, 2, 4, 8, 16}).size(), size_t{7});
        // A 1-row output has only the whole tile.
        const auto one = groupConfigs(1, 4, {1, 2});
        QCOMPARE(one.size(), size_t{1});
        QCOMPARE(one[0].tileRows, 0);
    }

    void extractedGroupReadsOutsideInputsAsNetworkInputs()
    {
        // ResNet-18's first residual block after the stem: its input comes from outside twice
        // (conv path and skip), its output is read later. In the extracted workload the outside
        // tensor is one network input and the block's output the only network output.
        const Workload w = *zooModel("resnet18");
        const auto order = w.topologicalOrder();
        std::vector<LayerId> block;
        for (LayerId l : order)
            if (w.layers[l].name.rfind("layer1.0.", 0) == 0)
                block.push_back(l);
        QVERIFY(block.size() >= 3);
        const GroupWorkload g = extractGroup(w, block);
        QCOMPARE(g.workload.layers.size(), block.size());
        QCOMPARE(g.original, block);
        QVERIFY(g.workload.validate().empty());
        QCOMPARE(g.workload.graphInputs().size(), size_t{1});
        QCOMPARE(g.workload.graphOutputs().size(), size_t{1});
        const TensorId in = g.workload.graphInputs()[0];
        QCOMPARE(g.workload.tensors[in].name, w.tensors[w.layers[block.front()].inputs[0]].name);
    }

    void wholeNetworkAsOneGroupEqualsScheduleOfThePlan()
    {
        // When the group is the whole network, its isolated schedule is the schedule of the
        // one-group plan itself.
        const Workload w = *zooModel("lenet5");
        const Accelerator acc = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
        const auto order = w.topologicalOrder();
        const Plan alloc = layerByLayerPlan(w, acc);
        const GroupWorkload g = extractGroup(w, order);
        GroupConfig c;
        c.tileRows = 2;
        const auto totals = evaluateGroup(acc, g, alloc, c, Plan{});
        Plan whole = groupPlan(g, alloc, c, Plan{});
        Plan direct;
        direct.core = alloc.core;
        direct.split = alloc.split;
        FusedGroup fg;
        fg.layers = order;
        fg.tileRows = 2;
        direct.groups = {fg};
        ScheduleOptions so;
        so.recordEvents = false;
        const ScheduleTotals expected = schedule(w, acc, direct, so).totals;
        QVERIFY(totals.has_value());
        QCOMPARE(totals->latencyCycles, expected.latencyCycles);
        QCOMPARE(totals->dramReadBytes, expected.dramReadBytes);
        QCOMPARE(totals->dramWriteBytes, expected.dramWriteBytes);
        QCOMPARE(totals->energyPj, expected.energyPj);
        QCOMPARE(whole.groups.size(), size_t{1});
        QCOMPARE(objectiveValue(expected, Objective::Dram),
                 double(expected.dramReadBytes + expected.dramWriteBytes));
    }
};

QTEST_GUILESS_MAIN(TestGroupEval)
#include "tst_group_eval.moc"
