// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cost_table.h"

#include "cli/table_printer.h"
#include "hardware/presets.h"

namespace fuselab::cli {

std::vector<CostRow> costTable(const Workload &w, const Accelerator &acc, int coreIndex)
{
    std::vector<CostRow> rows;
    for (LayerId id : w.topologicalOrder()) {
        const Layer &l = w.layers[id];
        CostRow row;
        row.layer = id;
        row.core = coreIndex >= 0 ? coreIndex : fastestCapableCore(l, acc);
        if (row.core >= 0 && !canRunOn(l, acc.cores[row.core], acc))
            row.core = -1;
        if (row.core >= 0) {
            std::vector<int64_t> inputBytes;
            for (TensorId t : l.inputs)
                inputBytes.push_back(w.tensors[t].bytes());
            row.cost = layerCost(l, inputBytes, acc.cores[row.core], acc);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {
// ComputeCost::macs counts element ops for vector work; the MAC columns count MACs only.
int64_t macsOf(const Layer &l, const LayerCost &c) { return isMacOp(l.op) ? c.compute.macs : 0; }
int64_t vectorOpsOf(const Layer &l, const LayerCost &c) { return isMacOp(l.op) ? 0 : c.compute.macs; }

double memoryEnergy(const EnergyBreakdown &e)
{
    double s = 0;
    for (const auto &[_, v] : e.memory)
        s += v;
    return s;
}
} // namespace

void printCostTable(std::ostream &os, const Workload &w, const Accelerator &acc, const std::vector<CostRow> &rows)
{
    TablePrinter t({"layer", "op", "core", "MACs", "cycles", "util", "I bytes", "W bytes", "O bytes", "MAC pJ",
                    "mem pJ", "DRAM pJ", "total pJ"});
    int64_t macs = 0, cycles = 0, ib = 0, wb = 0, ob = 0;
    EnergyBreakdown total;
    std::vector<std::string> unplaced;
    for (const auto &r : rows) {
        const Layer &l = w.layers[r.layer];
        const auto &c = r.cost;
        if (r.core < 0)
            unplaced.push_back(l.name);
        t.addRow({l.name, std::string(toString(l.op)), r.core >= 0 ? acc.cores[r.core].name : "(none)",
                  groupDigits(macsOf(l, c)), groupDigits(c.compute.cycles), fixed(100 * c.compute.utilization, 1) + "%",
                  groupDigits(c.inputBytes), groupDigits(c.weightBytes), groupDigits(c.outputBytes),
                  si(c.energy.mac), si(memoryEnergy(c.energy)), si(c.energy.dram), si(c.energy.total())});
        macs += macsOf(l, c);
        cycles += c.compute.cycles;
        ib += c.inputBytes;
        wb += c.weightBytes;
        ob += c.outputBytes;
        total += c.energy;
    }
    t.addSeparator();
    t.addRow({"total", "", "", groupDigits(macs), groupDigits(cycles), "", groupDigits(ib), groupDigits(wb),
              groupDigits(ob), si(total.mac), si(memoryEnergy(total)), si(total.dram), si(total.total())});
    os << "workload " << w.name << " on " << acc.name << " (layer by layer, operands from DRAM)\n";
    t.print(os);
    if (!unplaced.empty()) {
        os << "warning: no core can run " << unplaced.size() << " layer(s):";
        for (const auto &n : unplaced)
            os << " " << n;
        os << "\n";
    }
    for (const auto &warn : w.warnings)
        os << "note: " << warn << "\n";
}

nlohmann::json costTableJson(const Workload &w, const Accelerator &acc, const std::vector<CostRow> &rows)
{
    nlohmann::json layers = nlohmann::json::array();
    int64_t macs = 0, cycles = 0;
    EnergyBreakdown total;
    auto breakdown = [](const EnergyBreakdown &e) {
        nlohmann::json j{{"mac", e.mac}, {"dram", e.dram}, {"links", e.links}};
        for (const auto &[k, v] : e.memory)
            j["memory"][k] = v;
        return j;
    };
    for (const auto &r : rows) {
        const Layer &l = w.layers[r.layer];
        const auto &c = r.cost;
        layers.push_back({{"name", l.name},
                          {"op", std::string(toString(l.op))},
                          {"core", r.core >= 0 ? nlohmann::json(acc.cores[r.core].name) : nlohmann::json(nullptr)},
                          {"macs", macsOf(l, c)},
                          {"vector_ops", vectorOpsOf(l, c)},
                          {"compute_cycles", c.compute.cycles},
                          {"utilization", c.compute.utilization},
                          {"input_bytes", c.inputBytes},
                          {"weight_bytes", c.weightBytes},
                          {"output_bytes", c.outputBytes},
                          {"energy_pj", c.energy.total()},
                          {"energy_breakdown", breakdown(c.energy)}});
        macs += macsOf(l, c);
        cycles += c.compute.cycles;
        total += c.energy;
    }
    return {{"workload", w.name},
            {"accelerator", acc.name},
            {"layers", layers},
            {"warnings", w.warnings},
            {"total",
             {{"macs", macs},
              {"compute_cycles", cycles},
              {"energy_pj", total.total()},
              {"energy_breakdown", breakdown(total)}}}};
}

} // namespace fuselab::cli
