// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A figure of a stored run, rendered without a window (for `fuselab-cli figure`): the same
// views the app shows, filled from the run and exported with figure_export.

#include "project/project.h"
#include "timeline/figure_export.h"

#include <QString>

namespace fuselab {

enum class RunFigureView { Gantt, Memory, Pareto, Breakdown };

/// "gantt", "memory", "pareto" or "breakdown".
std::optional<RunFigureView> runFigureViewFromName(const QString &name);

/// Renders `view` of `run` (the breakdown and Pareto charts show every run of the project,
/// `run` first) to `path`. Needs a QApplication. Returns an empty string or why it failed.
QString renderRunFigure(const Project &project, const Run &run, RunFigureView view, const QString &path,
                        const FigureOptions &options);

} // namespace fuselab
