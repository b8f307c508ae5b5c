// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/memory_downsample.h"

#include <algorithm>
#include <cmath>

namespace fuselab::timeline {

namespace {
// First step whose cycle is after t.
std::size_t upperStep(const std::vector<MemoryStep> &steps, double t)
{
    const auto it = std::upper_bound(steps.begin(), steps.end(), t, [](double x, const MemoryStep &s) {
        return x < static_cast<double>(s.cycle);
    });
    return static_cast<std::size_t>(it - steps.begin());
}
} // namespace

std::vector<MemoryStep> downsamplePeaks(const std::vector<MemoryStep> &steps, double lo, double hi,
                                        int buckets)
{
    std::vector<MemoryStep> out;
    if (steps.empty() || !(hi > lo) || buckets < 1)
        return out;
    // The step active at lo is the last one starting at or before lo (if any).
    std::size_t i = upperStep(steps, lo);
    const std::size_t begin = i > 0 ? i - 1 : 0;
    std::size_t end = begin;
    while (end < steps.size() && static_cast<double>(steps[end].cycle) < hi)
        ++end;
    if (end - begin <= static_cast<std::size_t>(buckets)) {
        out.assign(steps.begin() + static_cast<std::ptrdiff_t>(begin),
                   steps.begin() + static_cast<std::ptrdiff_t>(end));
        if (!out.empty() && static_cast<double>(out.front().cycle) < lo)
            out.front().cycle = static_cast<int64_t>(std::ceil(lo));
        return out;
    }
    const double width = (hi - lo) / buckets;
    // `active` is the step in force at the start of the current bucket (-1 before the first).
    std::ptrdiff_t active = i > 0 ? static_cast<std::ptrdiff_t>(i - 1) : -1;
    for (int b = 0; b < buckets; ++b) {
        const double bLo = lo + b * width;
        const double bHi = b + 1 == buckets ? hi : lo + (b + 1) * width;
        std::ptrdiff_t best = active;
        int64_t bestTotal = active >= 0 ? steps[static_cast<std::size_t>(active)].total() : -1;
        while (i < end && static_cast<double>(steps[i].cycle) < bHi) {
            const int64_t t = steps[i].total();
            if (t > bestTotal) {
                best = static_cast<std::ptrdiff_t>(i);
                bestTotal = t;
            }
            active = static_cast<std::ptrdiff_t>(i);
            ++i;
        }
        if (best < 0)
            continue; // nothing allocated yet
        const MemoryStep &src = steps[static_cast<std::size_t>(best)];
        if (!out.empty() && out.back().bytes == src.bytes)
            continue;
        // Cycles are integers: the first cycle of bucket b is ceil(bLo).
        const auto cycle = static_cast<int64_t>(std::ceil(bLo));
        if (!out.empty() && out.back().cycle == cycle) {
            if (src.total() > out.back().total())
                out.back().bytes = src.bytes;
            continue;
        }
        MemoryStep p = src;
        p.cycle = cycle;
        out.push_back(std::move(p));
    }
    return out;
}

int peakStep(const std::vector<MemoryStep> &steps)
{
    int best = -1;
    int64_t bestTotal = -1;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const int64_t t = steps[i].total();
        if (t > bestTotal) {
            best = static_cast<int>(i);
            bestTotal = t;
        }
    }
    return best;
}

} // namespace fuselab::timeline
