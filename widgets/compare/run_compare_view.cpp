// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare/run_compare_view.h"

#include "compare/compare_summary.h"
#include "compare/layer_delta_model.h"
#include "compare/stacked_gantts.h"
#include "project/run_comparison.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fuselab {

namespace {
QString designText(const Run &r)
{
    return QObject::tr("%1 on %2")
        .arg(QString::fromStdString(r.design.workload.name), QString::fromStdString(r.design.accelerator.name))
        .toHtmlEscaped();
}

QString caption(const char *side, const Run &r)
{
    return QObject::tr("<b>%1: %2</b> (%3, %4 cycles)")
        .arg(QLatin1String(side), QString::fromStdString(r.name).toHtmlEscaped(), designText(r),
             QLocale().toString(static_cast<qlonglong>(r.schedule.totals.latencyCycles)));
}
} // namespace

RunCompareView::RunCompareView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runCompareView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    // The summary scrolls sideways in a narrow pane rather than widening the window.
    summary_ = new CompareSummary(this);
    summaryArea_ = new QScrollArea(this);
    summaryArea_->setWidget(summary_);
    summaryArea_->setWidgetResizable(true);
    summaryArea_->setFrameShape(QFrame::NoFrame);
    summaryArea_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    summaryArea_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    layout->addWidget(summaryArea_);

    // The Gantts and the layer table each get the whole height below the summary.
    parts_ = new QTabWidget(this);
    parts_->setObjectName(QStringLiteral("compareParts"));
    parts_->setDocumentMode(true);
    model_ = new LayerDeltaModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(LayerDeltaModel::SortRole);
    table_ = new QTableView(parts_);
    table_->setObjectName(QStringLiteral("layerDeltaTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder); // the layers' order until a header is clicked
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setDefaultSectionSize(112);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(LayerDeltaModel::Layer, 180);
    gantts_ = new StackedGantts(parts_);
    parts_->addTab(gantts_, tr("Gantts on one time axis"));
    parts_->addTab(table_, tr("Per layer"));
    layout->addWidget(parts_, 1);
    clear();
}

void RunCompareView::setRuns(const Run &a, const Run &b)
{
    const RunComparison c = compareRuns(a, b);
    title_->setText(tr("Comparing <b>A: %1</b> (%2) with <b>B: %3</b> (%4). Changes are B \u2212 A; "
                       "green: B costs less.")
                        .arg(QString::fromStdString(a.name).toHtmlEscaped(), designText(a),
                             QString::fromStdString(b.name).toHtmlEscaped(), designText(b)));
    summary_->setComparison(c);
    summaryArea_->setFixedHeight(summary_->sizeHint().height() +
                                 summaryArea_->horizontalScrollBar()->sizeHint().height());
    summaryArea_->show();
    model_->setComparison(c);
    table_->resizeColumnsToContents(); // the changes read "−1,234 (−12.3 %)": wider than the values
    gantts_->setTimelines(
        caption("A", a),
        timeline::timelineFromSchedule(a.schedule, a.design.workload, a.design.accelerator, a.plan),
        caption("B", b),
        timeline::timelineFromSchedule(b.schedule, b.design.workload, b.design.accelerator, b.plan));
    table_->setEnabled(true);
    gantts_->setEnabled(true);
}

void RunCompareView::clear()
{
    title_->setText(tr("Select two runs in the run list (Ctrl-click) and press <b>Compare</b>: the one higher "
                       "in the list is A, the base; the other is B."));
    summaryArea_->hide();
    model_->setComparison({});
    gantts_->clear();
    table_->setEnabled(false);
    gantts_->setEnabled(false);
}

QString RunCompareView::title() const
{
    return title_->text();
}

} // namespace fuselab
