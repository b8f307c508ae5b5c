// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/timeline.h"

#include <algorithm>

namespace fuselab {

int64_t Timeline::earliest(int64_t t, int64_t duration) const
{
    if (duration <= 0)
        return t;
    // First interval that ends after t; walk the gaps from there.
    auto i = static_cast<size_t>(std::upper_bound(ends_.begin(), ends_.end(), t) - ends_.begin());
    for (; i < starts_.size(); ++i) {
        if (starts_[i] >= t + duration)
            return t;
        t = std::max(t, ends_[i]);
    }
    return t;
}

void Timeline::book(int64_t start, int64_t end)
{
    if (end <= start)
        return;
    busy_ += end - start;
    const auto pos =
        static_cast<size_t>(std::lower_bound(starts_.begin(), starts_.end(), start) - starts_.begin());
    // Merge with touching neighbours to keep the vectors short.
    const bool joinPrev = pos > 0 && ends_[pos - 1] == start;
    const bool joinNext = pos < starts_.size() && starts_[pos] == end;
    if (joinPrev && joinNext) {
        ends_[pos - 1] = ends_[pos];
        starts_.erase(starts_.begin() + static_cast<long>(pos));
        ends_.erase(ends_.begin() + static_cast<long>(pos));
    } else if (joinPrev) {
        ends_[pos - 1] = end;
    } else if (joinNext) {
        starts_[pos] = start;
    } else {
        starts_.insert(starts_.begin() + static_cast<long>(pos), start);
        ends_.insert(ends_.begin() + static_cast<long>(pos), end);
    }
}

int64_t MemoryProfile::earliestFit(int64_t t0, int64_t bytes) const
{
    if (bytes > capacity_)
        return -1;
    const int64_t room = capacity_ - bytes;
    for (size_t k = times_.size(); k-- > 0;) {
        if (usage_[k] > room)
            return k + 1 == times_.size() ? -1 : std::max(t0, times_[k + 1]);
        if (times_[k] <= t0)
            return t0;
    }
    return t0;
}

void MemoryProfile::add(int64_t t, int64_t delta)
{
    if (delta == 0)
        return;
    auto pos = static_cast<size_t>(std::lower_bound(times_.begin(), times_.end(), t) - times_.begin());
    if (pos == times_.size() || times_[pos] != t) {
        times_.insert(times_.begin() + static_cast<long>(pos), t);
        usage_.insert(usage_.begin() + static_cast<long>(pos), pos > 0 ? usage_[pos - 1] : 0);
    }
    for (size_t k = pos; k < usage_.size(); ++k) {
        usage_[k] += delta;
        if (usage_[k] > peak_)
            peak_ = usage_[k];
    }
}

} // namespace fuselab
