// SPDX-License-Identifier: GPL-3.0-or-later
// Activations that cross fused stacks kept on chip (ScheduleOptions::residentActivations,
// Stream's behaviour) against the round trip through DRAM, on the project's fixtures
// (workload/tiny_chain.yaml on hardware/tiny_quad.yaml). Every DRAM figure is worked out by
// hand below from the file's sizes.
//
// The chain, each layer a stack of its own with one tile:
//   a: 1×1 conv 8→8 on a 16×16 graph input     input 8·16·16 = 2048 B, W 8·8 = 64 B,   out 2048 B
//   b: 1×1 conv 8→32                                            W 32·8 = 256 B,  out 8192 B
//   c: 1×1 conv 32→8                                            W 8·32 = 256 B,  out 2048 B
//   d: a + c                                                                      out 2048 B
// a, b and c run on MAC array 0 (one 512 KiB buffer holds I, W and O), d on the vector unit
// (core 3, linked to array 0).
#include "hardware/accelerator.h"
#include "io/hardware_yaml.h"
#include "io/stream_workload.h"
#include "plan/plan_validate.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"

#include <QTest>

using namespace fuselab;

namespace {
std::string fixture(const std::string &rel)
{
    return std::string(FUSELAB_SOURCE_DIR) + "/tests/fixtures/stream/" + rel;
}

Plan chainPlan(const Workload &w)
{
    Plan p;
    p.name = "chain";
    for (LayerId l = 0; l < LayerId(w.layers.size()); ++l) {
        FusedGroup g;
        g.layers = {l};
        g.overlap = OverlapMode::Recompute; // one tile: no halo either way
        p.groups.push_back(g);
    }
    p.core = {0, 0, 0, 3};
    return p;
}

Schedule run(const Workload &w, const Accelerator &acc, const Plan &p, bool resident)
{
    if (const auto errors = validatePlan(p, w, acc); !errors.empty())
        throw std::runtime_error(errors.front());
    ScheduleOptions o;
    o.residentActivations = resident;
    Schedule s = schedule(w, acc, p, o);
    if (const std::string v = validateSchedule(s, acc); !v.empty())
        throw std::runtime_error(v);
    return s;
}

int64_t dramBytes(const Schedule &s)
{
    return s.totals.dramReadBytes + s.totals.dramWriteBytes;
}
} // namespace

class TestResidentActivations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitsAndStaysOnChip()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_chain.yaml"));
        const Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
        QCOMPARE(w.layers.size(), size_t(4));
        const Plan p = chainPlan(w);
        const Schedule dram = run(w, acc, p, false);
        const Schedule resident = run(w, acc, p, true);
        // Through DRAM: reads = graph input 2048 + weights 64 + 256 + 256 + a for b 2048 + a for
        // d 2048 + b for c 8192 + c for d 2048 = 16960; writes = a 2048 + b 8192 + c 2048 +
        // the network output d 2048 = 14336.
        QCOMPARE(dram.totals.dramReadBytes, int64_t(16960));
        QCOMPARE(dram.totals.dramWriteBytes, int64_t(14336));
        // Resident: each crossing tensor saves its write and every read of it —
        // a 2048·(1 + 2 readers), b 8192·(1 + 1), c 2048·(1 + 1) = 26624 bytes; what is left
        // is the graph input, the weights and the network output: 2048 + 576 + 2048.
        QCOMPARE(dramBytes(dram) - dramBytes(resident), int64_t(2048 * 3 + 8192 * 2 + 2048 * 2));
        QCOMPARE(resident.totals.dramReadBytes, int64_t(2048 + 576));
        QCOMPARE(resident.totals.dramWriteBytes, int64_t(2048));
        QCOMPARE(resident.totals.spillEvents, 0);
        // d reads a and c over the link from array 0: 2048 + 2048 link bytes at least.
        QVERIFY(resident.totals.linkBytes >= 4096);
        QVERIFY(resident.residentActivations);
        QVERIFY(!dram.residentActivations);
        qInfo("tiny_chain: dram %lld cycles %lld B, resident %lld cycles %lld B",
              static_cast<long long>(dram.totals.latencyCycles), static_cast<long long>(dramBytes(dram)),
              static_cast<long long>(resident.totals.latencyCycles), static_cast<long long>(dramBytes(resident)));
    }

    // Array 0's buffer cut to 11000 bytes. While c runs it must hold b's output (8192, c's
    // input), c's weights (256) and c's output (2048) = 10496 bytes, so a's output (2048),
    // resident until d reads it, no longer fits beside them: it is the slice read furthest
    // ahead and is evicted — spilled to DRAM (2048 written) and read back by d (2048 read).
    // b and c still read a and b on chip.
    void doesNotFitIsEvictedThroughDram()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_chain.yaml"));
        Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
        const int buffer = acc.memoryIndex("mac_array_0.buffer_512KB");
        QVERIFY(buffer >= 0);
        acc.memories[buffer].sizeBytes = 11000;
        const Schedule s = run(w, acc, chainPlan(w), true);
        QCOMPARE(s.totals.spillEvents, 1);
        QCOMPARE(s.totals.spillBytes, int64_t(2048));
        QCOMPARE(s.totals.dramWriteBytes, int64_t(2048 + 2048));     // the spill, the output
        QCOMPARE(s.totals.dramReadBytes, int64_t(2048 + 576 + 2048)); // input, weights, a read back
        // The spilled slice is a's output, and d's read of it is marked as a spill read.
        bool spilledA = false, readBack = false;
        for (const auto &e : s.events) {
            spilledA = spilledA || (e.kind == EventKind::Spill && e.layer == w.layerIndex("a"));
            readBack = readBack || (e.kind == EventKind::DramRead && e.spillRead && e.bytes == 2048);
        }
        QVERIFY(spilledA);
        QVERIFY(readBack);
        QVERIFY(s.totals.peakMemoryBytes[buffer] <= 11000);
    }

    // A pin stays the guaranteed form: a pinned tensor is never evicted, whatever the mode.
    void pinsStayGuaranteed()
    {
        const Workload w = importStreamWorkload(fixture("workload/tiny_chain.yaml"));
        const Accelerator acc = loadHardware(fixture("hardware/tiny_quad.yaml"));
        Plan p = chainPlan(w);
        const int buffer = acc.memoryIndex("mac_array_0.buffer_512KB");
        p.pins.push_back({w.layers[w.layerIndex("a")].output, buffer});
        for (bool resident : {false, true}) {
            const Schedule s = run(w, acc, p, resident);
            QCOMPARE(s.totals.spillEvents, 0);
            for (const auto &e : s.events)
                QVERIFY(!(e.layer == w.layerIndex("a") && e.kind == EventKind::DramWrite));
        }
    }
};

QTEST_GUILESS_MAIN(TestResidentActivations)
#include "tst_resident_activations.moc"
