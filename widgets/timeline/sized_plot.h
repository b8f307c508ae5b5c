// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A QCustomPlot that neither lays out nor resizes its paint buffers while it is smaller than
// its layout's minimum: on a hidden tab (never laid out, e.g. 100 x 30 px) or in a splitter
// pane collapsed to 0 px. QCustomPlot's layout cannot distribute a space that small and
// prints "Exceeded maximum expected ... iteration count, layouting aborted" on every
// replot, and a 0 px paint buffer makes every layer print a QPainter warning. While too
// small, the plot keeps its last usable viewport (it is not visible anyway); the next
// resize to a usable size lays it out and replots.

#include "qcp_include.h"

namespace fuselab::timeline {

class SizedPlot : public QCustomPlot {
    Q_OBJECT
public:
    using QCustomPlot::QCustomPlot;
    /// Whether a viewport of `size` holds the layout's minimum size.
    bool hasRoomFor(QSize size) const;

protected:
    void updateLayout() override;
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace fuselab::timeline
