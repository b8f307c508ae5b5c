// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/time_ticker.h"

#include "timeline/timeline_format.h"

#include <cmath>

namespace fuselab::timeline {

void TimeTicker::setMicroseconds(bool on, double clockMHz)
{
    micro_ = on && clockMHz > 0.0;
    clockMHz_ = clockMHz > 0.0 ? clockMHz : 1.0;
}

double TimeTicker::getTickStep(const QCPRange &range)
{
    const double d = divisor();
    // Round steps in display units (cycles or µs), converted back to cycles.
    step_ = QCPAxisTicker::getTickStep(QCPRange(range.lower / d, range.upper / d));
    if (!micro_)
        step_ = std::max(1.0, step_); // no fractional cycles
    return step_ * d;
}

QString TimeTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    return formatTimeTick(tick / divisor(), step_, micro_);
}

} // namespace fuselab::timeline

namespace fuselab::timeline {

double BytesTicker::getTickStep(const QCPRange &range)
{
    const double top = std::max(std::abs(range.lower), std::abs(range.upper));
    unit_ = 1.0;
    while (unit_ < 1024.0 * 1024.0 * 1024.0 && top >= unit_ * 1024.0 * 2.0)
        unit_ *= 1024.0;
    const QCPRange scaled(range.lower / unit_, range.upper / unit_);
    if (tickCount() <= 1 && scaled.upper > 0) {
        // One label beside 0: the largest round value (1, 2 or 5 × 10^k) still in range, so a
        // short panel shows "0" and "2 MiB" rather than 0 alone.
        const double magnitude = std::pow(10.0, std::floor(std::log10(scaled.upper)));
        double step = magnitude;
        for (double m : {2.0, 5.0})
            if (m * magnitude <= scaled.upper)
                step = m * magnitude;
        return step * unit_;
    }
    return QCPAxisTicker::getTickStep(scaled) * unit_;
}

QString BytesTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    if (std::abs(tick) < 1e-9)
        return QStringLiteral("0");
    static const char *const names[] = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    for (double x = unit_; x > 1.0 && u < 3; x /= 1024.0)
        ++u;
    const double v = tick / unit_;
    const int decimals =
        std::abs(v - std::round(v)) < 1e-9 ? 0 : (std::abs(v * 10 - std::round(v * 10)) < 1e-9 ? 1 : 2);
    return QString::number(v, 'f', decimals) + QLatin1Char(' ') + QLatin1String(names[u]);
}

} // namespace fuselab::timeline
