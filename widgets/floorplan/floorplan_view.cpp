// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_view.h"

#include <QWheelEvent>

#include <cmath>

namespace fuselab {

FloorplanView::FloorplanView(QGraphicsScene *scene, QWidget *parent) : QGraphicsView(scene, parent)
{
    setObjectName(QStringLiteral("floorplanView"));
    setAcceptDrops(true);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    if (scene)
        connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] {
            if (!userZoomed_)
                fit();
        });
}

void FloorplanView::fit()
{
    userZoomed_ = false;
    if (scene())
        fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void FloorplanView::wheelEvent(QWheelEvent *e)
{
    if (!(e->modifiers() & Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    userZoomed_ = true;
    const double factor = std::pow(1.0015, e->angleDelta().y());
    scale(factor, factor);
    e->accept();
}

void FloorplanView::resizeEvent(QResizeEvent *e)
{
    QGraphicsView::resizeEvent(e);
    if (!userZoomed_)
        fit();
}

} // namespace fuselab
