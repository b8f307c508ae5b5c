// SPDX-License-Identifier: GPL-3.0-or-later
// Schedule → Gantt / memory view data on the hand-computed fused schedule of
// tst_schedule_hand (two convs on one 8×8 core, two tiles of 4 rows, cache mode).
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "support/sched_fixtures.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QTest>

#include <algorithm>

using namespace fuselab;
using namespace fuselab::testing;
using namespace fuselab::timeline;

namespace {
struct Fixture {
    Workload w;
    Accelerator acc;
    Plan plan;
    Schedule s;
};

Fixture fusedTwoConvs()
{
    Fixture f;
    f.w.name = "two_convs";
    const TensorId in = addInput(f.w, "in", 4, 8, 8);
    const TensorId a = addConv(f.w, "A", in, 4, 3, 1, 1);
    addConv(f.w, "B", a, 4, 1, 1, 0);
    f.acc = singleCore(8, 8, 64 * 1024, 16, 10);
    FusedGroup g;
    g.layers = {0, 1};
    g.tileRows = 4;
    g.overlap = OverlapMode::Cache;
    f.plan.name = "hand";
    f.plan.groups = {g};
    f.plan.core = {0, 0};
    ScheduleOptions o;
    o.costModel = &shimCostModel;
    f.s = schedule(f.w, f.acc, f.plan, o);
    return f;
}
} // namespace

class TestScheduleAdapter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tracksAndComputeSlices()
    {
        const Fixture f = fusedTwoConvs();
        const TimelineData tl = timelineFromSchedule(f.s, f.w, f.acc, f.plan);
        // One core, one link, one DRAM port → three tracks in that order.
        QCOMPARE(tl.tracks.size(), size_t(3));
        QCOMPARE(tl.tracks[0].name, std::string("core0"));
        QCOMPARE(tl.tracks[0].kind, Track::Compute);
        QCOMPARE(tl.tracks[1].name, std::string("dram_link"));
        QCOMPARE(tl.tracks[1].kind, Track::Link);
        QCOMPARE(tl.tracks[2].kind, Track::Dram);
        QCOMPARE(tl.layerNames, (std::vector<std::string>{"A", "B"}));
        QCOMPARE(tl.layerGroup, (std::vector<int>{0, 0}));
        QCOMPARE(tl.endCycle, int64_t(715));

        // Hand schedule (tst_schedule_hand::fusedCache): A0 [49,319), B0 [319,373),
        // A1 [373,643), B1 [643,697). The three load nodes compute nothing: no slice.
        const auto &c = tl.tracks[0].slices;
        QCOMPARE(c.size(), size_t(4));
        const int64_t want[4][2] = {{49, 319}, {319, 373}, {373, 643}, {643, 697}};
        const int layer[4] = {0, 1, 0, 1};
        const int tile[4] = {0, 0, 1, 1};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(c[size_t(i)].start, want[i][0]);
            QCOMPARE(c[size_t(i)].end, want[i][1]);
            QCOMPARE(c[size_t(i)].layer, layer[i]);
            QCOMPARE(c[size_t(i)].tile, tile[i]);
            QCOMPARE(c[size_t(i)].group, 0);
            QCOMPARE(c[size_t(i)].operand, -1);
        }
        // MACs per tile: A 9216 / 2, B 1024 / 2 (each tile is half the rows).
        QCOMPARE(c[0].macs, int64_t(4608));
        QCOMPARE(c[1].macs, int64_t(512));
        // B tile 0 waits for A tile 0 (its producer).
        QVERIFY(std::find(c[1].deps.begin(), c[1].deps.end(), c[0].id) != c[1].deps.end());

        // DRAM: input rows 96 + 64 + 96 B, weights 144 + 16 B, outputs 128 + 128 B.
        const auto &d = tl.tracks[2].slices;
        QCOMPARE(d.size(), size_t(7));
        int64_t read = 0, written = 0, weights = 0;
        for (const Slice &s : d) {
            (s.operand == 2 ? written : read) += s.bytes;
            if (s.operand == 1)
                weights += s.bytes;
        }
        QCOMPARE(read, int64_t(256 + 160));
        QCOMPARE(weights, int64_t(160));
        QCOMPARE(written, int64_t(256));
        // Output writes follow the B tiles: [373, 391) and [697, 715).
        QCOMPARE(d.back().start, int64_t(697));
        QCOMPARE(d.back().end, int64_t(715));
    }

    void slicesMatchEventsPerCore()
    {
        const Fixture f = fusedTwoConvs();
        const TimelineData tl = timelineFromSchedule(f.s, f.w, f.acc, f.plan);
        size_t computeEvents = 0;
        for (const ScheduleEvent &e : f.s.events)
            computeEvents += e.kind == EventKind::Compute && e.core == 0;
        QCOMPARE(tl.tracks[0].slices.size(), computeEvents);
        for (const Track &t : tl.tracks)
            QVERIFY(std::is_sorted(t.slices.begin(), t.slices.end(),
                                   [](const Slice &a, const Slice &b) { return a.start < b.start; }));
    }

    void memoryStacksToTheTotalOccupancy()
    {
        const Fixture f = fusedTwoConvs();
        const auto mem = memoryTracksFromSchedule(f.s, f.acc);
        QCOMPARE(mem.size(), size_t(1));
        QCOMPARE(mem[0].capacity, int64_t(64 * 1024));
        QCOMPARE(mem[0].series.size(), size_t(4));
        // The stacked series add up to the scheduler's own peak of that memory, and all
        // memory is free at the end.
        int64_t peak = 0;
        for (const MemoryStep &s : mem[0].steps) {
            peak = std::max(peak, s.total());
            for (int64_t b : s.bytes)
                QVERIFY(b >= 0);
        }
        QCOMPARE(peak, f.s.totals.peakMemoryBytes[0]);
        QCOMPARE(mem[0].steps.back().total(), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestScheduleAdapter)
#include "tst_gui_schedule_adapter.moc"
