// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/core_mapping.h"

#include "cost/spatial_search.h"

#include <algorithm>
#include <map>

namespace fuselab {

bool hasMemoryHierarchy(const Core &core, const Accelerator &acc)
{
    for (unsigned op : {unsigned(OperandI), unsigned(OperandW), unsigned(OperandO)}) {
        int n = 0;
        for (const Memory &m : acc.memories)
            n += m.core == core.name && (m.operands & op);
        if (n >= 2)
            return true;
    }
    return false;
}

CoreMapping mapOnCore(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                      MappingObjective objective)
{
    CoreMapping m;
    m.problem = loopNestProblem(layer, tile);
    m.hierarchy = coreHierarchy(core, acc);
    if (layer.op == OpType::MatMul && !layer.hasWeights)
        m.hierarchy.chain[SlotW] = m.hierarchy.chain[SlotI];
    MappingSearchOptions o;
    o.objective = objective;
    m.result = searchSpatialMapping(m.problem, core, m.hierarchy, o); // searchMapping unless searched
    return m;
}

double spatialUtilization(const CoreMapping &m, const Core &core)
{
    const double slots = double(core.rows) * double(core.cols) * double(m.result.cost.temporalCycles);
    return slots > 0 ? double(m.problem.macs) / slots : 0.0;
}

ComputeCost computeCostOf(const CoreMapping &m)
{
    const LoopNestCost &c = m.result.cost;
    const CoreHierarchy &h = m.hierarchy;
    ComputeCost out;
    out.cycles = c.latencyCycles;
    out.utilization = c.utilization;
    out.macs = m.problem.macs;
    out.macEnergy = c.macEnergy;
    for (size_t i = 0; i < h.memories.size(); ++i)
        if (!h.memories[i].isDram && (c.memory[i].readBytes > 0 || c.memory[i].writeBytes > 0))
            out.memoryEnergy[h.memories[i].name] += c.memory[i].energy;
    // The scheduler's own transfers: the fill of each input / weight tensor into the level just
    // below the DRAM, and the drain of the output out of it, once each.
    for (int s = 0; s < kOperandSlots; ++s) {
        const auto &acc = c.access[s];
        if (acc.size() < 2)
            continue;
        const OperandLevelAccess &top = acc[acc.size() - 2];
        const MemoryLevel &ml = h.memories[static_cast<size_t>(top.memory)];
        const double bpe = m.problem.bytesPerElement[s];
        const double once = acc.back().tileElements; // the DRAM level's tile: the whole tensor
        const double e = s == SlotO ? std::min(top.readsForAbove, once) * bpe * ml.readEnergy
                                    : std::min(top.writesFromAbove, once) * bpe * ml.writeEnergy;
        auto it = out.memoryEnergy.find(ml.name);
        if (it != out.memoryEnergy.end())
            it->second = std::max(0.0, it->second - e);
    }
    out.dramStreamBytes = c.dramStreamReadBytes + c.dramStreamWriteBytes;
    out.dramStreamEnergy = c.streamedDramEnergy;
    return out;
}

namespace {
void put(std::string &k, const void *p, size_t n)
{
    k.append(static_cast<const char *>(p), n);
}
template <typename T> void put(std::string &k, const T &v)
{
    static_assert(std::is_trivially_copyable_v<T>);
    put(k, &v, sizeof v);
}
} // namespace

std::string mappingKey(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                       MappingObjective objective)
{
    std::string k;
    k.reserve(256);
    put(k, objective);
    put(k, layer.op);
    put(k, layer.hasWeights);
    put(k, layer.groups);
    put(k, layer.dims.k); // grouped convs read K per group from the whole layer
    put(k, layer.dims.c);
    put(k, layer.strideY);
    put(k, layer.strideX);
    put(k, layer.precision);
    put(k, tile);
    put(k, core.kind);
    put(k, core.rows);
    put(k, core.cols);
    put(k, core.macEnergy);
    for (const auto *axis : {&core.unrollRows, &core.unrollCols}) {
        put(k, axis->size());
        for (const Unroll &u : *axis)
            put(k, u);
    }
    put(k, core.searchUnrolling);
    put(k, core.arraySizes.size());
    for (int size : core.arraySizes)
        put(k, size);
    const CoreHierarchy h = coreHierarchy(core, acc);
    for (const MemoryLevel &m : h.memories) {
        put(k, m.sizeBytes);
        put(k, m.operands);
        put(k, m.readBw);
        put(k, m.writeBw);
        put(k, m.readEnergy);
        put(k, m.writeEnergy);
        put(k, m.servedAxes);
        put(k, m.servedDims);
        put(k, m.readPorts);
        put(k, m.writePorts);
        put(k, m.rwPorts);
        put(k, m.doubleBuffered);
    }
    for (const auto &c : h.chain) {
        put(k, c.size());
        for (int i : c)
            put(k, i);
    }
    return k; // names left out: identical cores (tpu_like_0 .. _3) share one search
}

ComputeCost withLevelNames(ComputeCost cost, const CoreHierarchy &h)
{
    std::map<std::string, double> named;
    for (const auto &[key, pj] : cost.memoryEnergy) {
        const size_t i = std::stoul(key.substr(1));
        named[i < h.memories.size() ? h.memories[i].name : key] += pj;
    }
    cost.memoryEnergy = std::move(named);
    return cost;
}

ComputeCost withLevelIndices(ComputeCost cost, const CoreHierarchy &h)
{
    std::map<std::string, double> indexed;
    for (const auto &[name, pj] : cost.memoryEnergy)
        for (size_t i = 0; i < h.memories.size(); ++i)
            if (h.memories[i].name == name)
                indexed["#" + std::to_string(i)] += pj;
    cost.memoryEnergy = std::move(indexed);
    return cost;
}

} // namespace fuselab
