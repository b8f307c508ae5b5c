// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/chart_canvas.h"

#include <QChart>
#include <QGraphicsScene>
#include <QResizeEvent>

#include <algorithm>

namespace fuselab {

ChartCanvas::ChartCanvas(QWidget *parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setFrameShape(QFrame::NoFrame);
    setRenderHint(QPainter::Antialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumSize(320, 240);
    // Charts lay themselves out; a full repaint avoids stale pieces of labels that move.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

void ChartCanvas::addChart(QChart *chart, int stretch)
{
    scene()->addItem(chart);
    slots_.push_back({chart, std::max(1, stretch)});
    layoutCharts(viewport()->size());
}

QList<QChart *> ChartCanvas::charts() const
{
    QList<QChart *> out;
    for (const Slot &s : slots_)
        out.push_back(s.chart);
    return out;
}

void ChartCanvas::layoutCharts(const QSizeF &size)
{
    int total = 0;
    for (const Slot &s : slots_)
        total += s.stretch;
    double x = 0;
    for (const Slot &s : slots_) {
        const double w = size.width() * s.stretch / std::max(1, total);
        s.chart->setGeometry(QRectF(x, 0, w, size.height()));
        x += w;
    }
    scene()->setSceneRect(QRectF(QPointF(0, 0), size));
}

void ChartCanvas::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    layoutCharts(viewport()->size());
}

} // namespace fuselab
