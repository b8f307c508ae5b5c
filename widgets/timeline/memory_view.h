// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Occupancy of every memory over time: one panel per memory with the operands stacked as
// areas, the capacity as a dashed line and the peak marked. All panels share the time axis,
// which can be linked to a GanttView (zooming one zooms the other). Occupancy is downsampled
// per zoom keeping peaks (memory_downsample.h), so long schedules replot quickly.

#include "timeline/gantt_view.h"
#include "timeline/timeline_data.h"

#include <QSharedPointer>
#include <QWidget>

class QCustomPlot;
class QCPAxis;
class QCPAxisRect;
class QCPGraph;
class QCPItemText;
class QCPItemTracer;
class QCPMarginGroup;

namespace fuselab::timeline {

class TimeTicker;

class MemoryView : public QWidget {
    Q_OBJECT
public:
    explicit MemoryView(QWidget *parent = nullptr);
    ~MemoryView() override;

    /// Shows new memories (panels top to bottom) for a schedule ending at `endCycle`; fits all.
    void setMemories(std::vector<MemoryTrack> memories, int64_t endCycle, double clockMHz);
    const std::vector<MemoryTrack> &memories() const { return memories_; }

    QCustomPlot *plot() const { return plot_; }
    /// The bottom panel's time axis (the one with labels); all panels follow it.
    QCPAxis *timeAxis() const;
    QCPAxisRect *panel(int memory) const;

    TimeRange visibleRange() const;
    void setVisibleRange(TimeRange r);
    void setTimeUnit(TimeUnit unit);

    /// Follow `gantt`'s time range and unit, and drive it when this view is zoomed or panned.
    /// The plot areas' left edges are aligned too, so stacked views share one time scale.
    void linkTimeAxis(GanttView *gantt);

    /// The stacked total (top graph) as plotted for `memory`, for tests: (cycle, bytes).
    std::vector<std::pair<double, double>> plottedTotal(int memory) const;
    /// Where the peak label and the memory's name are drawn (pixels, after a replot), for tests.
    QRectF peakLabelRect(int memory) const;
    QRectF nameRect(int memory) const;

Q_SIGNALS:
    void visibleRangeChanged(double lo, double hi);

private:
    struct Panel {
        QCPAxisRect *rect = nullptr;
        std::vector<QCPGraph *> graphs; ///< cumulative series, bottom to top
        QCPItemTracer *peak = nullptr;
        QCPItemText *peakLabel = nullptr;
        QCPItemText *name = nullptr; ///< the memory's name in the top-left corner
    };
    void rebuild();
    void refreshData();
    void onPanelRangeChanged(QCPAxis *source);
    void alignLeftEdges();
    void placePeakLabels();
    void equalizePanelHeights();
    void fitByteTicks();
    TimeRange bounds() const;

    QCustomPlot *plot_ = nullptr;
    std::vector<MemoryTrack> memories_;
    std::vector<Panel> panels_;
    std::vector<QSharedPointer<TimeTicker>> tickers_;
    // Aligns the panels' margins; replaced on every rebuild (a group per rebuild, parented to
    // the plot, accumulated for the plot's lifetime: found by the soak test).
    QCPMarginGroup *margins_ = nullptr;
    int64_t endCycle_ = 0;
    double clockMHz_ = 1000.0;
    TimeUnit unit_ = TimeUnit::Cycles;
    bool syncing_ = false;
    GanttView *linked_ = nullptr;
};

} // namespace fuselab::timeline
