// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/run_figure.h"

#include "charts/chart_canvas.h"
#include "charts/chart_export.h"
#include "charts/run_charts.h"
#include "qcp_include.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QApplication>

#include <memory>

namespace fuselab {

std::optional<RunFigureView> runFigureViewFromName(const QString &name)
{
    if (name == QLatin1String("gantt"))
        return RunFigureView::Gantt;
    if (name == QLatin1String("memory"))
        return RunFigureView::Memory;
    if (name == QLatin1String("pareto"))
        return RunFigureView::Pareto;
    if (name == QLatin1String("breakdown"))
        return RunFigureView::Breakdown;
    return std::nullopt;
}

QString renderRunFigure(const Project &project, const Run &run, RunFigureView view, const QString &path,
                        const FigureOptions &options)
{
    // The run's own design (a run of an earlier design names cores the project no longer has).
    const bool stamped = !run.design.fingerprint.empty();
    const Workload &w = stamped ? run.design.workload : project.workload;
    const Accelerator &acc = stamped ? run.design.accelerator : project.accelerator;
    std::unique_ptr<QWidget> widget;
    QCustomPlot *plot = nullptr;    // the timeline views
    ChartCanvas *canvas = nullptr; // the charts
    std::vector<Run> runs{run};
    for (const Run &r : project.runs)
        if (r.name != run.name)
            runs.push_back(r);
    switch (view) {
    case RunFigureView::Gantt: {
        auto *g = new timeline::GanttView;
        widget.reset(g);
        g->setTimeline(timeline::timelineFromSchedule(run.schedule, w, acc, run.plan));
        plot = g->plot();
        break;
    }
    case RunFigureView::Memory: {
        auto *m = new timeline::MemoryView;
        widget.reset(m);
        m->setMemories(timeline::memoryTracksFromSchedule(run.schedule, acc),
                       run.schedule.totals.latencyCycles, run.schedule.clockMHz);
        plot = m->plot();
        break;
    }
    case RunFigureView::Pareto: {
        auto *p = new ParetoChart;
        widget.reset(p);
        p->setRuns(runs);
        canvas = p->canvas();
        break;
    }
    case RunFigureView::Breakdown: {
        auto *b = new EnergyBreakdownChart;
        widget.reset(b);
        b->setRuns(runs);
        canvas = b->canvas();
        break;
    }
    }
    // Lay the widget out at the figure's pixel size so that the plot's layout (legends,
    // margins) matches what export writes.
    const int wpx =
        options.unit == FigureOptions::Unit::Px && options.width > 0 ? static_cast<int>(options.width) : 1200;
    const int hpx = options.unit == FigureOptions::Unit::Px && options.height > 0
                        ? static_cast<int>(options.height)
                        : 700;
    widget->setAttribute(Qt::WA_DontShowOnScreen);
    widget->resize(wpx, hpx);
    widget->show();
    QApplication::processEvents();
    if (canvas)
        return exportChartFigure(canvas, path, options);
    plot->replot();
    return exportFigure(plot, path, options);
}

} // namespace fuselab
