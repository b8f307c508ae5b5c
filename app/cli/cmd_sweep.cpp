// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli sweep / merge: run a grid of explorations into a SQLite file (optionally one shard
// of it, e.g. one Slurm array task), and combine shard files.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "io/sweep_store.h"
#include "search/sweep.h"
#include "util/error.h"

#include <iostream>

namespace fuselab::cli {

int runSweep(const std::vector<std::string> &args)
{
    ArgParser p("sweep", "SPEC.yaml --out RESULTS.sqlite [--shard i/N] [--threads N]",
                "Explores every point of the grid workloads x hardware x objectives listed in SPEC.yaml and\n"
                "stores one row per point in RESULTS.sqlite (one transaction per point). Points already in\n"
                "the file are skipped, so an interrupted sweep resumes where it stopped. With --shard i/N\n"
                "only the points whose index % N == i run; combine shard files with `merge`.");
    p.addPositional("SPEC.yaml", "the sweep spec (workloads, hardware, objectives, generations, population, seed)");
    p.addOption("out", "RESULTS.sqlite", "the SQLite file to write (created if missing)");
    p.addOption("shard", "i/N", "run only the points with index % N == i");
    p.addOption("threads", "N", "worker threads per exploration (default: all cores)");
    if (!p.parse(args))
        return 0;
    int shardIndex = 0, shardCount = 1;
    if (auto s = p.value("shard")) {
        const auto slash = s->find('/');
        try {
            size_t a = 0, b = 0;
            if (slash == std::string::npos)
                throw std::invalid_argument("");
            shardIndex = std::stoi(s->substr(0, slash), &a);
            shardCount = std::stoi(s->substr(slash + 1), &b);
            if (a != slash || b != s->size() - slash - 1 || shardCount < 1 || shardIndex < 0 ||
                shardIndex >= shardCount)
                throw std::invalid_argument("");
        } catch (const std::exception &) {
            throw UsageError("--shard must be i/N with 0 <= i < N (got '" + *s + "')");
        }
    }
    const int threads = static_cast<int>(p.integer("threads", 0, 1, 1024));
    const SweepSpec spec = loadSweepSpec(p.positionals().at(0));
    const SweepRunStats st = fuselab::runSweep(spec, p.required("out"), shardIndex, shardCount, threads, &std::cerr);
    std::cout << "shard " << shardIndex << "/" << shardCount << ": " << st.points << " points, " << st.ran
              << " explored, " << st.skipped << " already present\n";
    return 0;
}

int runMerge(const std::vector<std::string> &args)
{
    // Any number of inputs: parsed by hand (ArgParser takes a fixed list of positionals).
    for (const auto &a : args)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: fuselab-cli merge OUT.sqlite IN1.sqlite [IN2.sqlite ...]\n\n"
                         "Combines sweep shard files into OUT.sqlite (created if missing). Refuses, and writes\n"
                         "nothing, when an input has another schema or a point is present twice.\n";
            return 0;
        } else if (a.starts_with("-")) {
            throw UsageError("merge: unknown option '" + a + "' (see --help)");
        }
    const auto &pos = args;
    if (pos.size() < 2)
        throw UsageError("merge needs OUT.sqlite and at least one input file (see --help)");
    const std::vector<std::string> inputs(pos.begin() + 1, pos.end());
    const int n = mergeSweepFiles(pos[0], inputs);
    std::cout << "merged " << n << " rows from " << inputs.size() << " file(s) into " << pos[0] << "\n";
    return 0;
}

} // namespace fuselab::cli
