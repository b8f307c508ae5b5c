// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/mapping_detail.h"

#include "cli/table_printer.h"

namespace fuselab::cli {

namespace {
const char *kSlotNames[kOperandSlots] = {"I", "W", "O"};
} // namespace

MappingDetail mappingDetail(const Layer &layer, const Core &core, const Accelerator &acc, MappingObjective objective)
{
    return {&layer, &core, layerLevelDetail(layer, core, acc, objective)};
}

void printMappingDetail(std::ostream &os, const MappingDetail &d)
{
    const Core &core = *d.core;
    const LayerLevelDetail &dd = d.detail;
    os << "Layer " << d.layer->name << " (" << toString(d.layer->op) << ") on core " << core.name << " ("
       << toString(core.kind) << " " << core.rows << "x" << core.cols << ")\n";
    if (!dd.loopNest) {
        os << "The " << toString(core.kind)
           << " model costs this layer without a loop nest (a spatial core needs a memory hierarchy, see\n"
              "README, \"What the per-core cost model covers\").\n"
           << "cycles " << groupDigits(dd.compute.cycles) << ", utilization " << fixed(100 * dd.compute.utilization, 1)
           << "%, MAC energy " << fixed(dd.compute.macEnergy, 1) << " pJ\n";
        return;
    }
    const CoreHierarchy &h = dd.mapping.hierarchy;
    const LoopNestCost &c = dd.mapping.result.cost;
    os << "Objective " << toString(dd.objective) << ": " << dd.mapping.result.ordersEvaluated
       << " loop orders evaluated";
    if (dd.mapping.result.spatialCandidates > 0)
        os << " over " << dd.mapping.result.spatialCandidates << " spatial unrollings (searched: the core has no fixed one)";
    os << "\n";
    std::string unrolled;
    for (const SpatialUnroll &u : dd.mapping.result.mapping.spatial)
        unrolled += (unrolled.empty() ? "" : " | ") + loopName(u.dim) + " " + std::to_string(u.factor) +
                    (u.arrayDim > 0 ? " on D" + std::to_string(u.arrayDim) : u.axis == AxisRows ? " on rows" : " on cols");
    os << "Spatial unrolling: " << (unrolled.empty() ? "none" : unrolled) << "; spatial utilization "
       << fixed(100 * spatialUtilization(dd.mapping, *d.core), 1) << "% (of " << groupDigits(int64_t(core.rows) * core.cols)
       << " PEs, temporal cycles " << groupDigits(dd.mapping.result.cost.temporalCycles) << ")\n\n";

    os << "Loop nest, outermost first; per operand the memory level that holds the loop\n";
    TablePrinter nest({"loop", "I", "W", "O"});
    bool separated = false;
    for (const NestLine &l : dd.loops) {
        if (l.spatial && !separated) {
            nest.addSeparator();
            separated = true;
        }
        nest.addRow({l.loop, l.level[0], l.level[1], l.level[2]});
    }
    if (!separated)
        nest.addSeparator();
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
    for (const LevelEnergy &l : dd.levels)
        lv.addRow({l.name, l.dram ? "-" : groupDigits(l.sizeBytes), groupDigits(static_cast<long long>(l.readBytes)),
                   groupDigits(static_cast<long long>(l.writeBytes)), fixed(l.energyPj, 1),
                   groupDigits(static_cast<long long>(l.busyCycles)), groupDigits(static_cast<long long>(l.stallCycles))});
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
    const LayerLevelDetail &dd = d.detail;
    j["objective"] = std::string(toString(dd.objective));
    j["compute"] = {{"cycles", dd.compute.cycles},
                    {"utilization", dd.compute.utilization},
                    {"mac_energy_pj", dd.compute.macEnergy},
                    {"memory_energy_pj", dd.compute.memoryEnergy},
                    {"dram_stream_bytes", dd.compute.dramStreamBytes},
                    {"dram_stream_energy_pj", dd.compute.dramStreamEnergy}};
    if (!dd.loopNest) {
        j["loop_nest"] = nullptr;
        return j;
    }
    const CoreHierarchy &h = dd.mapping.hierarchy;
    const LoopNestMapping &m = dd.mapping.result.mapping;
    const LoopNestCost &c = dd.mapping.result.cost;
    auto &ln = j["loop_nest"];
    ln["orders_evaluated"] = dd.mapping.result.ordersEvaluated;
    ln["spatial_searched"] = dd.mapping.result.spatialCandidates > 0;
    ln["spatial_candidates"] = dd.mapping.result.spatialCandidates;
    ln["spatial_utilization"] = spatialUtilization(dd.mapping, *d.core);
    for (const SpatialUnroll &u : m.spatial)
        ln["spatial"].push_back({{"dim", loopName(u.dim)},
                                 {"factor", u.factor},
                                 {"axis", u.axis == AxisRows ? "rows" : "cols"},
                                 {"array_dim", u.arrayDim}});
    // Temporal loops, outermost first, as dd.loops lists them.
    size_t line = 0;
    for (int p = static_cast<int>(m.loops.size()); p-- > 0; ++line) {
        const TemporalLoop &l = m.loops[static_cast<size_t>(p)];
        nlohmann::json row = {{"dim", loopName(l.dim)}, {"factor", l.factor}};
        for (int s = 0; s < kOperandSlots; ++s)
            row["level"][kSlotNames[s]] = dd.loops[line].level[static_cast<size_t>(s)];
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
    for (const LevelEnergy &l : dd.levels)
        ln["levels"].push_back({{"name", l.name},
                                {"read_bytes", l.readBytes},
                                {"write_bytes", l.writeBytes},
                                {"energy_pj", l.energyPj},
                                {"busy_cycles", l.busyCycles},
                                {"stall_cycles", l.stallCycles}});
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
