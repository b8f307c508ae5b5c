// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli default: the headless main job on the built-in default project
// (ResNet-18 on the heterogeneous quad-core example).
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/cost_table.h"
#include "cli/example_files.h"
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"

#include <iostream>

namespace fuselab::cli {

int runDefault(const std::vector<std::string> &args)
{
    ArgParser p("default", "[--json]",
                "The main job on the built-in default project, without a window: ResNet-18 on the\n"
                "heterogeneous quad-core example (examples/hardware/quad_core.yaml), per-layer costs.");
    p.addFlag("json", "write JSON instead of the table");
    if (!p.parse(args))
        return 0;
    const Workload w = loadWorkload("resnet18");
    const Accelerator acc = loadHardware(exampleFile("hardware/quad_core.yaml"));
    const auto rows = costTable(w, acc, -1);
    if (p.has("json"))
        std::cout << costTableJson(w, acc, rows).dump(2) << "\n";
    else
        printCostTable(std::cout, w, acc, rows);
    return 0;
}

} // namespace fuselab::cli
