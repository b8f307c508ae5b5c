// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli schedule: schedule a workload on an accelerator under a plan (generated or
// loaded), optionally validate it, and export the summary, a Perfetto trace or an event CSV.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/input_shape_option.h"
#include "cli/output_file.h"
#include "cli/project_runs.h"
#include "cli/psum_precision_option.h"
#include "cli/stream_plan_options.h"
#include "io/hardware_yaml.h"
#include "io/json_text.h"
#include "io/schedule_export.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/plan_yaml.h"
#include "plan/stream_mapping.h"
#include "project/run.h"
#include "schedule/validator.h"
#include "util/error.h"

#include <fstream>
#include <iomanip>
#include <iostream>

namespace fuselab::cli {

namespace {

void printSummary(std::ostream &os, const Schedule &s, const Accelerator &acc, const Plan &plan)
{
    const auto &t = s.totals;
    os << "plan            " << plan.name << " (" << plan.groups.size() << " groups)\n"
       << "latency         " << t.latencyCycles << " cycles (" << t.latencySeconds * 1e3 << " ms)\n"
       << "energy          " << t.energyPj / 1e6 << " uJ (MAC " << t.energy.mac / 1e6 << ", links "
       << t.energy.links / 1e6 << ", DRAM " << t.energy.dram / 1e6 << ")\n"
       << "EDP             " << t.edp << " pJ*cycle\n"
       << "DRAM read/write " << t.dramReadBytes << " / " << t.dramWriteBytes << " bytes\n"
       << "link bytes      " << t.linkBytes << "\n"
       << "spills          " << t.spillEvents << " (" << t.spillBytes << " bytes)\n"
       << "CNs / events    " << t.cnCount << " / " << t.eventCount << "\n"
       << "extra MACs      " << t.extraRecomputeMacs << " (recompute)\n";
    for (size_t c = 0; c < acc.cores.size(); ++c)
        os << "  core " << std::left << std::setw(12) << acc.cores[c].name << std::right << " utilization "
           << std::fixed << std::setprecision(3) << t.coreUtilization[c] << std::defaultfloat << "\n";
    for (size_t m = 0; m < acc.memories.size(); ++m)
        os << "  memory " << std::left << std::setw(14) << acc.memories[m].name << std::right << " peak "
           << t.peakMemoryBytes[m] << " / " << acc.memories[m].sizeBytes << " bytes\n";
}
} // namespace

int runSchedule(const std::vector<std::string> &args)
{
    ArgParser p("schedule",
                "--workload W --hw H [--mode lbl|fused | --plan P.yaml] [--mapping M.yaml] "
                "[--mapping-semantics stream|fuselab] [--stacks S] [--allocation A] [--activations dram|resident] "
                "[--mapping-objective energy|latency|edp] [--psum-precision BITS] "
                "[--validate] "
                "[--json FILE|-] [--trace FILE] [--csv FILE] [--project FILE --run NAME]",
                "Schedules a workload on an accelerator: computation nodes per tile, event-driven list\n"
                "scheduling over cores, links, DRAM ports and memory capacity. Prints a summary; --json,\n"
                "--trace (Chrome/Perfetto) and --csv export it.");
    p.addOption("workload", "W", "zoo name (resnet18, gpt2:seq=1024, ...; see info --help) or path to an .onnx file");
    addInputShapeOption(p);
    p.addOption("hw", "H", "accelerator YAML (FuseLab native or Stream format)");
    p.addOption("mode", "MODE", "generated plan: lbl (layer by layer) or fused (greedy stack cut, default)");
    p.addOption("plan", "P.yaml", "a plan file (FuseLab plan YAML) instead of a generated plan");
    addStreamPlanOptions(p);
    addPsumPrecisionOption(p);
    p.addOption("tile-rows", "N", "fused: rows of each group's last output per tile (default 1)");
    p.addOption("overlap", "MODE", "fused: recompute or cache (default cache)");
    p.addOption("save-plan", "FILE", "write the plan used as plan YAML");
    p.addFlag("validate", "check the plan and the schedule; exit 1 naming the first violation");
    p.addOption("max-cns", "N",
                "refuse plans of more computation nodes than N (default 250000; about 2 KiB of memory each "
                "with events; Llama-2-7B prefill layer by layer is 515k)");
    p.addOption("json", "FILE", "write the JSON summary to FILE ('-' for stdout)");
    p.addOption("trace", "FILE", "write a Chrome/Perfetto trace JSON");
    p.addOption("csv", "FILE", "write one CSV row per event");
    p.addOption("project", "FILE",
                "store the run in this project file (created from --workload/--hw if missing; an existing "
                "project keeps its own workload and accelerator, which must match)");
    p.addOption("run", "NAME", "name of the stored run (default: the plan's strategy)");
    if (!p.parse(args))
        return 0;
    if (p.has("plan") && p.has("mode"))
        throw UsageError("give --mode or --plan, not both");
    const std::string mode = p.value("mode", "fused");
    if (mode != "lbl" && mode != "fused")
        throw UsageError("--mode must be lbl or fused (got '" + mode + "')");
    if (p.has("stacks") && (mode == "lbl" || p.has("plan")))
        throw UsageError("--stacks makes a fused plan: it does not go with --mode lbl or --plan");
    if (p.has("allocation") && p.has("plan"))
        throw UsageError("--allocation applies to a generated plan; a --plan file carries its own allocation");

    if (p.has("run") && !p.has("project"))
        throw UsageError("--run needs --project");
    const Workload w = [&] {
        Workload loaded = loadWorkload(p.required("workload"), {}, inputShapesOf(p));
        applyPsumPrecision(p, loaded);
        return loaded;
    }();
    const Accelerator acc = loadHardware(p.required("hw"));
    const StreamPlanInputs stream = streamPlanInputsOf(p, w, acc);
    PlanOptions po;
    po.mapping = stream.mapping.get();
    po.stacks = stream.stacks;
    po.fixedCore = stream.fixedCore;
    po.costModel = stream.costModels;
    po.tileRows = static_cast<int>(p.integer("tile-rows", 1, 0, 1 << 20));
    if (auto o = p.value("overlap"))
        if (!parseOverlapMode(*o, po.overlap))
            throw UsageError("--overlap must be recompute or cache (got '" + *o + "')");

    Plan plan;
    if (auto file = p.value("plan")) {
        plan = loadPlan(*file, w, acc);
        // Layers the file leaves unallocated get the default allocation.
        bool missing = false;
        for (int c : plan.core)
            missing = missing || c < 0;
        if (missing) {
            Plan fill;
            allocateCores(fill, w, acc, po);
            for (size_t l = 0; l < plan.core.size(); ++l)
                if (plan.core[l] < 0)
                    plan.core[l] = fill.core[l];
        }
        const auto errors = validatePlan(plan, w, acc, stream.costModels);
        if (!errors.empty())
            throw InputError(
                *file, "",
                "invalid plan: " + errors.front() +
                    (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : ""));
    } else {
        plan = mode == "lbl" ? layerByLayerPlan(w, acc, po) : fusedPlan(w, acc, po);
        if (p.has("validate")) {
            const auto errors = validatePlan(plan, w, acc, stream.costModels);
            if (!errors.empty()) {
                std::cerr << "fuselab-cli schedule: invalid generated plan: " << errors.front() << "\n";
                return 1;
            }
        }
    }
    if (auto f = p.value("save-plan"))
        savePlan(plan, w, acc, *f);

    ScheduleOptions so;
    so.recordEvents = p.has("validate") || p.has("trace") || p.has("csv") || p.has("project");
    so.residentActivations = stream.residentActivations;
    so.costModel = stream.costModels;
    so.maxCns = p.integer("max-cns", kDefaultMaxCns, 1, 100'000'000LL);
    const Schedule s = schedule(w, acc, plan, so);
    // Every schedule is checked before it is printed or stored, with or without --validate:
    // its totals always, its events whenever they were recorded (always for --project).
    std::string v = validateTotals(s.totals);
    if (v.empty() && so.recordEvents)
        v = validateSchedule(s, acc);
    if (!v.empty()) {
        std::cerr << "fuselab-cli schedule: schedule violates: " << v << " (nothing printed or stored)\n";
        return 1;
    }
    if (auto file = p.value("project")) {
        const std::string strategy = p.has("plan") ? std::string("plan") : p.has("stacks") ? "plan" : mode;
        storeRunInProject(*file, w, acc, packRun(p.value("run", strategy), strategy, w, acc, plan, s));
    }
    if (auto f = p.value("trace"))
        writeTo(*f, "trace", [&](std::ostream &o) { writeChromeTrace(o, s, w, acc); });
    if (auto f = p.value("csv"))
        writeTo(*f, "CSV", [&](std::ostream &o) { writeEventsCsv(o, s, w, acc); });
    if (auto f = p.value("json"))
        writeTo(*f, "JSON summary",
                [&](std::ostream &o) {
                    nlohmann::json j = scheduleSummaryJson(s, w, acc, plan);
                    j["mapping_objective"] = std::string(toString(stream.mappingObjective));
                    o << jsonText(j, 2) << "\n";
                });
    if (p.value("json") != std::optional<std::string>("-")) {
        printSummary(std::cout, s, acc, plan);
        if (p.has("validate"))
            std::cout << "validation      ok\n";
    }
    return 0;
}

} // namespace fuselab::cli
