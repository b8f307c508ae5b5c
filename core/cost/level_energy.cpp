// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/level_energy.h"

#include <cctype>

namespace fuselab {

namespace {
// The memory holding loop `p` for an operand: the first level whose end is past p.
int levelOfLoop(const OperandLevels &l, int p)
{
    for (size_t j = 0; j < l.end.size(); ++j)
        if (p < l.end[j])
            return l.memory[j];
    return l.memory.back();
}
} // namespace

std::string loopName(LoopDim d)
{
    std::string out(toString(d));
    for (char &c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

LayerLevelDetail layerLevelDetail(const Layer &layer, const Core &core, const Accelerator &acc,
                                  MappingObjective objective)
{
    LayerLevelDetail d;
    d.objective = objective;
    // As the spatial cost model decides: the loop nest for a core with a memory hierarchy.
    d.loopNest = core.kind == CoreKind::Spatial && isMacOp(layer.op) && hasMemoryHierarchy(core, acc);
    if (!d.loopNest) {
        d.compute = costModelFor(core.kind).compute(layer, layer.dims, core, acc);
        d.macEnergy = d.compute.macEnergy;
        for (const auto &[name, pj] : d.compute.memoryEnergy) {
            LevelEnergy l;
            l.name = name;
            l.energyPj = pj;
            const int m = acc.memoryIndex(name);
            l.sizeBytes = m >= 0 ? acc.memories[static_cast<size_t>(m)].sizeBytes : 0;
            d.levels.push_back(l);
        }
        if (d.compute.dramStreamEnergy > 0)
            d.levels.push_back({acc.dram.name, true, 0, d.compute.dramStreamBytes, 0, d.compute.dramStreamEnergy, 0, 0});
        return d;
    }
    d.mapping = mapOnCore(layer, layer.dims, core, acc, objective);
    d.compute = computeCostOf(d.mapping);
    const CoreHierarchy &h = d.mapping.hierarchy;
    const LoopNestMapping &m = d.mapping.result.mapping;
    const LoopNestCost &c = d.mapping.result.cost;
    d.macEnergy = c.macEnergy;
    for (int p = static_cast<int>(m.loops.size()); p-- > 0;) {
        const TemporalLoop &l = m.loops[static_cast<size_t>(p)];
        NestLine line;
        line.loop = "for " + loopName(l.dim) + " in [0, " + std::to_string(l.factor) + ")";
        for (int s = 0; s < kOperandSlots; ++s)
            line.level[static_cast<size_t>(s)] = h.memories[static_cast<size_t>(levelOfLoop(m.levels[s], p))].name;
        d.loops.push_back(line);
    }
    for (const SpatialUnroll &u : m.spatial) {
        NestLine line;
        line.loop = "par " + loopName(u.dim) + " in [0, " + std::to_string(u.factor) + ")";
        line.level[0] = std::string(u.axis == AxisRows ? "rows" : "cols") +
                        (u.arrayDim > 0 ? " D" + std::to_string(u.arrayDim) : std::string());
        line.spatial = true;
        d.loops.push_back(line);
    }
    for (size_t i = 0; i < h.memories.size(); ++i) {
        const MemoryLevel &ml = h.memories[i];
        const MemoryTraffic &t = c.memory[i];
        d.levels.push_back({ml.name, ml.isDram, ml.isDram ? 0 : ml.sizeBytes, t.readBytes, t.writeBytes, t.energy,
                            t.busyCycles, t.stallCycles});
    }
    return d;
}

} // namespace fuselab
