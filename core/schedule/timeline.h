// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/huge_page_allocator.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fuselab {

/// Busy intervals of one resource (a core's array, a link, a DRAM port), sorted and disjoint,
/// so a later decision can still use an earlier gap.
class Timeline {
public:
    /// Earliest start ≥ t of a free window of `duration` cycles.
    int64_t earliest(int64_t t, int64_t duration) const;
    /// Marks [start, end) busy; the caller got `start` from earliest().
    void book(int64_t start, int64_t end);
    int64_t busyCycles() const { return busy_; }
    /// Empty again, keeping its storage for the next schedule.
    void clear()
    {
        starts_.clear();
        ends_.clear();
        busy_ = 0;
        hint_ = 0;
    }

private:
    BigVector<int64_t> starts_, ends_;
    int64_t busy_ = 0;
    /// Where the last question landed; the next search starts there. A Timeline belongs to
    /// one scheduling run (one thread), so this cache is not shared.
    mutable std::size_t hint_ = 0;
};

/// Occupancy of one memory over time as a step function, with the question the scheduler
/// asks: from when on is there room for `bytes` more, for good (until released).
class MemoryProfile {
public:
    explicit MemoryProfile(int64_t capacity = 0) : capacity_(capacity) {}
    /// Earliest t ≥ t0 such that usage + bytes ≤ capacity on all of [t, ∞); -1 if never
    /// (the slices still held open leave no room).
    int64_t earliestFit(int64_t t0, int64_t bytes) const;
    /// Adds `delta` bytes on [t, ∞).
    void add(int64_t t, int64_t delta);
    int64_t capacity() const { return capacity_; }
    int64_t peak() const { return peak_; }
    const BigVector<int64_t> &times() const { return times_; }
    const BigVector<int64_t> &usage() const { return usage_; }
    /// Empty with a new capacity, keeping its storage for the next schedule.
    void reset(int64_t capacity)
    {
        capacity_ = capacity;
        peak_ = 0;
        times_.clear();
        usage_.clear();
    }

private:
    int64_t capacity_ = 0, peak_ = 0;
    BigVector<int64_t> times_, usage_; // usage_[i] holds on [times_[i], times_[i+1])
};

} // namespace fuselab
