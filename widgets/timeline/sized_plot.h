// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A QCustomPlot that is always drawn, whatever room its pane leaves it.
//
// QCustomPlot cannot lay out into less than its layout's minimum (it prints "Exceeded maximum
// expected ... iteration count, layouting aborted"). This plot therefore lays out into its
// viewport grown to that minimum: what does not fit is clipped at the widget's edge, never left
// undrawn. Its paint buffers and viewport always follow the widget's size (a plot that skipped
// a resize painted stale buffers: leftover pixels of other tabs, or black). Its minimum size hint
// is a fixed width and the layout's minimum height at the current width, so a QScrollArea around
// it (timeline::wrapInScrollArea) shows scrollbars when the pane is smaller: the legend re-flows
// into the width it has instead of demanding the width of one row of entries.

#include "qcp_include.h"

class QScrollArea;

namespace fuselab::timeline {

class SizedPlot : public QCustomPlot {
    Q_OBJECT
public:
    using QCustomPlot::QCustomPlot;
    /// Whether a viewport of `size` holds the layout's minimum size.
    bool hasRoomFor(QSize size) const;
    /// The narrowest the plot lays out to (px); below that its scroll area scrolls.
    void setMinimumPlotWidth(int px);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void updateLayout() override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitTickCounts(int viewportWidth);
    int minimumWidth_ = 320;
    QSize lastHint_;
};

/// `plot` inside a frameless scroll area that resizes it to the pane, never below its minimum
/// size hint (then scrollbars appear).
QScrollArea *wrapInScrollArea(QCustomPlot *plot, QWidget *parent);

} // namespace fuselab::timeline
