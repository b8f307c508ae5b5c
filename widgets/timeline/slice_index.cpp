// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/slice_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fuselab::timeline {

TrackIndex::TrackIndex(const Track &track)
{
    maxEnd_.reserve(track.slices.size());
    int64_t m = std::numeric_limits<int64_t>::min();
    for (const Slice &s : track.slices) {
        m = std::max(m, s.end);
        maxEnd_.push_back(m);
    }
}

std::pair<std::size_t, std::size_t> TrackIndex::visible(const Track &track, double lo, double hi) const
{
    // First slice whose running max end is after lo: nothing before it reaches into view.
    const auto first = std::upper_bound(maxEnd_.begin(), maxEnd_.end(), lo,
                                        [](double t, int64_t e) { return t < static_cast<double>(e); });
    // First slice starting at or after hi: it and all later ones are beyond the view.
    const auto last =
        std::lower_bound(track.slices.begin(), track.slices.end(), hi,
                         [](const Slice &s, double t) { return static_cast<double>(s.start) < t; });
    const auto f = static_cast<std::size_t>(first - maxEnd_.begin());
    const auto l = static_cast<std::size_t>(last - track.slices.begin());
    return {f, std::max(f, l)};
}

int TrackIndex::hitTest(const Track &track, double t, double tolerance) const
{
    // Candidates start at or before t + tolerance and end after t - tolerance.
    const auto after =
        std::upper_bound(track.slices.begin(), track.slices.end(), t + tolerance,
                         [](double x, const Slice &s) { return x < static_cast<double>(s.start); });
    int best = -1;
    double bestDist = std::numeric_limits<double>::infinity();
    for (auto i = static_cast<std::ptrdiff_t>(after - track.slices.begin()) - 1; i >= 0; --i) {
        const auto ui = static_cast<std::size_t>(i);
        if (static_cast<double>(maxEnd_[ui]) < t - tolerance)
            break;
        const Slice &s = track.slices[ui];
        const double a = static_cast<double>(s.start);
        const double b = static_cast<double>(s.end);
        const double dist = (t >= a && t < b) ? 0.0 : std::min(std::abs(t - a), std::abs(t - b));
        // Walking backwards, a tie keeps the later slice (the boundary rule above).
        if (dist <= tolerance && dist < bestDist) {
            best = static_cast<int>(ui);
            bestDist = dist;
        }
    }
    return best;
}

namespace {

// Accumulates sub-pixel slices column by column and emits merged runs of columns.
class ColumnMerger {
public:
    ColumnMerger(const Track &track, ColorBy by, int priorityLayer, std::vector<DrawRect> &out)
        : track_(track), by_(by), priority_(priorityLayer), out_(out)
    {
    }

    void add(int64_t column, int slice, double cover)
    {
        if (count_ > 0 && column != column_)
            flushColumn();
        column_ = column;
        ++count_;
        const bool prio = priority_ >= 0 && track_.slices[static_cast<std::size_t>(slice)].layer == priority_;
        if (best_ < 0 || (prio && !bestPrio_) || (prio == bestPrio_ && cover > bestCover_)) {
            best_ = slice;
            bestCover_ = cover;
            bestPrio_ = prio;
        }
    }

    void flush()
    {
        flushColumn();
        flushRun();
    }

private:
    void flushColumn()
    {
        if (count_ == 0)
            return;
        const int key = colorKey(track_.slices[static_cast<std::size_t>(best_)], by_);
        const double x0 = static_cast<double>(column_);
        if (runOpen_ && runKey_ == key && run_.x1 == x0) {
            run_.x1 = x0 + 1.0;
            run_.count += count_;
        } else {
            flushRun();
            run_ = {x0, x0 + 1.0, best_, count_};
            runKey_ = key;
            runOpen_ = true;
        }
        count_ = 0;
        best_ = -1;
        bestCover_ = -1.0;
        bestPrio_ = false;
    }

    void flushRun()
    {
        if (runOpen_)
            out_.push_back(run_);
        runOpen_ = false;
    }

    const Track &track_;
    ColorBy by_;
    int priority_;
    std::vector<DrawRect> &out_;
    int64_t column_ = 0;
    int count_ = 0;
    int best_ = -1;
    double bestCover_ = -1.0;
    bool bestPrio_ = false;
    DrawRect run_;
    int runKey_ = 0;
    bool runOpen_ = false;
};

} // namespace

std::vector<DrawRect> mergeForDrawing(const Track &track, const TrackIndex &index, const TimeAxisMapping &map,
                                      ColorBy colorBy, int priorityLayer, double minWidthPx)
{
    std::vector<DrawRect> out;
    const auto [first, last] = index.visible(track, map.time.lo, map.time.hi);
    // Clip far-away edges so that huge zooms never produce huge pixel coordinates.
    const double clipLo = map.xLeft - 2.0;
    const double clipHi = map.xLeft + map.width + 2.0;
    ColumnMerger merger(track, colorBy, priorityLayer, out);
    for (std::size_t i = first; i < last; ++i) {
        const Slice &s = track.slices[i];
        const double x0 = std::max(clipLo, map.mapTimeToX(static_cast<double>(s.start)));
        const double x1 = std::min(clipHi, map.mapTimeToX(static_cast<double>(s.end)));
        if (x1 < x0)
            continue; // only possible for overlapping slices that end before the view
        if (x1 - x0 >= minWidthPx) {
            merger.flush();
            out.push_back({x0, x1, static_cast<int>(i), 1});
            continue;
        }
        // A slice narrower than a pixel touches one or two columns; [x0, x1) is half-open.
        const auto c0 = static_cast<int64_t>(std::floor(x0));
        const auto c1 = std::max(c0, static_cast<int64_t>(std::ceil(x1)) - 1);
        for (int64_t c = c0; c <= c1; ++c) {
            const double cover =
                std::min(x1, static_cast<double>(c + 1)) - std::max(x0, static_cast<double>(c));
            merger.add(c, static_cast<int>(i), cover);
        }
    }
    merger.flush();
    return out;
}

} // namespace fuselab::timeline
