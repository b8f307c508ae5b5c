// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli default: the headless main job on the built-in default project
// (ResNet-18 on the heterogeneous quad-core example): per-layer costs, then the
// layer-by-layer and fused schedules side by side — what the GUI shows on start.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/cost_table.h"
#include "cli/example_files.h"
#include "cli/table_printer.h"
#include "io/hardware_yaml.h"
#include "io/json_text.h"
#include "io/schedule_export.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"

#include <iostream>

namespace fuselab::cli {

namespace {
struct NamedSchedule {
    std::string name;
    Plan plan;
    Schedule schedule;
};
} // namespace

int runDefault(const std::vector<std::string> &args)
{
    ArgParser p("default", "[--json]",
                "The main job on the built-in default project, without a window: ResNet-18 on the\n"
                "heterogeneous quad-core example (examples/hardware/quad_core.yaml). Prints the per-layer\n"
                "costs, then schedules the network layer by layer and fused and compares them.");
    p.addFlag("json", "write JSON instead of tables");
    if (!p.parse(args))
        return 0;
    const Workload w = loadWorkload("resnet18");
    const Accelerator acc = loadHardware(exampleFile("hardware/quad_core.yaml"));
    const auto rows = costTable(w, acc, -1);

    std::vector<NamedSchedule> runs;
    for (const auto &[name, plan] : {std::pair{"lbl", layerByLayerPlan(w, acc)}, std::pair{"fused", fusedPlan(w, acc)}}) {
        Schedule s = schedule(w, acc, plan);
        if (const std::string v = validateSchedule(s, acc); !v.empty())
            throw std::runtime_error(std::string(name) + " schedule failed validation: " + v);
        runs.push_back({name, plan, std::move(s)});
    }

    if (p.has("json")) {
        nlohmann::json out = costTableJson(w, acc, rows);
        for (const auto &r : runs)
            out["schedules"][r.name] = scheduleSummaryJson(r.schedule, w, acc, r.plan);
        std::cout << jsonText(out, 2) << "\n";
        return 0;
    }
    printCostTable(std::cout, w, acc, rows);
    std::cout << "\nschedules of " << w.name << " on " << acc.name << " (validated)\n";
    TablePrinter t({"plan", "groups", "CNs", "latency cycles", "latency", "energy", "EDP pJ·cyc", "DRAM read",
                    "DRAM write"});
    for (const auto &r : runs) {
        const auto &s = r.schedule.totals;
        t.addRow({r.name, std::to_string(r.plan.groups.size()), groupDigits(s.cnCount), groupDigits(s.latencyCycles),
                  fixed(s.latencySeconds * 1e3, 3) + " ms", fixed(s.energyPj * 1e-6, 1) + " uJ", si(s.edp),
                  si(static_cast<double>(s.dramReadBytes), "B"), si(static_cast<double>(s.dramWriteBytes), "B")});
    }
    t.print(std::cout);
    std::cout << "(open the same project in the GUI with ./scripts/fuselab.sh run on a machine with a display)\n";
    return 0;
}

} // namespace fuselab::cli
