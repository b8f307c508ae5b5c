// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <cstdint>
#include <vector>

namespace fuselab {

/// A path between two blocks over links, fewest hops first.
struct Route {
    std::vector<int> links;  // link indices, in order
    double bandwidth = 0;    // bytes per cycle: the slowest link (infinite for an empty route)
    int64_t latency = 0;     // Σ per-hop latency, cycles
    double energyPerBit = 0; // Σ pJ/bit over the hops
};

/// The block graph of an accelerator (cores, shared memories, the DRAM) with every route
/// precomputed, so the scheduler's hot loop only indexes. Immutable once built.
class Topology {
public:
    explicit Topology(const Accelerator &acc);

    int blockCount() const { return blocks_; }
    int blockOfCore(int core) const { return core; }
    /// The block a memory sits in: its core for a private memory, itself for a shared one.
    int blockOfMemory(int memory) const { return memoryBlock_[memory]; }
    int dramBlock() const { return blocks_ - 1; }
    /// Route index between two blocks, -1 when no links join them. Same block: an empty route.
    int routeIndex(int from, int to) const { return routeOf_[static_cast<size_t>(from) * blocks_ + to]; }
    const Route &route(int index) const { return routes_[index]; }
    const std::vector<Route> &routes() const { return routes_; }
    /// Whether any link reaches the DRAM (then DRAM traffic also crosses links).
    bool dramLinked() const { return dramLinked_; }

private:
    int blocks_ = 0;
    bool dramLinked_ = false;
    std::vector<int> memoryBlock_;
    std::vector<int> routeOf_;
    std::vector<Route> routes_;
};

} // namespace fuselab
