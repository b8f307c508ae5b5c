// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli cost: the per-layer cost table of a workload on one core or an accelerator.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/cost_table.h"
#include "cli/input_shape_option.h"
#include "cli/mapping_detail.h"
#include "cli/psum_precision_option.h"
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "io/json_text.h"
#include "io/workload_loader.h"
#include "util/error.h"

#include <iostream>

namespace fuselab::cli {

namespace {
Accelerator inlineArray(const std::string &array, const std::string &dataflow)
{
    int rows = 0, cols = 0;
    char x = 0, extra = 0;
    if (std::sscanf(array.c_str(), "%d%c%d%c", &rows, &x, &cols, &extra) != 3 || (x != 'x' && x != 'X') ||
        rows <= 0 || cols <= 0 || rows > 65536 || cols > 65536)
        throw UsageError("--array must be ROWSxCOLS with positive sizes, e.g. 32x32 (got '" + array + "')");
    Dataflow df;
    if (!parseDataflow(dataflow, df))
        throw UsageError("--dataflow must be ws, os or is (got '" + dataflow + "')");
    return singleSystolicAccelerator(rows, cols, df);
}
} // namespace

int runCost(const std::vector<std::string> &args)
{
    ArgParser p("cost",
                "--workload W (--hw H [--core NAME] | --array RxC --dataflow ws|os|is) [--precision BITS] "
                "[--psum-precision BITS] [--detail LAYER [--objective energy|latency|edp]] [--json]",
                "Per-layer cost of a workload, layer by layer (operands from DRAM, result back to DRAM):\n"
                "MACs, compute cycles (SCALE-Sim model on systolic cores), utilization, operand bytes and\n"
                "energy by term. Without --core each layer runs on the fastest core that can run it.\n"
                "--detail LAYER prints that layer's mapping on its core instead: the loop nest per memory\n"
                "level and the accesses and energy per operand per level (spatial cores with a memory\n"
                "hierarchy), searched for --objective (the table itself always uses energy).");
    p.addOption("workload", "W", "zoo name (resnet18, gpt2:seq=1024, ...; see info --help) or path to an .onnx file");
    addInputShapeOption(p);
    p.addOption("hw", "H", "accelerator YAML (FuseLab native or Stream format)");
    p.addOption("core", "NAME", "run every layer on this core of --hw");
    p.addOption("array", "RxC", "an inline single systolic core, e.g. 32x32");
    p.addOption("dataflow", "DF", "dataflow of the inline core: ws, os or is (default ws)");
    p.addOption("precision", "BITS", "operand precision of zoo models (default 8)");
    addPsumPrecisionOption(p);
    p.addOption("detail", "LAYER", "print the mapping of this layer (by name) on its core");
    p.addOption("objective", "OBJ", "what --detail's mapping search minimises: energy (default), latency, edp");
    p.addFlag("json", "write one JSON object to stdout instead of the table");
    if (!p.parse(args))
        return 0;
    if (p.has("hw") == p.has("array"))
        throw UsageError("give exactly one of --hw or --array (see --help)");
    if (p.has("core") && !p.has("hw"))
        throw UsageError("--core needs --hw");
    const int bits = static_cast<int>(p.integer("precision", 8, 1, 64));
    Workload w = loadWorkload(p.required("workload"), Precision{bits, bits, bits}, inputShapesOf(p));
    applyPsumPrecision(p, w);
    std::vector<std::string> warnings;
    const Accelerator acc = p.has("hw") ? loadHardware(p.required("hw"), warnings)
                                        : inlineArray(p.required("array"), p.value("dataflow", "ws"));
    for (const auto &warning : warnings)
        std::cerr << "warning: " << warning << "\n";
    MappingObjective objective = MappingObjective::Energy;
    if (p.has("objective") && !p.has("detail"))
        throw UsageError("--objective needs --detail LAYER");
    if (p.has("objective") && !parseMappingObjective(p.required("objective"), objective))
        throw UsageError("--objective must be energy, latency or edp (got '" + p.required("objective") + "')");
    int core = -1;
    if (auto name = p.value("core")) {
        core = acc.coreIndex(*name);
        if (core < 0) {
            std::string names;
            for (const auto &c : acc.cores)
                names += (names.empty() ? "" : ", ") + c.name;
            throw UsageError("--core '" + *name + "' is not a core of " + acc.name + " (" + names + ")");
        }
    }
    const auto rows = costTable(w, acc, core);
    if (auto name = p.value("detail")) {
        const CostRow *row = nullptr;
        for (const auto &r : rows)
            if (w.layers[r.layer].name == *name)
                row = &r;
        if (!row)
            throw UsageError("--detail '" + *name + "' is not a layer of " + p.required("workload"));
        if (row->core < 0)
            throw UsageError("--detail '" + *name + "': no core of " + acc.name + " can run it");
        const MappingDetail d = mappingDetail(w.layers[row->layer], acc.cores[row->core], acc, objective);
        if (p.has("json"))
            std::cout << mappingDetailJson(d).dump(2) << "\n";
        else
            printMappingDetail(std::cout, d);
        return 0;
    }
    if (p.has("json"))
        std::cout << jsonText(costTableJson(w, acc, rows), 2) << "\n";
    else
        printCostTable(std::cout, w, acc, rows);
    return 0;
}

} // namespace fuselab::cli
