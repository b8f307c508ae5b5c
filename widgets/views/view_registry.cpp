// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/view_registry.h"

#include "charts/chart_canvas.h"
#include "charts/chart_export.h"
#include "charts/run_charts.h"
#include "project/project.h"
#include "qcp_include.h"
#include "timeline/figure_export.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/schedule_timeline_adapter.h"

#include <algorithm>
#include <array>

namespace fuselab {

namespace {

/// The run's own design (a run of an earlier design names cores the project no longer has).
const Workload &workloadOf(const Project &project, const Run &run)
{
    return run.design.fingerprint.empty() ? project.workload : run.design.workload;
}
const Accelerator &acceleratorOf(const Project &project, const Run &run)
{
    return run.design.fingerprint.empty() ? project.accelerator : run.design.accelerator;
}

/// The charts compare: `run` first, then the project's other runs.
std::vector<Run> runsWithFirst(const Project &project, const Run &run)
{
    std::vector<Run> runs{run};
    for (const Run &r : project.runs)
        if (r.name != run.name)
            runs.push_back(r);
    return runs;
}

FigureWidget makeGantt(const Project &project, const Run &run)
{
    auto *g = new timeline::GanttView;
    g->setTimeline(timeline::timelineFromSchedule(run.schedule, workloadOf(project, run),
                                                  acceleratorOf(project, run), run.plan));
    return {std::unique_ptr<QWidget>(g), g->plot(), nullptr};
}

FigureWidget makeMemory(const Project &project, const Run &run)
{
    auto *m = new timeline::MemoryView;
    m->setMemories(timeline::memoryTracksFromSchedule(run.schedule, acceleratorOf(project, run)),
                   run.schedule.totals.latencyCycles, run.schedule.clockMHz);
    return {std::unique_ptr<QWidget>(m), m->plot(), nullptr};
}

FigureWidget makeBreakdown(const Project &project, const Run &run)
{
    auto *b = new EnergyBreakdownChart;
    b->setRuns(runsWithFirst(project, run));
    return {std::unique_ptr<QWidget>(b), nullptr, b->canvas()};
}

FigureWidget makePareto(const Project &project, const Run &run)
{
    auto *p = new ParetoChart;
    p->setRuns(runsWithFirst(project, run));
    return {std::unique_ptr<QWidget>(p), nullptr, p->canvas()};
}

constexpr std::array kViews{
    ViewInfo{ViewId::Window, "main", "Main window", ExportKind::None, true, nullptr},
    ViewInfo{ViewId::Window, "window", "Main window", ExportKind::None, true, nullptr},
    ViewInfo{ViewId::Graph, "graph", "Network graph", ExportKind::None, false, nullptr},
    ViewInfo{ViewId::Floorplan, "floorplan", "Floorplan", ExportKind::None, false, nullptr},
    ViewInfo{ViewId::Schedule, "schedule", "Schedule", ExportKind::None, true, nullptr},
    ViewInfo{ViewId::Gantt, "gantt", "Gantt", ExportKind::Plot, true, &makeGantt},
    ViewInfo{ViewId::Memory, "memory", "Memory", ExportKind::Plot, true, &makeMemory},
    ViewInfo{ViewId::Breakdown, "breakdown", "Energy breakdown", ExportKind::Chart, true, &makeBreakdown},
    ViewInfo{ViewId::Pareto, "pareto", "Pareto", ExportKind::Chart, true, &makePareto},
};

} // namespace

std::span<const ViewInfo> allViews()
{
    return kViews;
}

const ViewInfo *findView(QStringView name)
{
    const auto it = std::find_if(kViews.begin(), kViews.end(),
                                 [name](const ViewInfo &v) { return name == QLatin1String(v.name); });
    return it == kViews.end() ? nullptr : &*it;
}

QStringList viewNames(bool figuresOnly)
{
    QStringList names;
    for (const ViewInfo &v : kViews)
        if (!figuresOnly || v.makeFigure)
            names << QLatin1String(v.name);
    return names;
}

QString unknownViewMessage(QStringView name, bool figuresOnly)
{
    const QString known = viewNames(figuresOnly).join(QStringLiteral(", "));
    if (figuresOnly && findView(name))
        return QStringLiteral("the view '%1' is not a figure of a run (figures: %2)").arg(name.toString(), known);
    return QStringLiteral("unknown view '%1' (views: %2)").arg(name.toString(), known);
}

QString exportViewFigure(const ViewInfo &view, QWidget *source, const QString &path, const FigureOptions &options)
{
    switch (view.exportKind) {
    case ExportKind::Plot:
        if (auto *plot = qobject_cast<QCustomPlot *>(source))
            return exportFigure(plot, path, options);
        break;
    case ExportKind::Chart:
        if (auto *canvas = qobject_cast<ChartCanvas *>(source))
            return exportChartFigure(canvas, path, options);
        break;
    case ExportKind::None:
        break;
    }
    return QStringLiteral("the %1 view is not a figure").arg(QLatin1String(view.name));
}

} // namespace fuselab
