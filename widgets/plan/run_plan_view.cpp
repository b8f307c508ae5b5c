// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/run_plan_view.h"

#include "document/project_document.h"
#include "graph/network_view.h"
#include "plan/plan_floorplan.h"
#include "plan/plan_group_model.h"
#include "plan/plan_summary.h"
#include "plan/plan_text.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace fuselab {

namespace {
constexpr int kMaxColumnWidth = 280;
constexpr int kSideBySideWidth = 900; // narrower: the graph above the floorplan above the table
}

RunPlanView::RunPlanView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runPlanView"));
    design_ = new ProjectDocument(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    layout->addWidget(title_);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split_ = split;
    graph_ = new NetworkView(design_, split);
    graph_->setObjectName(QStringLiteral("planGraph"));
    graph_->setMinimumWidth(240);
    auto *side = new QSplitter(Qt::Vertical, split);
    side->setChildrenCollapsible(false);
    floorplan_ = new PlanFloorplan(design_, side);
    floorplan_->setMinimumSize(160, 120);
    groups_ = new PlanGroupModel(this);
    table_ = new QTableView(side);
    table_->setObjectName(QStringLiteral("planGroupTable"));
    table_->setModel(groups_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setMinimumHeight(120);
    side->addWidget(floorplan_);
    side->addWidget(table_);
    side->setStretchFactor(0, 2);
    side->setStretchFactor(1, 3);
    split->addWidget(graph_);
    split->addWidget(side);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    connect(table_, &QTableView::clicked, this, [this](const QModelIndex &index) {
        const int layer = index.siblingAtColumn(0).data(PlanGroupModel::FirstLayerRole).toInt();
        if (layer >= 0) {
            design_->selectLayer(layer);
            graph_->centerOnLayer(layer);
        }
    });
    connect(design_, &ProjectDocument::selectedLayerChanged, this, [this](int layer) {
        const int row = groups_->rowOfLayer(layer);
        if (row >= 0 && table_->currentIndex().row() != row)
            table_->selectRow(row);
    });
    clear();
}

RunPlanView::~RunPlanView()
{
    // The graph and the floorplan read the design until they are gone: delete them first (as
    // the first child, the design would otherwise go before them).
    delete split_;
    split_ = nullptr;
}

void RunPlanView::setRun(const Run &run)
{
    const Workload &w = run.design.workload;
    const Accelerator &acc = run.design.accelerator;
    // A new design is laid out again; another run of the same design only redraws the plan.
    if (shownFingerprint_.empty() || run.design.fingerprint != shownFingerprint_) {
        Project p;
        p.name = run.name;
        p.workload = w;
        p.accelerator = acc;
        design_->resetProject(std::move(p));
        shownFingerprint_ = run.design.fingerprint.empty() ? std::string("?") : run.design.fingerprint;
        graph_->frameNextLayout();
    }
    const std::vector<PlanGroupSummary> summary = planGroups(run.plan, w);
    std::vector<std::vector<int>> groups;
    QStringList captions;
    for (std::size_t g = 0; g < summary.size(); ++g) {
        groups.emplace_back(summary[g].layers.begin(), summary[g].layers.end());
        captions << groupCaption(static_cast<int>(g), summary[g], acc);
    }
    std::vector<int> pinned;
    for (const PinnedTensor &p : run.plan.pins)
        pinned.push_back(p.tensor);
    graph_->setGroups(groups, pinned, captions);
    floorplan_->showPlan(run.plan);
    groups_->setPlan(run.plan, w, acc);
    table_->resizeColumnsToContents();
    for (int c = 0; c < groups_->columnCount(); ++c) // a long layer range scrolls, not the table
        table_->setColumnWidth(c, std::min(table_->columnWidth(c), kMaxColumnWidth));
    int fused = 0;
    for (const PlanGroupSummary &g : summary)
        fused += g.layers.size() > 1 ? 1 : 0;
    title_->setText(tr("Plan of <b>%1</b> (%2): %3 groups, %4 fused; %5 pinned tensors; on %6 / %7. "
                       "Click a group to find it on the graph.")
                        .arg(QString::fromStdString(run.name).toHtmlEscaped(), QString::fromStdString(run.strategy))
                        .arg(summary.size())
                        .arg(fused)
                        .arg(run.plan.pins.size())
                        .arg(QString::fromStdString(w.name).toHtmlEscaped(),
                             QString::fromStdString(acc.name).toHtmlEscaped()));
    setEnabled(true);
}

void RunPlanView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool wide = width() >= kSideBySideWidth;
    const Qt::Orientation outer = wide ? Qt::Horizontal : Qt::Vertical;
    if (split_->orientation() != outer) {
        split_->setOrientation(outer); // the floorplan (wide blocks) and the table stay one above the other
        const int total = wide ? split_->width() : split_->height();
        split_->setSizes({total * 2 / 5, total * 3 / 5});
    }
}

void RunPlanView::clear()
{
    title_->setText(tr("Select a run and press <b>Plan</b> to see its fused groups, tiles, pins and cores."));
    graph_->setGroups({}, {});
    groups_->setPlan({}, {}, {});
}

QString RunPlanView::title() const
{
    return title_->text();
}

} // namespace fuselab
