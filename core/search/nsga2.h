// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/pareto.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace fuselab {

class SearchControl;
class WorkerPool;

/// A multi-objective problem over integer chromosomes: gene i takes one of allowed[i]
/// (e.g. the cores that can run layer i). All objectives are minimised.
struct Nsga2Problem {
    std::vector<std::vector<int>> allowed;
    /// Must be thread-safe and deterministic (same genes ⇒ same objectives): it runs on the
    /// worker pool. Return +inf for an infeasible chromosome; NaN counts as +inf.
    std::function<Objectives(const std::vector<int> &genes)> evaluate;
    /// Chromosomes placed in the first population before the random ones (e.g. a heuristic
    /// allocation), so the search never returns worse than them.
    std::vector<std::vector<int>> initial;
};

struct Nsga2Config {
    int population = 32;
    int generations = 100;
    double crossoverRate = 0.9; // per pair, uniform crossover
    double mutationRate = -1;   // per gene; < 0 means 1 / genes
    uint64_t seed = 1;
};

struct Nsga2Individual {
    std::vector<int> genes;
    Objectives objectives;
    friend bool operator==(const Nsga2Individual &, const Nsga2Individual &) = default;
};

struct Nsga2Result {
    /// Every non-dominated point evaluated during the run (an archive, not only the final
    /// population), one chromosome per objective vector, sorted by objectives.
    std::vector<Nsga2Individual> front;
    std::vector<Nsga2Individual> population; // the final population
    int64_t evaluations = 0;                 // distinct chromosomes evaluated
    int generations = 0;                     // generations completed after the initial one
    bool stopped = false;                    // cancelled or out of time
};

/// NSGA-II (Deb et al. 2002): fast non-dominated sort, crowding distance, binary tournament,
/// uniform crossover, per-gene mutation, elitist (μ+λ) survival with duplicate chromosomes
/// demoted. Each generation's new chromosomes are evaluated in parallel on `pool` and cached.
///
/// Deterministic: every random draw comes from a stream derived from (seed, generation,
/// pair index) and results are gathered by index, so the result is the same for any thread
/// count. A stopped run returns what it has (then the result depends on timing).
Nsga2Result runNsga2(const Nsga2Problem &problem, const Nsga2Config &config, WorkerPool &pool,
                     SearchControl *control = nullptr);

} // namespace fuselab
