// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A figure of a stored run, rendered without a window (for `fuselab-cli figure`): the same
// views the app shows, built by the view registry from the run and exported with
// figure_export.

#include "project/project.h"
#include "timeline/figure_export.h"
#include "views/view_registry.h"

#include <QString>

namespace fuselab {

/// Renders `view` (one with a makeFigure) of `run` (the breakdown and Pareto charts show
/// every run of the project, `run` first) to `path`. Needs a QApplication. Returns an empty
/// string or why it failed.
QString renderRunFigure(const Project &project, const Run &run, const ViewInfo &view, const QString &path,
                        const FigureOptions &options);

} // namespace fuselab
