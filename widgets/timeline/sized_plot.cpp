// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/sized_plot.h"

#include <QCoreApplication>
#include <QResizeEvent>
#include <QScrollArea>

#include <algorithm>

namespace fuselab::timeline {

bool SizedPlot::hasRoomFor(QSize size) const
{
    const QSize minimum = plotLayout()->minimumOuterSizeHint();
    return size.width() > 0 && size.height() > 0 && size.width() >= minimum.width() &&
           size.height() >= minimum.height();
}

void SizedPlot::setMinimumPlotWidth(int px)
{
    minimumWidth_ = std::max(1, px);
    updateGeometry();
}

QSize SizedPlot::minimumSizeHint() const
{
    // Height: the layout's minimum with the legend flowed for the present width. Width: fixed,
    // so that a narrow pane re-flows the legend rather than scrolling one long row of entries.
    return {minimumWidth_, std::max(1, plotLayout()->minimumOuterSizeHint().height())};
}

QSize SizedPlot::sizeHint() const { return minimumSizeHint().expandedTo(QSize(640, 360)); }

void SizedPlot::updateLayout()
{
    // Lay out into the viewport grown to the layout's minimum (an export's viewport, or a pane
    // smaller than the minimum): the layout always converges, and what is outside is clipped.
    const QRect viewport = this->viewport();
    if (viewport.width() <= 0 || viewport.height() <= 0)
        return; // nothing to lay out into (a collapsed pane): keep the last layout
    fitTickCounts(viewport.width());
    // The preparation phase first: a legend re-flows its entries into this width, which
    // changes the minimum (QCustomPlot::updateLayout runs it again, which is harmless).
    plotLayout()->setOuterRect(viewport);
    plotLayout()->update(QCPLayoutElement::upPreparation);
    const QSize minimum = plotLayout()->minimumOuterSizeHint();
    if (viewport.width() < minimum.width() || viewport.height() < minimum.height())
        plotLayout()->setOuterRect(QRect(viewport.topLeft(), viewport.size().expandedTo(minimum)));
    QCustomPlot::updateLayout();
    // The minimum height follows the legend's flow: tell the scroll area when it changed.
    const QSize hint = minimumSizeHint();
    if (hint != lastHint_) {
        lastHint_ = hint;
        updateGeometry();
        for (QWidget *w = parentWidget(); w; w = w->parentWidget())
            if (auto *area = qobject_cast<QScrollArea *>(w)) { // its viewport does not pass this on
                QCoreApplication::postEvent(area, new QEvent(QEvent::LayoutRequest));
                break;
            }
    }
}

void SizedPlot::fitTickCounts(int viewportWidth)
{
    // As many time ticks as labels fit with a label's width of space between them (a fixed
    // count ran the labels together in a narrow pane: "2000k2500k3000k"). Margins are the last
    // layout's; the font is the one drawn now (screen, or an export's points).
    for (QCPAxisRect *r : axisRects()) {
        QCPAxis *x = r->axis(QCPAxis::atBottom);
        if (!x || !x->ticker())
            continue;
        const int width = viewportWidth - r->margins().left() - r->margins().right();
        const int label = QFontMetrics(x->tickLabelFont()).horizontalAdvance(QStringLiteral("0,000.0k"));
        x->ticker()->setTickCount(std::clamp(width / std::max(1, 2 * label), 2, 10));
    }
}

void SizedPlot::resizeEvent(QResizeEvent *event)
{
    // Always follow the widget: paint buffers of another size show stale pixels.
    if (!event->size().isEmpty())
        QCustomPlot::resizeEvent(event);
}

QScrollArea *wrapInScrollArea(QCustomPlot *plot, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    area->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    // Shrinks to the minimum size hint (a Minimum policy would keep it at its size hint).
    plot->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    area->setWidget(plot);
    area->setBackgroundRole(QPalette::Base);
    return area;
}

} // namespace fuselab::timeline
