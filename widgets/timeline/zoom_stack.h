// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Zoom history with back / forward / fit, like a browser's history: going somewhere new
// after going back drops the forward entries. Pure value type; the view owns the actions.

#include "timeline/time_axis_mapping.h"

#include <cstddef>
#include <vector>

namespace fuselab::timeline {

class ZoomStack {
public:
    static constexpr std::size_t kMaxEntries = 200;

    /// Starts a new history holding only `fit` (the whole schedule).
    void reset(TimeRange fit);
    /// Records a new current range; no-op if it equals the current one.
    void push(TimeRange r);
    /// Pushes the fit range and returns it.
    TimeRange fitAll();

    bool canGoBack() const { return index_ > 0; }
    bool canGoForward() const { return index_ + 1 < entries_.size(); }
    /// Moves in the history and returns the new current range (unchanged at either end).
    TimeRange back();
    TimeRange forward();

    TimeRange current() const { return entries_.empty() ? fit_ : entries_[index_]; }
    TimeRange fitRange() const { return fit_; }
    std::size_t size() const { return entries_.size(); }
    std::size_t index() const { return index_; }

private:
    TimeRange fit_;
    std::vector<TimeRange> entries_;
    std::size_t index_ = 0;
};

} // namespace fuselab::timeline
