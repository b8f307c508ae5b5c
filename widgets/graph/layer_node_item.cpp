// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/layer_node_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace fuselab {

namespace {
constexpr double kPadX = 8;
constexpr double kRadius = 5;
constexpr double kMinWidth = 112;
constexpr double kMaxWidth = 230;
constexpr double kFarLod = 0.35; // below this zoom the text is unreadable: draw blocks
constexpr double kFoldStep = 4;  // offset of each box drawn behind a fold node

QFont titleFont()
{
    QFont f;
    f.setPointSizeF(9);
    f.setBold(true);
    return f;
}

QFont bodyFont()
{
    QFont f;
    f.setPointSizeF(8.5);
    return f;
}

double headerHeight()
{
    return QFontMetricsF(titleFont()).height() + 6;
}

double lineHeight()
{
    return QFontMetricsF(bodyFont()).height() + 1;
}
} // namespace

LayerNodeItem::LayerNodeItem(NodeContent content, QGraphicsItem *parent)
    : QGraphicsItem(parent), content_(std::move(content)), size_(measure(content_))
{
    setCacheMode(DeviceCoordinateCache);
    setAcceptHoverEvents(false);
    setZValue(1);
    updateToolTip();
}

QSizeF LayerNodeItem::measure(const NodeContent &c)
{
    const QFontMetricsF tf(titleFont()), bf(bodyFont());
    double w = tf.horizontalAdvance(c.title) + 2 * kPadX;
    if (!c.kernel.isEmpty())
        w += bf.horizontalAdvance(c.kernel) + 12;
    w = std::max({w, bf.horizontalAdvance(c.name) + 2 * kPadX, bf.horizontalAdvance(c.dims) + 2 * kPadX});
    w = std::clamp(w, kMinWidth, kMaxWidth);
    const double h = headerHeight() + 2 * lineHeight() + 6;
    return {std::ceil(w), std::ceil(h)};
}

void LayerNodeItem::setHighlighted(bool on)
{
    if (on == highlighted_)
        return;
    prepareGeometryChange();
    highlighted_ = on;
    setZValue(on ? 3 : 1);
    update();
}

void LayerNodeItem::setProblems(const QStringList &problems)
{
    content_.problems = problems;
    updateToolTip();
    update();
}

void LayerNodeItem::updateToolTip()
{
    QString tip = content_.title;
    if (!content_.kernel.isEmpty())
        tip += QLatin1Char(' ') + content_.kernel;
    tip += QStringLiteral(" \u2014 ") + content_.name + QLatin1Char('\n') + content_.dims;
    for (const QString &p : content_.problems)
        tip += QStringLiteral("\n\u26a0 ") + p;
    setToolTip(tip);
}

QRectF LayerNodeItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), size_).adjusted(-5, -5, 5 + 2 * kFoldStep, 5 + 2 * kFoldStep);
}

void LayerNodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF r(QPointF(0, 0), size_);
    const double lod = option->levelOfDetailFromTransform(p->worldTransform());
    const bool bad = !content_.problems.isEmpty();
    const QColor border = bad ? QColor(0xd0, 0x10, 0x10) : QColor(0x8a, 0x8a, 0x8a);
    p->setRenderHint(QPainter::Antialiasing, lod >= kFarLod);

    if (highlighted_) {
        p->setPen(QPen(QColor(0xff, 0xb0, 0x00), 4));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(-3, -3, 3, 3), kRadius + 2, kRadius + 2);
    }
    if (lod < kFarLod) {
        p->fillRect(r, isInput() ? QColor(0xe8, 0xe8, 0xe8) : content_.color);
        if (bad)
            p->fillRect(r.adjusted(0, r.height() * 0.6, 0, 0), border);
        return;
    }

    QPainterPath box;
    box.addRoundedRect(r, kRadius, kRadius);
    if (isFold()) // a stack of boxes: the blocks it stands for
        for (int k = 2; k >= 1; --k) {
            QPainterPath behind;
            behind.addRoundedRect(r.translated(k * kFoldStep, k * kFoldStep), kRadius, kRadius);
            p->fillPath(behind, QColor(0xf4, 0xf4, 0xf4));
            p->setPen(QPen(border, 0.8));
            p->drawPath(behind);
        }
    p->fillPath(box, Qt::white);
    const double hh = headerHeight();
    if (isInput()) {
        p->fillPath(box, QColor(0xf2, 0xf2, 0xf2));
    } else {
        QPainterPath header;
        header.addRect(QRectF(r.left(), r.top(), r.width(), hh));
        p->fillPath(box.intersected(header), content_.color);
    }
    p->setPen(QPen(border, bad ? 2.5 : 0.8));
    p->setBrush(Qt::NoBrush);
    p->drawPath(box);

    const QFont tfont = titleFont(), bfont = bodyFont();
    const QRectF titleRect(r.left() + kPadX, r.top(), r.width() - 2 * kPadX, hh);
    p->setFont(tfont);
    p->setPen(isInput() ? QColor(0x33, 0x33, 0x33) : Qt::white);
    p->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, content_.title);
    if (!content_.kernel.isEmpty()) {
        p->setFont(bfont);
        p->drawText(titleRect, Qt::AlignRight | Qt::AlignVCenter, content_.kernel);
    }
    const QFontMetricsF bm(bfont);
    const double lh = lineHeight();
    const double textW = r.width() - 2 * kPadX;
    p->setFont(bfont);
    p->setPen(QColor(0x20, 0x20, 0x20));
    p->drawText(QRectF(r.left() + kPadX, r.top() + hh + 2, textW, lh), Qt::AlignLeft | Qt::AlignVCenter,
                bm.elidedText(content_.name, Qt::ElideMiddle, textW));
    p->setPen(QColor(0x60, 0x60, 0x60));
    p->drawText(QRectF(r.left() + kPadX, r.top() + hh + 2 + lh, textW, lh), Qt::AlignLeft | Qt::AlignVCenter,
                bm.elidedText(content_.dims, Qt::ElideRight, textW));

    if (bad) { // a warning badge on the top-right corner
        const QRectF badge(r.right() - 9, r.top() - 7, 16, 16);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0xd0, 0x10, 0x10));
        p->drawEllipse(badge);
        p->setPen(Qt::white);
        p->setFont(tfont);
        p->drawText(badge, Qt::AlignCenter, QStringLiteral("!"));
    }
}

} // namespace fuselab
