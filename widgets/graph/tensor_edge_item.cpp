// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/tensor_edge_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace fuselab {

namespace {
constexpr double kArrowLen = 7;
constexpr double kLabelLod = 0.55; // below this zoom tensor shapes are unreadable

QFont labelFont()
{
    QFont f;
    f.setPointSizeF(7.5);
    return f;
}

QPainterPath bezierPath(const std::vector<QPointF> &pts)
{
    QPainterPath path;
    if (pts.empty())
        return path;
    path.moveTo(pts[0]);
    size_t i = 1;
    for (; i + 2 < pts.size(); i += 3)
        path.cubicTo(pts[i], pts[i + 1], pts[i + 2]);
    for (; i < pts.size(); ++i) // a malformed tail: straight segments, never a crash
        path.lineTo(pts[i]);
    return path;
}
} // namespace

TensorEdgeItem::TensorEdgeItem(int tensor, const EdgePath &edge, QString label, double labelAt,
                               QGraphicsItem *parent)
    : QGraphicsItem(parent), tensor_(tensor), path_(bezierPath(edge.points)), tip_(edge.arrowTip),
      label_(std::move(label))
{
    setZValue(0);
    // Arrowhead: from the end of the curve to the tip Graphviz left room for.
    const QPointF end = path_.elementCount() ? path_.currentPosition() : tip_;
    QLineF dir(end, tip_);
    if (dir.length() < 1e-3 && path_.elementCount() > 1)
        dir = QLineF(path_.pointAtPercent(0.95), end);
    if (dir.length() > 1e-3) {
        const QPointF u = (dir.p2() - dir.p1()) / dir.length();
        const QPointF n(-u.y(), u.x());
        const QPointF tip = tip_ == end ? end : tip_;
        const QPointF base = tip - u * kArrowLen;
        arrow_ << tip << base + n * (kArrowLen * 0.45) << base - n * (kArrowLen * 0.45);
    }
    const QFontMetricsF fm(labelFont());
    const QPointF mid = path_.elementCount() ? path_.pointAtPercent(labelAt) : tip_;
    labelRect_ =
        QRectF(mid.x() + 5, mid.y() - fm.height() / 2, fm.horizontalAdvance(label_) + 2, fm.height());
    bounds_ = path_.boundingRect().united(arrow_.boundingRect()).united(labelRect_).adjusted(-8, -8, 8, 8);
}

void TensorEdgeItem::setPinned(bool pinned)
{
    if (pinned == pinned_)
        return;
    pinned_ = pinned;
    setZValue(pinned ? 0.5 : 0);
    update();
}

QRectF TensorEdgeItem::boundingRect() const
{
    return bounds_;
}

void TensorEdgeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(p->worldTransform());
    p->setRenderHint(QPainter::Antialiasing, lod > 0.3);
    const QColor color = pinned_ ? pinColor() : QColor(0x70, 0x70, 0x70);
    QPen pen(color, pinned_ ? 3.2 : 1.1);
    pen.setCapStyle(Qt::FlatCap);
    if (lod < 0.5) // far out a scaled pen would vanish: keep edges one device pixel (or 2 if pinned)
        pen = QPen(color, pinned_ ? 2 : 0);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    p->drawPath(path_);
    p->setPen(Qt::NoPen);
    p->setBrush(color);
    p->drawPolygon(arrow_);
    if (pinned_) { // a pin glyph at the middle of the edge: needle and head
        const QPointF mid = path_.pointAtPercent(0.5);
        p->setPen(QPen(color.darker(130), 1.6));
        p->drawLine(mid + QPointF(-8, 6), mid + QPointF(-3, 1));
        p->setPen(QPen(Qt::white, 1.2));
        p->setBrush(color);
        p->drawEllipse(mid + QPointF(-2, -1), 4.5, 4.5);
    }
    if (lod < kLabelLod || label_.isEmpty())
        return;
    p->setFont(labelFont());
    p->setPen(pinned_ ? color.darker(120) : QColor(0x55, 0x55, 0x55));
    p->drawText(labelRect_, Qt::AlignLeft | Qt::AlignVCenter, label_);
}

} // namespace fuselab
