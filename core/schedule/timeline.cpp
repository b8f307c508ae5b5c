// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/timeline.h"

#include <algorithm>

namespace fuselab {

namespace {
// First index i with v[i] > t (`above`) or v[i] ≥ t in a sorted vector, galloping from
// `hint`: the scheduler's successive questions to one timeline land within a few intervals
// of each other, mostly hundreds of intervals before its end, where a binary search over the
// whole vector (up to ~10⁵ intervals) mostly misses the cache.
size_t gallop(const BigVector<int64_t> &v, int64_t t, bool above, size_t hint)
{
    auto before = [&](int64_t x) { return above ? x <= t : x < t; }; // x precedes the answer
    auto search = [&](size_t lo, size_t hi) { // the answer is in [lo, hi]
        const auto first = v.begin() + static_cast<long>(lo), last = v.begin() + static_cast<long>(hi);
        return static_cast<size_t>(
            (above ? std::upper_bound(first, last, t) : std::lower_bound(first, last, t)) - v.begin());
    };
    const size_t n = v.size();
    size_t step = 1;
    if (hint < n && before(v[hint])) { // the answer is after hint
        for (size_t lo = hint;; step *= 2) {
            const size_t hi = lo + step;
            if (hi >= n)
                return search(lo + 1, n);
            if (!before(v[hi]))
                return search(lo + 1, hi);
            lo = hi;
        }
    }
    for (size_t hi = std::min(hint, n); hi > 0; step *= 2) { // the answer is at or before hi
        const size_t lo = hi > step ? hi - step : 0;
        if (before(v[lo]))
            return search(lo + 1, hi);
        hi = lo;
    }
    return 0;
}
} // namespace

int64_t Timeline::earliest(int64_t t, int64_t duration) const
{
    if (duration <= 0)
        return t;
    // First interval that ends after t; walk the gaps from there.
    size_t i = gallop(ends_, t, true, hint_);
    hint_ = i;
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
    const size_t pos = gallop(starts_, start, false, hint_);
    hint_ = pos;
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
