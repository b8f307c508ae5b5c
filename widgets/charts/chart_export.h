// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Export of Qt Charts (a ChartCanvas: one chart or several side by side) as a figure for a
// paper, with the options of the timeline views (timeline/figure_export.h): SVG, PDF or PNG,
// size in mm or px, DPI, font size, light print palette. The scene is laid out at the
// figure's size and rendered with QSvgGenerator, QPdfWriter or into a QImage; the axes keep
// their ranges, so the figure shows the current zoom. The view is put back afterwards.

#include "timeline/figure_export.h"

namespace fuselab {

class ChartCanvas;

/// Writes the figure; returns an empty string on success, else why it failed.
QString exportChartFigure(ChartCanvas *canvas, const QString &path, const FigureOptions &options);

} // namespace fuselab
