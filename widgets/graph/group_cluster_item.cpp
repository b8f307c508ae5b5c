// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/group_cluster_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <array>

namespace fuselab {

GroupClusterItem::GroupClusterItem(int group, const QRectF &rect, QColor color, QGraphicsItem *parent)
    : QGraphicsItem(parent), group_(group), rect_(rect), color_(color)
{
    setZValue(-1);
    setCacheMode(DeviceCoordinateCache);
}

QColor GroupClusterItem::colorFor(int group)
{
    static constexpr std::array<QRgb, 8> kHues{0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759,
                                               0x76b7b2, 0xedc948, 0xb07aa1, 0x9c755f};
    return QColor::fromRgb(kHues[static_cast<size_t>(group) % kHues.size()]);
}

void GroupClusterItem::setCaption(const QString &caption)
{
    caption_ = caption;
    setToolTip(caption);
    update();
}

QString GroupClusterItem::caption() const
{
    return caption_.isEmpty() ? QStringLiteral("group ") + QString::number(group_) : caption_;
}

QRectF GroupClusterItem::boundingRect() const
{
    return rect_.adjusted(-2, -2, 2, 2);
}

void GroupClusterItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = color_;
    fill.setAlpha(45);
    QColor line = color_;
    line.setAlpha(190);
    p->setPen(QPen(line, 1.5, Qt::DashLine));
    p->setBrush(fill);
    p->drawRoundedRect(rect_, 10, 10);
    if (option->levelOfDetailFromTransform(p->worldTransform()) < 0.35)
        return;
    QFont f;
    f.setPointSizeF(8);
    f.setBold(true);
    p->setFont(f);
    p->setPen(color_.darker(140));
    const QRectF text = rect_.adjusted(8, 2, -8, -2);
    p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
                QFontMetricsF(f).elidedText(caption(), Qt::ElideRight, text.width()));
}

} // namespace fuselab
