// SPDX-License-Identifier: GPL-3.0-or-later
// The loop-nest model (cost/loop_nest.h): access counts, energies and stalls of small layers
// on 2- and 3-level cores worked out by hand below, and the mapping search against a fixed
// reference mapping and against the exhaustive search.
#include "cost/loop_nest.h"
#include "cost/spatial_cost.h"
#include "io/hardware_yaml.h"

#include <QFileInfo>
#include <QTemporaryDir>

#include <fstream>
#include "cost_test_util.h"

#include <QTest>

using namespace fuselab;

namespace {
Core onePe()
{
    Core c = test::core(CoreKind::Spatial, 1, 1);
    c.unrollRows = {{LoopDim::K, 1}};
    c.unrollCols = {{LoopDim::C, 1}};
    c.macEnergy = 0.5;
    return c;
}

Memory mem(const std::string &name, unsigned ops, int64_t size, double r, double w, int level)
{
    return test::privateMemory(name, ops, size, r, w, level);
}

Accelerator withMemories(const Core &c, std::vector<Memory> mems, double dramBw = 1000)
{
    Accelerator acc;
    acc.name = "t";
    acc.cores = {c};
    acc.memories = std::move(mems);
    acc.dram.readEnergy = 100;
    acc.dram.writeEnergy = 150;
    acc.dram.bandwidth = dramBw;
    acc.links = {Link{"l0", {c.name, "dram"}, 32, 1, 0.0}};
    return acc;
}

// FC with C = 4 inputs, K = 2 outputs, batch 1, 8-bit: 8 MACs. Temporal loops (1 PE):
// C = 2·2 and K = 2, in the order [C2, C2, K2] innermost first.
LoopNestProblem fc42()
{
    return loopNestProblem(test::fc(4, 2), test::fc(4, 2).dims);
}
std::vector<TemporalLoop> orderCCK()
{
    return {{LoopDim::C, 2}, {LoopDim::C, 2}, {LoopDim::K, 2}};
}

const OperandLevelAccess &at(const LoopNestCost &c, int slot, const CoreHierarchy &h, const std::string &name)
{
    for (const auto &a : c.access[slot])
        if (h.memories[a.memory].name == name)
            return a;
    qFatal("operand %d has no level %s", slot, name.c_str());
}
const MemoryTraffic &traffic(const LoopNestCost &c, const CoreHierarchy &h, const std::string &name)
{
    for (size_t i = 0; i < h.memories.size(); ++i)
        if (h.memories[i].name == name)
            return c.memory[i];
    qFatal("no memory %s", name.c_str());
}
} // namespace

class TestLoopNest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hierarchyOrderAndDram();
    void threeLevelHandCount();
    void bandwidthStall();
    void notDoubleBufferedWaitsForRefills();
    void oversizedOperandStreamsFromDram();
    void servedAxesMulticastAndInstances();
    void searchNeverWorseThanReference_data();
    void searchNeverWorseThanReference();
    void exhaustiveEqualsPruned_data();
    void exhaustiveEqualsPruned();
    void orderLimitBoundsTheSearch();
    void spatialCoreWithHierarchyUsesTheLoopNest();
    void streamTpuLikeCoreByHand();
    void foldedArrayKeepsPerPeMemories();
};

// Levels innermost first by `level`, then by size; DRAM always last; no private memory for an
// operand -> its shared staging memory.
void TestLoopNest::hierarchyOrderAndDram()
{
    const Core c = onePe();
    Accelerator acc = withMemories(c, {mem("buf", OperandI | OperandW, 64, 1, 2, -1),
                                       mem("wreg", OperandW, 1, 0.1, 0.2, -1)});
    Memory shared = mem("gb", OperandO, 1024, 5, 5, -1);
    shared.core.clear();
    acc.memories.push_back(shared);
    acc.links.push_back(Link{"l1", {"c0", "gb"}, 32, 1, 0.0});
    const CoreHierarchy h = coreHierarchy(c, acc);
    auto names = [&](int slot) {
        std::string n;
        for (int m : h.chain[slot])
            n += (n.empty() ? "" : " ") + h.memories[m].name;
        return n;
    };
    QCOMPARE(names(SlotW), std::string("wreg buf dram")); // by size: 1 B before 64 B
    QCOMPARE(names(SlotI), std::string("buf dram"));
    QCOMPARE(names(SlotO), std::string("gb dram"));      // the shared memory it is linked to
    // An explicit level wins over size.
    acc.memories[0].level = 0;
    acc.memories[1].level = 1;
    QCOMPARE(coreHierarchy(c, acc).chain[SlotW].size(), size_t(3));
    QCOMPARE(coreHierarchy(c, acc).memories[coreHierarchy(c, acc).chain[SlotW][0]].name, std::string("buf"));
}

// 3 levels for W and O (wreg / oreg 1 B -> buf 64 B -> DRAM), 2 for I (buf -> DRAM).
// Allocation of [C2, C2, K2]: W's tile after C2 is 2 B > 1 -> W's wreg holds no loop (end 0),
// buf holds all (I 4 + W 8 + O 2 = 14 B <= 64). O's tile stays 1 B over the C loops (they do
// not index O) and grows to 2 B at K2 -> oreg ends at 2. I: buf ends at 3.
// Accesses (elements = bytes at 8 bit):
//  W: PEs <- wreg: every loop indexes W, F = 8 -> wreg reads 8; wreg <- buf: F = 8 of 1 ->
//     buf reads 8, wreg written 8; buf <- DRAM: nothing above -> F = 1 of the 8-weight tile:
//     DRAM reads 8, buf written 8.
//  O: PEs -> oreg: oreg is the PE's accumulator (ZigZag's convention): the PE writes its
//     partial sum there at each of the 8 temporal steps, F = 8, and reads it back at every step
//     but the first of each output's accumulation: D = 2 outputs -> oreg written 8, read back
//     8 - 2 = 6; oreg -> buf: above position 2 only K2: F = D = 2 -> oreg read 2, buf written 2;
//     buf -> DRAM: F = 1 of 2 -> buf read 2, DRAM written 2.
//  I: PEs <- buf: C indexes I, F = 8 (C2 C2 K2: the K loop re-reads), tile 1 -> buf reads 8;
//     buf <- DRAM: F = 1 of 4 -> DRAM reads 4, buf written 4.
// Totals: wreg r 8 w 8; oreg r 6+2 = 8 w 8; buf r 8+2+8 = 18, w 8+2+4 = 14; DRAM r 12, w 2.
// Energy: MAC 8 × 0.5 = 4; wreg 8×0.1 + 8×0.2 = 2.4; oreg 8×0.3 + 8×0.4 = 5.6;
// buf 18×1 + 14×2 = 46; DRAM 12×100 + 2×150 = 1500 -> 1558 pJ. On chip 54 pJ.
// With 16-bit partial sums (Precision::psum) the 8 writes and 6 reads at the PEs move 2 B
// each (a C loop, which does not index O, is above position 0); the read up to buf at
// position 2 (only K2 above) moves the final 1 B: oreg r 6×2 + 2 = 14 B, w 8×2 = 16 B.
void TestLoopNest::threeLevelHandCount()
{
    const Core c = onePe();
    const Accelerator acc = withMemories(c, {mem("wreg", OperandW, 1, 0.1, 0.2, 0), mem("oreg", OperandO, 1, 0.3, 0.4, 0),
                                             mem("buf", OperandAll, 64, 1, 2, 1)});
    const CoreHierarchy h = coreHierarchy(c, acc);
    const LoopNestProblem p = fc42();
    const LoopNestMapping m = allocateLoops(p, h, spatialUnrolling(p, c), orderCCK());
    QCOMPARE(m.levels[SlotW].end, (std::vector<int>{0, 3, 3}));
    QCOMPARE(m.levels[SlotO].end, (std::vector<int>{2, 3, 3}));
    QCOMPARE(m.levels[SlotI].end, (std::vector<int>{3, 3}));
    const LoopNestCost cost = evaluateMapping(p, h, m, c.macEnergy, 1);

    QCOMPARE(at(cost, SlotW, h, "wreg").readsForBelow, 8.0);
    QCOMPARE(at(cost, SlotW, h, "wreg").writesFromAbove, 8.0);
    QCOMPARE(at(cost, SlotW, h, "buf").readsForBelow, 8.0);
    QCOMPARE(at(cost, SlotW, h, "dram").readsForBelow, 8.0);
    QCOMPARE(at(cost, SlotO, h, "oreg").writesFromBelow, 8.0);
    QCOMPARE(at(cost, SlotO, h, "oreg").readsForBelow, 6.0);
    QCOMPARE(at(cost, SlotO, h, "oreg").readsForAbove, 2.0);
    QCOMPARE(at(cost, SlotO, h, "buf").writesFromBelow, 2.0);
    QCOMPARE(at(cost, SlotO, h, "dram").writesFromBelow, 2.0);
    QCOMPARE(at(cost, SlotI, h, "buf").readsForBelow, 8.0);
    QCOMPARE(at(cost, SlotI, h, "buf").writesFromAbove, 4.0);

    QCOMPARE(traffic(cost, h, "oreg").readBytes, 8.0);
    QCOMPARE(traffic(cost, h, "oreg").writeBytes, 8.0);
    QCOMPARE(traffic(cost, h, "buf").readBytes, 18.0);
    QCOMPARE(traffic(cost, h, "buf").writeBytes, 14.0);
    QCOMPARE(traffic(cost, h, "dram").readBytes, 12.0);
    QCOMPARE(traffic(cost, h, "dram").writeBytes, 2.0);
    QCOMPARE(cost.macEnergy, 4.0);
    QVERIFY(qAbs(cost.energy - 1558.0) < 1e-9);
    QVERIFY(qAbs(cost.onChipEnergy - 54.0) < 1e-9);
    QCOMPARE(cost.dramStreamReadBytes, 0.0); // I and W are read from DRAM once: nothing streamed
    QCOMPARE(cost.temporalCycles, int64_t(8));
    QCOMPARE(cost.latencyCycles, int64_t(8)); // every bandwidth is 1000 B/cycle: no stall
    QCOMPARE(cost.utilization, 1.0);

    Layer wide = test::fc(4, 2);
    wide.precision.psum = 16;
    const LoopNestProblem pw = loopNestProblem(wide, wide.dims);
    const LoopNestCost psum = evaluateMapping(pw, h, allocateLoops(pw, h, spatialUnrolling(pw, c), orderCCK()), 0.5, 1);
    QCOMPARE(traffic(psum, h, "oreg").readBytes, 14.0);
    QCOMPARE(traffic(psum, h, "oreg").writeBytes, 16.0);
    QCOMPARE(traffic(psum, h, "buf").writeBytes, 14.0);
}

// Same mapping, buf's ports at 1 B/cycle: it reads 18 B -> 18 cycles against Tc = 8, writes
// 14 B -> 14 cycles; busy = max(18, 14) = 18; double-buffered: stall 18 - 8 = 10 -> 18 cycles.
void TestLoopNest::bandwidthStall()
{
    const Core c = onePe();
    Memory buf = mem("buf", OperandAll, 64, 1, 2, 1);
    buf.readBw = buf.writeBw = 1;
    const Accelerator acc =
        withMemories(c, {mem("wreg", OperandW, 1, 0.1, 0.2, 0), mem("oreg", OperandO, 1, 0.3, 0.4, 0), buf});
    const CoreHierarchy h = coreHierarchy(c, acc);
    const LoopNestProblem p = fc42();
    const LoopNestCost cost = evaluateMapping(p, h, allocateLoops(p, h, spatialUnrolling(p, c), orderCCK()), 0.5, 1);
    QCOMPARE(traffic(cost, h, "buf").busyCycles, 18.0);
    QCOMPARE(cost.stallCycles, int64_t(10));
    QCOMPARE(cost.latencyCycles, int64_t(18));
    QCOMPARE(cost.utilization, 8.0 / 18.0);
    // Two read ports halve the read time: max(18/2, 14) = 14 -> stall 6.
    Accelerator two = acc;
    two.memories[2].readPorts = 2;
    const CoreHierarchy h2 = coreHierarchy(c, two);
    QCOMPARE(evaluateMapping(p, h2, allocateLoops(p, h2, spatialUnrolling(p, c), orderCCK()), 0.5, 1).latencyCycles,
             int64_t(14));
    // Only two read/write ports: reads and writes share them: (18 + 14) / 2 = 16 -> stall 8.
    two.memories[2].readPorts = two.memories[2].writePorts = 0;
    two.memories[2].rwPorts = 2;
    const CoreHierarchy h3 = coreHierarchy(c, two);
    QCOMPARE(evaluateMapping(p, h3, allocateLoops(p, h3, spatialUnrolling(p, c), orderCCK()), 0.5, 1).latencyCycles,
             int64_t(16));
}

// Without double buffering the PEs wait for every refill of buf from above: W 8 B + I 4 B
// written from the DRAM = 12 B at 1 B/cycle = 12 cycles; the other traffic (18 - 12... the
// busy 18 less those 12) still overlaps: 18 - 12 - 8 < 0 -> stall 12, latency 8 + 12 = 20.
void TestLoopNest::notDoubleBufferedWaitsForRefills()
{
    const Core c = onePe();
    Memory buf = mem("buf", OperandAll, 64, 1, 2, 1);
    buf.readBw = buf.writeBw = 1;
    buf.doubleBuffered = false;
    const Accelerator acc =
        withMemories(c, {mem("wreg", OperandW, 1, 0.1, 0.2, 0), mem("oreg", OperandO, 1, 0.3, 0.4, 0), buf});
    const CoreHierarchy h = coreHierarchy(c, acc);
    const LoopNestProblem p = fc42();
    const LoopNestCost cost = evaluateMapping(p, h, allocateLoops(p, h, spatialUnrolling(p, c), orderCCK()), 0.5, 1);
    QCOMPARE(cost.stallCycles, int64_t(12));
    QCOMPARE(cost.latencyCycles, int64_t(20));
}

// 2 levels: one 4-byte buffer for I, W and O, then the DRAM. I (4 B) and W (8 B) cannot stay.
// Allocation of [C2, C2, K2], operands in the order I, W, O at each loop:
//  start: I 1 + W 1 + O 1 = 3 B; C2: I -> 2 (4 B in all), W -> 2 would make 5 B: W stays at
//  end 0 (1 B) and moves to the DRAM; O stays 1 B (C does not index it): 4 B.
//  C2: I -> 4 would make 6 B: I stays at end 1 (2 B), moves on; O 1 B: 4 B.
//  K2: O -> 2 would make 5 B: O stays at end 2 (1 B), moves on.
// Accesses:
//  I: PEs <- buf F = 8 -> buf reads 8; buf <- DRAM at end 1: above are C2 K2, both re-fetch
//     (K2 does not index I but is above C2): F = 4 tiles of 2 -> DRAM reads 8, buf written 8.
//     I is 4 B: 4 B are streamed beyond the one compulsory read.
//  W: PEs <- buf F = 8 -> buf reads 8; buf <- DRAM at end 0: F = 8 of 1 -> DRAM 8, buf written 8.
//  O: buf is the innermost O level, the PE's accumulator: PEs -> buf F = 8 steps -> buf
//     written 8, read back 8 - 2 = 6 (the first step of each of the 2 outputs starts at 0);
//     buf -> DRAM at end 2: F = 2 of 1 -> DRAM written 2, buf read 2.
// buf: r 8+8+6+2 = 24, w 8+8+8 = 24; DRAM r 16 (12 compulsory + 4 streamed), w 2.
// Energy: 4 + 24×1 + 24×2 + 16×100 + 2×150 = 1976 pJ; streamed DRAM energy 4 × 100 = 400 pJ.
// DRAM at 1 B/cycle: 4 streamed bytes take 4 cycles < Tc 8: no stall. At 0.25 B/cycle: 16
// cycles -> stall 8, latency 16.
void TestLoopNest::oversizedOperandStreamsFromDram()
{
    const Core c = onePe();
    const LoopNestProblem p = fc42();
    for (const double bw : {1.0, 0.25}) {
        const Accelerator acc = withMemories(c, {mem("buf", OperandAll, 4, 1, 2, 0)}, bw);
        const CoreHierarchy h = coreHierarchy(c, acc);
        const LoopNestMapping m = allocateLoops(p, h, spatialUnrolling(p, c), orderCCK());
        QCOMPARE(m.levels[SlotI].end, (std::vector<int>{1, 3}));
        QCOMPARE(m.levels[SlotW].end, (std::vector<int>{0, 3}));
        QCOMPARE(m.levels[SlotO].end, (std::vector<int>{2, 3}));
        const LoopNestCost cost = evaluateMapping(p, h, m, 0.5, 1);
        QCOMPARE(at(cost, SlotI, h, "dram").readsForBelow, 8.0);
        QCOMPARE(traffic(cost, h, "buf").readBytes, 24.0);
        QCOMPARE(traffic(cost, h, "buf").writeBytes, 24.0);
        QCOMPARE(traffic(cost, h, "dram").readBytes, 16.0);
        QCOMPARE(cost.dramStreamReadBytes, 4.0);
        QCOMPARE(cost.dramStreamWriteBytes, 0.0);
        QVERIFY(qAbs(cost.energy - 1976.0) < 1e-9);
        QVERIFY(qAbs(cost.streamedDramEnergy - 400.0) < 1e-9);
        QCOMPARE(cost.latencyCycles, int64_t(bw == 1.0 ? 8 : 16));
    }
}

// 2 PEs (K unrolled 2 on the rows), FC C = 2, K = 2: one temporal loop C2. W has a register per
// PE (served by no axis: 2 instances, 1 weight each), I and O only the shared buffer.
//  W: PEs <- wreg: F = 2, 2 instances × 1 -> wreg reads 4; wreg <- buf at end 0: F = 2,
//     buf's tile = the K 2 the whole array needs -> buf reads 4, wreg written 2 × 2 × 1 = 4;
//     buf <- DRAM: F = 1 of K2 × C2 = 4 -> DRAM reads 4.
//  I: one read feeds both PEs (K does not index I): PEs <- buf F = 2 of 1 -> buf reads 2.
//  O: buf is the accumulator: each of the 2 steps writes the K 2 partial sums (4), the second
//     reads them back (2).
void TestLoopNest::servedAxesMulticastAndInstances()
{
    Core c = test::core(CoreKind::Spatial, 2, 1);
    c.unrollRows = {{LoopDim::K, 2}};
    c.unrollCols = {{LoopDim::C, 1}};
    Memory wreg = mem("wreg", OperandW, 1, 0.1, 0.2, 0);
    wreg.servedAxes = 0;
    const Accelerator acc = withMemories(c, {wreg, mem("buf", OperandAll, 64, 1, 2, 1)});
    const CoreHierarchy h = coreHierarchy(c, acc);
    const Layer l = test::fc(2, 2);
    const LoopNestProblem p = loopNestProblem(l, l.dims);
    const LoopNestMapping m = allocateLoops(p, h, spatialUnrolling(p, c), temporalPrimeFactors(p, {}, c));
    QCOMPARE(m.loops.size(), size_t(1));
    const LoopNestCost cost = evaluateMapping(p, h, m, 0.5, 2);
    QCOMPARE(at(cost, SlotW, h, "wreg").instances, int64_t(2));
    QCOMPARE(at(cost, SlotW, h, "wreg").readsForBelow, 4.0);
    QCOMPARE(at(cost, SlotW, h, "wreg").writesFromAbove, 4.0);
    QCOMPARE(at(cost, SlotW, h, "buf").readsForBelow, 4.0);
    QCOMPARE(at(cost, SlotW, h, "dram").readsForBelow, 4.0);
    QCOMPARE(at(cost, SlotI, h, "buf").readsForBelow, 2.0);
    QCOMPARE(at(cost, SlotO, h, "buf").writesFromBelow, 4.0);
    QCOMPARE(at(cost, SlotO, h, "buf").readsForBelow, 2.0);
    QCOMPARE(cost.temporalCycles, int64_t(2));
}

namespace {
// A TPU-like 4×4 core (K on rows, C on columns): W registers per PE, O registers shared along
// the columns, one buffer, DRAM. Sized so that the bigger layers must stream.
Accelerator tinyTpu(int64_t bufBytes)
{
    Core c = test::core(CoreKind::Spatial, 4, 4);
    c.unrollRows = {{LoopDim::K, 4}};
    c.unrollCols = {{LoopDim::C, 4}};
    Memory w = mem("wreg", OperandW, 2, 0.05, 0.05, 0);
    w.servedAxes = 0;
    Memory o = mem("oreg", OperandO, 8, 0.02, 0.02, 0);
    o.servedAxes = AxisCols;
    Memory b = mem("buf", OperandAll, bufBytes, 4, 4, 1);
    b.readBw = b.writeBw = 8;
    return withMemories(c, {w, o, b}, 4);
}
} // namespace

void TestLoopNest::searchNeverWorseThanReference_data()
{
    QTest::addColumn<int>("objective");
    QTest::addColumn<qint64>("buf");
    for (int o = 0; o < 3; ++o)
        for (qint64 buf : {qint64(1) << 16, qint64(256)})
            QTest::addRow("%s buf %lld", std::string(toString(MappingObjective(o))).c_str(), (long long)buf)
                << o << buf;
}

// The fixed reference: loops in dim order B K C OY OX FY FX innermost first, allocated the same
// greedy way. The search tries that order (or a merged version of it) among others, so its
// result can never be worse for the objective it minimises.
void TestLoopNest::searchNeverWorseThanReference()
{
    QFETCH(int, objective);
    QFETCH(qint64, buf);
    const Accelerator acc = tinyTpu(buf);
    const Core &c = acc.cores[0];
    const CoreHierarchy h = coreHierarchy(c, acc);
    for (const Layer &l : {test::conv(16, 16, 8, 8, 3, 3), test::conv(8, 32, 4, 4, 1, 1), test::fc(64, 24, 2),
                           test::conv(12, 12, 6, 6, 3, 3, 2, 1)}) {
        const LoopNestProblem p = loopNestProblem(l, l.dims);
        const auto spatial = spatialUnrolling(p, c);
        const LoopNestCost ref =
            evaluateMapping(p, h, allocateLoops(p, h, spatial, temporalPrimeFactors(p, spatial, c)), c.macEnergy, 16);
        MappingSearchOptions o;
        o.objective = MappingObjective(objective);
        const MappingResult best = searchMapping(p, c, h, o);
        QVERIFY(best.ordersEvaluated > 1);
        QVERIFY2(objectiveValue(best.cost, o.objective) <= objectiveValue(ref, o.objective) * (1 + 1e-12),
                 qPrintable(QStringLiteral("%1 > %2").arg(objectiveValue(best.cost, o.objective)).arg(objectiveValue(ref, o.objective))));
        // Whatever the mapping, the MACs and the temporal cycles are the layer's.
        QCOMPARE(best.cost.temporalCycles, ref.temporalCycles);
        QCOMPARE(best.cost.macEnergy, ref.macEnergy);
    }
}

void TestLoopNest::exhaustiveEqualsPruned_data()
{
    QTest::addColumn<int>("objective");
    for (int o = 0; o < 3; ++o)
        QTest::addRow("%s", std::string(toString(MappingObjective(o))).c_str()) << o;
}

// Tiny layers (at most 7 loops: 5040 orders with duplicates) where the pruned search (distinct
// orders only, no merging under the limit) must find the same optimum as trying every order.
void TestLoopNest::exhaustiveEqualsPruned()
{
    QFETCH(int, objective);
    const Core c = onePe();
    for (int64_t bufBytes : {int64_t(12), int64_t(40), int64_t(1024)}) {
        Memory b = mem("buf", OperandAll, bufBytes, 1, 2, 1);
        b.readBw = b.writeBw = 2;
        const Accelerator acc = withMemories(c, {mem("wreg", OperandW, 1, 0.1, 0.2, 0), mem("oreg", OperandO, 2, 0.3, 0.4, 0), b}, 1);
        const CoreHierarchy h = coreHierarchy(c, acc);
        for (const Layer &l : {test::conv(4, 4, 2, 2, 1, 1), test::fc(8, 6), test::conv(2, 4, 3, 2, 2, 1)}) {
            const LoopNestProblem p = loopNestProblem(l, l.dims);
            MappingSearchOptions o;
            o.objective = MappingObjective(objective);
            o.orderLimit = 1 << 20;
            const MappingResult pruned = searchMapping(p, c, h, o);
            o.exhaustive = true;
            const MappingResult all = searchMapping(p, c, h, o);
            QVERIFY(all.ordersEvaluated > pruned.ordersEvaluated);
            QCOMPARE(objectiveValue(pruned.cost, o.objective), objectiveValue(all.cost, o.objective));
        }
    }
}

// 3×3 conv of 64 channels to 64 over 56×56 on one PE: 6+6+4+4+... prime loops; the search may
// try at most the limit's number of distinct orders.
void TestLoopNest::orderLimitBoundsTheSearch()
{
    const Core c = onePe();
    const Accelerator acc = withMemories(c, {mem("buf", OperandAll, 1 << 16, 1, 2, 0)});
    const CoreHierarchy h = coreHierarchy(c, acc);
    const Layer l = test::conv(64, 64, 56, 56, 3, 3, 1, 1);
    const LoopNestProblem p = loopNestProblem(l, l.dims);
    for (int64_t limit : {1, 24, 720}) {
        MappingSearchOptions o;
        o.orderLimit = limit;
        const MappingResult r = searchMapping(p, c, h, o);
        QVERIFY2(r.ordersEvaluated <= limit, qPrintable(QString::number(r.ordersEvaluated)));
        QVERIFY(r.ordersEvaluated >= 1);
        QCOMPARE(r.cost.temporalCycles, int64_t(64) * 64 * 56 * 56 * 9);
    }
}

// The spatial cost model on a core with a hierarchy (wreg, oreg -> buf): FC C = 4, K = 1 has a
// single loop order [C2, C2]. W: wreg (1 B) holds no loop, buf all; O: oreg holds both C loops
// (they do not index O); I: buf.
//  W: wreg read 4, written 4 (0.1 + 0.2) -> 1.2 pJ; buf read 4, written 4 from the DRAM.
//  O: oreg is the accumulator: written at the 4 steps, read back at 3, read 1 up -> r 4, w 4:
//     2.8 pJ; buf written 1, read 1 to the DRAM.
//  I: buf read 4 (one per MAC), written 4 from the DRAM.
// buf: r 9 × 1 + w 9 × 2 = 27 pJ, less what the scheduler charges itself (I and W written once:
// 8 B × 2 pJ; O read out once: 1 B × 1 pJ) = 10 pJ. Cycles 4, MAC energy 4 × 0.5.
void TestLoopNest::spatialCoreWithHierarchyUsesTheLoopNest()
{
    const Core c = onePe();
    const Accelerator acc = withMemories(c, {mem("wreg", OperandW, 1, 0.1, 0.2, 0), mem("oreg", OperandO, 1, 0.3, 0.4, 0),
                                             mem("buf", OperandAll, 64, 1, 2, 1)});
    const auto &model = static_cast<const SpatialCostModel &>(costModelFor(CoreKind::Spatial));
    const size_t before = model.cachedMappings();
    const Layer l = test::fc(4, 1);
    const ComputeCost cost = model.compute(l, l.dims, c, acc);
    QCOMPARE(cost.cycles, int64_t(4));
    QCOMPARE(cost.macEnergy, 2.0);
    QVERIFY(qAbs(cost.memoryEnergy.at("wreg") - 1.2) < 1e-12);
    QVERIFY2(qAbs(cost.memoryEnergy.at("oreg") - 2.8) < 1e-12, qPrintable(QString::number(cost.memoryEnergy.at("oreg"))));
    QVERIFY(qAbs(cost.memoryEnergy.at("buf") - 10.0) < 1e-12);
    QCOMPARE(cost.dramStreamBytes, 0.0);
    // Cached per (shape, precision, core): the same tile again searches nothing new.
    QCOMPARE(model.cachedMappings(), before + 1);
    QCOMPARE(model.compute(l, l.dims, c, acc).memoryEnergy, cost.memoryEnergy);
    QCOMPARE(model.cachedMappings(), before + 1);
    Layer wide = l;
    wide.precision.w = 16;
    model.compute(wide, wide.dims, c, acc);
    QCOMPARE(model.cachedMappings(), before + 2);
    // A second core equal but for its name and its memories' names shares the search, and
    // gets the energies under its own memory names.
    Accelerator twin = acc;
    Core c1 = c;
    c1.name = "c1";
    twin.cores.push_back(c1);
    for (const Memory &m : acc.memories) {
        Memory copy = m;
        copy.core = "c1";
        copy.name = "c1." + m.name;
        twin.memories.push_back(copy);
    }
    const ComputeCost other = model.compute(l, l.dims, c1, twin);
    QCOMPARE(model.cachedMappings(), before + 2);
    QVERIFY(qAbs(other.memoryEnergy.at("c1.buf") - 10.0) < 1e-12);
    QCOMPARE(other.memoryEnergy.count("buf"), size_t(0));
}

// Stream's tpu_like core: rf_128B (W, 128 B per PE, 8-bit port, 0.095 pJ per access),
// rf_2B (O, one per row: served_dimensions [D2], 16-bit ports, 0.021 pJ), sram_2MB (all,
// 2048-bit ports, 416.16 / 378.4 pJ per access), K 32 rows x C 32 columns.
// FC C = 32 -> K = 32 fills the array once: no temporal loop, Tc = 1.
//  W: 1024 PE registers read once each; sram reads the 32 x 32 weights once to fill them.
//  I: one sram read per input channel feeds its column: 32.
//  O: 32 row registers (one per K) each written once by the column-reduced sum, read once up;
//     sram written 32.
//  sram: reads 1024 (W) + 32 (I) + 32 (O read out for the store to the DRAM) = 1088 B,
//        writes 1024 + 32 (from the DRAM) + 32 (O from the rows) = 1088 B.
// Per byte: rf_128B 0.095 / 1, rf_2B 0.021 / 2, sram 416.16 / 256 and 378.4 / 256.
void TestLoopNest::streamTpuLikeCoreByHand()
{
    const QString hw = QStringLiteral(FUSELAB_SHARED_DIR "/peers/stream/hardware/tpu_like_quad_core.yaml");
    if (!QFileInfo::exists(hw))
        QSKIP("../shared/peers/stream is absent");
    const Accelerator acc = loadHardware(hw.toStdString());
    const Core &c = acc.cores[static_cast<size_t>(acc.coreIndex("tpu_like_0"))];
    const CoreHierarchy h = coreHierarchy(c, acc);
    const Layer l = test::fc(32, 32);
    const LoopNestProblem p = loopNestProblem(l, l.dims);
    const MappingResult r = searchMapping(p, c, h);
    QCOMPARE(r.mapping.loops.size(), size_t(0));
    const LoopNestCost &cost = r.cost;
    QCOMPARE(cost.temporalCycles, int64_t(1));
    const MemoryTraffic &rf = traffic(cost, h, "tpu_like_0.rf_128B");
    const MemoryTraffic &acc2 = traffic(cost, h, "tpu_like_0.rf_2B");
    const MemoryTraffic &sram = traffic(cost, h, "tpu_like_0.sram_2MB");
    QCOMPARE(rf.readBytes, 1024.0);
    QCOMPARE(rf.writeBytes, 1024.0);
    QCOMPARE(acc2.writeBytes, 32.0);
    QCOMPARE(acc2.readBytes, 32.0);
    QCOMPARE(sram.readBytes, 1088.0);
    QCOMPARE(sram.writeBytes, 1088.0);
    const double expected = 1024 * 0.095 * 2 + 64 * 0.021 / 2 + 1088 * 416.16 / 256 + 1088 * 378.4 / 256;
    QVERIFY2(qAbs(cost.onChipEnergy - expected) < 1e-9 * expected,
             qPrintable(QStringLiteral("%1 vs %2").arg(cost.onChipEnergy).arg(expected)));
}

// A Stream core file with a 4-D array, D1 × D2 × D3 × D4 = 2 × 2 × 2 × 2: a 2 × 2 grid of PEs
// (K 2 on D1, C 2 on D2), each with 2 × 2 MACs (K 2 on D3, C 2 on D4). `ibuf` holds inputs per
// PE (served by [D3, D4]): 4 instances of 128 B with 8-bit (1 B/cycle) ports; `gb` holds
// everything for the whole array with 128 B/cycle ports. Folded: 4 rows (K 2·2), 4 columns (C 2·2).
// FC C = 4, K = 4, batch 8: the array covers K and C, the temporal loops are B = 2·2·2: Tc = 8.
//  I at ibuf, per instance: its PE's C 2 inputs at each of the 8 steps (B indexes I) -> 16 reads;
//    its tile over all loops, B 8 × C 2 = 16 B, written once from gb -> 16 writes.
//    Read and write ports are separate: busy = max(16, 16) / 1 B per cycle = 16 cycles; double
//    buffered: stall 16 - 8 = 8 -> 16 cycles. All 4 instances: 64 reads and 64 writes.
//  gb (128 B/cycle) moves at most 80 B: no stall.
// Had the fold made `ibuf` one buffer for the whole array, it would read the 4 distinct inputs of
// a step once: 32 reads and 32 writes at 1 B/cycle -> 32 cycles.
void TestLoopNest::foldedArrayKeepsPerPeMemories()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string file = dir.filePath(QStringLiteral("grid.yaml")).toStdString();
    std::ofstream(file) << R"(name: grid
memories:
  ibuf:
    size: 1024
    r_bw: 8
    w_bw: 8
    r_cost: 1
    w_cost: 1
    r_port: 1
    w_port: 1
    rw_port: 0
    latency: 1
    operands: [I1]
    served_dimensions: [D3, D4]
  gb:
    size: 1048576
    r_bw: 1024
    w_bw: 1024
    r_cost: 128
    w_cost: 128
    r_port: 1
    w_port: 1
    rw_port: 0
    latency: 1
    operands: [I1, I2, O]
    served_dimensions: [D1, D2, D3, D4]
operational_array:
  unit_energy: 0.5
  dimensions: [D1, D2, D3, D4]
  sizes: [2, 2, 2, 2]
dataflows:
  D1:
    - K, 2
  D2:
    - C, 2
  D3:
    - K, 2
  D4:
    - C, 2
)";
    std::vector<std::string> warnings;
    const Accelerator acc = loadHardware(file, warnings);
    const Core &c = acc.cores[0];
    QCOMPARE(c.rows, 4);
    QCOMPARE(c.cols, 4);
    const Memory &ibuf = acc.memories[static_cast<size_t>(acc.memoryIndex("grid.ibuf"))];
    QCOMPARE(ibuf.servedDims, 0b1100u); // D3, D4
    const CoreHierarchy h = coreHierarchy(c, acc);
    const Layer l = test::fc(4, 4, 8);
    const LoopNestProblem p = loopNestProblem(l, l.dims);
    const MappingResult r = searchMapping(p, c, h);
    QCOMPARE(r.cost.temporalCycles, int64_t(8));
    QCOMPARE(at(r.cost, SlotI, h, "grid.ibuf").instances, int64_t(4));
    QCOMPARE(at(r.cost, SlotI, h, "grid.ibuf").tileElements, 16.0);
    QCOMPARE(traffic(r.cost, h, "grid.ibuf").readBytes, 64.0);
    QCOMPARE(traffic(r.cost, h, "grid.ibuf").writeBytes, 64.0);
    QCOMPARE(traffic(r.cost, h, "grid.ibuf").busyCycles, 16.0);
    QCOMPARE(r.cost.latencyCycles, int64_t(16));
    // The scheduler's cost model gives the same cycles.
    QCOMPARE(costModelFor(CoreKind::Spatial).compute(l, l.dims, c, acc).cycles, int64_t(16));
    // The native YAML keeps the array dimensions: the same accelerator after a round trip.
    const std::string yaml = toNativeHardwareYaml(acc);
    QVERIFY2(yaml.find("served_axes: [D3, D4]") != std::string::npos, yaml.c_str());
    QVERIFY2(yaml.find("unroll_rows: [[K, 2, D1], [K, 2, D3]]") != std::string::npos, yaml.c_str());
    QCOMPARE(parseNativeHardware(yaml, "again.yaml"), acc);
}

QTEST_GUILESS_MAIN(TestLoopNest)
#include "tst_loop_nest.moc"
