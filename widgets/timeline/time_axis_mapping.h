// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The time <-> pixel mapping of a horizontal time axis, as a tiny value type so that zoom
// and pan are pure functions (tested on their own) and the views only apply the result.

namespace fuselab::timeline {

struct TimeRange {
    double lo = 0.0;
    double hi = 1.0;
    double span() const { return hi - lo; }
    bool operator==(const TimeRange &) const = default;
};

struct TimeAxisMapping {
    TimeRange time;     ///< visible time range (cycles)
    double xLeft = 0.0; ///< pixel of time.lo
    double width = 1.0; ///< pixels from time.lo to time.hi

    double mapTimeToX(double t) const { return xLeft + (t - time.lo) * width / time.span(); }
    double mapXToTime(double x) const { return time.lo + (x - xLeft) * time.span() / width; }
    double timePerPixel() const { return time.span() / width; }

    /// factor > 1 zooms in (the span shrinks by `factor`); the time under `aroundX` stays there.
    [[nodiscard]] TimeAxisMapping zoom(double factor, double aroundX) const;
    /// Moves the view by `dx` pixels: positive shows later times (content moves left).
    [[nodiscard]] TimeAxisMapping pan(double dx) const;
};

/// Keeps `r` inside [bounds.lo, bounds.hi] and its span within [minSpan, bounds.span()],
/// shifting rather than shrinking when it only sticks out on one side.
TimeRange clampRange(TimeRange r, TimeRange bounds, double minSpan);

/// The "fit all" range of a schedule ending at `endCycle`: [0, end] plus a 1% margin each side
/// (shared by every view so that linked axes clamp identically).
TimeRange fitRange(double endCycle);

/// The narrowest range the time views zoom to, in cycles.
constexpr double kMinVisibleSpan = 10.0;

} // namespace fuselab::timeline
