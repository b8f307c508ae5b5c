// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/mapping_detail.h"

#include "cli/table_printer.h"

namespace fuselab::cli {

namespace {
const char *kSlotNames[kOperandSlots] = {"I", "W", "O"};

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// The memory holding loop `p` for operand `s`: the first level whose end is past p.
int levelOfLoop(const OperandLevels &l, int p)
{
    for (size_t j = 0; j < l.end.size(); ++j)
        if (p < l.end[j])
            return l.memory[j];
    return l.memory.back();
}

std::string axisName(unsigned axis)
{
    return axis == AxisRows ? "rows" : "cols";
}
} // namespace

MappingDetail mappingDetail(const Layer &layer, const Core &core, const Accelerator &acc, MappingObjective objective)
{
    MappingDetail d;
    d.layer = &layer;
    d.core = &core;
    d.objective = objective;
    // As the spatial cost model decides: the loop nest for a core with a memory hierarchy.
    d.loopNest = core.kind == CoreKind::Spatial && isMacOp(layer.op) && hasMemoryHierarchy(core, acc);
    if (d.loopNest) {
        d.mapping = mapOnCore(layer, layer.dims, core, acc, objective);
        d.compute = computeCostOf(d.mapping);
    } else {
        d.compute = costModelFor(core.kind).compute(layer, layer.dims, core, acc);
    }
    return d;
}

void printMappingDetail(std::ostream &os, const MappingDetail &d)
{
    const Core &core = *d.core;
    os << "Layer " << d.layer->name << " (" << toString(d.layer->op) << ") on core " << core.name << " ("
       << toString(core.kind) << " " << core.rows << "x" << core.cols << ")\n";
    if (!d.loopNest) {
        os << "The " << toString(core.kind)
           << " model costs this layer without a loop nest (a spatial core needs a memory hierarchy, see\n"
              "README, \"What the per-core cost model covers\").\n"
           << "cycles " << groupDigits(d.compute.cycles) << ", utilization " << fixed(100 * d.compute.utilization, 1)
           << "%, MAC energy " << fixed(d.compute.macEnergy, 1) << " pJ\n";
        return;
    }
    const CoreHierarchy &h = d.mapping.hierarchy;
    const LoopNestMapping &m = d.mapping.result.mapping;
    const LoopNestCost &c = d.mapping.result.cost;
    os << "Objective " << toString(d.objective) << ": " << d.mapping.result.ordersEvaluated
       << " loop orders evaluated\n\n";

    os << "Loop nest, outermost first; per operand the memory level that holds the loop\n";
    TablePrinter nest({"loop", "I", "W", "O"});
    for (int p = static_cast<int>(m.loops.size()); p-- > 0;) {
        const TemporalLoop &l = m.loops[static_cast<size_t>(p)];
        std::vector<std::string> row{"for " + upper(toString(l.dim)) + " in [0, " + std::to_string(l.factor) + ")"};
        for (int s = 0; s < kOperandSlots; ++s)
            row.push_back(h.memories[static_cast<size_t>(levelOfLoop(m.levels[s], p))].name);
        nest.addRow(row);
    }
    nest.addSeparator();
    for (const SpatialUnroll &u : m.spatial)
        nest.addRow({"par " + upper(toString(u.dim)) + " in [0, " + std::to_string(u.factor) + ")", axisName(u.axis),
                     "", ""});
    nest.print(os);

    os << "\nAccesses per operand per level (elements, all instances)\n";
    TablePrinter acc({"operand", "level", "tile", "instances", "fills from above", "reads for below",
                      "writes from below", "reads for above"});
    for (int s = 0; s < kOperandSlots; ++s)
        for (const OperandLevelAccess &a : c.access[s])
            acc.addRow({kSlotNames[s], h.memories[static_cast<size_t>(a.memory)].name,
                        groupDigits(static_cast<long long>(a.tileElements)), groupDigits(a.instances),
                        groupDigits(static_cast<long long>(a.writesFromAbove)),
                        groupDigits(static_cast<long long>(a.readsForBelow)),
                        groupDigits(static_cast<long long>(a.writesFromBelow)),
                        groupDigits(static_cast<long long>(a.readsForAbove))});
    acc.print(os);

    os << "\nPer level (bytes, pJ, cycles)\n";
    TablePrinter lv({"level", "size B", "read B", "write B", "energy pJ", "busy", "stall"});
    for (size_t i = 0; i < h.memories.size(); ++i) {
        const MemoryLevel &ml = h.memories[i];
        const MemoryTraffic &t = c.memory[i];
        lv.addRow({ml.name, ml.isDram ? "-" : groupDigits(ml.sizeBytes), groupDigits(static_cast<long long>(t.readBytes)),
                   groupDigits(static_cast<long long>(t.writeBytes)), fixed(t.energy, 1),
                   groupDigits(static_cast<long long>(t.busyCycles)), groupDigits(static_cast<long long>(t.stallCycles))});
    }
    lv.print(os);
    os << "\ncycles: temporal " << groupDigits(c.temporalCycles) << " + stall " << groupDigits(c.stallCycles) << " = "
       << groupDigits(c.latencyCycles) << ", utilization " << fixed(100 * c.utilization, 1) << "%\n"
       << "energy: MAC " << fixed(c.macEnergy, 1) << " + on-chip " << fixed(c.onChipEnergy, 1) << " + DRAM "
       << fixed(c.energy - c.macEnergy - c.onChipEnergy, 1) << " = " << fixed(c.energy, 1) << " pJ";
    if (c.dramStreamReadBytes + c.dramStreamWriteBytes > 0)
        os << " (streamed from DRAM beyond one load of each operand: "
           << groupDigits(static_cast<long long>(c.dramStreamReadBytes + c.dramStreamWriteBytes)) << " B)";
    os << "\n";
}

nlohmann::json mappingDetailJson(const MappingDetail &d)
{
    nlohmann::json j;
    j["layer"] = d.layer->name;
    j["core"] = d.core->name;
    j["objective"] = std::string(toString(d.objective));
    j["compute"] = {{"cycles", d.compute.cycles},
                    {"utilization", d.compute.utilization},
                    {"mac_energy_pj", d.compute.macEnergy},
                    {"memory_energy_pj", d.compute.memoryEnergy},
                    {"dram_stream_bytes", d.compute.dramStreamBytes},
                    {"dram_stream_energy_pj", d.compute.dramStreamEnergy}};
    if (!d.loopNest) {
        j["loop_nest"] = nullptr;
        return j;
    }
    const CoreHierarchy &h = d.mapping.hierarchy;
    const LoopNestMapping &m = d.mapping.result.mapping;
    const LoopNestCost &c = d.mapping.result.cost;
    auto &ln = j["loop_nest"];
    ln["orders_evaluated"] = d.mapping.result.ordersEvaluated;
    for (const SpatialUnroll &u : m.spatial)
        ln["spatial"].push_back({{"dim", upper(toString(u.dim))}, {"factor", u.factor}, {"axis", axisName(u.axis)}});
    for (int p = static_cast<int>(m.loops.size()); p-- > 0;) {
        const TemporalLoop &l = m.loops[static_cast<size_t>(p)];
        nlohmann::json row = {{"dim", upper(toString(l.dim))}, {"factor", l.factor}};
        for (int s = 0; s < kOperandSlots; ++s)
            row["level"][kSlotNames[s]] = h.memories[static_cast<size_t>(levelOfLoop(m.levels[s], p))].name;
        ln["temporal_outermost_first"].push_back(row);
    }
    for (int s = 0; s < kOperandSlots; ++s)
        for (const OperandLevelAccess &a : c.access[s])
            ln["accesses"].push_back({{"operand", kSlotNames[s]},
                                      {"level", h.memories[static_cast<size_t>(a.memory)].name},
                                      {"tile_elements", a.tileElements},
                                      {"instances", a.instances},
                                      {"fills_from_above", a.writesFromAbove},
                                      {"reads_for_below", a.readsForBelow},
                                      {"writes_from_below", a.writesFromBelow},
                                      {"reads_for_above", a.readsForAbove}});
    for (size_t i = 0; i < h.memories.size(); ++i)
        ln["levels"].push_back({{"name", h.memories[i].name},
                                {"read_bytes", c.memory[i].readBytes},
                                {"write_bytes", c.memory[i].writeBytes},
                                {"energy_pj", c.memory[i].energy},
                                {"busy_cycles", c.memory[i].busyCycles},
                                {"stall_cycles", c.memory[i].stallCycles}});
    ln["temporal_cycles"] = c.temporalCycles;
    ln["stall_cycles"] = c.stallCycles;
    ln["latency_cycles"] = c.latencyCycles;
    ln["energy_pj"] = {{"mac", c.macEnergy},
                       {"on_chip", c.onChipEnergy},
                       {"dram", c.energy - c.macEnergy - c.onChipEnergy},
                       {"total", c.energy}};
    ln["dram_stream_bytes"] = c.dramStreamReadBytes + c.dramStreamWriteBytes;
    return j;
}

} // namespace fuselab::cli
