// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A run: one plan scheduled on the project's workload and accelerator, kept with its
// recorded schedule so the views reopen it without scheduling again. Stored in the project
// file (run_store.h); made the same way by the GUI and by `fuselab-cli schedule --run`.

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// One evaluated point of a search (or of the runs compared), for the Pareto chart.
struct ParetoPoint {
    double latencyCycles = 0;
    double energyPj = 0;
    bool onFront = false;
    friend bool operator==(const ParetoPoint &, const ParetoPoint &) = default;
};

/// The design a run was computed on: the workload and accelerator as they were, so that its
/// views (core and memory names, the floorplan, the network) are drawn from the run itself
/// after the project's design changed. `fingerprint` is designFingerprint() of the two.
struct RunDesign {
    std::string fingerprint;
    Workload workload;
    Accelerator accelerator;
    friend bool operator==(const RunDesign &, const RunDesign &) = default;
};

struct Run {
    std::string name;
    std::string strategy; // lbl, fused, plan (a plan file), explore
    std::string created;  // ISO 8601 UTC, e.g. 2026-11-21T18:50:00Z
    Plan plan;
    std::string summaryJson; // scheduleSummaryJson, as `fuselab-cli schedule --json` writes it
    Schedule schedule;       // recorded with events
    std::vector<ParetoPoint> pareto;
    RunDesign design; // what it ran on (packRun stamps it)
    friend bool operator==(const Run &, const Run &) = default;
};

/// What to run: a generated plan (strategy lbl or fused) with its options.
struct RunRequest {
    std::string name = "fused";
    std::string strategy = "fused";
    int tileRows = 1;
    OverlapMode overlap = OverlapMode::Cache;
    const MappingConstraints *mapping = nullptr;
    /// Set from any thread to stop the scheduling (computeRun throws ScheduleCancelled).
    const std::atomic<bool> *cancel = nullptr;
    /// ScheduleOptions::maxCns: a plan needing more computation nodes is refused up front.
    int64_t maxCns = kDefaultMaxCns;
};

/// The plan of a generated strategy. Throws std::invalid_argument for an unknown strategy.
Plan planForRequest(const Workload &w, const Accelerator &acc, const RunRequest &request);

/// Packs a schedule recorded with events as a run (summary JSON, creation time now), stamped
/// with `w` and `acc` as its design.
Run packRun(const std::string &name, const std::string &strategy, const Workload &w, const Accelerator &acc,
            const Plan &plan, Schedule schedule);

/// Schedules `plan` with events recorded and packs it as a run (summary, creation time).
/// `cancel`: see ScheduleOptions::cancel.
Run makeRun(const std::string &name, const std::string &strategy, const Workload &w, const Accelerator &acc,
            const Plan &plan, const std::atomic<bool> *cancel = nullptr, int64_t maxCns = kDefaultMaxCns);

/// planForRequest + makeRun.
Run computeRun(const Workload &w, const Accelerator &acc, const RunRequest &request);

/// Replaces the run of the same name in `runs`, or appends it.
void putRun(std::vector<Run> &runs, Run run);

/// The run named `name`, or nullptr.
const Run *findRun(const std::vector<Run> &runs, const std::string &name);

/// Whether the run's indices (layers, cores, memories) fit this workload and accelerator
/// (always true of the run's own design; checked when a file is read).
bool runFits(const Run &run, const Workload &w, const Accelerator &acc);

/// Whether the run was computed on the design with this fingerprint (designFingerprint()).
bool runOnDesign(const Run &run, const std::string &fingerprint);

/// Now as ISO 8601 UTC (seconds).
std::string utcTimestamp();

} // namespace fuselab
