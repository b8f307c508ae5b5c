// SPDX-License-Identifier: GPL-3.0-or-later
// Peak memory of the hostile sizes of issue 7 §4: a workload of 10,000 layers, an accelerator
// of 256 cores, and plans of 50k … 1M computation nodes. Each case runs in a child process of
// its own (fork) so that its peak RSS (getrusage ru_maxrss) is its own.
// Usage: bench_hostile_sizes [CASE]   (no argument: every case; figures go to BENCHMARKS.md)
#include "../support/hostile_sizes.h"

#include "plan/plan_generators.h"
#include "project/project_file.h"
#include "project/run.h"
#include "schedule/schedule.h"
#include "search/explorer.h"
#include "search/search_control.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

double seconds(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void report(const char *what, const Schedule &s, std::chrono::steady_clock::time_point t0)
{
    std::printf("  %-44s %8.2f s  CNs %8d  events %9d  peak RSS %8.1f MiB\n", what, seconds(t0),
                s.totals.cnCount, s.totals.eventCount, peakRssMiB());
    std::fflush(stdout);
}

void scheduleCase(const char *what, const Workload &w, const Accelerator &acc, const Plan &p, int64_t maxCns)
{
    const auto t0 = std::chrono::steady_clock::now();
    ScheduleOptions o;
    o.maxCns = maxCns;
    try {
        report(what, schedule(w, acc, p, o), t0);
    } catch (const std::exception &e) {
        std::printf("  %-44s refused in %.3f s (peak RSS %.1f MiB): %s\n", what, seconds(t0), peakRssMiB(),
                    e.what());
    }
}

void exploreChain(int layers)
{
    const Workload w = longChain(layers);
    const Accelerator acc = singleCore(16, 16, 1 << 20);
    ExploreOptions o;
    o.threads = 1;
    o.generations = 2;
    o.population = 8;
    SearchControl control;
    control.setTimeLimit(300);
    const auto t0 = std::chrono::steady_clock::now();
    try {
        const ExploreResult r = explore(w, acc, o, &control);
        std::printf("  %-44s %8.2f s  evaluations %lld  stopped %s  peak RSS %8.1f MiB\n",
                    "explore (2 generations, 1 thread)", seconds(t0),
                    static_cast<long long>(r.stats.planEvaluations + r.stats.groupEvaluations),
                    r.stats.stopped ? "yes" : "no", peakRssMiB());
    } catch (const std::exception &e) {
        std::printf("  %-44s refused in %.3f s (peak RSS %.1f MiB): %s\n", "explore", seconds(t0),
                    peakRssMiB(), e.what());
    }
}

const std::vector<std::pair<std::string, std::function<void()>>> &cases()
{
    static const std::vector<std::pair<std::string, std::function<void()>>> all = {
        {"layers10k",
         [] {
             const auto t0 = std::chrono::steady_clock::now();
             const Workload w = longChain(10000);
             const bool valid = w.validate().empty();
             std::printf("  %-44s %8.2f s  valid %s  peak RSS %8.1f MiB\n", "build + validate 10,000 layers",
                         seconds(t0), valid ? "yes" : "NO", peakRssMiB());
             const Accelerator acc = singleCore(16, 16, 1 << 20);
             scheduleCase("layer by layer, events recorded", w, acc, layerByLayerPlan(w, acc),
                          kDefaultMaxCns);
             scheduleCase("fused (generator), events recorded", w, acc, fusedPlan(w, acc), kDefaultMaxCns);
             const auto t1 = std::chrono::steady_clock::now();
             Project p;
             p.workload = w;
             p.accelerator = acc;
             RunRequest r;
             r.strategy = "lbl";
             p.runs.push_back(computeRun(w, acc, r));
             const std::string file = "/tmp/bench_hostile_" + std::to_string(getpid()) + ".fuselab";
             saveProject(p, file);
             const bool same = loadProject(file) == p;
             std::remove(file.c_str());
             std::printf("  %-44s %8.2f s  round trip %s  peak RSS %8.1f MiB\n",
                         "project with a run: save + load", seconds(t1), same ? "exact" : "DIFFERS",
                         peakRssMiB());
         }},
        {"explore5k", [] { exploreChain(5000); }},
        {"explore10k", [] { exploreChain(10000); }},
        {"explore20001", [] { exploreChain(20001); }},
        {"cores256",
         [] {
             const auto t0 = std::chrono::steady_clock::now();
             const Accelerator acc = meshAccelerator(16);
             const auto problems = acc.validate();
             std::printf("  %-44s %8.2f s  valid %s  peak RSS %8.1f MiB\n", "build + validate 256 cores",
                         seconds(t0), problems.empty() ? "yes" : problems.front().c_str(), peakRssMiB());
             const Workload w = longChain(1024);
             scheduleCase("1,024 layers round robin, 2-row tiles", w, acc, tiledPlan(w, 256, 2, 0),
                          kDefaultMaxCns);
             ExploreOptions o;
             o.threads = 1;
             o.generations = 2;
             o.population = 8;
             SearchControl control;
             control.setTimeLimit(120);
             const auto t1 = std::chrono::steady_clock::now();
             const Workload small = longChain(64);
             const ExploreResult r = explore(small, acc, o, &control);
             std::printf("  %-44s %8.2f s  evaluations %lld  peak RSS %8.1f MiB\n",
                         "explore 64 layers (2 generations)", seconds(t1),
                         static_cast<long long>(r.stats.planEvaluations + r.stats.groupEvaluations),
                         peakRssMiB());
         }},
    };
    return all;
}

void cnCase(int64_t cns, int64_t maxCns)
{
    // cns compute CNs: a 100-column layer of cns / 100 rows in 1 × 1 tiles.
    const Workload w = wideLayer(cns / 100, 100);
    const Accelerator acc = singleCore(16, 16, 1 << 20);
    const Plan p = tiledPlan(w, 1, 1, 1);
    const std::string what = std::to_string(cns) + " tiles (limit " + std::to_string(maxCns) + ")";
    scheduleCase(what.c_str(), w, acc, p, maxCns);
}
} // namespace

int main(int argc, char **argv)
{
    std::vector<std::pair<std::string, std::function<void()>>> all = cases();
    for (int64_t n : {50000, 100000, 250000})
        all.emplace_back("cns" + std::to_string(n / 1000) + "k", [n] { cnCase(n, 1000000); });
    all.emplace_back("cns1M", [] { cnCase(1000000, kDefaultMaxCns); });
    for (const auto &[name, run] : all) {
        if (argc > 1 && name != argv[1])
            continue;
        std::printf("%s\n", name.c_str());
        std::fflush(stdout);
        const pid_t pid = fork();
        if (pid == 0) {
            run();
            std::fflush(stdout);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            std::printf("  (child ended abnormally: status %d)\n", status);
    }
    return 0;
}
