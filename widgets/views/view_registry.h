// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The views FuseLab can show, render or export, in one place: their names (what
// `fuselab --screenshot --view` and `fuselab-cli figure --view` accept), titles (the Export
// menu), whether they show a run (a screenshot waits for the default run), and for the views
// of a run that are figures, how to build one from a stored run and how it is exported.
// Adding a view here makes it known to the app's Export menu, the screenshot option, the CLI
// figure command and their help texts at once.

#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>
#include <span>

class QCustomPlot;
class QWidget;

namespace fuselab {

class ChartCanvas;
struct FigureOptions;
struct Project;
struct Run;

enum class ViewId { Window, Graph, Floorplan, Schedule, Gantt, Memory, Breakdown, Pareto };

/// How a figure of the view is written: a QCustomPlot (exportFigure) or a Qt Charts canvas
/// (exportChartFigure); None: the view is only rendered as a screenshot.
enum class ExportKind { None, Plot, Chart };

/// A view built for export, off any window: the widget and the part a figure draws.
struct FigureWidget {
    std::unique_ptr<QWidget> widget;
    QCustomPlot *plot = nullptr;   ///< ExportKind::Plot
    ChartCanvas *canvas = nullptr; ///< ExportKind::Chart
};

struct ViewInfo {
    ViewId id;
    const char *name;  ///< "gantt": the value of --view
    const char *title; ///< "Gantt": menus and help
    ExportKind exportKind;
    bool needsRun; ///< shows a schedule: a screenshot waits until the default run is in
    /// Builds the view of `run` (charts: every run of `project`, `run` first); null for the
    /// views that are not figures of a run.
    FigureWidget (*makeFigure)(const Project &project, const Run &run);
};

/// Every view, in menu order; "main" is another name of "window" (the default screenshot).
std::span<const ViewInfo> allViews();
/// The view of that name, or null.
const ViewInfo *findView(QStringView name);
/// The names of every view, or of the figures of a run only.
QStringList viewNames(bool figuresOnly = false);
/// Why `name` is refused: "unknown view 'x' (views: gantt, memory, …)".
QString unknownViewMessage(QStringView name, bool figuresOnly = false);

/// Writes the figure `source` (the view's QCustomPlot or ChartCanvas, as its exportKind says)
/// to `path`; empty string or why it failed.
QString exportViewFigure(const ViewInfo &view, QWidget *source, const QString &path, const FigureOptions &options);

} // namespace fuselab
