// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace fuselab {

/// A tensor that could be pinned (kept whole in an on-chip memory between its producer and
/// its consumers): what it occupies and what pinning it saves (DRAM bytes, cycles, pJ…).
struct PinCandidate {
    int64_t bytes = 0;
    double benefit = 0;
};

struct PinChoice {
    std::vector<int> chosen; // indices into the candidates, ascending
    int64_t bytes = 0;       // Σ bytes of the chosen, ≤ capacity
    double benefit = 0;      // Σ benefit of the chosen
    bool exact = false;      // true: provably the best subset
};

struct PinOptions {
    /// Largest DP table (items × capacity cells) for the exact solution.
    int64_t maxTableCells = int64_t{1} << 24;
};

/// 0/1 knapsack: the subset of candidates with the largest total benefit whose bytes fit in
/// `capacity` (all pinned tensors are counted as live at once, which is conservative).
/// Exact by dynamic programming over capacity in units of the gcd of the sizes when that
/// table is small enough. Otherwise sizes are rounded up to a coarser granule (so the answer
/// still fits) and the best of that DP, the greedy-by-ratio fill and the best single item is
/// returned — at least half the optimum. Items with no benefit are never chosen; items of zero
/// bytes with a benefit always are.
PinChoice selectPins(const std::vector<PinCandidate> &candidates, int64_t capacity,
                     const PinOptions &options = {});

} // namespace fuselab
