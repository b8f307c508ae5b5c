// SPDX-License-Identifier: GPL-3.0-or-later
// Per-event energy read from a schedule (schedule/event_energy.h): each move's energy by hand
// from its bytes and the accelerator's pJ figures, and the invariant that the DRAM, link and
// MAC parts of all events add up to the schedule's recorded totals.
#include "plan/plan.h"
#include "schedule/event_energy.h"
#include "schedule/layer_statistics.h"
#include "schedule/schedule.h"
#include "support/sched_fixtures.h"

#include <QTest>

#include <cmath>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
struct Fixture {
    Workload w;
    Accelerator acc;
    Plan plan;
    Schedule s;
};

// Two convs fused on one core, two tiles; distinct energies per access kind so that a
// formula mixing them up gives another number.
Fixture fused()
{
    Fixture f;
    f.w.name = "two_convs";
    const TensorId in = addInput(f.w, "in", 4, 8, 8);
    const TensorId a = addConv(f.w, "A", in, 4, 3, 1, 1);
    addConv(f.w, "B", a, 4, 1, 1, 0);
    f.acc = singleCore(8, 8, 64 * 1024, 16, 10);
    f.acc.dram.readEnergy = 100;
    f.acc.dram.writeEnergy = 150;
    f.acc.memories[0].readEnergy = 1.5;
    f.acc.memories[0].writeEnergy = 2.5;
    f.acc.links[0].energyPerBit = 0.25;
    f.acc.cores[0].macEnergy = 0.5;
    FusedGroup g;
    g.layers = {0, 1};
    g.tileRows = 4;
    g.overlap = OverlapMode::Cache;
    f.plan.groups = {g};
    f.plan.core = {0, 0};
    ScheduleOptions o;
    o.costModel = &shimCostModel;
    f.s = schedule(f.w, f.acc, f.plan, o);
    return f;
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }
} // namespace

class TestEventEnergy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void movesByHand()
    {
        const Fixture f = fused();
        const std::vector<EventEnergy> en = eventEnergies(f.s, f.acc);
        QCOMPARE(en.size(), f.s.events.size());
        int reads = 0, writes = 0;
        for (std::size_t i = 0; i < f.s.events.size(); ++i) {
            const ScheduleEvent &e = f.s.events[i];
            const auto b = static_cast<double>(e.bytes);
            // The DRAM sits behind the one link: every DRAM move crosses it, 8 bits a byte at 0.25 pJ.
            const double link = e.route >= 0 ? b * 8 * 0.25 : 0.0;
            if (e.kind == EventKind::DramRead) {
                ++reads;
                QVERIFY(near(en[i].dram, b * 100));
                QVERIFY(near(en[i].memory, b * 2.5)); // written into the SRAM
                QVERIFY(near(en[i].links, link));
                QVERIFY(near(en[i].total(), b * 100 + b * 2.5 + link));
                QCOMPARE(en[i].mac, 0.0);
            } else if (e.kind == EventKind::DramWrite || e.kind == EventKind::Spill) {
                ++writes;
                QVERIFY(near(en[i].total(), b * 150 + b * 1.5 + link)); // read out of the SRAM
            }
        }
        QVERIFY(reads > 0); // the input and both weights come from DRAM
        QVERIFY(writes > 0); // B's output goes back
    }

    void partsAddUpToTheTotals()
    {
        const Fixture f = fused();
        const std::vector<EventEnergy> en = eventEnergies(f.s, f.acc);
        double mac = 0, links = 0, dram = 0;
        for (const EventEnergy &e : en) {
            mac += e.mac;
            links += e.links;
            dram += e.dram;
        }
        QVERIFY(f.s.totals.energy.dram > 0);
        QVERIFY(near(dram, f.s.totals.energy.dram));
        QVERIFY(near(links, f.s.totals.energy.links));
        QVERIFY(near(mac, f.s.totals.energy.mac));
        // Compute events get MAC energy in proportion to their MACs (one core kind here).
        for (std::size_t i = 0; i < en.size(); ++i) {
            const ScheduleEvent &e = f.s.events[i];
            if (e.kind != EventKind::Compute)
                continue;
            const double share = static_cast<double>(f.s.cns[static_cast<std::size_t>(e.cn)].macs) /
                                 static_cast<double>(f.s.totals.macs);
            QVERIFY(near(en[i].mac, f.s.totals.energy.mac * share));
        }
    }

    void layerStatisticsAddUpToTheTotals()
    {
        const Fixture f = fused();
        const auto st = layerStatistics(f.s, f.plan, f.acc, 2);
        QCOMPARE(st.size(), std::size_t(2));
        // Both layers in the one fused group, on core 0.
        QCOMPARE(st[0].group, 0);
        QCOMPARE(st[1].group, 0);
        QCOMPARE(st[0].core, 0);
        // MACs: A is a 3×3 conv 4→4 channels on 8×8 outputs, B a 1×1 conv 4→4.
        QCOMPARE(st[0].macs, int64_t(8 * 8 * 4 * 4 * 3 * 3));
        QCOMPARE(st[1].macs, int64_t(8 * 8 * 4 * 4));
        QCOMPARE(st[0].macs + st[1].macs, f.s.totals.macs);
        // DRAM traffic: every DRAM event belongs to a layer here, so the per-layer bytes add up
        // to the scheduler's read and write totals.
        QCOMPARE(st[0].dramBytes + st[1].dramBytes, f.s.totals.dramReadBytes + f.s.totals.dramWriteBytes);
        // Cycles: each layer computed for a positive time, no more than the whole schedule.
        for (const LayerStatistics &l : st)
            QVERIFY(l.cycles > 0 && l.cycles <= f.s.totals.latencyCycles);
        // Energy: the layers' DRAM and MAC energy is all of the schedule's.
        QVERIFY(st[0].energyPj + st[1].energyPj >= f.s.totals.energy.dram + f.s.totals.energy.mac - 1e-6);
    }

    void noEventsNoEnergies()
    {
        Fixture f = fused();
        f.s.events.clear();
        QVERIFY(eventEnergies(f.s, f.acc).empty());
    }
};

QTEST_MAIN(TestEventEnergy)
#include "tst_event_energy.moc"
