// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Export of Qt Charts (a ChartCanvas: one chart or several side by side) as a figure for a
// paper, with the options of the timeline views (timeline/figure_export.h): SVG, PDF or PNG,
// size in mm or px, DPI, font size, light print palette. The scene is laid out at the
// figure's size and rendered with QSvgGenerator, QPdfWriter or into a QImage; the axes keep
// their ranges, so the figure shows the current zoom. The view is put back afterwards.

#include "timeline/figure_export.h"

#include <QSize>

namespace fuselab {

class ChartCanvas;

/// The size a figure of a hidden canvas (on another tab: never laid out) takes when the
/// options give none, as `fuselab-cli figure` lays its charts out.
inline constexpr QSize kHiddenChartFigureSize{1200, 700};

/// Writes the figure; returns an empty string on success, else why it failed.
QString exportChartFigure(ChartCanvas *canvas, const QString &path, const FigureOptions &options);

} // namespace fuselab
