// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/swatch_legend_item.h"

namespace fuselab::timeline {

SwatchLegendItem::SwatchLegendItem(QCPLegend *parent, const QColor &color, const QString &text, Style style)
    : QCPAbstractLegendItem(parent), color_(color), style_(style), text_(text)
{
    setSelectable(false);
    setMargins(QMargins(0, 1, 0, 1)); // room for descenders when rows touch
}

void SwatchLegendItem::draw(QCPPainter *painter)
{
    painter->setFont(mFont);
    painter->setPen(QPen(mTextColor));
    const QSize icon = mParentLegend->iconSize();
    const QFontMetrics fm(mFont);
    const int textHeight = fm.height();
    const int h = std::max(icon.height(), textHeight);
    int x = mRect.x();
    if (color_.isValid()) {
        const int side = std::min(icon.height(), icon.width());
        const QRectF swatch(x, mRect.y() + (h - side) / 2.0, side, side);
        painter->setAntialiasing(false);
        if (style_ == Style::Box) {
            painter->fillRect(swatch, color_);
        } else {
            painter->setPen(QPen(color_, 1.5, Qt::DashLine));
            painter->drawLine(QPointF(swatch.left(), swatch.center().y()),
                              QPointF(swatch.right(), swatch.center().y()));
            painter->setPen(QPen(mTextColor));
        }
        x += side + mParentLegend->iconTextPadding();
    }
    // No clipping: hinted screen metrics can be a little narrower than text drawn scaled for print.
    painter->drawText(QRect(x, mRect.y(), mRect.right() - x + 1, h),
                      Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, text_);
}

QSize SwatchLegendItem::minimumOuterSizeHint() const
{
    const QSize icon = mParentLegend->iconSize();
    const QFontMetrics fm(mFont);
    const int side = std::min(icon.height(), icon.width());
    const int w =
        (color_.isValid() ? side + mParentLegend->iconTextPadding() : 0) + fm.horizontalAdvance(text_) + 2;
    const int h = std::max(icon.height(), fm.height());
    return QSize(w + mMargins.left() + mMargins.right(), h + mMargins.top() + mMargins.bottom());
}

} // namespace fuselab::timeline
