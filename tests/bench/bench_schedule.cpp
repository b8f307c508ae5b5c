// SPDX-License-Identifier: GPL-3.0-or-later
// Scheduler benchmark: wall time per schedule evaluation (median of N), CNs, events and peak
// RSS for ResNet-18 fused on the quad-core example and ResNet-50 fused with one-row tiles.
// Usage: bench_schedule [N]   (not a timed test; figures go to BENCHMARKS.md)
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace fuselab;

namespace {
long peakRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Timing {
    double wallMs, cpuMs;
};

// Median wall and thread-CPU time of n evaluations (the CPU figure is what the machine's
// load cannot inflate; the 2-core CI box is shared).
Timing median(const Workload &w, const Accelerator &acc, const Plan &p, const ScheduleOptions &o, int n)
{
    std::vector<double> wall, cpu;
    for (int i = 0; i < n; ++i) {
        const double c0 = threadCpuMs();
        const auto t0 = std::chrono::steady_clock::now();
        const Schedule s = schedule(w, acc, p, o);
        const auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(threadCpuMs() - c0);
        if (s.totals.cnCount == 0)
            std::abort();
        wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

void run(const char *label, const Workload &w, const Accelerator &acc, const Plan &p, int n)
{
    ScheduleOptions full;
    const Schedule s = schedule(w, acc, p, full);
    const std::string v = validateSchedule(s, acc);
    ScheduleOptions lean;
    lean.recordEvents = false;
    const Timing leanT = median(w, acc, p, lean, n);
    const Timing fullT = median(w, acc, p, full, n);
    std::printf("%s\n  groups %zu, CNs %d, events %d\n  summary-only: %.2f ms wall, %.2f ms CPU; with "
                "events: %.2f ms "
                "wall, %.2f ms CPU\n  latency %lld cycles, DRAM %lld B, valid %s, peak RSS so far %ld KiB\n",
                label, p.groups.size(), s.totals.cnCount, s.totals.eventCount, leanT.wallMs, leanT.cpuMs,
                fullT.wallMs, fullT.cpuMs, static_cast<long long>(s.totals.latencyCycles),
                static_cast<long long>(s.totals.dramReadBytes + s.totals.dramWriteBytes),
                v.empty() ? "yes" : v.c_str(), peakRssKb());
}
} // namespace

int main(int argc, char **argv)
{
    const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 21;
    const Accelerator quad =
        loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
    std::printf("median of %d evaluations each; plan generation and CN-independent set-up excluded\n", n);

    const Workload r18 = loadWorkload("resnet18");
    run("resnet18 fused (quad_core)", r18, quad, fusedPlan(r18, quad), n);
    run("resnet18 lbl (quad_core)", r18, quad, layerByLayerPlan(r18, quad), n);

    // ResNet-50 with one-row tiles: every group tiled per row of its last layer and every conv
    // split on K over the four systolic cores (Stream's mapping style), then the same with
    // each core taking four K parts (16 parts) to reach the ≥ 20k CN scale.
    const Workload r50 = loadWorkload("resnet50");
    for (int perCore : {1, 4}) {
        MappingConstraints m;
        m.layers.resize(r50.layers.size());
        std::vector<int> cores;
        for (int i = 0; i < perCore; ++i)
            for (int c = 0; c < 4; ++c)
                cores.push_back(c);
        for (size_t l = 0; l < r50.layers.size(); ++l)
            if (r50.layers[l].op == OpType::Conv &&
                r50.layers[l].dims.k >= static_cast<int64_t>(cores.size()))
                m.layers[l] = {cores, SplitDim::K, -1, false};
        PlanOptions o;
        o.mapping = &m;
        Plan p50 = fusedPlan(r50, quad, o);
        for (auto &g : p50.groups)
            if (r50.layers[g.layers.back()].dims.oy > 1)
                g.tileRows = 1;
        const std::string label = "resnet50 fused, 1-row tiles, convs split on K in " +
                                  std::to_string(cores.size()) + " parts over 4 cores (quad_core)";
        run(label.c_str(), r50, quad, p50, std::max(3, n / 4));
    }
    return 0;
}
