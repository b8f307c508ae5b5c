// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare/stacked_gantts.h"

#include "qcp_include.h"
#include "timeline/gantt_view.h"

#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace fuselab {

namespace {
constexpr int kOverheadRows = 6; // caption, tool bar and time axis, in track rows

QWidget *captioned(QLabel *caption, QWidget *view, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    caption->setTextFormat(Qt::RichText);
    layout->addWidget(caption);
    layout->addWidget(view, 1);
    return box;
}
} // namespace

StackedGantts::StackedGantts(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split_ = split;
    captionA_ = new QLabel(this);
    captionB_ = new QLabel(this);
    top_ = new timeline::GanttView(this);
    top_->setObjectName(QStringLiteral("compareGanttA"));
    bottom_ = new timeline::GanttView(this);
    bottom_->setObjectName(QStringLiteral("compareGanttB"));
    split->addWidget(captioned(captionA_, top_, split));
    split->addWidget(captioned(captionB_, bottom_, split));
    layout->addWidget(split);
    for (timeline::GanttView *g : {top_, bottom_})
        g->setLegendShown(false);
    link(top_, bottom_);
    link(bottom_, top_);
    for (timeline::GanttView *g : {top_, bottom_})
        connect(g->plot(), &QCustomPlot::afterLayout, this, &StackedGantts::alignLeftEdges);
}

void StackedGantts::link(timeline::GanttView *from, timeline::GanttView *to)
{
    connect(from, &timeline::GanttView::visibleRangeChanged, to, [this, to](double lo, double hi) {
        if (syncing_ || to->visibleRange() == timeline::TimeRange{lo, hi})
            return;
        syncing_ = true;
        to->setVisibleRange({lo, hi}, false);
        syncing_ = false;
    });
    connect(from, &timeline::GanttView::timeUnitChanged, to, &timeline::GanttView::setTimeUnit);
}

void StackedGantts::setTimelines(const QString &captionA, timeline::TimelineData a, const QString &captionB,
                                 timeline::TimelineData b)
{
    // One axis: both span the longer run.
    const int64_t end = std::max(a.endCycle, b.endCycle);
    // Rows of one height in both: each chart's share of the height follows its track count
    // (plus room for its caption, tool bar and time axis).
    const int weightA = static_cast<int>(a.tracks.size()) + kOverheadRows;
    const int weightB = static_cast<int>(b.tracks.size()) + kOverheadRows;
    split_->setStretchFactor(0, weightA);
    split_->setStretchFactor(1, weightB);
    // Once laid out (the view may be hidden now): sizes set on a hidden splitter are redistributed.
    QTimer::singleShot(0, this, [this, weightA, weightB] {
        const int total = split_->height();
        if (total > 0)
            split_->setSizes({total * weightA / (weightA + weightB), total * weightB / (weightA + weightB)});
    });
    a.endCycle = end;
    b.endCycle = end;
    captionA_->setText(captionA);
    captionB_->setText(captionB);
    syncing_ = true; // each fits itself to the same span
    top_->setTimeline(std::move(a));
    bottom_->setTimeline(std::move(b));
    syncing_ = false;
    bottom_->setTimeUnit(top_->timeUnit());
    bottom_->setColorBy(top_->colorBy());
}

void StackedGantts::clear()
{
    setTimelines({}, {}, {}, {});
}

void StackedGantts::alignLeftEdges()
{
    // The track names differ (cores of two designs): both plot areas start at the wider
    // label column. Only ever widened, so the layouts settle after one replot.
    QCPAxisRect *ra = top_->plot()->axisRect(), *rb = bottom_->plot()->axisRect();
    const int left = std::max(ra->left() - ra->outerRect().left(), rb->left() - rb->outerRect().left());
    for (timeline::GanttView *g : {top_, bottom_}) {
        QCPAxisRect *r = g->plot()->axisRect();
        QMargins m = r->minimumMargins();
        if (m.left() < left) {
            m.setLeft(left);
            r->setMinimumMargins(m);
            g->plot()->replot(QCustomPlot::rpQueuedReplot);
        }
    }
}

} // namespace fuselab
