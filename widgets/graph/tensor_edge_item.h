// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "graph/graph_layout.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace fuselab {

/// A tensor flowing from producer to consumer: Graphviz's spline as cubic Béziers, an
/// arrowhead, and the tensor shape written beside the curve (hidden when zoomed out).
/// A pinned tensor (kept whole on chip by the plan) is drawn thick in the pin colour with
/// a pin glyph.
class TensorEdgeItem : public QGraphicsItem {
public:
    /// `labelAt` is where along the curve (0 = producer, 1 = consumer) the shape is written.
    TensorEdgeItem(int tensor, const EdgePath &path, QString label, double labelAt = 0.5,
                   QGraphicsItem *parent = nullptr);

    int tensor() const { return tensor_; }
    const QPainterPath &path() const { return path_; }
    QPointF start() const { return path_.elementCount() ? QPointF(path_.elementAt(0)) : QPointF(); }
    QPointF tip() const { return tip_; }
    void setPinned(bool pinned);
    bool isPinned() const { return pinned_; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static QColor pinColor() { return QColor(0xe0, 0x6c, 0x00); }

private:
    int tensor_;
    QPainterPath path_;
    QPolygonF arrow_;
    QPointF tip_;
    QString label_;
    QRectF labelRect_;
    bool pinned_ = false;
    QRectF bounds_;
};

} // namespace fuselab
