// SPDX-License-Identifier: GPL-3.0-or-later
// Transformer benchmark (issue 14): on the quad-core example, a Llama-2-7B-shaped prefill
// (32 layers, N = 2048) and decode (kv = 4096): wall and thread-CPU time of one schedule
// evaluation (median of N; cold, and warm with a ScheduleCache as the search runs it) for the
// layer-by-layer plan and the plan with the attention and FFN kernels fused, CN counts, peak
// RSS and a fingerprint of the results (`fp`: the totals / the whole recorded schedule, to
// check that a faster scheduler changes nothing); then `explore` with the default budget.
// Usage: bench_transformer [N] [--no-explore] [--no-check] [--threads T] [--max-cns C] [--workload SPEC]...
// (--max-cns raises the scheduler's CN cap for the evaluations and explore: the layer-by-layer
// prefill of Llama-2-7B makes 515k CNs, above the default 250k.)
// Targets: one evaluation ≤ 1 s, explore ≤ 60 s on 2 threads (not a timed test; figures go
// to BENCHMARKS.md).
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/transformer_kernels.h"
#include "schedule/schedule.h"
#include "schedule/schedule_cache.h"
#include "schedule/validator.h"
#include "search/explorer.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

int64_t maxCns = kDefaultMaxCns;
bool check = true; // --no-check: time the evaluations only (for a profiler)

// FNV-1a over the bits of everything a schedule reports, so that a change meant to make the
// scheduler faster can be checked to change no result (printed as `fp`).
struct Fingerprint {
    uint64_t h = 1469598103934665603ull;
    void bytes(const void *p, size_t n)
    {
        for (size_t i = 0; i < n; ++i)
            h = (h ^ static_cast<const unsigned char *>(p)[i]) * 1099511628211ull;
    }
    template <typename T> void add(const T &v) { bytes(&v, sizeof v); }
    void add(const EventEnergy &e) { add(e.mac), add(e.memory), add(e.links), add(e.dram); }
    void add(const ScheduleTotals &t)
    {
        add(t.latencyCycles), add(t.latencySeconds), add(t.energyPj), add(t.energy.mac), add(t.energy.links);
        add(t.energy.dram), add(t.edp), add(t.dramReadBytes), add(t.dramWriteBytes), add(t.linkBytes);
        add(t.spillBytes), add(t.spillEvents), add(t.macs), add(t.extraRecomputeMacs), add(t.cnCount);
        add(t.eventCount);
        for (const auto &[name, pj] : t.energy.memory)
            bytes(name.data(), name.size()), add(pj);
        for (double u : t.coreUtilization)
            add(u);
        for (int64_t b : t.peakMemoryBytes)
            add(b);
    }
    void add(const Schedule &s)
    {
        add(s.totals);
        for (const auto &e : s.events) {
            add(e.kind), add(e.core), add(e.route), add(e.dramPort), add(e.start), add(e.end), add(e.bytes);
            add(e.layer), add(e.cn), add(e.producerCn), add(e.tile), add(e.srcMemory), add(e.dstMemory);
            add(e.weights), add(e.spillRead), add(e.energy);
        }
        for (const auto &m : s.slices)
            add(m.memory), add(m.bytes), add(m.start), add(m.end), add(m.cn), add(m.kind);
        for (const auto &c : s.cns)
            add(c.layer), add(c.core), add(c.tile), add(c.part), add(c.group), add(c.start), add(c.end),
                add(c.macs), add(c.outputBytes), add(c.load);
        for (const auto &steps : s.occupancy)
            for (const auto &o : steps)
                add(o.time), add(o.bytes);
        for (const auto &[a, b] : s.dependencies)
            add(a), add(b);
    }
};

struct Times {
    double wall = 0, cpu = 0; // medians, ms
    double firstCpu = 0;      // the first of the n, ms
};

// Median wall and thread-CPU time of n evaluations (totals only); `totals` gets the result.
Times timeEvaluations(const Workload &w, const Accelerator &acc, const Plan &p, const ScheduleOptions &o, int n,
                      ScheduleTotals &totals)
{
    std::vector<double> wall, cpu;
    for (int i = 0; i < n; ++i) {
        const double c0 = threadCpuMs();
        const auto t0 = std::chrono::steady_clock::now();
        totals = schedule(w, acc, p, o).totals;
        const auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(threadCpuMs() - c0);
        wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    const double first = cpu.front();
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2], first};
}

// Cold: a schedule() from scratch, as `fuselab-cli schedule` runs it. Warm: with a
// ScheduleCache used once before (its costs, routes and working arrays kept), as the search
// evaluates plans on each of its threads.
void evaluate(const char *label, const Workload &w, const Accelerator &acc, const Plan &p, int n)
{
    ScheduleOptions o;
    o.recordEvents = false;
    o.maxCns = maxCns;
    ScheduleTotals totals, warmTotals;
    Times cold, warm;
    try {
        cold = timeEvaluations(w, acc, p, o, n, totals);
        ScheduleCache cache(w, acc, nullptr);
        o.cache = &cache;
        schedule(w, acc, p, o);
        warm = timeEvaluations(w, acc, p, o, n, warmTotals);
    } catch (const ScheduleError &e) {
        std::printf("%-34s %-14s groups %5zu  not schedulable: %s\n", w.name.c_str(), label, p.groups.size(), e.what());
        std::fflush(stdout);
        return;
    }
    ScheduleOptions withEvents;
    withEvents.maxCns = maxCns;
    const Schedule full = check ? schedule(w, acc, p, withEvents) : Schedule{};
    std::string err = check ? validateSchedule(full, acc) : "not checked";
    if (!(warmTotals == totals))
        err += " (the totals with a cache differ)";
    Fingerprint totalsFp, fullFp;
    totalsFp.add(totals);
    fullFp.add(full);
    std::printf("%-34s %-14s groups %5zu  CNs %7lld  cold: wall %7.1f ms cpu %7.1f ms (first %7.1f ms)  warm: wall "
                "%7.1f ms cpu %7.1f ms  latency %lld cycles  DRAM %.1f MB  valid %s  fp %016llx/%016llx\n",
                w.name.c_str(), label, p.groups.size(), static_cast<long long>(totals.cnCount), cold.wall, cold.cpu,
                cold.firstCpu, warm.wall, warm.cpu, static_cast<long long>(totals.latencyCycles),
                double(totals.dramReadBytes + totals.dramWriteBytes) / 1e6, err.empty() ? "yes" : err.c_str(),
                static_cast<unsigned long long>(totalsFp.h), static_cast<unsigned long long>(fullFp.h));
    std::fflush(stdout);
}

// The attention and FFN kernels fused, `tileRows` query rows / tokens a tile, each attention's
// heads in `headParts` parts over the MAC cores (the study's best on the quad-core).
Plan kernelPlan(const Workload &w, const Accelerator &acc, int tileRows, int headParts)
{
    const Plan lbl = layerByLayerPlan(w, acc);
    Plan p = lbl;
    FusedGroup kernel;
    kernel.tileRows = tileRows;
    const auto order = w.topologicalOrder();
    p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, KernelFusion{true, false}, kernel, lbl);
    splitAttentionHeads(w, acc, headParts, p);
    return p;
}
} // namespace

int main(int argc, char **argv)
{
    int n = 3, threads = 2;
    bool runExplore = true;
    std::vector<std::string> specs;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--no-explore"))
            runExplore = false;
        else if (!std::strcmp(argv[i], "--no-check"))
            check = false;
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--max-cns") && i + 1 < argc)
            maxCns = std::atoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--workload") && i + 1 < argc)
            specs.push_back(argv[++i]);
        else
            n = std::max(1, std::atoi(argv[i]));
    }
    if (specs.empty())
        specs = {"llama2-7b:seq=2048", "llama2-7b:phase=decode,kv=4096"};
    const Accelerator acc = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
    for (const auto &spec : specs) {
        const Workload w = loadWorkload(spec);
        std::printf("%s: %zu layers, %.3g MACs, %.3g weight bytes\n", spec.c_str(), w.layers.size(),
                    double(w.totalMacs()), double(w.totalWeightBytes()));
        evaluate("lbl", w, acc, layerByLayerPlan(w, acc), n);
        // Heads in 8 parts for prefill (32-row tiles), 32 for decode (K and V of 4096 cached
        // tokens for 4 heads fill a core's 2 MiB): the attention-fusion study's choices.
        const bool decode = spec.find("decode") != std::string::npos;
        evaluate("attn fused", w, acc, kernelPlan(w, acc, 32, decode ? 32 : 8), n);
        std::printf("  peak RSS %ld MiB\n", peakRssKb() / 1024);
        if (!runExplore)
            continue;
        ExploreOptions eo;
        eo.threads = threads;
        eo.maxCns = maxCns;
        const auto t0 = std::chrono::steady_clock::now();
        ExploreResult r;
        try {
            r = explore(w, acc, eo);
        } catch (const ScheduleError &e) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("  explore (default budget, %d threads): refused after %.1f s: %s\n", threads, s, e.what());
            std::fflush(stdout);
            continue;
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("  explore (default budget, %d threads): %.1f s, %lld plan and %lld group evaluations, best %s: "
                    "latency %lld cycles, CNs %lld; stopped %s; peak RSS %ld MiB\n",
                    threads, s, static_cast<long long>(r.stats.planEvaluations),
                    static_cast<long long>(r.stats.groupEvaluations), r.best.origin.c_str(),
                    static_cast<long long>(r.best.totals.latencyCycles),
                    static_cast<long long>(r.best.totals.cnCount), r.stats.stopped ? "yes" : "no",
                    peakRssKb() / 1024);
    }
    return 0;
}
