// SPDX-License-Identifier: GPL-3.0-or-later
// Computation nodes: exact ranges and dependencies for strides with border padding, residual
// adds, concat channel offsets, FC after flatten, global pooling, depthwise convs and splits.
#include "schedule/cn.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "support/sched_fixtures.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
Accelerator duo()
{
    Accelerator a = singleCore(8, 8, 1 << 20);
    a.cores.push_back(systolicCore("core1", 8, 8));
    a.memories.push_back(privateMemory("sram1", "core1", 1 << 20));
    a.links.push_back(link("c01", {"core0", "core1"}, 32, 1));
    a.links.push_back(link("dram_link1", {"core1", "dram"}, 1e9, 0));
    return a;
}

Plan onePerLayer(const Workload &w)
{
    Plan p;
    p.name = "lbl";
    for (LayerId l = 0; l < static_cast<int>(w.layers.size()); ++l)
        p.groups.push_back({{l}});
    p.core.assign(w.layers.size(), 0);
    return p;
}

// Inputs of a CN as (producer, bytes).
std::vector<std::pair<int, int64_t>> inputsOf(const CnGraph &g, int cn)
{
    std::vector<std::pair<int, int64_t>> out;
    for (int i = g.nodes[cn].inputBegin; i < g.nodes[cn].inputEnd; ++i)
        out.push_back({g.inputs[i].producer, g.inputs[i].bytes});
    return out;
}

// Index of the CN of (layer, tile, part); -1 if none. Load nodes are skipped.
int find(const CnGraph &g, LayerId l, int tile, int part = 0)
{
    for (int i = 0; i < static_cast<int>(g.nodes.size()); ++i)
        if (!g.nodes[i].load && g.nodes[i].layer == l && g.nodes[i].tile == tile && g.nodes[i].part == part)
            return i;
    return -1;
}

void scheduleAndValidate(const Workload &w, const Accelerator &acc, const Plan &p)
{
    ScheduleOptions o;
    o.costModel = &shimCostModel;
    const Schedule s = schedule(w, acc, p, o);
    QCOMPARE(validateSchedule(s, acc), std::string());
}
} // namespace

class TestCn : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stridedConvWithBorderPadding()
    {
        // 1×1×9×9 → 3×3 conv, stride 2, pad 1 → 5×5. Tiles of 2 output rows: [0,2) [2,4) [4,5).
        // Input rows: [0·2−1, 1·2−1+3) = [−1,4) → [0,4); [3,8); [7,10) → [7,9).
        // Cache mode: the input is loaded once per row: loads own [0,4), [4,8), [8,9), each cut
        // where the next tile's rows begin (3, then 7) so only the shared tail stays on chip:
        // [0,3) [3,4) | [4,7) [7,8) | [8,9).
        Workload w;
        const TensorId in = addInput(w, "in", 1, 9, 9);
        addConv(w, "c", in, 1, 3, 2, 1);
        Plan p = onePerLayer(w);
        p.groups[0].tileRows = 2;
        const CnGraph g = buildComputationNodes(w, singleCore(8, 8, 1 << 20), p);
        QCOMPARE(g.nodes.size(), size_t(8)); // five loads and three conv tiles
        QVERIFY(g.nodes[0].load && g.nodes[1].load && !g.nodes[2].load);
        QCOMPARE(g.nodes[0].rows, (Range{0, 3}));
        QCOMPARE(g.nodes[1].rows, (Range{3, 4}));
        QCOMPARE(g.nodes[3].rows, (Range{4, 7}));
        QCOMPARE(g.nodes[4].rows, (Range{7, 8}));
        QCOMPARE(g.nodes[6].rows, (Range{8, 9}));
        const int t1 = find(g, 0, 1);
        QCOMPARE(t1, 5);
        QCOMPARE(g.nodes[t1].rows, (Range{2, 4}));
        // Tile 1 reads input row 3 (9 B), rows 4-6 (27 B) and row 7 (9 B).
        QCOMPARE(inputsOf(g, t1), (std::vector<std::pair<int, int64_t>>{{1, 9}, {3, 27}, {4, 9}}));
        const int t2 = find(g, 0, 2);
        QCOMPARE(inputsOf(g, t2), (std::vector<std::pair<int, int64_t>>{{4, 9}, {6, 9}}));
        scheduleAndValidate(w, singleCore(8, 8, 1 << 20), p);
    }

    void residualAddHasTwoProducers()
    {
        // in → c1 (3×3) → c2 (3×3) → add(c2, c1), one group, tiles of 2 rows of 8, 8 columns,
        // 4 channels (a row is 32 B). c2 tile 0 needs c1 rows [0,3), so c1 tile 0 owns [0,3);
        // add tile 1 (rows [2,4)) reads c1 row 2 from c1 tile 0 and row 3 from c1 tile 1.
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId c1 = addConv(w, "c1", in, 4, 3, 1, 1);
        const TensorId c2 = addConv(w, "c2", c1, 4, 3, 1, 1);
        addAdd(w, "add", c2, c1);
        Plan p;
        p.groups.push_back({{0, 1, 2}, 2, 0, OverlapMode::Cache, WeightPolicy::Resident});
        p.core = {0, 0, 0};
        const CnGraph g = buildComputationNodes(w, singleCore(8, 8, 1 << 20), p);
        const int c1t0 = find(g, 0, 0), c1t1 = find(g, 0, 1), c2t1 = find(g, 1, 1), add1 = find(g, 2, 1);
        QCOMPARE(g.nodes[c1t0].rows, (Range{0, 3}));
        QCOMPARE(g.nodes[c1t1].rows, (Range{3, 5}));
        QCOMPARE(inputsOf(g, add1),
                 (std::vector<std::pair<int, int64_t>>{{c2t1, 64}, {c1t0, 32}, {c1t1, 32}}));
        scheduleAndValidate(w, singleCore(8, 8, 1 << 20), p);
    }

    void concatChannelOffsetsWithKSplit()
    {
        // a (2 ch) and b (3 ch) concatenated (5 ch), the concat split on K into [0,2) and [2,5):
        // part 0 reads only a (2·64 = 128 B), part 1 only b (3·64 = 192 B).
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId a = addConv(w, "a", in, 2, 1, 1, 0);
        const TensorId b = addConv(w, "b", in, 3, 1, 1, 0);
        addConcat(w, "cat", {a, b});
        Plan p = onePerLayer(w);
        p.split.assign(3, {});
        p.split[2] = {SplitDim::K, {0, 1}};
        const Accelerator acc = duo();
        const CnGraph g = buildComputationNodes(w, acc, p);
        const int p0 = find(g, 2, 0, 0), p1 = find(g, 2, 0, 1);
        QCOMPARE(g.nodes[p0].chans, (Range{0, 2}));
        QCOMPARE(g.nodes[p1].core, 1);
        QCOMPARE(inputsOf(g, p0), (std::vector<std::pair<int, int64_t>>{{find(g, 0, 0), 128}}));
        QCOMPARE(inputsOf(g, p1), (std::vector<std::pair<int, int64_t>>{{find(g, 1, 0), 192}}));
        QVERIFY(g.inputs[g.nodes[p0].inputBegin].kind == EdgeKind::ViaDram);
        scheduleAndValidate(w, acc, p);
    }

    void fcAfterFlattenReadsWholeInput()
    {
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId c = addConv(w, "c", in, 8, 3, 1, 1);
        addFc(w, "fc", c, 10);
        Plan p = onePerLayer(w);
        const CnGraph g = buildComputationNodes(w, singleCore(8, 8, 1 << 20), p);
        const int fc = find(g, 1, 0);
        QCOMPARE(g.nodes[fc].dims.c, int64_t(8 * 8 * 8));
        QCOMPARE(inputsOf(g, fc), (std::vector<std::pair<int, int64_t>>{{find(g, 0, 0), 512}}));
        // Even fused with its producer, the FC needs every row: one tile.
        p.groups = {{{0, 1}, 1, 0, OverlapMode::Cache, WeightPolicy::Resident}};
        const CnGraph f = buildComputationNodes(w, singleCore(8, 8, 1 << 20), p);
        QCOMPARE(f.tilesPerGroup.front(), 1);
        scheduleAndValidate(w, singleCore(8, 8, 1 << 20), p);
    }

    void globalPoolNeedsAllRows()
    {
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId c = addConv(w, "c", in, 4, 1, 1, 0);
        addGlobalPool(w, "gap", c);
        Plan p = onePerLayer(w);
        p.groups = {{{0, 1}, 1, 0, OverlapMode::Cache, WeightPolicy::Resident}};
        const CnGraph g = buildComputationNodes(w, singleCore(8, 8, 1 << 20), p);
        const int gap = find(g, 1, 0);
        QCOMPARE(g.nodes[find(g, 0, 0)].rows, (Range{0, 8}));
        QCOMPARE(inputsOf(g, gap), (std::vector<std::pair<int, int64_t>>{{find(g, 0, 0), 256}}));
    }

    void depthwiseKSplitReadsOwnChannels()
    {
        // Depthwise 3×3 (groups = 4) split on K in two: part 0 makes channels [0,2) and reads
        // input channels [0,2) only: 2 ch · 64 = 128 B (the whole 8×8 plane, one tile).
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId c = addConv(w, "pre", in, 4, 1, 1, 0);
        addConv(w, "dw", c, 4, 3, 1, 1, OpType::Conv, 4);
        Plan p = onePerLayer(w);
        p.split.assign(2, {});
        p.split[1] = {SplitDim::K, {0, 1}};
        const Accelerator acc = duo();
        const CnGraph g = buildComputationNodes(w, acc, p);
        const int d0 = find(g, 1, 0, 0);
        QCOMPARE(g.nodes[d0].dims.c, int64_t(2));
        QCOMPARE(g.nodes[d0].macs, int64_t(2 * 1 * 9 * 64));
        QCOMPARE(inputsOf(g, d0), (std::vector<std::pair<int, int64_t>>{{find(g, 0, 0), 128}}));
        // Its weights are half the layer's: 4·1·9 / 2 = 18 B.
        QCOMPARE(g.nodes[d0].weightBytes, int64_t(18));
        scheduleAndValidate(w, acc, p);
    }

    void oySplitAcrossCores()
    {
        // c1 (3×3, 8 rows) split on OY over two cores: rows [0,4) and [4,8); part 1 reads input
        // rows [3,8) (5 rows · 8 · 4 ch = 160 B). c2 (3×3) in the next group reads rows [0,8)
        // from both parts, 4 rows · 32 B = 128 B each.
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId a = addConv(w, "c1", in, 4, 3, 1, 1);
        addConv(w, "c2", a, 4, 3, 1, 1);
        Plan p = onePerLayer(w);
        p.split.assign(2, {});
        p.split[0] = {SplitDim::OY, {0, 1}};
        const Accelerator acc = duo();
        const CnGraph g = buildComputationNodes(w, acc, p);
        const int a0 = find(g, 0, 0, 0), a1 = find(g, 0, 0, 1), b = find(g, 1, 0);
        QCOMPARE(g.nodes[a1].rows, (Range{4, 8}));
        QCOMPARE(g.nodes[a1].core, 1);
        QCOMPARE(inputsOf(g, a1), (std::vector<std::pair<int, int64_t>>{{-1, 160}}));
        QCOMPARE(inputsOf(g, b), (std::vector<std::pair<int, int64_t>>{{a0, 128}, {a1, 128}}));
        scheduleAndValidate(w, acc, p);
        // Fused with c2 on core 0: part 1's rows cross the c01 link.
        p.groups = {{{0, 1}, 0, 0, OverlapMode::Cache, WeightPolicy::Resident}};
        ScheduleOptions o;
        o.costModel = &shimCostModel;
        const Schedule s = schedule(w, acc, p, o);
        QCOMPARE(validateSchedule(s, acc), std::string());
        QCOMPARE(s.totals.linkBytes, int64_t(128) + s.totals.dramReadBytes + s.totals.dramWriteBytes);
    }
};

QTEST_GUILESS_MAIN(TestCn)
#include "tst_cn.moc"
