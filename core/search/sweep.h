// SPDX-License-Identifier: GPL-3.0-or-later
// Parameter sweeps: a grid workloads × accelerators × objectives, each point explored once and
// stored as one row (see io/sweep_store.h), so a sweep can be sharded, interrupted and resumed.
#pragma once

#include "io/input_shapes.h"
#include "schedule/schedule.h"
#include "search/objective.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fuselab {

struct SweepSpec {
    std::string file;                  // the spec file, for messages
    std::vector<std::string> workloads; // zoo names or paths (paths resolved against the spec's folder)
    std::vector<std::string> hardware;  // as written in the spec (the row's `hardware` key)
    std::vector<std::string> hardwarePaths; // resolved against the spec's folder
    std::vector<Objective> objectives;
    int generations = 20;
    int population = 16;
    uint64_t seed = 1;
    /// Per workload (as in `workloads`, resolved): its ONNX inputs' fixed shapes.
    std::map<std::string, InputShapes> inputShapes;
};

/// Reads a sweep spec:
///   workloads: [lenet5, mlp]          # zoo names or paths relative to the spec
///   hardware: [../hardware/a.yaml]   # relative to the spec
///   objectives: [latency, edp]
///   generations: 5                   # optional (default 20)
///   population: 8                    # optional (default 16)
///   seed: 1                          # optional (default 1)
///   input_shapes:                    # optional: per ONNX workload, its inputs' shapes
///     model.onnx: {input: [1, 3, 224, 224]}
/// Throws InputError(file, field, reason).
SweepSpec parseSweepSpec(const std::string &yamlText, const std::string &file);
SweepSpec loadSweepSpec(const std::string &path);

struct SweepPoint {
    int index = 0; // position in the grid (workload-major, then hardware, then objective)
    std::string workload, hardware;
    Objective objective = Objective::Latency;
};

std::vector<SweepPoint> sweepPoints(const SweepSpec &spec);

/// The few totals a row keeps for each plan.
struct SweepTotals {
    int64_t latencyCycles = 0;
    double energyPj = 0;
    double edp = 0;
    int64_t dramBytes = 0;
    friend bool operator==(const SweepTotals &, const SweepTotals &) = default;
};
SweepTotals sweepTotals(const ScheduleTotals &t);

/// The baselines a row stores, in column order.
const std::vector<std::string> &sweepBaselineNames();

/// The spec-level settings that change a result ("generations=5 population=8 seed=1"). Rows
/// of one sweep share them; `merge` refuses to combine rows that differ.
std::string sweepSettings(const SweepSpec &spec);
/// A digest of the content of the point's input files (hardware YAML, workload file; a zoo
/// workload by its name), so an edited hardware file is explored again.
std::string sweepInputsDigest(const SweepSpec &spec, const SweepPoint &point);

struct SweepRow {
    std::string workload, hardware, objective;
    std::string settings;     // sweepSettings
    std::string inputsDigest; // sweepInputsDigest
    std::string origin; // how the best plan was found
    SweepTotals best;
    std::vector<std::pair<std::string, SweepTotals>> baselines; // those explore produced
    double wallSeconds = 0;
    std::string planYaml;
};

/// Explores one grid point (loads its workload and hardware).
SweepRow runSweepPoint(const SweepSpec &spec, const SweepPoint &point, int threads);

struct SweepRunStats {
    int points = 0;  // in this shard
    int ran = 0;
    int skipped = 0; // already in the output
};

/// Runs the points with index % shardCount == shardIndex that are not yet in `outPath`, one
/// transaction per point. Progress lines go to `log` when it is not null.
SweepRunStats runSweep(const SweepSpec &spec, const std::string &outPath, int shardIndex, int shardCount,
                       int threads, std::ostream *log);

} // namespace fuselab
