// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-computed schedules: two conv layers on one 8×8 weight-stationary systolic core,
// layer by layer and fused, with every cycle, MAC and DRAM byte worked out below.
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "support/sched_fixtures.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
// in 1×4×8×8 (8-bit, 256 B) → A: 3×3 conv, pad 1, K=4 → 1×4×8×8 → B: 1×1 conv, K=4 → 1×4×8×8.
// Weights: A 4·4·9 = 144 B, B 4·4 = 16 B. MACs: A 4·4·9·64 = 9216, B 4·4·64 = 1024.
Workload twoConvs(int secondKernel = 1)
{
    Workload w;
    w.name = "two_convs";
    const TensorId in = addInput(w, "in", 4, 8, 8);
    const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
    addConv(w, "B", a, 4, secondKernel, 1, secondKernel / 2);
    return w;
}

// One 8×8 core, 64 KiB SRAM (bandwidth unlimited for practical purposes), DRAM 16 B/cycle
// with 10 cycles latency, the DRAM link free (latency 0). A DRAM move of n bytes takes
// ceil(n / 16) + 10 cycles on the one DRAM port.
Accelerator core8()
{
    return singleCore(8, 8, 64 * 1024, 16, 10);
}

Plan plan(std::vector<FusedGroup> groups)
{
    Plan p;
    p.name = "hand";
    p.groups = std::move(groups);
    p.core = {0, 0};
    return p;
}

ScheduleOptions shim()
{
    ScheduleOptions o;
    o.costModel = &shimCostModel;
    return o;
}

int64_t readBytes(const Schedule &s, bool weights)
{
    int64_t b = 0;
    for (const auto &e : s.events)
        if (e.kind == EventKind::DramRead && e.weights == weights)
            b += e.bytes;
    return b;
}
} // namespace

class TestScheduleHand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layerByLayer()
    {
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup ga, gb;
        ga.layers = {0};
        gb.layers = {1};
        const Schedule s = schedule(w, acc, plan({ga, gb}), shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        // Compute (SCALE-Sim WS, Fr·Fc·(2R + C + T − 2) on R = C = 8):
        //   A: Kw = 36, M = 4, T = 64: Fr = 5, Fc = 1 → 5·(16 + 8 + 64 − 2) = 430
        //   B: Kw = 4,  M = 4, T = 64: 1·86 = 86
        // DRAM port, in order:
        //   A weights 144 B: [0, 19)   (9 + 10)
        //   A input 256 B:   [19, 45)  (16 + 10)
        //   A compute:       [45, 475)
        //   A output 256 B:  [475, 501) (B is in another group: through DRAM)
        //   B weights 16 B:  [45, 56)  (prefetched while A computes: 1 + 10)
        //   B input 256 B:   [501, 527)
        //   B compute:       [527, 613)
        //   B output 256 B:  [613, 639)
        QCOMPARE(s.totals.latencyCycles, int64_t(639));
        QCOMPARE(s.totals.cnCount, 2);
        QCOMPARE(s.totals.macs, int64_t(9216 + 1024));
        QCOMPARE(s.totals.dramReadBytes, int64_t(144 + 256 + 16 + 256));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(256 + 256));
        QCOMPARE(s.cns[0].start, int64_t(45));
        QCOMPARE(s.cns[1].start, int64_t(527));
        // Energy: MAC 10240·0.5 = 5120; DRAM (672 + 512)·100 = 118400; SRAM 1 pJ/B for every
        // byte written by a DRAM read (672) and read for a DRAM write (512) = 1184.
        QCOMPARE(s.totals.energy.mac, 5120.0);
        QCOMPARE(s.totals.energy.dram, 118400.0);
        QCOMPARE(s.totals.energy.memory.at("sram"), 1184.0);
        QCOMPARE(s.totals.energyPj, 5120.0 + 118400.0 + 1184.0);
        QCOMPARE(s.totals.edp, s.totals.energyPj * 639.0);
        QCOMPARE(s.totals.extraRecomputeMacs, int64_t(0));
    }

    void fusedCache()
    {
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 4;
        g.overlap = OverlapMode::Cache;
        const Schedule s = schedule(w, acc, plan({g}), shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        // Two tiles of 4 output rows. B (1×1) needs A rows [0,4) and [4,8); A (3×3, pad 1)
        // needs input rows [0,5) then [3,8): the input is loaded once per row, rows 0-2 (96 B),
        // rows 3-4 (64 B, the halo tile 1 reads too), then rows 5-7 (96 B).
        // Compute per tile: A: Kw 36, M 4, T = 4·8 = 32 → 5·(16 + 8 + 32 − 2) = 270; B: 54.
        //   load rows 0-2 96 B:  [0, 16)     load rows 3-4 64 B: [16, 30)
        //   A weights 144 B:     [30, 49);   A tile 0: [49, 319)
        //   B weights 16 B:      [49, 60);   B tile 0: [319, 373); its 128 B out: [373, 391)
        //   load rows 5-7 96 B:  [319, 335) (prefetched while B tile 0 computes)
        //   A tile 1: [373, 643); B tile 1: [643, 697); out 128 B: [697, 715)
        QCOMPARE(s.totals.latencyCycles, int64_t(715));
        QCOMPARE(s.totals.cnCount, 7); // 3 loads + 2 tiles × 2 layers
        QCOMPARE(s.totals.macs, int64_t(9216 + 1024));
        QCOMPARE(s.totals.extraRecomputeMacs, int64_t(0));
        QCOMPARE(readBytes(s, false), int64_t(256)); // the input exactly once
        QCOMPARE(readBytes(s, true), int64_t(144 + 16));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(256)); // only the network output
        // The intermediate tensor never leaves the chip, and the fused plan moves
        // 416 + 256 DRAM bytes instead of 672 + 512.
        QVERIFY(s.totals.dramReadBytes + s.totals.dramWriteBytes < 672 + 512);
    }

    void recomputeCountsHaloMacs()
    {
        // A (3×3) → B (3×3), two tiles of 4 rows. B tile 0 needs A rows [0,5), tile 1 rows
        // [3,8): recompute computes A rows 3-4 twice: 2 rows · 8 cols · 4 K · 4 C · 9 = 2304
        // extra MACs. A's input rows: tile 0 [0,6), tile 1 [2,8): 12 rows · 32 B = 384 B.
        const Workload w = twoConvs(3);
        const Accelerator acc = core8();
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 4;
        g.overlap = OverlapMode::Recompute;
        const Schedule s = schedule(w, acc, plan({g}), shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        QCOMPARE(s.totals.extraRecomputeMacs, int64_t(2304));
        QCOMPARE(s.totals.macs, int64_t(2 * 9216 + 2304));
        QCOMPARE(readBytes(s, false), int64_t(384));
        QCOMPARE(readBytes(s, true), int64_t(2 * 144));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(256));
        // Cache mode on the same plan: no extra MACs, the input read once.
        g.overlap = OverlapMode::Cache;
        const Schedule c = schedule(w, acc, plan({g}), shim());
        QCOMPARE(validateSchedule(c, acc), std::string());
        QCOMPARE(c.totals.extraRecomputeMacs, int64_t(0));
        QCOMPARE(readBytes(c, false), int64_t(256));
    }

    void cacheKeepsOnlyTheLineBuffer()
    {
        // A (3×3) → B (3×3), cache mode, two tiles of 4 rows. B tile 0 needs A rows [0,5), B
        // tile 1 rows [3,8): A tile 0 computes rows 0-4 (5 rows · 32 B = 160 B); rows 0-2
        // (96 B) are freed when B tile 0 ends, rows 3-4 (64 B, the line buffer) when B tile 1
        // has read them.
        const Workload w = twoConvs(3);
        const Accelerator acc = core8();
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 4;
        const Schedule s = schedule(w, acc, plan({g}), shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        int a0 = -1, b0 = -1, b1 = -1;
        for (int c = 0; c < static_cast<int>(s.cns.size()); ++c) {
            if (s.cns[c].load)
                continue;
            if (s.cns[c].layer == 0 && s.cns[c].tile == 0)
                a0 = c;
            if (s.cns[c].layer == 1)
                (s.cns[c].tile == 0 ? b0 : b1) = c;
        }
        std::vector<std::pair<int64_t, int64_t>> pieces; // (bytes, end) of A tile 0's output
        for (const auto &sl : s.slices)
            if (sl.cn == a0 && sl.kind == MemorySlice::Kind::Output)
                pieces.push_back({sl.bytes, sl.end});
        std::sort(pieces.begin(), pieces.end());
        QCOMPARE(pieces,
                 (std::vector<std::pair<int64_t, int64_t>>{{64, s.cns[b1].end}, {96, s.cns[b0].end}}));
    }

    void weightReloadFetchesPerTile()
    {
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 2; // four tiles
        g.weights = WeightPolicy::Reload;
        const Schedule s = schedule(w, acc, plan({g}), shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        QCOMPARE(readBytes(s, true), int64_t(4 * (144 + 16)));
    }

    void validatorCatchesViolations()
    {
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup ga, gb;
        ga.layers = {0};
        gb.layers = {1};
        const Schedule good = schedule(w, acc, plan({ga, gb}), shim());
        QCOMPARE(validateSchedule(good, acc), std::string());
        auto computeOf = [](Schedule &s, int cn) -> ScheduleEvent & {
            for (auto &e : s.events)
                if (e.kind == EventKind::Compute && e.cn == cn)
                    return e;
            return s.events.front();
        };
        { // B computing on the core while A still runs
            Schedule s = good;
            auto &b = computeOf(s, 1);
            b.start = 100;
            b.end = 186;
            s.cns[1].start = 100;
            s.cns[1].end = 186;
            QVERIFY(validateSchedule(s, acc).find("core 'core0' does two things at once") !=
                    std::string::npos);
        }
        { // B starting before A ends (no resource clash: B moved onto a second core)
            Schedule s = good;
            s.cns[1].start = 400;
            QVERIFY(validateSchedule(s, acc).find("before its producer CN 0") != std::string::npos);
        }
        { // a memory above capacity
            Schedule s = good;
            s.slices.push_back({0, 64 * 1024, 0, 10, -1, MemorySlice::Kind::Input});
            QVERIFY(validateSchedule(s, acc).find("above its capacity") != std::string::npos);
        }
        { // reading A's result from DRAM before it was written
            Schedule s = good;
            for (auto &e : s.events)
                if (e.kind == EventKind::DramWrite && e.producerCn == 0)
                    e.end = e.start = 600;
            QVERIFY(validateSchedule(s, acc).find("before any write of it ended") != std::string::npos);
        }
        { // totals that do not match the events
            Schedule s = good;
            s.totals.dramReadBytes += 1;
            QVERIFY(validateSchedule(s, acc).find("dram_read_bytes") != std::string::npos);
        }
    }

    void infeasibleTileIsNamed()
    {
        // A needs 144 B weights + 256 B input + 256 B output = 656 B at once: a 600 B memory
        // can never hold its only tile.
        const Workload w = twoConvs();
        const Accelerator acc = singleCore(8, 8, 600);
        FusedGroup ga, gb;
        ga.layers = {0};
        gb.layers = {1};
        try {
            schedule(w, acc, plan({ga, gb}), shim());
            QFAIL("expected a ScheduleError");
        } catch (const ScheduleError &e) {
            const std::string m = e.what();
            QVERIFY2(m.find("layer 'A'") != std::string::npos &&
                         m.find("core 'core0'") != std::string::npos &&
                         m.find("656 bytes") != std::string::npos &&
                         m.find("'sram' (capacity 600 bytes)") != std::string::npos,
                     m.c_str());
        }
    }

    void pinnedTensorSkipsDram()
    {
        // Layer by layer with A's output pinned in the SRAM: B reads it on chip, so the 256 B
        // DRAM write and the 256 B read back disappear: reads 672 − 256, writes 512 − 256.
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup ga, gb;
        ga.layers = {0};
        gb.layers = {1};
        Plan p = plan({ga, gb});
        p.pins.push_back({w.layers[0].output, 0});
        const Schedule s = schedule(w, acc, p, shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        QCOMPARE(s.totals.dramReadBytes, int64_t(416));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(256));
    }

    void fullMemorySpillsAndReadsBack()
    {
        // in → A (3×3) ; in → B (1×1) → C (1×1) ; add(A, C), one group per layer, A's output
        // pinned. A systolic and a SIMD core share one 770 B scratchpad. Every tensor is 256 B.
        //   A: 144 W + 256 I + 256 O = 656 ≤ 770; its output stays (pinned for the add).
        //   B: 16 W + 256 I + 256 O = 528, + A's 256 = 784 > 770, and A's slice waits for the
        //      add, far ahead: it is spilled (256 B written) instead of waiting forever.
        //   add: A (read back, 256 B) + C (256 B) + out 256 = 768 ≤ 770.
        Workload w;
        const TensorId in = addInput(w, "in", 4, 8, 8);
        const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
        const TensorId b = addConv(w, "B", in, 4, 1, 1, 0);
        const TensorId c = addConv(w, "C", b, 4, 1, 1, 0);
        addAdd(w, "add", a, c);
        Accelerator acc;
        acc.cores.push_back(systolicCore("mac", 8, 8));
        Core v;
        v.name = "vec";
        v.kind = CoreKind::Simd;
        v.lanes = 16;
        acc.cores.push_back(v);
        acc.memories.push_back(privateMemory("spm", "", 770));
        acc.links.push_back(link("bus", {"mac", "vec", "spm", "dram"}, 64, 1));
        Plan p;
        p.name = "spill";
        for (LayerId l = 0; l < 4; ++l)
            p.groups.push_back({{l}});
        p.core = {0, 0, 0, 1};
        p.pins.push_back({a, 0});
        const Schedule s = schedule(w, acc, p, shim());
        QCOMPARE(validateSchedule(s, acc), std::string());
        QCOMPARE(s.totals.spillEvents, 1);
        QCOMPARE(s.totals.spillBytes, int64_t(256));
        int64_t readBack = 0;
        for (const auto &e : s.events)
            if (e.kind == EventKind::DramRead && e.spillRead)
                readBack += e.bytes;
        QCOMPARE(readBack, int64_t(256));
        QVERIFY(s.totals.peakMemoryBytes[0] <= 770);
    }

    void summaryOnlyGivesTheSameTotals()
    {
        const Workload w = twoConvs();
        const Accelerator acc = core8();
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 4;
        ScheduleOptions o = shim();
        const Schedule full = schedule(w, acc, plan({g}), o);
        o.recordEvents = false;
        const Schedule lean = schedule(w, acc, plan({g}), o);
        QVERIFY(lean.events.empty());
        QCOMPARE(lean.totals.latencyCycles, full.totals.latencyCycles);
        QCOMPARE(lean.totals.energyPj, full.totals.energyPj);
        QCOMPARE(lean.totals.dramReadBytes, full.totals.dramReadBytes);
    }
};

QTEST_GUILESS_MAIN(TestScheduleHand)
#include "tst_schedule_hand.moc"
