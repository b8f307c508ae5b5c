// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare/delta_text.h"

#include <QLocale>
#include <QObject>

#include <cmath>

namespace fuselab {

namespace {
const QString kMinus = QStringLiteral("\u2212");
}

QString signedNumber(double v, int decimals)
{
    const double shown = std::abs(v);
    const QString digits = QLocale().toString(shown, 'f', decimals);
    if (digits == QLocale().toString(0.0, 'f', decimals))
        return digits; // no sign on a change that rounds to nothing
    return (v < 0 ? kMinus : QStringLiteral("+")) + digits;
}

QString signedPercent(const MetricDelta &d)
{
    const std::optional<double> p = d.percent();
    if (!p)
        return QObject::tr("new");
    const QString digits = QLocale().toString(std::abs(*p), 'f', 1);
    if (digits == QLocale().toString(0.0, 'f', 1))
        return digits + QStringLiteral(" %");
    return (*p < 0 ? kMinus : QStringLiteral("+")) + digits + QStringLiteral(" %");
}

QString deltaText(const MetricDelta &d, int decimals)
{
    return QStringLiteral("%1 (%2)").arg(signedNumber(d.delta(), decimals), signedPercent(d));
}

QColor deltaColor(const MetricDelta &d)
{
    if (d.delta() < 0)
        return QColor(0x1b, 0x7a, 0x2e);
    if (d.delta() > 0)
        return QColor(0xb0, 0x1c, 0x1c);
    return {};
}

} // namespace fuselab
