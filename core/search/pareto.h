// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace fuselab {

/// Objective vectors are minimised. NaN is treated as +inf (worst) by every function here.
using Objectives = std::vector<double>;

/// True if `a` is no worse than `b` in every objective and strictly better in one.
/// Vectors of different lengths never dominate each other.
bool dominates(const Objectives &a, const Objectives &b);

/// Indices of the non-dominated points, in input order. Of several identical points only the
/// first is kept, so the front has no duplicates.
std::vector<int> paretoFront(const std::vector<Objectives> &points);

/// Deb's fast non-dominated sort: fronts[0] is the Pareto front, fronts[1] the front of the rest,
/// … Every index appears in exactly one front; within a front indices are ascending.
std::vector<std::vector<int>> nonDominatedSort(const std::vector<Objectives> &points);

/// NSGA-II crowding distance of each member of `front` (same order as `front`): the sum over
/// objectives of the normalised gap between its two neighbours; the extremes get +inf.
std::vector<double> crowdingDistance(const std::vector<Objectives> &points, const std::vector<int> &front);

/// Area dominated by a two-objective front up to the reference point (both minimised);
/// points not strictly better than the reference in both objectives add nothing.
double hypervolume2D(const std::vector<Objectives> &points, const Objectives &reference);

} // namespace fuselab
