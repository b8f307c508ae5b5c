// SPDX-License-Identifier: GPL-3.0-or-later
// A layer tile mapped on a core with a memory hierarchy: the loop-nest model (loop_nest.h)
// turned into the CostModel's ComputeCost, and the cache that keeps each search's result.
#pragma once

#include "cost/cost_model.h"
#include "cost/loop_nest.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace fuselab {

/// Whether `core`'s private memories form a hierarchy: some operand sits in two or more of them.
/// Spatial cores with one then use the loop-nest model; the others keep the one-level model.
bool hasMemoryHierarchy(const Core &core, const Accelerator &acc);

/// One layer tile searched on one core.
struct CoreMapping {
    LoopNestProblem problem;
    CoreHierarchy hierarchy;
    MappingResult result;
};

/// The hierarchy of `core` for `layer` (a MatMul of two activations keeps its second operand in
/// the input memories) and the best mapping of `tile` for `objective`: the temporal mapping of
/// the core's unrolling, or for a core that searches its unrolling also of every pruned
/// candidate (spatial_search.h).
CoreMapping mapOnCore(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                      MappingObjective objective);

/// Spatial utilization of a mapping on `core`: useful MACs / (PEs × temporal cycles), stalls left
/// out (the ComputeCost's utilization counts them).
double spatialUtilization(const CoreMapping &m, const Core &core);

/// The ComputeCost of a mapping: cycles = temporal cycles + stalls; memory energy per level,
/// without the transfers the scheduler already charges (each input and weight written once
/// into its top on-chip level, the output read once out of it); DRAM energy and bytes only for
/// what streams beyond those.
ComputeCost computeCostOf(const CoreMapping &m);

/// Results of searches by key (layer shape and precision, core, its memories and the DRAM).
/// Thread-safe; bounded (cleared when it grows past `capacity` entries).
class MappingCache {
public:
    explicit MappingCache(size_t capacity = 1 << 16) : capacity_(capacity) {}
    /// The cached cost for `key`, computing it with `make` the first time.
    template <typename F> ComputeCost get(const std::string &key, F &&make)
    {
        {
            std::lock_guard lock(mutex_);
            if (auto it = map_.find(key); it != map_.end())
                return it->second;
        }
        ComputeCost c = make(); // outside the lock: searches run in parallel
        std::lock_guard lock(mutex_);
        if (map_.size() >= capacity_)
            map_.clear();
        map_.emplace(key, c);
        return c;
    }
    size_t size() const
    {
        std::lock_guard lock(mutex_);
        return map_.size();
    }

private:
    size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, ComputeCost> map_;
};

/// The cache key of a (tile shape, precision, core, hierarchy, objective). Memory names are not
/// part of it: cores equal but for their names share a key (cache their costs with
/// withLevelIndices and read them back with withLevelNames).
std::string mappingKey(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                       MappingObjective objective);

/// `cost` with memory energies keyed "#<index in h.memories>" instead of names, and back.
ComputeCost withLevelIndices(ComputeCost cost, const CoreHierarchy &h);
ComputeCost withLevelNames(ComputeCost cost, const CoreHierarchy &h);

} // namespace fuselab
