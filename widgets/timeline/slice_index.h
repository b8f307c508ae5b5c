// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Fast queries over one track's sorted slices: which slices are visible, which slice is
// under the cursor (binary search), and which rectangles to draw at the current zoom
// (sub-pixel slices merged per pixel column so that the cost is bounded by the width).

#include "timeline/time_axis_mapping.h"
#include "timeline/timeline_data.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fuselab::timeline {

/// Role: the layer's place in its repeated block, one colour for `layers.*.attn.q_proj` of
/// every block (a 32-layer decoder has 17 roles, not 546 layers).
enum class ColorBy { Layer, Group, Role };

/// The slice's colour key; by role, the layer (finer: tiles merge per layer) unless the
/// timeline's layer → role table is given.
inline int colorKey(const Slice &s, ColorBy by, const TimelineData *roles = nullptr)
{
    if (by == ColorBy::Group)
        return s.group;
    if (by == ColorBy::Role && roles && s.layer >= 0 && s.layer < static_cast<int>(roles->layerRole.size()))
        return roles->layerRole[static_cast<std::size_t>(s.layer)];
    return s.layer;
}

/// Search structure of one track. Slices are sorted by start; `maxEnd[i]` is the largest end
/// among slices 0..i, which makes "first slice ending after t" a binary search even if a
/// track's slices overlap (a DRAM port may read and write at once).
class TrackIndex {
public:
    TrackIndex() = default;
    explicit TrackIndex(const Track &track);

    /// Slices that may intersect [lo, hi): indices [first, last).
    std::pair<std::size_t, std::size_t> visible(const Track &track, double lo, double hi) const;
    /// The slice containing time t, or else the one nearest to t within `tolerance` (cycles);
    /// -1 if none. A time on the boundary of two adjacent slices belongs to the later one.
    int hitTest(const Track &track, double t, double tolerance) const;

private:
    std::vector<int64_t> maxEnd_;
};

/// One rectangle to draw: [x0, x1) in pixels. `count` > 1 means several sub-pixel slices
/// merged into whole pixel columns; `slice` is then the representative (the slice covering
/// most of the columns, or a slice of `priorityLayer` when one is there).
struct DrawRect {
    double x0 = 0.0;
    double x1 = 0.0;
    int slice = -1;
    int count = 1;
};

/// Rectangles for the slices of `track` visible in `map`. Slices at least `minWidthPx` wide
/// are drawn exactly; narrower ones are binned into pixel columns, each busy column is drawn
/// (a column is busy if any slice overlaps it), and neighbouring columns whose representatives
/// share a colour key merge into one rectangle. So the number of rectangles is at most the
/// number of wide slices plus twice the pixel width, whatever the number of slices.
std::vector<DrawRect> mergeForDrawing(const Track &track, const TrackIndex &index, const TimeAxisMapping &map,
                                      ColorBy colorBy, int priorityLayer = -1, double minWidthPx = 1.0);

} // namespace fuselab::timeline
