// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli explore: search fusion groups, tiles, pins and core allocation for a workload on an
// accelerator; print the best plan beside the baselines; export JSON, the plan and a trace.
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
#include "plan/plan_yaml.h"
#include "schedule/validator.h"
#include "search/explore_run.h"
#include "search/explorer.h"
#include "search/search_control.h"
#include "util/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fuselab::cli {

namespace {

// The one piece of process-wide state: a SIGINT handler can only reach the running search
// through a global. It is set for the duration of the search and only read by the handler.
std::atomic<SearchControl *> g_interruptTarget{nullptr};

extern "C" void onInterrupt(int)
{
    if (SearchControl *c = g_interruptTarget.load())
        c->cancel(); // an atomic store: async-signal-safe
}

// Installs the handler for the lifetime of the object and restores the previous one.
class InterruptGuard {
public:
    explicit InterruptGuard(SearchControl &c)
    {
        g_interruptTarget = &c;
        previous_ = std::signal(SIGINT, onInterrupt);
    }
    ~InterruptGuard()
    {
        std::signal(SIGINT, previous_);
        g_interruptTarget = nullptr;
    }
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
    void (*previous_)(int) = SIG_DFL;
};

std::string duration(double s)
{
    std::ostringstream o;
    if (s < 0)
        o << "?";
    else if (s < 60)
        o << std::fixed << std::setprecision(1) << s << "s";
    else
        o << int(s) / 60 << "m" << std::setw(2) << std::setfill('0') << int(s) % 60 << "s";
    return o.str();
}

void progressBar(const SearchProgress &p)
{
    constexpr int width = 30;
    const int filled = static_cast<int>(p.fraction * width + 0.5);
    std::ostringstream o;
    o << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << std::setw(3)
      << int(p.fraction * 100 + 0.5) << "% " << std::left << std::setw(10) << p.phase << std::right << " "
      << p.evaluations << " evals";
    if (p.best < std::numeric_limits<double>::infinity())
        o << "  best " << std::setprecision(4) << p.best;
    o << "  elapsed " << duration(p.elapsedSeconds) << "  ETA " << duration(p.etaSeconds) << "   ";
    std::cerr << o.str() << std::flush;
}

nlohmann::json totalsJson(const EvaluatedPlan &e, const Workload &w, const Accelerator &acc, bool resident)
{
    Schedule s;
    s.clockMHz = acc.clockMHz;
    s.residentActivations = resident;
    s.totals = e.totals;
    nlohmann::json j = scheduleSummaryJson(s, w, acc, e.plan);
    j["origin"] = e.origin;
    return j;
}

void printRow(std::ostream &os, const std::string &name, const ScheduleTotals &t, const ScheduleTotals *ref)
{
    os << std::left << std::setw(14) << name << std::right << std::setw(12) << t.latencyCycles
       << std::setw(12) << std::setprecision(4) << t.energyPj / 1e6 << std::setw(12)
       << objectiveValue(t, Objective::Edp) << std::setw(14) << t.dramReadBytes + t.dramWriteBytes;
    if (ref)
        os << std::setw(10) << std::setprecision(3)
           << objectiveValue(*ref, Objective::Edp) / std::max(1.0, objectiveValue(t, Objective::Edp)) << "x";
    os << "\n";
}

} // namespace

int runExplore(const std::vector<std::string> &args)
{
    ArgParser p(
        "explore",
        "--workload W --hw H [--objective latency|energy|edp|dram|memory] [--pareto OBJ,OBJ] "
        "[--threads N] [--seed S] [--generations G] [--population P] [--per-layer-genes] [--time-limit SECONDS] "
        "[--max-cns C] "
        "[--mapping M.yaml [--mapping-semantics stream|fuselab]] [--stacks S] [--allocation A] "
        "[--activations dram|resident] [--mapping-objective energy|latency|edp] [--psum-precision BITS] "
        "[--json FILE|-] [--plan-out P.yaml] [--trace FILE] [--project FILE --run NAME]",
        "Searches the plan (fused groups with tile, overlap and weight policy; pinned tensors; core\n"
        "allocation and splits) that minimises an objective, on worker threads. Prints the best plan\n"
        "beside the baselines (lbl, fused, fuse_only, pin_only, access_based). Ctrl+C stops the\n"
        "search and still writes the best plan found (exit code 130).");
    p.addOption("workload", "W", "zoo name (resnet18, gpt2:seq=1024, ...; see info --help) or path to an .onnx file");
    addInputShapeOption(p);
    p.addOption("hw", "H", "accelerator YAML (FuseLab native or Stream format)");
    p.addOption("objective", "OBJ", "latency (default), energy, edp, dram or memory");
    p.addOption("pareto", "OBJ,OBJ", "also return the Pareto front over two objectives");
    p.addOption("threads", "N", "worker threads (default: all cores)");
    p.addOption("seed", "S", "random seed (default 1); same seed, same result at any thread count");
    p.addOption("generations", "G", "NSGA-II generations for the core allocation (default 100)");
    p.addOption("population", "P", "NSGA-II population (default 32)");
    p.addFlag("per-layer-genes",
              "one allocation gene per layer; by default the same layer of repeated blocks (a decoder's) "
              "shares one, so every block is allocated alike");
    p.addOption("time-limit", "SECONDS",
                "stop after this long and keep the best plan found; the re-check of the returned plans "
                "is included (plans it had no time for are listed as unchecked)");
    p.addOption("max-cns", "C",
                "largest plan scheduled, in computation nodes (default 2000000; ~1 KiB of memory each); "
                "explore stops at once when every baseline is larger");
    addStreamPlanOptions(p);
    addPsumPrecisionOption(p);
    p.addOption("json", "FILE",
                "write the best point, baselines, Pareto points and statistics ('-': stdout)");
    p.addOption("plan-out", "P.yaml", "write the best plan as plan YAML");
    p.addOption("trace", "FILE", "write the best plan's Chrome/Perfetto trace");
    p.addOption("project", "FILE",
                "store the best plan's run, with the explored points, in this project file (created from "
                "--workload/--hw if missing; an existing project must hold the same ones)");
    p.addOption("run", "NAME", "name of the stored run (default: explore)");
    if (!p.parse(args))
        return 0;

    ExploreOptions opt;
    if (auto o = p.value("objective"))
        if (!parseObjective(*o, opt.objective))
            throw UsageError("--objective must be latency, energy, edp, dram or memory (got '" + *o + "')");
    if (auto pareto = p.value("pareto")) {
        const auto comma = pareto->find(',');
        Objective a, b;
        if (comma == std::string::npos || !parseObjective(pareto->substr(0, comma), a) ||
            !parseObjective(pareto->substr(comma + 1), b) || a == b)
            throw UsageError("--pareto needs two different objectives, e.g. latency,energy (got '" + *pareto +
                             "')");
        opt.pareto = {a, b};
    }
    opt.threads = static_cast<int>(p.integer("threads", 0, 1, 1024));
    opt.seed = static_cast<uint64_t>(p.integer("seed", 1, 0, std::numeric_limits<long long>::max()));
    opt.generations = static_cast<int>(p.integer("generations", 100, 0, 1000000));
    opt.population = static_cast<int>(p.integer("population", 32, 2, 100000));
    opt.maxCns = p.integer("max-cns", kDefaultExploreMaxCns, 1, 100'000'000LL);
    opt.shareBlockGenes = !p.has("per-layer-genes");
    double timeLimit = 0;
    if (auto t = p.value("time-limit")) {
        try {
            size_t used = 0;
            timeLimit = std::stod(*t, &used);
            if (used != t->size() || !(timeLimit > 0))
                throw std::invalid_argument("");
        } catch (const std::exception &) {
            throw UsageError("--time-limit must be a positive number of seconds (got '" + *t + "')");
        }
    }

    if (p.has("run") && !p.has("project"))
        throw UsageError("--run needs --project");
    // A stored run carries the latency/energy points for the project's Pareto chart.
    if (p.has("project") && opt.pareto.empty())
        opt.pareto = {Objective::Latency, Objective::Energy};

    const Workload w = [&] {
        Workload loaded = loadWorkload(p.required("workload"), {}, inputShapesOf(p));
        applyPsumPrecision(p, loaded);
        return loaded;
    }();
    const Accelerator acc = loadHardware(p.required("hw"));
    // Stream inputs bound the search: the mapping's candidate cores, fixed stacks (the search
    // picks tiles, pins and allocation within them), fixed layer cores.
    const StreamPlanInputs stream = streamPlanInputsOf(p, w, acc);
    opt.mapping = stream.mapping.get();
    opt.stacks = stream.stacks;
    opt.fixedCore = stream.fixedCore;
    opt.residentActivations = stream.residentActivations;
    opt.costModel = stream.costModels;

    SearchControl control;
    control.setTimeLimit(timeLimit);
    const bool jsonToStdout = p.value("json") == std::optional<std::string>("-");
    const bool bar = isatty(STDERR_FILENO) != 0;
    if (bar) {
        control.setProgressInterval(0.1);
        control.setProgressCallback(progressBar);
    }
    ExploreResult r;
    {
        InterruptGuard guard(control);
        r = explore(w, acc, opt, &control);
    }
    if (bar)
        std::cerr << "\n";
    if (r.stats.stopped)
        std::cerr << "fuselab-cli explore: stopped early ("
                  << (control.cancelRequested() ? "interrupted" : "time limit")
                  << "); reporting the best plan found\n";
    for (const auto &warning : r.warnings)
        std::cerr << "fuselab-cli explore: warning: " << warning << "\n";

    // The best schedule is checked before anything of it is written or stored.
    if (const std::string v = validateTotals(r.bestSchedule.totals); !v.empty())
        throw InputError(p.required("hw"), "", "the best schedule is invalid: " + v + " (nothing written or stored)");
    if (auto f = p.value("plan-out"))
        savePlan(r.best.plan, w, acc, *f);
    if (auto f = p.value("trace"))
        writeTo(*f, "trace", [&](std::ostream &o) { writeChromeTrace(o, r.bestSchedule, w, acc); });
    if (auto file = p.value("project"))
        storeRunInProject(*file, w, acc, packExploreRun(p.value("run", "explore"), w, acc, r));
    if (auto f = p.value("json")) {
        nlohmann::json j = scheduleSummaryJson(r.bestSchedule, w, acc, r.best.plan);
        j["objective"] = std::string(toString(opt.objective));
        j["mapping_objective"] = std::string(toString(stream.mappingObjective));
        j["origin"] = r.best.origin;
        nlohmann::json baselines = nlohmann::json::object();
        for (const auto &[name, b] : r.baselines)
            baselines[name] = totalsJson(b, w, acc, opt.residentActivations);
        j["baselines"] = baselines;
        // A baseline that could not be built is named with the reason, never silently left out.
        nlohmann::json missing = nlohmann::json::object();
        for (const auto &[name, why] : r.missingBaselines)
            missing[name] = why;
        j["missing_baselines"] = missing;
        j["warnings"] = r.warnings;
        nlohmann::json pareto = nlohmann::json::array();
        for (const auto &e : r.pareto)
            pareto.push_back(totalsJson(e, w, acc, opt.residentActivations));
        j["pareto"] = pareto;
        if (opt.pareto.size() == 2)
            j["pareto_objectives"] = {std::string(toString(opt.pareto[0])),
                                      std::string(toString(opt.pareto[1]))};
        j["search"] = {{"plan_evaluations", r.stats.planEvaluations},
                       {"group_evaluations", r.stats.groupEvaluations},
                       {"evaluations", r.stats.planEvaluations + r.stats.groupEvaluations},
                       {"units", r.stats.units},
                       {"groups", r.stats.groups},
                       {"distinct_groups", r.stats.distinctGroups},
                       {"stop_reason", r.stats.stopReason},
                       {"allocation_genes", r.stats.allocationGenes},
                       {"phase_s", {{"baselines", r.stats.phaseSeconds[0]}, {"groups", r.stats.phaseSeconds[1]},
                                    {"partition", r.stats.phaseSeconds[2]}, {"allocation", r.stats.phaseSeconds[3]},
                                    {"finish", r.stats.phaseSeconds[4]}}},
                       {"unchecked", r.unchecked},
                       {"generations", r.stats.generations},
                       {"rejected", r.stats.rejected},
                       {"wall_s", r.stats.wallSeconds},
                       {"threads", r.stats.threads},
                       {"seed", opt.seed},
                       {"stopped", r.stats.stopped}};
        writeTo(*f, "JSON summary", [&](std::ostream &o) { o << jsonText(j, 2) << "\n"; });
    }
    if (!jsonToStdout) {
        std::ostream &os = std::cout;
        os << "objective       " << toString(opt.objective) << "\n"
           << "best plan       " << r.best.origin << " (" << r.best.plan.groups.size() << " groups, "
           << r.best.plan.pins.size() << " pins)\n"
           << "search          " << r.stats.planEvaluations << " plan + " << r.stats.groupEvaluations
           << " group evaluations in " << std::setprecision(3) << r.stats.wallSeconds << " s on "
           << r.stats.threads << " thread(s)" << (r.stats.stopped ? " (stopped early)" : "") << "\n\n";
        const ScheduleTotals *lbl = nullptr;
        for (const auto &[name, b] : r.baselines)
            if (name == "lbl")
                lbl = &b.totals;
        os << std::left << std::setw(14) << "plan" << std::right << std::setw(12) << "cycles" << std::setw(12)
           << "energy uJ" << std::setw(12) << "EDP" << std::setw(14) << "DRAM bytes"
           << (lbl ? "  EDP vs lbl" : "") << "\n";
        printRow(os, "search", r.best.totals, lbl);
        for (const auto &[name, b] : r.baselines)
            printRow(os, name, b.totals, lbl);
        if (!r.pareto.empty()) {
            os << "\nPareto front (" << toString(opt.pareto[0]) << ", " << toString(opt.pareto[1]) << "):\n";
            for (const auto &e : r.pareto)
                os << "  " << std::setprecision(6) << objectiveValue(e.totals, opt.pareto[0]) << "  "
                   << objectiveValue(e.totals, opt.pareto[1]) << "  " << e.origin << "\n";
        }
    }
    // Interrupted: the results are written, but say so the way shells expect (128 + SIGINT).
    return control.cancelRequested() ? 130 : 0;
}

} // namespace fuselab::cli
