// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_floorplan.h"

#include "document/project_document.h"
#include "floorplan/floorplan_items.h"
#include "floorplan/floorplan_scene.h"
#include "floorplan/floorplan_style.h"
#include "plan/plan_summary.h"
#include "plan/plan_text.h"

#include <QGraphicsView>
#include <QVBoxLayout>

namespace fuselab {

namespace {
constexpr int kTooltipLayers = 40; // a tooltip longer than this reads as a wall

/// Fits the blocks, not the editor's whole grid: the plan's text on the cores stays readable.
class BlocksView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;
    void fitBlocks()
    {
        if (scene())
            fitInView(scene()->itemsBoundingRect().adjusted(-12, -12, 12, 12), Qt::KeepAspectRatio);
    }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QGraphicsView::resizeEvent(e);
        fitBlocks();
    }
};
} // namespace

PlanFloorplan::PlanFloorplan(ProjectDocument *design, QWidget *parent) : QWidget(parent), design_(design)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    scene_ = new FloorplanScene(design_, this);
    view_ = new BlocksView(scene_, this);
    view_->setObjectName(QStringLiteral("planFloorplanView"));
    view_->setInteractive(false); // a record of the run: nothing here edits its design
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // always fitted: nothing to scroll to
    view_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view_->setAcceptDrops(false);
    view_->setBackgroundBrush(QColor(0xfb, 0xfb, 0xfb));
    layout->addWidget(view_);
}

void PlanFloorplan::showPlan(const Plan &plan)
{
    scene_->rebuild(); // now, not on the next turn: the blocks below are the design's
    lines_.clear();
    idle_.clear();
    const Accelerator &acc = design_->accelerator();
    const Workload &w = design_->workload();
    const std::vector<PlanCoreSummary> cores = planCores(plan, w, static_cast<int>(acc.cores.size()));
    for (std::size_t c = 0; c < acc.cores.size(); ++c) {
        const Core &core = acc.cores[c];
        const QString name = QString::fromStdString(core.name);
        const PlanCoreSummary &s = cores[c];
        QStringList lines{name};
        QStringList tip{name};
        if (s.layers.empty()) {
            lines << tr("idle in this plan");
        } else {
            lines << tr("groups %1").arg(numberRanges(s.groups))
                  << (s.layers.size() == 1 ? tr("1 layer") : tr("%1 layers").arg(s.layers.size()));
            for (std::size_t i = 0; i < s.layers.size() && i < kTooltipLayers; ++i)
                tip << QString::fromStdString(w.layers[static_cast<std::size_t>(s.layers[i])].name);
            if (s.layers.size() > kTooltipLayers)
                tip << tr("… and %1 more").arg(s.layers.size() - kTooltipLayers);
        }
        const BlockRef ref{BlockRef::Core, core.name};
        lines << blockLines(acc, ref).mid(1); // the kind and size under the plan's lines
        lines_.insert(name, lines);
        idle_.insert(name, s.layers.empty());
        if (BlockItem *item = scene_->blockItem(core.name)) {
            item->setText(lines);
            item->setToolTip(tip.join(QLatin1Char('\n')));
            if (s.layers.empty())
                item->setColor(QColor(0xe4, 0xe4, 0xe4));
            item->setFlag(QGraphicsItem::ItemIsMovable, false);
            item->setFlag(QGraphicsItem::ItemIsSelectable, false);
            item->update();
        }
    }
    static_cast<BlocksView *>(view_)->fitBlocks();
}

QStringList PlanFloorplan::coreLines(const QString &core) const
{
    return lines_.value(core);
}

bool PlanFloorplan::coreIdle(const QString &core) const
{
    return idle_.value(core, false);
}

} // namespace fuselab
