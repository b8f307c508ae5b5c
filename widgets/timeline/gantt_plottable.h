// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// All tiles of the Gantt chart in one QCustomPlot plottable: per-track sorted arrays with a
// search index, drawing only what is on screen and merging sub-pixel tiles per pixel column
// (see slice_index.h), so a replot costs O(tracks x width) however many tiles there are.
// Key axis = time in cycles, value axis = track row (row i centred on i).

#include "timeline/slice_index.h"
#include "timeline/timeline_data.h"

#include "qcp_include.h"

#include <memory>
#include <vector>

namespace fuselab::timeline {

struct SliceRef {
    int track = -1;
    int slice = -1;
    bool valid() const { return track >= 0 && slice >= 0; }
    bool operator==(const SliceRef &) const = default;
};

class GanttPlottable : public QCPAbstractPlottable {
    Q_OBJECT
    Q_PROPERTY(QFont labelFont READ labelFont WRITE setLabelFont) // figure_export scales it
    // On screen a tile's label is elided to the tile; a figure draws whole labels or none.
    Q_PROPERTY(bool elideLabels READ elideLabels WRITE setElideLabels)
public:
    static constexpr double kRowHalfHeight = 0.36; ///< tiles fill 72% of a row

    GanttPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis);

    void setTimeline(std::shared_ptr<const TimelineData> data);
    const TimelineData *timeline() const { return data_.get(); }
    const TrackIndex &trackIndex(int track) const { return index_[static_cast<std::size_t>(track)]; }

    void setColorBy(ColorBy by) { colorBy_ = by; }
    ColorBy colorBy() const { return colorBy_; }
    void setSelectedLayer(int layer) { selectedLayer_ = layer; }
    void setSelectedSlice(SliceRef s) { selectedSlice_ = s; }
    /// Dependency arrows to draw (from producer to consumer).
    void setArrows(std::vector<std::pair<SliceRef, SliceRef>> arrows) { arrows_ = std::move(arrows); }
    const std::vector<std::pair<SliceRef, SliceRef>> &arrows() const { return arrows_; }
    void setLabelFont(const QFont &f) { labelFont_ = f; }
    QFont labelFont() const { return labelFont_; }
    void setElideLabels(bool on) { elideLabels_ = on; }
    bool elideLabels() const { return elideLabels_; }

    /// Rectangles drawn by the last draw() call (for benchmarks and tests).
    std::size_t lastDrawnRects() const { return lastDrawn_; }

    double selectTest(const QPointF &, bool, QVariant *) const override { return -1.0; } // the view hit-tests
    QCPRange getKeyRange(bool &foundRange, QCP::SignDomain inSignDomain) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain,
                           const QCPRange &inKeyRange) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *, const QRectF &) const override {}

private:
    QString sliceLabel(const Slice &s) const;
    QRectF sliceRect(SliceRef ref) const;
    void drawArrows(QCPPainter *painter) const;

    std::shared_ptr<const TimelineData> data_;
    std::vector<TrackIndex> index_;
    ColorBy colorBy_ = ColorBy::Layer;
    int selectedLayer_ = -1;
    SliceRef selectedSlice_;
    std::vector<std::pair<SliceRef, SliceRef>> arrows_;
    QFont labelFont_;
    bool elideLabels_ = true;
    mutable std::size_t lastDrawn_ = 0;
};

} // namespace fuselab::timeline
