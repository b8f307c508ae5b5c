// SPDX-License-Identifier: GPL-3.0-or-later
// The schedule panel's exports: figures of its views (which views are figures, and how each
// is written, comes from the view registry) and the current run's data files.
#include "schedule_panel.h"

#include "charts/chart_canvas.h"
#include "charts/chart_export.h"
#include "charts/run_charts.h"
#include "document/project_document.h"
#include "export_file_name.h"
#include "io/schedule_export.h"
#include "qcp_include.h"
#include "timeline/figure_export.h"
#include "timeline/figure_options_dialog.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include <algorithm>
#include <fstream>

namespace fuselab {

namespace {
QSettings exportSettings() { return QSettings(QStringLiteral("FuseLab"), QStringLiteral("FuseLab")); }

FigureOptions rememberedFigure(QSize viewSize)
{
    FigureOptions o;
    o.width = viewSize.width();
    o.height = viewSize.height();
    QSettings s = exportSettings();
    if (!s.contains(QStringLiteral("figureExport/unit")))
        return o;
    o.unit = s.value(QStringLiteral("figureExport/unit")).toString() == QLatin1String("mm") ? FigureOptions::Unit::Mm
                                                                                          : FigureOptions::Unit::Px;
    o.width = s.value(QStringLiteral("figureExport/width"), o.width).toDouble();
    o.height = s.value(QStringLiteral("figureExport/height"), o.height).toDouble();
    o.dpi = s.value(QStringLiteral("figureExport/dpi"), o.dpi).toDouble();
    o.fontPt = s.value(QStringLiteral("figureExport/fontPt"), o.fontPt).toDouble();
    o.printPalette = s.value(QStringLiteral("figureExport/printPalette"), o.printPalette).toBool();
    return o;
}

void rememberFigure(const FigureOptions &o)
{
    QSettings s = exportSettings();
    s.setValue(QStringLiteral("figureExport/unit"),
               o.unit == FigureOptions::Unit::Mm ? QStringLiteral("mm") : QStringLiteral("px"));
    s.setValue(QStringLiteral("figureExport/width"), o.width);
    s.setValue(QStringLiteral("figureExport/height"), o.height);
    s.setValue(QStringLiteral("figureExport/dpi"), o.dpi);
    s.setValue(QStringLiteral("figureExport/fontPt"), o.fontPt);
    s.setValue(QStringLiteral("figureExport/printPalette"), o.printPalette);
}
} // namespace

void SchedulePanel::addExportActions(QMenu *menu)
{
    for (const ViewInfo &v : allViews())
        if (v.makeFigure && viewWidget(v.id)) {
            const ViewInfo *view = &v;
            menu->addAction(tr("%1 figure…").arg(tr(v.title)), this, [this, view] { exportDialog(view, {}); });
        }
    const std::pair<QString, Export> data[] = {{tr("Perfetto trace JSON…"), Export::TraceJson},
                                               {tr("Events CSV…"), Export::EventsCsv},
                                               {tr("Summary JSON…"), Export::SummaryJson}};
    for (const auto &[text, what] : data) {
        const Export w = what;
        menu->addAction(text, this, [this, w] { exportDialog(nullptr, w); });
    }
}

QWidget *SchedulePanel::viewWidget(ViewId id) const
{
    switch (id) {
    case ViewId::Schedule:
        return const_cast<SchedulePanel *>(this);
    case ViewId::Gantt:
        return gantt_;
    case ViewId::Memory:
        return memory_;
    case ViewId::Breakdown:
        return breakdown_;
    case ViewId::Pareto:
        return pareto_;
    case ViewId::Window:
    case ViewId::Graph:
    case ViewId::Floorplan:
        break;
    }
    return nullptr;
}

QWidget *SchedulePanel::figureSource(ViewId id) const
{
    switch (id) {
    case ViewId::Gantt:
        return gantt_->plot();
    case ViewId::Memory:
        return memory_->plot();
    case ViewId::Breakdown:
        return breakdown_->canvas();
    case ViewId::Pareto:
        return pareto_->canvas();
    default:
        return nullptr;
    }
}

QString SchedulePanel::exportFigureTo(ViewId id, const QString &path, const FigureOptions &fo)
{
    const auto views = allViews();
    const auto it = std::find_if(views.begin(), views.end(), [id](const ViewInfo &v) { return v.id == id; });
    QWidget *source = figureSource(id);
    if (it == views.end() || !source)
        return tr("This view is not a figure");
    return exportViewFigure(*it, source, path, fo);
}

QString SchedulePanel::exportFigureTo(ViewId id, const QString &path)
{
    return exportFigureTo(id, path, FigureOptions{}); // the view's current size and zoom, print palette
}

QString SchedulePanel::exportTo(Export what, const QString &path)
{
    const Run *run = findRun(doc_->runs(), current_.toStdString());
    if (!run)
        return tr("No run is shown");
    std::ofstream out(path.toStdString(), std::ios::trunc);
    if (!out)
        return tr("Cannot write %1").arg(path);
    try {
        if (what == Export::TraceJson)
            writeChromeTrace(out, run->schedule, run->design.workload, run->design.accelerator);
        else if (what == Export::EventsCsv)
            writeEventsCsv(out, run->schedule, run->design.workload, run->design.accelerator);
        else
            out << run->summaryJson << "\n";
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    out.flush();
    return out ? QString() : tr("Writing %1 failed").arg(path);
}

void SchedulePanel::exportDialog(const ViewInfo *figureView, Export data)
{
    QStringList filters{tr("SVG (*.svg)"), tr("PDF (*.pdf)"), tr("PNG (*.png)")};
    if (!figureView) {
        if (data == Export::TraceJson)
            filters = {tr("Perfetto trace JSON (*.trace.json)")};
        else if (data == Export::SummaryJson)
            filters = {tr("Summary JSON (*.summary.json)")};
        else
            filters = {tr("CSV (*.csv)")};
    }
    // The figure format chosen last time comes first; the file name always has the selected
    // filter's suffix, also when the filter is changed in the dialog.
    QString filter = filters.front();
    if (figureView) {
        const QString last = exportSettings().value(QStringLiteral("figureExport/filter")).toString();
        if (filters.contains(last))
            filter = last;
    }
    QFileDialog dialog(this, tr("Export"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilters(filters);
    dialog.selectNameFilter(filter);
    dialog.selectFile(withSuffix(current_.isEmpty() ? tr("schedule") : current_, filterSuffix(filter)));
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString &f) {
        const QStringList chosen = dialog.selectedFiles();
        if (!chosen.isEmpty())
            dialog.selectFile(QFileInfo(withSuffix(chosen.front(), filterSuffix(f))).fileName());
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString chosenFilter = dialog.selectedNameFilter();
    QString path = dialog.selectedFiles().front();
    if (!path.endsWith(filterSuffix(chosenFilter), Qt::CaseInsensitive))
        path = withSuffix(path, filterSuffix(chosenFilter));
    if (!figureView) {
        const QString err = exportTo(data, path);
        Q_EMIT message(err.isEmpty() ? tr("Exported %1").arg(path) : tr("Export failed: %1").arg(err));
        return;
    }
    exportSettings().setValue(QStringLiteral("figureExport/filter"), chosenFilter);
    // What the export draws by default: the plot or the charts without their tool bars (a
    // hidden chart has no size of its own).
    const QWidget *source = figureSource(figureView->id);
    const bool chart = figureView->exportKind == ExportKind::Chart;
    const QSize size = chart && !source->isVisible() ? kHiddenChartFigureSize : source->size();
    FigureOptionsDialog options(size, figureFormatFromPath(path) == FigureFormat::Png, this);
    options.setOptions(rememberedFigure(size)); // the size, font and palette chosen last time
    if (options.exec() != QDialog::Accepted)
        return;
    const FigureOptions figure = options.options();
    rememberFigure(figure);
    const QString err = exportFigureTo(figureView->id, path, figure);
    Q_EMIT message(err.isEmpty() ? tr("Exported %1").arg(path) : tr("Export failed: %1").arg(err));
}

} // namespace fuselab
