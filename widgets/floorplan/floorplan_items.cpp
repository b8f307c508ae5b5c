// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_items.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace fuselab {

namespace {
constexpr qreal kHandle = 12;
constexpr qreal kInset = 3;  // gap between neighbouring blocks
}

BlockItem::BlockItem(BlockRef ref, const Placement &place, QSize grid)
    : ref_(std::move(ref)), size_(place.w * kFloorplanCell, place.h * kFloorplanCell), grid_(grid)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setPos(place.x * kFloorplanCell, place.y * kFloorplanCell);
    setZValue(1);
}

Placement BlockItem::placement() const
{
    return {static_cast<int>(std::lround(pos().x() / kFloorplanCell)),
            static_cast<int>(std::lround(pos().y() / kFloorplanCell)),
            static_cast<int>(std::lround(size_.width() / kFloorplanCell)),
            static_cast<int>(std::lround(size_.height() / kFloorplanCell))};
}

QRectF BlockItem::boundingRect() const { return QRectF(QPointF(0, 0), size_).adjusted(-2, -2, 2, 2); }

QRectF BlockItem::handleRect() const
{
    const QRectF r(QPointF(0, 0), size_);
    return QRectF(r.right() - kInset - kHandle, r.bottom() - kInset - kHandle, kHandle, kHandle);
}

void BlockItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool selected = option->state & QStyle::State_Selected;
    const QRectF r = QRectF(QPointF(0, 0), size_).adjusted(kInset, kInset, -kInset, -kInset);
    p->setRenderHint(QPainter::Antialiasing);
    QColor border = problem_ ? QColor(200, 30, 30) : color_.darker(170);
    if (selected)
        border = QColor(30, 100, 220);
    p->setPen(QPen(border, selected || problem_ ? 2.5 : 1.2));
    p->setBrush(color_);
    p->drawRoundedRect(r, 6, 6);

    QFont font;
    font.setPointSizeF(8.5);
    QFont bold = font;
    bold.setBold(true);
    const QRectF text = r.adjusted(6, 4, -6, -4);
    qreal y = text.top();
    for (int i = 0; i < lines_.size(); ++i) {
        const QFont &f = i == 0 ? bold : font;
        const QFontMetricsF fm(f);
        if (y + fm.height() > text.bottom() + 1)
            break;
        p->setFont(f);
        p->setPen(i == 0 ? QColor(20, 20, 20) : QColor(70, 70, 70));
        p->drawText(QRectF(text.left(), y, text.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    fm.elidedText(lines_[i], Qt::ElideRight, text.width()));
        y += fm.height();
    }
    if (selected) {
        const QRectF h = handleRect();
        QPainterPath tri;
        tri.moveTo(h.bottomLeft());
        tri.lineTo(h.bottomRight());
        tri.lineTo(h.topRight());
        tri.closeSubpath();
        p->fillPath(tri, border);
    }
}

QVariant BlockItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange) {
        // Snap to the grid and keep the block inside it.
        const QPointF want = value.toPointF();
        const int w = static_cast<int>(std::lround(size_.width() / kFloorplanCell));
        const int h = static_cast<int>(std::lround(size_.height() / kFloorplanCell));
        const int x = std::clamp(static_cast<int>(std::lround(want.x() / kFloorplanCell)), 0,
                                 std::max(0, grid_.width() - w));
        const int y = std::clamp(static_cast<int>(std::lround(want.y() / kFloorplanCell)), 0,
                                 std::max(0, grid_.height() - h));
        return QPointF(x * kFloorplanCell, y * kFloorplanCell);
    }
    return QGraphicsItem::itemChange(change, value);
}

void BlockItem::mousePressEvent(QGraphicsSceneMouseEvent *e)
{
    if (isSelected() && e->button() == Qt::LeftButton && handleRect().contains(e->pos())) {
        resizing_ = true;
        e->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(e);
}

void BlockItem::mouseMoveEvent(QGraphicsSceneMouseEvent *e)
{
    if (!resizing_) {
        QGraphicsItem::mouseMoveEvent(e);
        return;
    }
    const Placement p = placement();
    const int w = std::clamp(static_cast<int>(std::lround(e->pos().x() / kFloorplanCell)), 1,
                             std::max(1, grid_.width() - p.x));
    const int h = std::clamp(static_cast<int>(std::lround(e->pos().y() / kFloorplanCell)), 1,
                             std::max(1, grid_.height() - p.y));
    if (w * kFloorplanCell != size_.width() || h * kFloorplanCell != size_.height()) {
        prepareGeometryChange();
        size_ = QSizeF(w * kFloorplanCell, h * kFloorplanCell);
    }
}

void BlockItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *e)
{
    if (resizing_) {
        resizing_ = false;
        e->accept();
        return;
    }
    QGraphicsItem::mouseReleaseEvent(e);
}

void BlockItem::hoverMoveEvent(QGraphicsSceneHoverEvent *e)
{
    setCursor(isSelected() && handleRect().contains(e->pos()) ? Qt::SizeFDiagCursor : Qt::ArrowCursor);
    QGraphicsItem::hoverMoveEvent(e);
}

LinkItem::LinkItem(BlockRef ref, const QPainterPath &path, const QPointF &labelPos, const QString &label)
    : QGraphicsPathItem(path), ref_(std::move(ref)), labelPos_(labelPos), label_(label)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
}

QSizeF LinkItem::labelSize(const QString &label)
{
    QFont f;
    f.setPointSizeF(8);
    const QFontMetricsF fm(f);
    return QSizeF(fm.horizontalAdvance(label) + 10, fm.height() + 4);
}

QRectF LinkItem::labelRect() const
{
    const QSizeF s = labelSize(label_);
    return QRectF(labelPos_.x() - s.width() / 2, labelPos_.y() - s.height() / 2, s.width(), s.height());
}

QRectF LinkItem::boundingRect() const { return QGraphicsPathItem::boundingRect().united(labelRect()).adjusted(-4, -4, 4, 4); }

QPainterPath LinkItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    QPainterPath s = stroker.createStroke(path());
    s.addRect(labelRect());
    return s;
}

void LinkItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool selected = option->state & QStyle::State_Selected;
    p->setRenderHint(QPainter::Antialiasing);
    QColor c = problem_ ? QColor(200, 30, 30) : QColor(90, 100, 120);
    if (selected)
        c = QColor(30, 100, 220);
    p->setPen(QPen(c, selected ? 4 : 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    p->drawPath(path());
    const QRectF lr = labelRect();
    p->setPen(QPen(c, 1));
    p->setBrush(QColor(255, 255, 255, 235));
    p->drawRoundedRect(lr, 4, 4);
    QFont f;
    f.setPointSizeF(8);
    p->setFont(f);
    p->setPen(QColor(30, 30, 30));
    p->drawText(lr, Qt::AlignCenter, label_);
}

} // namespace fuselab
