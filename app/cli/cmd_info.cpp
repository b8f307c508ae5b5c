// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli info: a readable summary of a workload or an accelerator.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/input_shape_option.h"
#include "cli/table_printer.h"
#include "io/hardware_yaml.h"
#include "io/json_text.h"
#include "workload/transformer_zoo.h"
#include "io/workload_loader.h"
#include "project/project_file.h"
#include "util/error.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace fuselab::cli {

namespace {
std::string dimsText(const Layer &l)
{
    const auto &d = l.dims;
    std::string s = "K" + std::to_string(d.k) + " C" + std::to_string(d.c) + " " + std::to_string(d.oy) + "x" +
                    std::to_string(d.ox);
    if (d.fy > 1 || d.fx > 1)
        s += " k" + std::to_string(d.fy) + "x" + std::to_string(d.fx);
    if (l.strideY > 1 || l.strideX > 1)
        s += " /" + std::to_string(l.strideY);
    if (l.groups > 1)
        s += " g" + std::to_string(l.groups);
    return s;
}

void printWorkload(const Workload &w, bool json)
{
    const auto cons = w.consumers();
    int64_t activations = 0;
    for (const auto &t : w.tensors)
        activations += t.bytes();
    if (json) {
        nlohmann::json layers = nlohmann::json::array();
        for (const auto &l : w.layers)
            layers.push_back({{"name", l.name}, {"op", std::string(toString(l.op))}, {"macs", l.macs()},
                              {"weight_bytes", l.weightBytes()}, {"output_shape", w.tensors[l.output].shapeString()},
                              {"output_bytes", w.tensors[l.output].bytes()}});
        const nlohmann::json j{{"workload", w.name},     {"layers", layers},
                               {"macs", w.totalMacs()},  {"weight_bytes", w.totalWeightBytes()},
                               {"activation_bytes", activations}, {"warnings", w.warnings},
                               {"input_shapes", w.inputShapes}};
        std::cout << jsonText(j, 2) << "\n";
        return;
    }
    TablePrinter t({"#", "layer", "op", "dims", "output", "out bytes", "MACs", "params"});
    int i = 0;
    for (LayerId id : w.topologicalOrder()) {
        const Layer &l = w.layers[id];
        t.addRow({std::to_string(i++), l.name, std::string(toString(l.op)), dimsText(l),
                  w.tensors[l.output].shapeString(), groupDigits(w.tensors[l.output].bytes()), groupDigits(l.macs()),
                  groupDigits(l.weightCount())});
    }
    std::cout << "workload " << w.name << ": " << w.layers.size() << " layers, " << w.tensors.size() << " tensors\n";
    t.print(std::cout);
    std::cout << "total: " << si(static_cast<double>(w.totalMacs())) << "MACs, "
              << si(static_cast<double>(w.totalWeightBytes()), "B") << " of weights, "
              << si(static_cast<double>(activations), "B") << " of activations\n";
    for (TensorId t : w.graphInputs())
        std::cout << "input  " << w.tensors[t].name << " " << w.tensors[t].shapeString() << "\n";
    for (TensorId t : w.graphOutputs())
        std::cout << "output " << w.tensors[t].name << " " << w.tensors[t].shapeString() << "\n";
    for (const auto &[name, dims] : w.inputShapes)
        std::cout << "input shape used: " << inputShapeString(name, dims) << "\n";
    for (const auto &warn : w.warnings)
        std::cout << "note: " << warn << "\n";
}

std::string coreText(const Core &c)
{
    std::string s = std::to_string(c.rows) + "x" + std::to_string(c.cols);
    switch (c.kind) {
    case CoreKind::Systolic: s += " " + std::string(toString(c.dataflow)); break;
    case CoreKind::Spatial:
        s += " rows:";
        for (const auto &u : c.unrollRows)
            s += std::string(toString(u.dim)) + std::to_string(u.factor);
        s += " cols:";
        for (const auto &u : c.unrollCols)
            s += std::string(toString(u.dim)) + std::to_string(u.factor);
        if (c.searchUnrolling)
            s += " (reference; searched per layer)";
        break;
    case CoreKind::Simd:
    case CoreKind::Pool: s = std::to_string(c.lanes) + " lanes"; break;
    case CoreKind::Aimc: s += " crossbar, MVM " + std::to_string(c.mvmCycles) + " cyc"; break;
    }
    return s;
}

void printAccelerator(const Accelerator &a, bool json)
{
    if (json) {
        nlohmann::json cores = nlohmann::json::array(), mems = nlohmann::json::array(), links = nlohmann::json::array();
        for (const auto &c : a.cores)
            cores.push_back({{"name", c.name}, {"kind", std::string(toString(c.kind))}, {"rows", c.rows},
                             {"cols", c.cols}, {"clock_mhz", c.clockMHz}});
        for (const auto &m : a.memories)
            mems.push_back({{"name", m.name}, {"core", m.core}, {"size_bytes", m.sizeBytes},
                            {"operands", operandsToString(m.operands)}});
        for (const auto &l : a.links)
            links.push_back({{"name", l.name}, {"endpoints", l.endpoints}, {"bandwidth_bytes_per_cycle", l.bandwidth}});
        const nlohmann::json j{{"accelerator", a.name}, {"cores", cores}, {"memories", mems}, {"links", links},
                               {"dram", {{"bandwidth_bytes_per_cycle", a.dram.bandwidth}}}};
        std::cout << jsonText(j, 2) << "\n";
        return;
    }
    std::cout << "accelerator " << a.name << ": " << a.cores.size() << " cores, " << a.memories.size()
              << " memories, " << a.links.size() << " links, clock " << a.clockMHz << " MHz\n\n";
    TablePrinter ct({"core", "kind", "array", "clock MHz", "pJ/MAC", "place"});
    for (const auto &c : a.cores)
        ct.addRow({c.name, std::string(toString(c.kind)), coreText(c), fixed(c.clockMHz, 0), fixed(c.macEnergy, 3),
                   std::to_string(c.place.x) + "," + std::to_string(c.place.y)});
    ct.print(std::cout);
    std::cout << "\n";
    TablePrinter mt({"memory", "owner", "size", "operands", "rd B/cyc", "wr B/cyc", "rd pJ/B", "wr pJ/B"});
    for (const auto &m : a.memories)
        mt.addRow({m.name, m.core.empty() ? "(shared)" : m.core, si(static_cast<double>(m.sizeBytes), "B"),
                   operandsToString(m.operands), fixed(m.readBw, 1), fixed(m.writeBw, 1), fixed(m.readEnergy, 3),
                   fixed(m.writeEnergy, 3)});
    mt.print(std::cout);
    std::cout << "\n";
    TablePrinter lt({"link", "endpoints", "B/cyc", "latency", "pJ/bit"});
    for (const auto &l : a.links) {
        std::string ends;
        for (const auto &e : l.endpoints)
            ends += (ends.empty() ? "" : (l.isBus() ? ", " : " - ")) + e;
        lt.addRow({l.name, (l.isBus() ? "bus: " : "") + ends, fixed(l.bandwidth, 1), std::to_string(l.latency),
                   fixed(l.energyPerBit, 3)});
    }
    lt.print(std::cout);
    std::cout << "\ndram " << a.dram.name << ": " << fixed(a.dram.bandwidth, 1) << " B/cycle, latency "
              << a.dram.latency << " cycles, " << fixed(a.dram.readEnergy, 1) << "/" << fixed(a.dram.writeEnergy, 1)
              << " pJ/B read/write\n";
}
} // namespace

int runInfo(const std::vector<std::string> &args)
{
    ArgParser p("info", "(--workload W | --hw H | --project P) [--json]",
                "A readable summary of a workload, an accelerator or a project's workload.\n\n"
                "Transformers take their dimensions as --workload NAME[:key=value,...], e.g. gpt2:seq=1024,\n"
                "llama2-7b:phase=decode,kv=4096 (seq: tokens of a prefill or an encoder pass; decode runs\n"
                "one token against a KV cache of kv tokens; layers: the first N blocks; batch: sequences):\n" +
                    transformerHelp());
    p.addOption("workload", "W", "zoo name (NAME[:key=value,...] for transformers) or path to an .onnx file");
    p.addOption("project", "P", "project file: its workload, with the input shapes it was imported at");
    p.addOption("hw", "H", "accelerator YAML (FuseLab native or Stream format)");
    p.addFlag("json", "write JSON instead of tables");
    addInputShapeOption(p);
    if (!p.parse(args))
        return 0;
    if (int(p.has("workload")) + int(p.has("hw")) + int(p.has("project")) != 1)
        throw UsageError("give exactly one of --workload, --hw or --project (see --help)");
    if (auto file = p.value("project")) {
        if (!inputShapesOf(p).empty())
            throw UsageError("--input-shape applies to --workload (a project's workload is already imported)");
        printWorkload(loadProject(*file).workload, p.has("json"));
    } else if (auto w = p.value("workload"))
        printWorkload(loadWorkload(*w, {}, inputShapesOf(p)), p.has("json"));
    else
        printAccelerator(loadHardware(p.required("hw")), p.has("json"));
    return 0;
}

} // namespace fuselab::cli
