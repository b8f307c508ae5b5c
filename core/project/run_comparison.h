// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Two runs side by side, for the compare view: their totals (latency, energy, EDP, DRAM
// traffic, peak on-chip memory) and per-layer figures (layerStatistics of each schedule),
// each as the value of run A, of run B and the change from A to B. Read from the recorded
// schedules and each run's own design, so runs of two designs compare as well.

#include "project/run.h"
#include "schedule/layer_statistics.h"

#include <optional>
#include <string>
#include <vector>

namespace fuselab {

/// One figure of two runs: `a`, `b`, and the change from A to B.
struct MetricDelta {
    double a = 0, b = 0;
    double delta() const { return b - a; }
    /// 100 × (b − a) / a; 0 when both are 0; none when only A is 0 (no base to compare with).
    std::optional<double> percent() const;
    friend bool operator==(const MetricDelta &, const MetricDelta &) = default;
};

struct RunTotalsDelta {
    MetricDelta latencyCycles;
    MetricDelta energyPj;
    MetricDelta edp;             ///< energy (pJ) × latency (cycles), as ScheduleTotals::edp
    MetricDelta dramBytes;       ///< bytes read from and written to DRAM
    MetricDelta peakOnChipBytes; ///< the most bytes held in all on-chip memories at one time
};

/// A layer of either run, matched by name (runs of one design have the same layers; a layer
/// present in one run only has `inA` or `inB` false and zero figures on the other side).
struct LayerDelta {
    std::string layer;
    bool inA = false, inB = false;
    std::string coreA, coreB; ///< the core's name in each run's accelerator ("" if none)
    int groupA = -1, groupB = -1;
    MetricDelta cycles, energyPj, dramBytes, macs;
};

struct RunComparison {
    std::string nameA, nameB;
    RunTotalsDelta totals;
    std::vector<LayerDelta> layers; ///< A's layers in order, then B's layers A lacks
};

/// The most bytes held at one time in all of the schedule's memories together (the step
/// functions of Schedule::occupancy added up); without recorded occupancy, the largest
/// per-memory peak of the totals.
int64_t peakOnChipBytes(const Schedule &s);

RunComparison compareRuns(const Run &a, const Run &b);

} // namespace fuselab
