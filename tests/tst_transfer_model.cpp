// SPDX-License-Identifier: GPL-3.0-or-later
// The transfer model (cost/transfer_model.h): its formulas against hand calculations, and
// the places that price transfers — the scheduler's moves, the per-layer cost, the per-layer
// table of a schedule — agreeing on the same transfer; DRAM ports shared between cores.
#include "cost/cost_model.h"
#include "cost/transfer_model.h"
#include "plan/plan.h"
#include "schedule/layer_statistics.h"
#include "schedule/schedule.h"
#include "support/sched_fixtures.h"

#include <QTest>

#include <cmath>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

// DRAM 16 B/cycle over 2 ports (8 each), latency 10, read 100 / write 150 pJ/B; "sram" reads
// 4 B/cycle at 1.5 pJ/B and writes 32 B/cycle at 2.5 pJ/B; "sram2" writes 16 B/cycle at 3 pJ/B.
Accelerator handAccelerator()
{
    Accelerator a = singleCore(8, 8, 1 << 20, 16, 10);
    a.dram.ports = 2;
    a.dram.readEnergy = 100;
    a.dram.writeEnergy = 150;
    Memory &m = a.memories[0];
    m.readBw = 4;
    m.writeBw = 32;
    m.readEnergy = 1.5;
    m.writeEnergy = 2.5;
    Memory m2 = privateMemory("sram2", "core0", 1 << 20, 16);
    m2.writeEnergy = 3;
    a.memories.push_back(m2);
    return a;
}

/// Total energy of the non-compute events of a schedule.
double transferEnergy(const Schedule &s)
{
    double sum = 0;
    for (const ScheduleEvent &e : s.events)
        if (e.kind != EventKind::Compute)
            sum += e.energy.total();
    return sum;
}
} // namespace

class TestTransferModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formulasByHand()
    {
        const Accelerator acc = handAccelerator();
        const TransferModel tm(acc);
        QCOMPARE(tm.dramPorts(), 2);
        QCOMPARE(tm.dramPortBandwidth(), 8.0); // 16 B/cycle shared by 2 ports

        // 100 B DRAM → sram over a path of 6 B/cycle, 3 cycles, 0.25 pJ/bit: the path is the
        // slowest (6 < port 8 < sram write 32): ⌈100/6⌉ = 17, + 10 (DRAM) + 3 (hops) = 30.
        const TransferPath path{6, 3, 0.25};
        const Transfer r = tm.dramRead(100, 0, path);
        QCOMPARE(r.cycles(), int64_t(30));
        QCOMPARE(r.energy.dram, 100 * 100.0); // DRAM read
        QCOMPARE(r.energy.memory, 100 * 2.5); // sram write
        QCOMPARE(r.energy.links, 100 * 8 * 0.25);
        QCOMPARE(r.energy.total(), 10000.0 + 250.0 + 200.0);

        // Without links the port is the bottleneck: ⌈100/8⌉ = 13 + 10 = 23; 64 B is exactly
        // 8 cycles, not 9: 18.
        QCOMPARE(tm.dramRead(100, 0).cycles(), int64_t(23));
        QCOMPARE(tm.dramRead(64, -1).cycles(), int64_t(18));
        QCOMPARE(tm.dramRead(64, -1).energy.memory, 0.0); // no on-chip end charged

        // 100 B sram → DRAM: sram reads 4 B/cycle < port 8: 25 + 10 = 35 cycles;
        // 100 × 150 pJ DRAM write, 100 × 1.5 pJ sram read.
        const Transfer w = tm.dramWrite(100, 0);
        QCOMPARE(w.cycles(), int64_t(35));
        QCOMPARE(w.energy.dram, 15000.0);
        QCOMPARE(w.energy.memory, 150.0);
        QCOMPARE(w.energy.links, 0.0);

        // 64 B sram → sram2 over one hop (latency 2, 0.5 pJ/bit): min(sram read 4, sram2 write
        // 16) = 4 B/cycle: 16 + 2 = 18; 64 × 1.5 + 64 × 3 = 288 pJ memories, 64 × 8 × 0.5 = 256 links.
        const Transfer o = tm.onChip(64, 0, 1, {1e9, 2, 0.5});
        QCOMPARE(o.cycles(), int64_t(18));
        QCOMPARE(o.energy.memory, 288.0);
        QCOMPARE(o.energy.links, 256.0);
        QCOMPARE(o.energy.dram, 0.0);

        QCOMPARE(tm.dramEnergy(10, 20), 10 * 100.0 + 20 * 150.0);
    }

    void schedulerLayerCostAndLayerTableAgree()
    {
        // One 3×3 conv, 8→16 channels on 16×16, layer by layer on one systolic core with the
        // real cost model. sram writes only 8 B/cycle (the DRAM port gives 16).
        Workload wl;
        wl.name = "one_conv";
        const TensorId in = addInput(wl, "in", 8, 16, 16);
        addConv(wl, "A", in, 16, 3, 1, 1);
        Accelerator acc = singleCore(8, 8, 1 << 20, 16, 10);
        acc.links[0].energyPerBit = 0; // layerCost leaves links to the scheduler
        acc.memories[0].writeBw = 8;
        acc.memories[0].readEnergy = 1.5;
        acc.memories[0].writeEnergy = 2.5;
        acc.dram.writeEnergy = 150;
        Plan plan;
        FusedGroup g;
        g.layers = {0};
        plan.groups = {g};
        plan.core = {0};
        const Schedule s = schedule(wl, acc, plan);
        const TransferModel tm(acc);

        const Layer &layer = wl.layers[0];
        const int64_t inBytes = 8 * 16 * 16, wBytes = 16 * 8 * 9, outBytes = 16 * 16 * 16;
        int64_t dramCycles = 0;
        double dram = 0;
        int seen = 0;
        for (const ScheduleEvent &e : s.events) {
            if (e.kind == EventKind::Compute)
                continue;
            ++seen;
            const int64_t d = e.end - e.start;
            dramCycles += d;
            dram += e.energy.dram;
            // By hand: reads at min(16, 8) = 8 B/cycle, the write at 16, + latency 10.
            if (e.kind == EventKind::DramRead && e.weights) {
                QCOMPARE(e.bytes, wBytes);
                QCOMPARE(d, int64_t(1152 / 8 + 10));
            } else if (e.kind == EventKind::DramRead) {
                QCOMPARE(e.bytes, inBytes);
                QCOMPARE(d, int64_t(2048 / 8 + 10));
            } else {
                QVERIFY(e.kind == EventKind::DramWrite);
                QCOMPARE(e.bytes, outBytes);
                QCOMPARE(d, int64_t(4096 / 16 + 10));
            }
            // The scheduler's event is the model's transfer (the link adds no latency here).
            const Transfer t = e.kind == EventKind::DramRead ? tm.dramRead(e.bytes, e.dstMemory)
                                                             : tm.dramWrite(e.bytes, e.srcMemory);
            QCOMPARE(d, t.cycles());
            QVERIFY(near(e.energy.total(), t.energy.total()));
        }
        QCOMPARE(seen, 3);

        // The per-layer cost prices the same three transfers.
        const LayerCost lc = layerCost(layer, {inBytes}, acc.cores[0], acc);
        QCOMPARE(lc.dramCycles, dramCycles);
        QVERIFY(near(lc.energy.dram, dram));
        QVERIFY(near(lc.energy.dram, (2048.0 + 1152.0) * 100 + 4096.0 * 150));
        // Its memory energy = the compute's own accesses + the transfers' fills and drain.
        double computeMemory = 0;
        for (const auto &[name, pj] : lc.compute.memoryEnergy)
            computeMemory += pj;
        QVERIFY(near(lc.energy.total() - lc.energy.mac - computeMemory, transferEnergy(s)));

        // The per-layer table reads the same events: the whole layer's cost, all of it.
        const auto st = layerStatistics(s, plan, acc, 1);
        QVERIFY(near(st[0].energyPj, lc.energy.total()));
        QVERIFY(near(st[0].energyPj, s.totals.energyPj));
        QCOMPARE(st[0].dramBytes, inBytes + wBytes + outBytes);
    }

    void twoCoresShareTheDramPort_data()
    {
        QTest::addColumn<int>("ports");
        QTest::newRow("one port") << 1;
        QTest::newRow("two ports") << 2;
    }
    void twoCoresShareTheDramPort()
    {
        // Two independent convs, one per core, each streaming its input and weights from DRAM.
        QFETCH(int, ports);
        Workload wl;
        wl.name = "two_streams";
        addConv(wl, "A", addInput(wl, "in0", 8, 16, 16), 16, 3, 1, 1);
        addConv(wl, "B", addInput(wl, "in1", 8, 16, 16), 16, 3, 1, 1);
        Accelerator acc = singleCore(8, 8, 1 << 20, 16, 10);
        acc.cores.push_back(systolicCore("core1", 8, 8));
        acc.memories.push_back(privateMemory("sram1", "core1", 1 << 20));
        acc.links.push_back(link("dram_link1", {"core1", "dram"}, 1e9, 0));
        acc.dram.ports = ports;
        Plan plan;
        FusedGroup g;
        g.layers = {0};
        plan.groups.push_back(g);
        g.layers = {1};
        plan.groups.push_back(g);
        plan.core = {0, 1};
        const Schedule s = schedule(wl, acc, plan);
        const TransferModel tm(acc);

        std::vector<const ScheduleEvent *> dramEvents;
        for (const ScheduleEvent &e : s.events)
            if (e.kind != EventKind::Compute && e.kind != EventKind::Transfer)
                dramEvents.push_back(&e);
        QCOMPARE(dramEvents.size(), std::size_t(6)); // per core: input, weights, output
        bool overlapAcrossCores = false;
        for (const ScheduleEvent *a : dramEvents) {
            QVERIFY(a->dramPort >= 0 && a->dramPort < ports);
            // Each transfer streams at its port's share of the total: 16 / ports B/cycle.
            const int64_t stream = (a->bytes * ports + 15) / 16;
            QCOMPARE(a->end - a->start, stream + 10);
            for (const ScheduleEvent *b : dramEvents) {
                if (a == b || a->end <= b->start || b->end <= a->start)
                    continue;
                // Two transfers at once never hold the same port…
                QVERIFY(a->dramPort != b->dramPort);
                overlapAcrossCores = true;
            }
        }
        // …so with one port the second core waits for the first one's transfers, and with
        // two they run side by side, each at half the bandwidth: never more than the total.
        QCOMPARE(overlapAcrossCores, ports == 2);
        QCOMPARE(tm.dramPortBandwidth() * tm.dramPorts(), 16.0);
    }
};

QTEST_MAIN(TestTransferModel)
#include "tst_transfer_model.moc"
