// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "schedule/schedule.h"
#include "schedule/topology.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace fuselab {

namespace detail {
struct SchedulerBuffers; // scheduler_impl.h

/// The compute cost of one layer's tile on one core (reference clock), as the scheduler uses it.
struct CostEntry {
    int core = 0;
    LoopDims dims;
    int64_t extraVectorOps = 0; // ComputationNode::extraVectorOps: part of the key
    int64_t cycles = 0;         // reference clock
    int64_t macs = 0;
    double macEnergy = 0;
    std::vector<std::pair<int, double>> memoryEnergy;
    int64_t weightLoadCycles = 0; // reference clock; paid when the weights are (re)loaded
    double weightLoadEnergy = 0;
    double dramStreamEnergy = 0; // an oversized operand streamed during the compute (pJ)
    double dramStreamBytes = 0;  // its bytes: the compute then holds a DRAM port
};
} // namespace detail

/// What schedule() may keep from one call to the next on the same workload, accelerator and
/// cost model: the accelerator's routes, the cost of every (layer, core, tile) met so far, and
/// the scheduler's working arrays (their storage, not their contents).
/// A search schedules thousands of plans that differ only in where layers run, so nearly every
/// cost is found again (the cost models are ~15 % of a schedule otherwise). Costs are pure
/// functions of their key, so results are the same with or without a cache.
/// Not thread-safe: one schedule() at a time uses it (a search keeps one per worker).
class ScheduleCache {
public:
    /// The workload and accelerator must outlive the cache; schedule() refuses (std::invalid_argument)
    /// a cache made for other ones.
    ScheduleCache(const Workload &w, const Accelerator &acc, CostModelLookup costModel);
    ~ScheduleCache();
    ScheduleCache(const ScheduleCache &) = delete;
    ScheduleCache &operator=(const ScheduleCache &) = delete;

    bool servesFor(const Workload &w, const Accelerator &acc, CostModelLookup costModel) const
    {
        return &w == w_ && &acc == acc_ && costModel == costModel_;
    }
    const Topology &topology() const { return topology_; }
    /// Entries known for a layer (the scheduler appends to it).
    std::vector<detail::CostEntry> &costsOf(int layer) { return costs_[static_cast<size_t>(layer)]; }
    /// The working arrays of the last run, for the next one to reuse (nullptr if none).
    std::unique_ptr<detail::SchedulerBuffers> takeBuffers();
    void keepBuffers(std::unique_ptr<detail::SchedulerBuffers> buffers);

private:
    const Workload *w_;
    const Accelerator *acc_;
    CostModelLookup costModel_;
    Topology topology_;
    std::vector<std::vector<detail::CostEntry>> costs_;
    std::unique_ptr<detail::SchedulerBuffers> spare_;
};

} // namespace fuselab
