// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/timeline_palette.h"

#include <algorithm>

namespace fuselab::timeline {

namespace {
constexpr QRgb kTableau10[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                               0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
}

QColor keyColor(int key)
{
    if (key < 0)
        return QColor(0x9a, 0xa0, 0xa6);
    const QColor base = QColor::fromRgb(kTableau10[key % 10]);
    switch ((key / 10) % 3) {
    case 1:
        return base.lighter(125);
    case 2:
        return base.darker(125);
    default:
        return base;
    }
}

QColor faded(const QColor &c, double amount)
{
    const double a = std::clamp(amount, 0.0, 1.0);
    auto mix = [a](int v) { return static_cast<int>(v + (255 - v) * a); };
    return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

QColor textColorOn(const QColor &background)
{
    const double luma = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue();
    return luma > 150.0 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

QColor operandColor(int series)
{
    constexpr QRgb kOperands[] = {0x6f9fd8, 0xe8a25c, 0x7bbf8a};
    if (series >= 0 && series < 3)
        return QColor::fromRgb(kOperands[series]);
    return keyColor(series);
}

} // namespace fuselab::timeline
