// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A study's table drawn as a figure for a paper (for `fuselab-cli study NAME --figure`): one
// panel per StudyChart, grouped bars (one series per chosen column, one group per table row),
// the title above, each panel with its own y-axis label (with unit) and legend. Exported with
// figure_export, so SVG, PDF and PNG look alike.

#include "search/studies.h"
#include "timeline/figure_export.h"

#include <QSize>
#include <QString>

class QCustomPlot;

namespace fuselab {

/// Fills `plot` (cleared first) with the study's panels. A NaN value (a baseline the engine
/// could not build) draws no bar. A table without charts gets one panel of every value column.
void buildStudyFigure(QCustomPlot *plot, const StudyTable &table);

/// Pixel size that leaves every row's label readable: wider with more rows, taller with more
/// panels.
QSize studyFigureSize(const StudyTable &table);

/// Renders the figure offscreen to `path` (.svg, .pdf, .png). Needs a QApplication. Returns an
/// empty string, or why it failed.
QString renderStudyFigure(const StudyTable &table, const QString &path, FigureOptions options = {});

} // namespace fuselab
