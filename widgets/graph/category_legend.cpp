// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/category_legend.h"

#include "graph/op_style.h"

#include <QPainter>

#include <array>

namespace fuselab {

namespace {
constexpr std::array kCategories{OpCategory::Conv,   OpCategory::Depthwise, OpCategory::Matrix,
                                 OpCategory::Pool,   OpCategory::Eltwise,   OpCategory::Activation,
                                 OpCategory::Concat, OpCategory::Other};
constexpr int kSwatch = 11;
constexpr int kGap = 12;

QFont legendFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(8);
    return f;
}
} // namespace

CategoryLegend::CategoryLegend(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

QSize CategoryLegend::sizeHint() const
{
    const QFontMetrics fm(legendFont(font()));
    int w = 8;
    for (OpCategory c : kCategories)
        w += kSwatch + 5 + fm.horizontalAdvance(categoryName(c)) + kGap;
    return {w, fm.height() + 10};
}

void CategoryLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFont f = legendFont(font());
    p.setFont(f);
    const QFontMetrics fm(f);
    p.setPen(QColor(0xd0, 0xd0, 0xd0));
    p.setBrush(QColor(255, 255, 255, 230));
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    int x = 8;
    const int y = (height() - fm.height()) / 2;
    for (OpCategory c : kCategories) {
        p.setPen(Qt::NoPen);
        p.setBrush(categoryColor(c));
        p.drawRoundedRect(QRect(x, y + (fm.height() - kSwatch) / 2, kSwatch, kSwatch), 2, 2);
        x += kSwatch + 5;
        p.setPen(QColor(0x40, 0x40, 0x40));
        p.drawText(QPoint(x, y + fm.ascent()), categoryName(c));
        x += fm.horizontalAdvance(categoryName(c)) + kGap;
    }
}

} // namespace fuselab
