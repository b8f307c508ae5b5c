// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/time_axis_mapping.h"

#include <algorithm>

namespace fuselab::timeline {

TimeAxisMapping TimeAxisMapping::zoom(double factor, double aroundX) const
{
    if (factor <= 0.0)
        return *this;
    const double anchor = mapXToTime(aroundX);
    TimeAxisMapping m = *this;
    // Distances from the anchor shrink by `factor`, so the anchor maps to the same pixel.
    m.time.lo = anchor - (anchor - time.lo) / factor;
    m.time.hi = anchor + (time.hi - anchor) / factor;
    return m;
}

TimeAxisMapping TimeAxisMapping::pan(double dx) const
{
    TimeAxisMapping m = *this;
    const double dt = dx * timePerPixel();
    m.time.lo += dt;
    m.time.hi += dt;
    return m;
}

TimeRange clampRange(TimeRange r, TimeRange bounds, double minSpan)
{
    if (r.hi < r.lo)
        std::swap(r.lo, r.hi);
    const double maxSpan = std::max(bounds.span(), minSpan);
    double span = std::clamp(r.span(), std::min(minSpan, maxSpan), maxSpan);
    const double centre = 0.5 * (r.lo + r.hi);
    r.lo = centre - 0.5 * span;
    r.hi = centre + 0.5 * span;
    if (r.lo < bounds.lo) {
        r.hi += bounds.lo - r.lo;
        r.lo = bounds.lo;
    }
    if (r.hi > bounds.hi && span <= bounds.span()) {
        r.lo -= r.hi - bounds.hi;
        r.hi = bounds.hi;
    }
    return r;
}

TimeRange fitRange(double endCycle)
{
    const double end = std::max(1.0, endCycle);
    const double margin = std::max(1.0, 0.01 * end);
    return {-margin, end + margin};
}

} // namespace fuselab::timeline
