// SPDX-License-Identifier: GPL-3.0-or-later
// Energy per schedule event (ScheduleEvent::energy): each move's energy by hand from its bytes
// and the accelerator's pJ figures, a one-layer schedule by hand, the invariant that the
// events add up to the schedule's total term by term, the derivation for runs recorded
// without it, and an operand streamed from DRAM holding a DRAM port while its CN computes.
#include "plan/plan.h"
#include "schedule/event_energy.h"
#include "schedule/layer_statistics.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
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

// Distinct energies per access kind so that a formula mixing them up gives another number.
Accelerator handAccelerator()
{
    Accelerator acc = singleCore(8, 8, 64 * 1024, 16, 10);
    acc.dram.readEnergy = 100;
    acc.dram.writeEnergy = 150;
    acc.memories[0].readEnergy = 1.5;
    acc.memories[0].writeEnergy = 2.5;
    acc.links[0].energyPerBit = 0.25;
    acc.cores[0].macEnergy = 0.5;
    return acc;
}

// Two convs fused on one core, two tiles.
Fixture fused(CostModelLookup model = &shimCostModel)
{
    Fixture f;
    f.w.name = "two_convs";
    const TensorId in = addInput(f.w, "in", 4, 8, 8);
    const TensorId a = addConv(f.w, "A", in, 4, 3, 1, 1);
    addConv(f.w, "B", a, 4, 1, 1, 0);
    f.acc = handAccelerator();
    FusedGroup g;
    g.layers = {0, 1};
    g.tileRows = 4;
    g.overlap = OverlapMode::Cache;
    f.plan.groups = {g};
    f.plan.core = {0, 0};
    ScheduleOptions o;
    o.costModel = model;
    f.s = schedule(f.w, f.acc, f.plan, o);
    return f;
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

double memoryTotal(const EnergyBreakdown &e)
{
    double m = 0;
    for (const auto &[name, pj] : e.memory)
        m += pj;
    return m;
}

// The shim's costs, plus 512 B of an operand streamed from DRAM during every CN (as a loop
// nest reports an operand larger than the core's memories).
class StreamingModel : public ShimCostModel {
public:
    StreamingModel() : ShimCostModel(CoreKind::Systolic) {}
    ComputeCost compute(const Layer &l, const LoopDims &t, const Core &core, const Accelerator &acc) const override
    {
        ComputeCost c = ShimCostModel::compute(l, t, core, acc);
        c.dramStreamBytes = 512;
        c.dramStreamEnergy = 512 * acc.dram.readEnergy;
        return c;
    }
};
const CostModel &streamingModel(CoreKind)
{
    static const StreamingModel m;
    return m;
}
} // namespace

class TestEventEnergy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void movesByHand()
    {
        const Fixture f = fused();
        int reads = 0, writes = 0;
        for (const ScheduleEvent &e : f.s.events) {
            const auto b = static_cast<double>(e.bytes);
            // The DRAM sits behind the one link: every DRAM move crosses it, 8 bits a byte at 0.25 pJ.
            const double link = e.route >= 0 ? b * 8 * 0.25 : 0.0;
            if (e.kind == EventKind::DramRead) {
                ++reads;
                QVERIFY(near(e.energy.dram, b * 100));
                QVERIFY(near(e.energy.memory, b * 2.5)); // written into the SRAM
                QVERIFY(near(e.energy.links, link));
                QVERIFY(near(e.energy.total(), b * 100 + b * 2.5 + link));
                QCOMPARE(e.energy.mac, 0.0);
            } else if (e.kind == EventKind::DramWrite || e.kind == EventKind::Spill) {
                ++writes;
                QVERIFY(near(e.energy.total(), b * 150 + b * 1.5 + link)); // read out of the SRAM
            }
        }
        QVERIFY(reads > 0);  // the input and both weights come from DRAM
        QVERIFY(writes > 0); // B's output goes back
    }

    void oneLayerByHand()
    {
        // Conv 4→4, 3×3, pad 1 on 8×8 alone on the core: input 256 B and weights 144 B read,
        // output 256 B written, 8·8·4·4·9 = 9216 MACs.
        Workload w;
        w.name = "one";
        addConv(w, "A", addInput(w, "in", 4, 8, 8), 4, 3, 1, 1);
        const Accelerator acc = handAccelerator();
        Plan plan;
        FusedGroup g;
        g.layers = {0};
        plan.groups = {g};
        plan.core = {0};
        ScheduleOptions o;
        o.costModel = &shimCostModel;
        const Schedule s = schedule(w, acc, plan, o);
        const double mac = 9216 * 0.5;                        // 4608
        const double reads = (256 + 144) * (100 + 2.5 + 2.0); // DRAM + SRAM write + link: 41800
        const double write = 256 * (150 + 1.5 + 2.0);         // DRAM + SRAM read + link: 39296
        QCOMPARE(s.totals.energyPj, mac + reads + write);     // 85704
        for (const ScheduleEvent &e : s.events)
            if (e.kind == EventKind::Compute)
                QVERIFY(e.energy == (EventEnergy{mac, 0, 0, 0}));
        QCOMPARE(eventEnergyTotal(s), 85704.0);
    }

    void eventsAddUpToTheTotals()
    {
        // With the real cost models too (their loop nests charge the core's memory).
        for (const CostModelLookup model : {CostModelLookup(&shimCostModel), CostModelLookup(nullptr)}) {
            const Fixture f = fused(model);
            EventEnergy sum;
            for (const ScheduleEvent &e : f.s.events) {
                sum.mac += e.energy.mac;
                sum.memory += e.energy.memory;
                sum.links += e.energy.links;
                sum.dram += e.energy.dram;
            }
            QVERIFY(f.s.totals.energy.dram > 0);
            QVERIFY(near(sum.mac, f.s.totals.energy.mac));
            QVERIFY(near(sum.memory, memoryTotal(f.s.totals.energy)));
            QVERIFY(near(sum.links, f.s.totals.energy.links));
            QVERIFY(near(sum.dram, f.s.totals.energy.dram));
            QVERIFY(near(eventEnergyTotal(f.s), f.s.totals.energyPj));
        }
    }

    void derivedForRunsRecordedWithoutIt()
    {
        // A run loaded from an old file has events but no energies: derived, the moves get
        // exactly what the scheduler charged, the compute events the rest, by MACs.
        const Fixture f = fused(nullptr);
        Schedule old = f.s;
        for (ScheduleEvent &e : old.events)
            e.energy = {};
        deriveEventEnergies(old, f.acc);
        double computeMacEnergy = 0;
        for (std::size_t i = 0; i < old.events.size(); ++i) {
            const ScheduleEvent &e = old.events[i];
            if (e.kind != EventKind::Compute) {
                QVERIFY(near(e.energy.total(), f.s.events[i].energy.total()));
                continue;
            }
            const double share = static_cast<double>(old.cns[static_cast<std::size_t>(e.cn)].macs) /
                                 static_cast<double>(old.totals.macs);
            QVERIFY(near(e.energy.mac, old.totals.energy.mac * share));
            computeMacEnergy += e.energy.mac;
        }
        QVERIFY(near(computeMacEnergy, old.totals.energy.mac));
        QVERIFY(near(eventEnergyTotal(old), old.totals.energyPj));
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
        for (const LayerStatistics &l : st)
            QVERIFY(l.cycles > 0 && l.cycles <= f.s.totals.latencyCycles);
        // Energy: every event belongs to a layer here, so the table holds all of it.
        QVERIFY(near(st[0].energyPj + st[1].energyPj, f.s.totals.energyPj));
    }

    void streamedOperandHoldsADramPort()
    {
        const Fixture f = fused(&streamingModel);
        QCOMPARE(validateSchedule(f.s, f.acc), std::string()); // no port does two things at once
        int computes = 0;
        for (const ScheduleEvent &c : f.s.events) {
            if (c.kind != EventKind::Compute)
                continue;
            ++computes;
            QCOMPARE(c.dramPort, 0); // the one port, held while the CN computes
            QCOMPARE(c.energy.dram, 512 * 100.0);
            for (const ScheduleEvent &m : f.s.events)
                if (m.kind != EventKind::Compute && m.dramPort == c.dramPort)
                    QVERIFY(m.end <= c.start || c.end <= m.start); // DRAM moves wait for it
        }
        QVERIFY(computes > 0);
        QVERIFY(near(eventEnergyTotal(f.s), f.s.totals.energyPj));
    }
};

QTEST_MAIN(TestEventEnergy)
#include "tst_event_energy.moc"
