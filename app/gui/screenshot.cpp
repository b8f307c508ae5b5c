// SPDX-License-Identifier: GPL-3.0-or-later
#include "screenshot.h"

#include "document/project_document.h"
#include "floorplan/floorplan_editor.h"
#include "graph/network_view.h"
#include "graph/network_view_factory.h"
#include "charts/run_charts.h"
#include "main_window.h"
#include "schedule_panel.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "views/view_registry.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QPixmap>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace fuselab {

namespace {
/// Lets queued work (scene rebuilds, the graph layout on its worker thread) finish: waits while
/// a network view has a layout pending (or a widget sets the dynamic property "fuselabBusy"),
/// at most 20 s.
void settle(QWidget *w)
{
    auto busy = [w] {
        if (w->property("fuselabBusy").toBool())
            return true;
        for (QWidget *c : w->findChildren<QWidget *>())
            if (NetworkView *v = networkViewOf(c); v && v->isLayoutPending())
                return true;
        if (NetworkView *v = networkViewOf(w); v && v->isLayoutPending())
            return true;
        const auto children = w->findChildren<QWidget *>();
        return std::any_of(children.begin(), children.end(),
                           [](QWidget *c) { return c->property("fuselabBusy").toBool(); });
    };
    QDeadlineTimer deadline(20000);
    do {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    } while (busy() && !deadline.hasExpired());
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
}
} // namespace

int renderScreenshot(const GuiOptions &o)
{
    MainWindow window(MainWindow::Options{false, false});
    if (!o.project.isEmpty() && !window.openProject(o.project)) {
        std::fprintf(stderr, "fuselab: %s\n", window.lastError().toLocal8Bit().constData());
        return 1;
    }
    SchedulePanel *panel = window.schedulePanel();
    const ViewInfo *view = findView(o.view);
    if (!view) {
        std::fprintf(stderr, "fuselab: %s\n", unknownViewMessage(o.view).toLocal8Bit().constData());
        return 1;
    }
    // The schedule views show the project's first run, or the default run once computed:
    // wait for it, then pick the run and the layer asked for. The whole window is shown as
    // a user sees it after the default run finished.
    if (view->needsRun || !o.run.isEmpty() || !o.select.isEmpty())
        settle(panel);
    if (!o.run.isEmpty() && !panel->showRun(o.run)) {
        std::fprintf(stderr, "fuselab: no run named '%s' in the project\n", o.run.toLocal8Bit().constData());
        return 1;
    }
    if (!o.select.isEmpty()) {
        const int layer = window.document()->workload().layerIndex(o.select.toStdString());
        if (layer < 0) {
            std::fprintf(stderr, "fuselab: no layer named '%s' in the workload\n", o.select.toLocal8Bit().constData());
            return 1;
        }
        window.document()->selectLayer(layer);
    }
    QWidget *target = &window;
    switch (view->id) {
    case ViewId::Window:
        break;
    case ViewId::Floorplan:
        target = window.floorplanEditor();
        break;
    case ViewId::Graph:
        target = window.networkView();
        break;
    case ViewId::Schedule:
    case ViewId::Gantt:
    case ViewId::Memory:
    case ViewId::Breakdown:
    case ViewId::Pareto:
        target = panel->viewWidget(view->id);
        break;
    }
    if (target == &window)
        window.showScheduleTab(o.tab == QLatin1String("schedule"));
    if (target != &window) {
        // Render the view alone, as its own top-level window of the requested size.
        target->setParent(nullptr);
        target->setWindowFlags(Qt::Window);
    }
    target->resize(o.size);
    target->show();
    settle(target);
    target->resize(o.size);  // a dock's size hints may have fought the first resize
    settle(target);
    QPixmap pm = target->grab();
    if (!pm.isNull() && pm.size() != o.size) {
        // The window cannot shrink that far (its panels have minimum sizes): scale the
        // rendering so that the file has the size that was asked for.
        std::fprintf(stderr, "fuselab: the %s view needs at least %dx%d; scaled to %dx%d\n",
                     o.view.toLocal8Bit().constData(), pm.width(), pm.height(), o.size.width(), o.size.height());
        pm = pm.scaled(o.size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    if (pm.isNull() || !pm.save(o.screenshot, "PNG")) {
        std::fprintf(stderr, "fuselab: %s: cannot write the PNG\n", o.screenshot.toLocal8Bit().constData());
        return 1;
    }
    if (target != &window)
        delete target;  // it no longer belongs to the window
    return 0;
}

} // namespace fuselab
