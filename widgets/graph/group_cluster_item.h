// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsItem>

namespace fuselab {

/// A fused group of the selected plan: a translucent rounded rectangle behind its nodes,
/// labelled with the group number, or with a caption (the plan view: tiling, policy, cores).
class GroupClusterItem : public QGraphicsItem {
public:
    GroupClusterItem(int group, const QRectF &rect, QColor color, QGraphicsItem *parent = nullptr);

    int group() const { return group_; }
    QRectF rect() const { return rect_; }
    /// Replaces "group N" (elided to the box; the whole caption is the tooltip).
    void setCaption(const QString &caption);
    QString caption() const;
    /// A palette of hues that stay apart when printed; cycles for many groups.
    static QColor colorFor(int group);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int group_;
    QRectF rect_;
    QColor color_;
    QString caption_;
};

} // namespace fuselab
