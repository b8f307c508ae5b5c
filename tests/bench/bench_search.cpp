// SPDX-License-Identifier: GPL-3.0-or-later
// Search benchmark (not a test): evaluations per second, wall time of the NSGA-II allocation
// search on ResNet-18 / quad core, the DP search on ResNet-50, and the 1 → 2 thread speed-up.
// Usage: bench_search [generations] [population] [repetitions]
// The speed-up runs 1 and 2 threads alternately `repetitions` times (default 7) and compares
// medians: one run lasts well under a second, so a single pair is at the mercy of the machine.
#include "io/hardware_yaml.h"
#include "search/explorer.h"
#include "search/search_control.h"
#include "workload/zoo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

using namespace fuselab;

namespace {
struct Run {
    ExploreResult result;
    double seconds = 0;
    double cpuSeconds = 0; // process CPU time, all threads
};

Run timed(const Workload &w, const Accelerator &acc, ExploreOptions opt)
{
    SearchControl control;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    Run r{explore(w, acc, opt, &control), 0, 0};
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpuSeconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
    return r;
}

void print(const char *label, const Run &r)
{
    const auto &s = r.result.stats;
    const double evals = double(s.planEvaluations + s.groupEvaluations);
    std::printf("%-40s wall %6.2f s  cpu %6.2f s  %5lld plan + %5lld group evals  %6.0f evals/s  best (%s) "
                "EDP %.4g latency %lld\n",
                label, r.seconds, r.cpuSeconds, (long long)s.planEvaluations, (long long)s.groupEvaluations,
                evals / r.seconds, r.result.best.origin.c_str(),
                objectiveValue(r.result.best.totals, Objective::Edp),
                (long long)r.result.best.totals.latencyCycles);
}
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

const char *const kPhases[5] = {"baselines", "group table", "partition+pins", "allocation GA", "finish"};

/// Wall time of two independent one-thread searches run at once, on two std::threads: they
/// share nothing, so 2 × (one alone) / this is the most two threads can gain on this machine
/// for this work (1.0 on one core, 2.0 on two cores that do not slow each other).
double independentPair(const Workload &w, const Accelerator &acc, ExploreOptions opt)
{
    opt.threads = 1;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread other([&] {
        SearchControl c;
        explore(w, acc, opt, &c);
    });
    {
        SearchControl c;
        explore(w, acc, opt, &c);
    }
    other.join();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Alternates 1 and 2 threads and a pair of independent one-thread searches `reps` times;
/// prints the median wall time of the whole search and of each phase, with the speed-up of
/// each, and the machine's ceiling measured by the pairs.
void speedUp(const Workload &w, const Accelerator &acc, ExploreOptions opt, int reps, const char *label)
{
    std::vector<double> wall[2], phase[2][5], pair;
    for (int i = 0; i < reps; ++i) {
        for (int threads : {1, 2}) {
            opt.threads = threads;
            const Run r = timed(w, acc, opt);
            wall[threads - 1].push_back(r.seconds);
            for (int p = 0; p < 5; ++p)
                phase[threads - 1][p].push_back(r.result.stats.phaseSeconds[p]);
        }
        pair.push_back(independentPair(w, acc, opt));
    }
    std::printf("%s, median of %d alternating runs:\n", label, reps);
    std::printf("    %-16s %9s %9s %8s\n", "phase", "1 thread", "2 threads", "speed-up");
    for (int p = 0; p < 5; ++p) {
        const double a = median(phase[0][p]), b = median(phase[1][p]);
        std::printf("    %-16s %8.3fs %8.3fs %7.2fx\n", kPhases[p], a, b, b > 0 ? a / b : 0.0);
    }
    const double a = median(wall[0]), b = median(wall[1]);
    std::printf("    %-16s %8.3fs %8.3fs %7.2fx   (min %.3f / %.3f s)\n", "whole search", a, b, a / b,
                *std::min_element(wall[0].begin(), wall[0].end()),
                *std::min_element(wall[1].begin(), wall[1].end()));
    const double ceiling = 2 * a / median(pair);
    std::printf("    two independent one-thread searches at once: %.3f s, so this machine's ceiling for 2 "
                "threads is %.2fx; the search reaches %.0f %% of it\n",
                median(pair), ceiling, 100 * (a / b) / ceiling);
}
} // namespace

int main(int argc, char **argv)
{
    const int generations = argc > 1 ? std::atoi(argv[1]) : 100;
    const int population = argc > 2 ? std::atoi(argv[2]) : 32;
    const int reps = argc > 3 ? std::max(1, std::atoi(argv[3])) : 7;
    const std::string hw = std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/";
    const Accelerator quad = loadHardware(hw + "quad_core.yaml");
    const Workload r18 = *zooModel("resnet18");
    ExploreOptions opt;
    opt.objective = Objective::Edp;
    opt.generations = generations;
    opt.population = population;
    double wall[2] = {0, 0};
    for (int threads : {1, 2}) {
        opt.threads = threads;
        const Run r = timed(r18, quad, opt);
        wall[threads - 1] = r.seconds;
        char label[96];
        std::snprintf(label, sizeof label, "resnet18 quad_core GA %dx%d, %d thread(s)", generations,
                      population, threads);
        print(label, r);
        for (const auto &[name, b] : r.result.baselines)
            std::printf("    baseline %-13s EDP %.4g  latency %lld  energy %.4g uJ\n", name.c_str(),
                        objectiveValue(b.totals, Objective::Edp), (long long)b.totals.latencyCycles,
                        b.totals.energyPj / 1e6);
    }
    std::printf("speed-up 1 -> 2 threads (this pair): %.2fx\n", wall[0] / wall[1]);
    char label[96];
    std::snprintf(label, sizeof label, "resnet18 quad_core GA %dx%d", generations, population);
    speedUp(r18, quad, opt, reps, label);
    const Workload r50q = *zooModel("resnet50");
    std::snprintf(label, sizeof label, "resnet50 quad_core GA %dx%d", generations, population);
    speedUp(r50q, quad, opt, std::max(1, reps / 2), label);
    // ResNet-50, full DP search (group table + partitions + pins), no allocation search.
    const Workload r50 = *zooModel("resnet50");
    for (const char *file : {"tpu_single_core.yaml", "quad_core.yaml"}) {
        const Accelerator acc = loadHardware(hw + file);
        ExploreOptions dp;
        dp.objective = Objective::Latency;
        dp.allocationSearch = false;
        for (int threads : {1, 2}) {
            dp.threads = threads;
            char label[96];
            std::snprintf(label, sizeof label, "resnet50 %s DP, %d thread(s)", file, threads);
            try {
                print(label, timed(r50, acc, dp));
            } catch (const std::exception &e) {
                std::printf("%-44s not run: %s\n", label, e.what());
            }
        }
    }
    return 0;
}
