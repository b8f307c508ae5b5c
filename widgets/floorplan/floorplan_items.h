// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "floorplan/floorplan_edits.h"

#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QStringList>

namespace fuselab {

/// Size of one floorplan grid cell in scene units (pixels at zoom 1).
constexpr int kFloorplanCell = 48;

/// A core, shared memory or the DRAM on the floorplan. Moves snap to the grid; the handle
/// in the bottom-right corner resizes in whole cells. The scene turns the new geometry into
/// an undoable edit when the mouse is released.
class BlockItem : public QGraphicsItem {
public:
    BlockItem(BlockRef ref, const Placement &place, QSize grid);
    BlockRef ref() const { return ref_; }
    void setText(const QStringList &lines) { lines_ = lines; }
    void setColor(const QColor &c) { color_ = c; }
    void setProblem(bool problem) { problem_ = problem; }
    /// Geometry as it is now on screen, in grid cells.
    Placement placement() const;

    QRectF boundingRect() const override;
    void paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *e) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *e) override;

private:
    QRectF handleRect() const;
    BlockRef ref_;
    QSizeF size_;
    QSize grid_;
    QStringList lines_;
    QColor color_ = Qt::white;
    bool problem_ = false;
    bool resizing_ = false;
};

/// A link (a line between two blocks) or a bus (a spine with a stub to every endpoint),
/// with its bandwidth as a label.
class LinkItem : public QGraphicsPathItem {
public:
    LinkItem(BlockRef ref, const QPainterPath &path, const QPointF &labelPos, const QString &label);
    BlockRef ref() const { return ref_; }
    void setProblem(bool problem) { problem_ = problem; }
    static QSizeF labelSize(const QString &label);
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF labelRect() const;
    BlockRef ref_;
    QPointF labelPos_;
    QString label_;
    bool problem_ = false;
};

} // namespace fuselab
