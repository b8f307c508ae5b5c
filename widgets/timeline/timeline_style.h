// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The look shared by the timeline views' axes and texts, in one place.

#include <QColor>

class QCPAxis;
class QCPLegend;
class QCustomPlot;

namespace fuselab::timeline {

inline const QColor kAxisColor{0x55, 0x5b, 0x63};
inline const QColor kTextColor{0x2b, 0x2f, 0x33};
inline const QColor kGridColor{0xe2, 0xe4, 0xe8};

/// Muted axis pens, dark text, light solid grid, no sub-grid.
void styleAxis(QCPAxis *axis);

/// Puts `legend` in a new first row of the plot layout, entries packed to the left in
/// rows of `columns`, without a frame: a key above the chart that leaves it the full width.
void placeLegendOnTop(QCustomPlot *plot, QCPLegend *legend, int columns);

} // namespace fuselab::timeline
