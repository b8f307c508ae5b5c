// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/loop_nest.h"

#include "cost/gemm_mapping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fuselab {

namespace {
constexpr size_t B = 0, K = 1, C = 2, OY = 3, OX = 4, FY = 5, FX = 6;
using Extents = std::array<double, 7>;

int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

bool relevant(int slot, size_t d, const LoopNestProblem &p)
{
    switch (slot) {
    case SlotW: return d == K || d == C || d == FY || d == FX;
    case SlotO: return d == B || d == K || d == OY || d == OX;
    default: return d != K || p.kPerGroup > 0;
    }
}

double footprint(int slot, const Extents &e, const LoopNestProblem &p)
{
    switch (slot) {
    case SlotW: return e[K] * e[C] * e[FY] * e[FX];
    case SlotO: return e[B] * e[K] * e[OY] * e[OX];
    default: {
        const double groups = p.kPerGroup > 0 ? std::ceil(e[K] / double(p.kPerGroup)) : 1.0;
        return e[B] * e[C] * groups * ((e[OY] - 1) * p.strideY + e[FY]) * ((e[OX] - 1) * p.strideX + e[FX]);
    }
    }
}

// Spatial extents per dim of the unrolls one instance of `m` spans, and its instances.
Extents spatialExtents(const std::vector<SpatialUnroll> &s, const MemoryLevel &m)
{
    Extents e{1, 1, 1, 1, 1, 1, 1};
    for (const auto &u : s)
        if (memorySpans(m, u))
            e[static_cast<size_t>(u.dim)] *= double(u.factor);
    return e;
}
int64_t instancesOf(const std::vector<SpatialUnroll> &s, const MemoryLevel &m)
{
    int64_t n = 1;
    for (const auto &u : s)
        if (!memorySpans(m, u))
            n *= u.factor;
    return n;
}

// Per-position products of the loop order: temporal extents of the loops below a position,
// and the refills / distinct tiles above it for each operand.
struct OrderTables {
    std::vector<Extents> below;                        // [p]: extents of loops < p
    std::vector<double> all;                           // [p]: product of the loops >= p
    std::array<std::vector<double>, kOperandSlots> fills, distinct; // [p]: loops >= p
    OrderTables(const LoopNestProblem &pr, const std::vector<TemporalLoop> &loops)
    {
        const size_t n = loops.size();
        below.assign(n + 1, Extents{1, 1, 1, 1, 1, 1, 1});
        for (size_t i = 0; i < n; ++i) {
            below[i + 1] = below[i];
            below[i + 1][static_cast<size_t>(loops[i].dim)] *= double(loops[i].factor);
        }
        all.assign(n + 1, 1.0);
        for (size_t i = n; i-- > 0;)
            all[i] = all[i + 1] * double(loops[i].factor);
        for (int s = 0; s < kOperandSlots; ++s) {
            fills[s].assign(n + 1, 1.0);
            distinct[s].assign(n + 1, 1.0);
            size_t firstRelevant = n; // first position >= p with a relevant loop
            for (size_t i = n + 1; i-- > 0;) {
                if (i < n) {
                    const bool rel = relevant(s, static_cast<size_t>(loops[i].dim), pr);
                    distinct[s][i] = distinct[s][i + 1] * (rel ? double(loops[i].factor) : 1.0);
                    if (rel)
                        firstRelevant = i;
                }
                fills[s][i] = all[firstRelevant];
            }
        }
    }
};

struct TileSizer {
    const LoopNestProblem &p;
    const CoreHierarchy &h;
    const OrderTables &t;
    std::vector<Extents> spatialOf; // by memory
    TileSizer(const LoopNestProblem &pr, const CoreHierarchy &hi, const OrderTables &ta,
              const std::vector<SpatialUnroll> &s)
        : p(pr), h(hi), t(ta)
    {
        for (const auto &m : h.memories)
            spatialOf.push_back(spatialExtents(s, m));
    }
    // Elements per instance of `slot`'s tile in memory `m` holding the loops < `end`.
    double elements(int slot, int m, int end) const
    {
        Extents e = t.below[static_cast<size_t>(end)];
        for (size_t d = 0; d < 7; ++d)
            e[d] *= spatialOf[static_cast<size_t>(m)][d];
        return footprint(slot, e, p);
    }
    double bytes(int slot, int m, int end) const { return elements(slot, m, end) * p.bytesPerElement[slot]; }
};

} // namespace

bool memorySpans(const MemoryLevel &m, const SpatialUnroll &u)
{
    if (u.arrayDim > 0 && m.servedDims != 0)
        return (m.servedDims >> (u.arrayDim - 1) & 1u) != 0;
    return (u.axis & m.servedAxes) != 0;
}

LoopNestProblem loopNestProblem(const Layer &layer, const LoopDims &tile)
{
    LoopNestProblem p;
    p.dims = {tile.b, tile.k, channelsPerGroup(layer, tile), tile.oy, tile.ox, tile.fy, tile.fx};
    for (auto &d : p.dims)
        d = std::max<int64_t>(1, d);
    p.strideY = std::max(1, layer.strideY);
    p.strideX = std::max(1, layer.strideX);
    if (layer.groups > 1)
        p.kPerGroup = outputsPerGroup(layer);
    const Precision &pr = layer.precision;
    const bool secondIsActivation = layer.op == OpType::MatMul && !layer.hasWeights;
    p.bytesPerElement = {pr.i / 8.0, (secondIsActivation ? pr.i : pr.w) / 8.0, pr.o / 8.0};
    p.partialSumBytes = (pr.psum > 0 ? pr.psum : pr.o) / 8.0;
    p.macs = tileMacs(layer, tile);
    return p;
}

std::vector<SpatialUnroll> spatialUnrolling(const LoopNestProblem &problem, const Core &core)
{
    std::array<int64_t, 7> left = problem.dims;
    std::vector<SpatialUnroll> out;
    for (unsigned axis : {unsigned(AxisRows), unsigned(AxisCols)})
        for (const Unroll &u : axis == AxisRows ? core.unrollRows : core.unrollCols) {
            const auto d = static_cast<size_t>(u.dim);
            const int64_t eff = std::max<int64_t>(1, std::min<int64_t>(u.factor, left[d]));
            left[d] = ceilDiv(left[d], eff);
            if (eff > 1)
                out.push_back({u.dim, eff, axis, u.arrayDim});
        }
    return out;
}

std::vector<TemporalLoop> temporalPrimeFactors(const LoopNestProblem &problem, const std::vector<SpatialUnroll> &,
                                               const Core &core)
{
    std::array<int64_t, 7> nominal{1, 1, 1, 1, 1, 1, 1};
    for (const auto *axis : {&core.unrollRows, &core.unrollCols})
        for (const Unroll &u : *axis)
            nominal[static_cast<size_t>(u.dim)] *= std::max(1, u.factor);
    std::vector<TemporalLoop> out;
    for (size_t d = 0; d < 7; ++d) {
        int64_t t = ceilDiv(problem.dims[d], nominal[d]);
        for (int64_t f = 2; f * f <= t; ++f)
            while (t % f == 0) {
                out.push_back({static_cast<LoopDim>(d), f});
                t /= f;
            }
        if (t > 1)
            out.push_back({static_cast<LoopDim>(d), t});
    }
    return out;
}

LoopNestMapping allocateLoops(const LoopNestProblem &problem, const CoreHierarchy &h,
                              std::vector<SpatialUnroll> spatial, std::vector<TemporalLoop> loops)
{
    LoopNestMapping m;
    m.spatial = std::move(spatial);
    m.loops = std::move(loops);
    const OrderTables t(problem, m.loops);
    const TileSizer size(problem, h, t, m.spatial);
    const int n = static_cast<int>(m.loops.size());

    // Per operand: its chain position, and the loops its current level holds (< bound).
    std::array<size_t, kOperandSlots> cur{};
    std::array<int, kOperandSlots> bound{};
    std::array<std::vector<int>, kOperandSlots> closedEnd; // ends of levels left behind
    std::array<std::vector<int>, kOperandSlots> used;      // memories of those levels
    // Bytes memory `mem` holds if operand `slot` holds loops < `end` in it now.
    auto occupancy = [&](int mem, int slot, int end) {
        double total = 0;
        for (int s = 0; s < kOperandSlots; ++s) {
            for (size_t j = 0; j < used[s].size(); ++j)
                if (used[s][j] == mem)
                    total += size.bytes(s, mem, closedEnd[s][j]);
            if (h.chain[s][cur[s]] == mem)
                total += size.bytes(s, mem, s == slot ? end : bound[s]);
        }
        return total;
    };
    auto fits = [&](int slot, int end) {
        const int mem = h.chain[slot][cur[slot]];
        return h.memories[mem].isDram || occupancy(mem, slot, end) <= double(h.memories[mem].sizeBytes);
    };
    // Moves `slot` to its next level after closing the current one at `end`; skips levels
    // that cannot hold even the tile of loops < end.
    auto advance = [&](int slot, int end) {
        used[slot].push_back(h.chain[slot][cur[slot]]);
        closedEnd[slot].push_back(end);
        ++cur[slot];
        bound[slot] = end;
        while (!fits(slot, end))
            ++cur[slot]; // skipped: never used
    };
    for (int s = 0; s < kOperandSlots; ++s) {
        bound[s] = 0;
        while (!fits(s, 0))
            ++cur[s]; // the innermost levels that cannot hold the spatial tile are skipped
    }
    for (int p = 0; p < n; ++p)
        for (int s = 0; s < kOperandSlots; ++s) {
            while (!fits(s, p + 1))
                advance(s, p);
            bound[s] = p + 1;
        }
    for (int s = 0; s < kOperandSlots; ++s) {
        OperandLevels &l = m.levels[s];
        l.memory = used[s];
        l.end = closedEnd[s];
        // The current level holds the rest; the levels above it (up to the DRAM) pass the
        // whole tile through, with no loop of their own.
        for (size_t j = cur[s]; j < h.chain[s].size(); ++j) {
            l.memory.push_back(h.chain[s][j]);
            l.end.push_back(n);
        }
    }
    return m;
}

LoopNestCost evaluateMapping(const LoopNestProblem &problem, const CoreHierarchy &h, const LoopNestMapping &m,
                             double macEnergyPerMac, int64_t pes)
{
    const OrderTables t(problem, m.loops);
    const TileSizer size(problem, h, t, m.spatial);
    LoopNestCost c;
    c.memory.assign(h.memories.size(), MemoryTraffic{});
    std::vector<double> fillBytes(h.memories.size(), 0.0), instances(h.memories.size(), 1.0);
    for (size_t i = 0; i < h.memories.size(); ++i)
        instances[i] = double(instancesOf(m.spatial, h.memories[i]));

    double tc = 1;
    for (const auto &l : m.loops)
        tc *= double(l.factor);
    c.temporalCycles = static_cast<int64_t>(tc);
    c.macEnergy = double(problem.macs) * macEnergyPerMac;

    const double psumBytes =
        problem.partialSumBytes > 0 ? problem.partialSumBytes : problem.bytesPerElement[SlotO];
    for (int s = 0; s < kOperandSlots; ++s) {
        const OperandLevels &lv = m.levels[s];
        const size_t levels = lv.memory.size();
        auto &acc = c.access[s];
        acc.resize(levels);
        for (size_t j = 0; j < levels; ++j) {
            acc[j].memory = lv.memory[j];
            acc[j].instances = static_cast<int64_t>(instances[lv.memory[j]]);
            acc[j].tileElements = size.elements(s, lv.memory[j], lv.end[j]);
        }
        // Bytes per level of this operand; O moves partial sums at their own precision.
        std::vector<double> readB(levels, 0.0), writeB(levels, 0.0);
        const double bpe = problem.bytesPerElement[s];
        // Pairs (j, j+1); j = -1 is the PE array.
        for (int j = -1; j + 1 < static_cast<int>(levels); ++j) {
            const int b = j < 0 ? 0 : lv.end[static_cast<size_t>(j)];
            const double d = t.distinct[s][static_cast<size_t>(b)];
            // The innermost O level is the PEs' accumulator (ZigZag's convention): every
            // temporal step writes the partial sum there, so no loop is skipped at the PEs.
            const double f = s == SlotO && j < 0 ? t.all[0] : t.fills[s][static_cast<size_t>(b)];
            const int up = lv.memory[static_cast<size_t>(j + 1)];
            const double upper = instances[up] * size.elements(s, up, b);
            const size_t hi = static_cast<size_t>(j + 1), lo = static_cast<size_t>(std::max(j, 0));
            OperandLevelAccess &a = acc[hi];
            const double lower = j >= 0 ? instances[lv.memory[lo]] * size.elements(s, lv.memory[lo], b) : 0.0;
            if (s != SlotO) {
                a.readsForBelow += f * upper;
                readB[hi] += f * upper * bpe;
                if (j >= 0) {
                    acc[lo].writesFromAbove += f * lower;
                    writeB[lo] += f * lower * bpe;
                }
            } else {
                // A reduction loop at or above this boundary leaves partial sums in flight.
                const double ob = t.all[static_cast<size_t>(b)] > d ? psumBytes : bpe;
                a.writesFromBelow += f * upper;
                a.readsForBelow += (f - d) * upper;
                readB[hi] += (f - d) * upper * ob;
                writeB[hi] += f * upper * ob;
                if (j >= 0) {
                    acc[lo].readsForAbove += f * lower;
                    acc[lo].writesFromAbove += (f - d) * upper;
                    readB[lo] += f * lower * ob;
                    writeB[lo] += (f - d) * upper * ob;
                }
            }
        }
        for (size_t j = 0; j < levels; ++j) {
            const auto mi = static_cast<size_t>(acc[j].memory);
            c.memory[mi].readBytes += readB[j];
            c.memory[mi].writeBytes += writeB[j];
            fillBytes[mi] += acc[j].writesFromAbove * (s == SlotO ? psumBytes : bpe); // O: partial sums back
        }
    }

    // DRAM: the compulsory traffic (one read of I and W, one write of O) is the scheduler's.
    Extents whole{};
    for (size_t d = 0; d < 7; ++d)
        whole[d] = double(problem.dims[d]);
    const double compulsoryRead =
        footprint(SlotI, whole, problem) * problem.bytesPerElement[SlotI] +
        footprint(SlotW, whole, problem) * problem.bytesPerElement[SlotW];
    const double compulsoryWrite = footprint(SlotO, whole, problem) * problem.bytesPerElement[SlotO];
    const MemoryTraffic &dt = c.memory[static_cast<size_t>(h.dram)];
    c.dramStreamReadBytes = std::max(0.0, dt.readBytes - compulsoryRead);
    c.dramStreamWriteBytes = std::max(0.0, dt.writeBytes - compulsoryWrite);

    double worstStall = 0;
    for (size_t i = 0; i < h.memories.size(); ++i) {
        const MemoryLevel &ml = h.memories[i];
        MemoryTraffic &mt = c.memory[i];
        mt.energy = mt.readBytes * ml.readEnergy + mt.writeBytes * ml.writeEnergy;
        c.energy += mt.energy;
        double r = mt.readBytes, w = mt.writeBytes, fill = fillBytes[i];
        if (ml.isDram) {
            r = c.dramStreamReadBytes;
            w = c.dramStreamWriteBytes;
            fill = 0; // streaming is double-buffered by the DMA
            c.streamedDramEnergy = r * ml.readEnergy + w * ml.writeEnergy;
        } else {
            c.onChipEnergy += mt.energy;
        }
        r /= instances[i];
        w /= instances[i];
        fill /= instances[i];
        const double rTime = r / ml.readBw, wTime = w / ml.writeBw, fillTime = fill / ml.writeBw;
        if (ml.readPorts == 0 && ml.writePorts == 0)
            mt.busyCycles = (rTime + wTime) / std::max(1, ml.rwPorts);
        else
            mt.busyCycles = std::max(rTime / std::max(1, ml.readPorts + ml.rwPorts),
                                     wTime / std::max(1, ml.writePorts + ml.rwPorts));
        const double fillPorts = ml.readPorts == 0 && ml.writePorts == 0 ? std::max(1, ml.rwPorts)
                                                                        : std::max(1, ml.writePorts + ml.rwPorts);
        if (ml.doubleBuffered || ml.isDram)
            mt.stallCycles = std::max(0.0, mt.busyCycles - tc);
        else
            mt.stallCycles = fillTime / fillPorts + std::max(0.0, mt.busyCycles - fillTime / fillPorts - tc);
        worstStall = std::max(worstStall, mt.stallCycles);
    }
    c.energy += c.macEnergy;
    c.stallCycles = static_cast<int64_t>(std::ceil(worstStall - 1e-9));
    c.latencyCycles = c.temporalCycles + c.stallCycles;
    c.utilization = pes > 0 && c.latencyCycles > 0 ? double(problem.macs) / (double(pes) * double(c.latencyCycles))
                                                   : 0.0;
    return c;
}

std::string_view toString(MappingObjective o)
{
    switch (o) {
    case MappingObjective::Latency: return "latency";
    case MappingObjective::Edp: return "edp";
    default: return "energy";
    }
}

bool parseMappingObjective(std::string_view text, MappingObjective &out)
{
    for (auto o : {MappingObjective::Energy, MappingObjective::Latency, MappingObjective::Edp})
        if (text == toString(o)) {
            out = o;
            return true;
        }
    return false;
}

double objectiveValue(const LoopNestCost &c, MappingObjective o)
{
    switch (o) {
    case MappingObjective::Latency: return double(c.latencyCycles);
    case MappingObjective::Edp: return c.energy * double(c.latencyCycles);
    default: return c.energy;
    }
}

bool betterCost(const LoopNestCost &a, const LoopNestCost &b, MappingObjective o)
{
    const double va = objectiveValue(a, o), vb = objectiveValue(b, o);
    const double eps = 1e-12 * std::max(std::abs(va), std::abs(vb));
    if (va < vb - eps)
        return true;
    if (va > vb + eps)
        return false;
    if (a.energy != b.energy)
        return a.energy < b.energy;
    return a.latencyCycles < b.latencyCycles;
}

namespace {

bool loopLess(const TemporalLoop &a, const TemporalLoop &b)
{
    return a.dim != b.dim ? a.dim < b.dim : a.factor < b.factor;
}

// Distinct orders of a multiset of loops: n! / Π multiplicity!.
double distinctOrders(std::vector<TemporalLoop> loops)
{
    std::sort(loops.begin(), loops.end(), loopLess);
    double count = 1;
    size_t run = 0;
    for (size_t i = 0; i < loops.size(); ++i) {
        run = i > 0 && loops[i] == loops[i - 1] ? run + 1 : 1;
        count *= double(i + 1) / double(run);
    }
    return count;
}

// Merges the two smallest factors of the dim with the most loops until the orders fit.
void mergeToLimit(std::vector<TemporalLoop> &loops, double limit)
{
    while (distinctOrders(loops) > limit) {
        std::array<int, 7> count{};
        for (const auto &l : loops)
            ++count[static_cast<size_t>(l.dim)];
        const auto most = static_cast<size_t>(std::max_element(count.begin(), count.end()) - count.begin());
        if (count[most] < 2)
            return;
        std::sort(loops.begin(), loops.end(), loopLess);
        auto first = std::find_if(loops.begin(), loops.end(),
                                  [&](const TemporalLoop &l) { return static_cast<size_t>(l.dim) == most; });
        first->factor *= std::next(first)->factor;
        loops.erase(std::next(first));
    }
}
} // namespace

MappingResult searchMapping(const LoopNestProblem &problem, const Core &core, const CoreHierarchy &h,
                            const MappingSearchOptions &options)
{
    const std::vector<SpatialUnroll> spatial = spatialUnrolling(problem, core);
    std::vector<TemporalLoop> loops = temporalPrimeFactors(problem, spatial, core);
    const int64_t pes = int64_t(core.rows) * int64_t(core.cols);
    MappingResult best;
    bool have = false;
    auto consider = [&](const std::vector<TemporalLoop> &order) {
        LoopNestMapping m = allocateLoops(problem, h, spatial, order);
        LoopNestCost c = evaluateMapping(problem, h, m, core.macEnergy, pes);
        ++best.ordersEvaluated;
        if (!have || betterCost(c, best.cost, options.objective)) {
            best.mapping = std::move(m);
            best.cost = std::move(c);
            have = true;
        }
    };
    if (options.exhaustive) {
        std::vector<size_t> idx(loops.size());
        std::iota(idx.begin(), idx.end(), size_t(0));
        std::vector<TemporalLoop> order(loops.size());
        do {
            for (size_t i = 0; i < idx.size(); ++i)
                order[i] = loops[idx[i]];
            consider(order);
        } while (std::next_permutation(idx.begin(), idx.end()));
        return best;
    }
    // The reference order (every prime factor, dims in order B K C OY OX FY FX innermost
    // first) seeds the search, so the result is never worse than it whatever the merging.
    const int64_t limit = std::max<int64_t>(1, options.orderLimit);
    consider(loops);
    mergeToLimit(loops, double(limit));
    std::sort(loops.begin(), loops.end(), loopLess);
    // When even one loop per dim has more orders than the limit, the first `limit` are tried.
    for (int64_t n = 1; n < limit; ++n) {
        consider(loops);
        if (!std::next_permutation(loops.begin(), loops.end(), loopLess))
            break;
    }
    return best;
}

} // namespace fuselab
