// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace fuselab {

class SearchControl;
class WorkerPool;

/// A run of consecutive positions [first, last] in a topological layer order.
struct Segment {
    int first = 0;
    int last = 0;
    int size() const { return last - first + 1; }
    friend bool operator==(const Segment &, const Segment &) = default;
};

/// Where a fused-group boundary may fall in `order` (a topological order of w's layers).
/// Result[i] says whether a cut between positions i and i+1 is allowed (size n−1).
///
/// Rule: a cut is allowed when at most one activation tensor is live across it, i.e. produced
/// at a position ≤ i and consumed at a position > i (graph inputs come from DRAM and do not
/// count). So a group boundary is a single-edge cut, and a residual block or a set of parallel
/// branches with their join is an indivisible unit: between its fork and its join at least two
/// tensors are live (the skip/branch and the main path).
std::vector<bool> allowedCuts(const Workload &w, const std::vector<LayerId> &order);

/// The indivisible units that the allowed cuts leave, in order.
std::vector<Segment> cutUnits(const std::vector<bool> &cutAllowed);

/// Splitting positions 0…n−1 into consecutive groups, cutting only where allowed, to minimise
/// the sum of the groups' costs.
struct PartitionProblem {
    int positions = 0;
    std::vector<bool> cutAllowed; // size positions−1
    /// Cost of one group [first, last]; +inf if it is infeasible. Called from worker threads
    /// when a pool is given, so it must then be thread-safe.
    std::function<double(int first, int last)> groupCost;
    /// Optional: a cheap bound with lowerBound(f, l) ≤ groupCost(f, l). Candidates that cannot
    /// beat the best prefix found so far are skipped without calling groupCost.
    std::function<double(int first, int last)> lowerBound;
    /// At most this many units per group (0: no limit).
    int maxGroupUnits = 0;
    /// Set when an infeasible group stays infeasible when it grows at its end (e.g. because it
    /// no longer fits on chip): then longer groups from the same start are not tried.
    bool infeasibleStaysInfeasible = false;
};

struct PartitionResult {
    std::vector<Segment> groups; // in order; empty if infeasible or stopped
    double cost = std::numeric_limits<double>::infinity();
    bool feasible = false;
    bool stopped = false;        // cancelled or out of time before the end
    int64_t costEvaluations = 0; // calls of groupCost
    int64_t pruned = 0;          // candidates skipped thanks to lowerBound
};

/// Exact dynamic programme over unit boundaries: best[b] = min_a best[a] + cost(group a..b).
/// O(U²) groups for U units (fewer with maxGroupUnits). Without a pool (or with one thread)
/// it runs serially and prunes with lowerBound; with a pool it evaluates every candidate
/// group in parallel (one task per start) and then runs the recurrence. Ties go to the
/// candidate with the smallest (best[a] + lowerBound, a), so both ways return the same groups.
PartitionResult solvePartition(const PartitionProblem &problem, WorkerPool *pool = nullptr,
                               SearchControl *control = nullptr);

} // namespace fuselab
