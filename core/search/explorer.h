// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "search/objective.h"
#include "search/shared_genes.h"
#include "workload/workload.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fuselab {

class SearchControl;
struct MappingConstraints;

/// The largest workload the search takes: its memory grows with the layer count (measured
/// 484 MiB peak for 10,000 layers, BENCHMARKS.md "Hostile sizes"), so 20,000 layers stay near
/// 1 GiB. Larger workloads are refused up front (InputError) rather than swapping.
constexpr int kMaxExploreLayers = 20000;

struct ExploreOptions {
    Objective objective = Objective::Latency;
    /// Empty, or two objectives for a Pareto front (the best point is still chosen by
    /// `objective`).
    std::vector<Objective> pareto;
    int threads = 0; // ≤ 0: all hardware threads
    uint64_t seed = 1;
    int generations = 100; // NSGA-II allocation search
    int population = 32;
    /// At most this many indivisible units (layers, residual blocks) per fused group.
    int maxGroupUnits = 8;
    /// Tile heights (rows of a group's last output) tried per group; one whole tile is always tried.
    std::vector<int> tileRowChoices{1, 2, 4, 8, 16};
    /// Search the layer-core allocation with NSGA-II when some layer can run on several cores.
    bool allocationSearch = true;
    /// The same layer of repeated blocks (a decoder's 32) shares one allocation gene
    /// (search/shared_genes.h): every block is allocated alike, and NSGA-II's space shrinks
    /// from one gene per layer to one per role. Off: a gene per layer.
    bool shareBlockGenes = true;
    /// Only roles repeated this often share a gene (shareGenesByRole): a decoder's 16-80
    /// blocks do, a ResNet stage's 2-6 keep per-block allocations, which a multi-core pipeline
    /// needs to balance its load (sharing them cut `study multicore`'s EDP gain on ResNet-18 from
    /// 2.66x to 2.41x).
    int minSharedBlocks = kMinSharedBlocks;
    CostModelLookup costModel = nullptr;
    /// A Stream mapping's constraints: the cores each layer may take (and its splits) bound
    /// the baselines and the allocation search. Not owned; nullptr: none.
    const MappingConstraints *mapping = nullptr;
    /// Fixed stacks (parseLayerStacks): the groups are these and every other layer alone; the
    /// search picks the rest (tiles, overlap, weights, pins, allocation). Empty: searched.
    std::vector<std::vector<LayerId>> stacks;
    /// Per layer: a core fixed by the user (parseLayerAllocation), or -1; empty: none fixed.
    std::vector<int> fixedCore;
    /// Whole plans are scheduled with ScheduleOptions::residentActivations (Stream's residency).
    bool residentActivations = false;
    /// ScheduleOptions::maxCns for every whole plan the search schedules. When every baseline
    /// (lbl, fused) is estimated above it, explore() refuses at once (ScheduleError naming the
    /// estimates) instead of searching plans of the same size that would all be refused.
    int64_t maxCns = kDefaultExploreMaxCns;
};

/// A plan and its exact (full scheduler) totals.
struct EvaluatedPlan {
    Plan plan;
    ScheduleTotals totals;
    std::string origin; // how it was found, e.g. "dp latency + pins"
};

struct ExploreStats {
    int64_t planEvaluations = 0;  // whole-plan schedules
    int64_t groupEvaluations = 0; // single-group schedules (the DP's fast estimates)
    int units = 0;                // indivisible units of the layer order
    int groups = 0;               // candidate groups in the group table
    int distinctGroups = 0;       // of which scheduled: the others share a signature (repeated blocks)
    int generations = 0;          // NSGA-II generations run
    int allocationGenes = 0;      // genes of the allocation search (0: none searched)
    int rejected = 0;             // candidate plans that failed the plan or schedule validator
    double wallSeconds = 0;
    /// Wall time per phase of run(): baselines, group table, partition DP and pins, the
    /// allocation GA, and finish (re-evaluation and validation of the returned plans).
    double phaseSeconds[5] = {0, 0, 0, 0, 0};
    int threads = 1;
    bool stopped = false; // cancelled or out of time: the result is the best found so far
    std::string stopReason; // "time limit", "cancelled", or empty when the budget ran out
};

struct ExploreResult {
    EvaluatedPlan best;
    Schedule bestSchedule;             // recorded with events; passed validateSchedule
    std::vector<EvaluatedPlan> pareto; // with ExploreOptions::pareto, sorted by the first objective
    /// lbl, fused, fuse_only, pin_only, access_based (a baseline the generators cannot build is
    /// missing and named in `warnings`).
    std::vector<std::pair<std::string, EvaluatedPlan>> baselines;
    std::vector<std::string> warnings;
    /// Baselines that could not be built, with the reason (e.g. the scheduler's message).
    std::vector<std::pair<std::string, std::string>> missingBaselines;
    /// Returned plans (baseline names, "pareto point …") not re-scheduled with events and
    /// validated because the time limit had passed; their totals are exact all the same. The
    /// best plan is always checked.
    std::vector<std::string> unchecked;
    ExploreStats stats;
};

/// Finds a plan for `w` on `acc` (docs/design.md §6):
///  1. baselines: layer by layer, the greedy fused generator, and the default core allocation;
///  2. every candidate group of up to maxGroupUnits units (allowedCuts) is scheduled alone for
///     each tile height × overlap mode × weight policy (groupConfigs), in parallel; groups with
///     equal signatures (groupSignature: the same group of repeated blocks) are scheduled once.
///     With shareBlockGenes the table and the DP use the baseline allocation with every block
///     allocated like the first, so that a decoder's groups repeat;
///  3. the partition DP picks groups and their configurations for several additive
///     criteria (latency, energy, DRAM bytes, and latency/energy blends for EDP); every
///     resulting plan is then scheduled whole (exact re-evaluation);
///  4. pins jointly with fusion: the tensors crossing group boundaries of each candidate are
///     pinned by knapsack (selectPins) under the spare capacity of the producer's memory, so
///     each tensor is inside a group, pinned, or goes through DRAM; variants with and without
///     pins are evaluated exactly;
///  5. on a multi-core accelerator NSGA-II searches the layer-core allocation and K splits of
///     the best plan, with the full scheduler as fitness;
///  6. the best plan by `objective` (and the Pareto front) are re-scheduled with events and
///     must pass validatePlan and validateSchedule; a candidate that fails is dropped. With a
///     time limit the search phases stop early enough for the best plan's re-check (a reserve
///     of ~8 baseline evaluations, at most half the limit), and a baseline or Pareto point
///     whose re-check would end past the limit is returned unchecked (ExploreResult::unchecked;
///     its totals are exact, from the full scheduler).
/// Deterministic for a given seed at any thread count (unless stopped early).
/// Throws ScheduleError when not even the baselines can be scheduled, at once when they all
/// exceed ExploreOptions::maxCns.
ExploreResult explore(const Workload &w, const Accelerator &acc, const ExploreOptions &options,
                      SearchControl *control = nullptr);

} // namespace fuselab
