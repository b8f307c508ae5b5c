// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/timeline_format.h"

#include <algorithm>
#include <cmath>

namespace fuselab::timeline {

namespace {
// Up to three significant digits, trailing zeros dropped.
QString sig3(double v)
{
    const double a = std::abs(v);
    const int decimals = a >= 100.0 ? 0 : (a >= 10.0 ? 1 : 2);
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

// Decimals needed to write multiples of `step` exactly (steps are 1, 2, 2.5 or 5 x 10^n).
int decimalsFor(double step)
{
    int d = 0;
    double scaledStep = step;
    while (d < 6 && std::abs(scaledStep - std::round(scaledStep)) > 1e-6 * std::max(1.0, scaledStep)) {
        scaledStep *= 10.0;
        ++d;
    }
    return d;
}

QString scaled(double v, const double *factors, const char *const *suffixes, int n, const QString &sep)
{
    for (int i = n - 1; i > 0; --i)
        if (std::abs(v) >= factors[i])
            return sig3(v / factors[i]) + sep + QLatin1String(suffixes[i]);
    return sig3(v) + sep + QLatin1String(suffixes[0]);
}
} // namespace

QString formatBytes(double bytes)
{
    static const double f[] = {1.0, 1024.0, 1024.0 * 1024.0, 1024.0 * 1024.0 * 1024.0};
    static const char *const s[] = {"B", "KiB", "MiB", "GiB"};
    return scaled(bytes, f, s, 4, QStringLiteral(" "));
}

QString formatCount(double n)
{
    static const double f[] = {1.0, 1e3, 1e6, 1e9};
    static const char *const s[] = {"", "k", "M", "G"};
    const QString r = scaled(n, f, s, 4, QStringLiteral(" "));
    return std::abs(n) < 1e3 ? QString::number(static_cast<int64_t>(std::llround(n))) : r;
}

QString formatEnergyPj(double pj)
{
    static const double f[] = {1.0, 1e3, 1e6, 1e9};
    static const char *const s[] = {"pJ", "nJ", "\xC2\xB5J", "mJ"};
    for (int i = 3; i > 0; --i)
        if (std::abs(pj) >= f[i])
            return sig3(pj / f[i]) + QStringLiteral(" ") + QString::fromUtf8(s[i]);
    return sig3(pj) + QStringLiteral(" pJ");
}

QString formatTimeTick(double value, double step, bool microseconds)
{
    if (std::abs(value) < 1e-9 * std::max(1.0, step))
        return QStringLiteral("0");
    if (microseconds) {
        return QString::number(value, 'f', decimalsFor(step));
    }
    // Cycles: pick the suffix by the step so that all ticks of an axis share it.
    static const double f[] = {1.0, 1e3, 1e6, 1e9};
    static const char *const s[] = {"", "k", "M", "G"};
    int u = 0;
    while (u < 3 && step >= f[u + 1])
        ++u;
    return QString::number(value / f[u], 'f', decimalsFor(step / f[u])) + QLatin1String(s[u]);
}

QString printableName(const std::string &name)
{
    QString out = QString::fromStdString(name);
    out.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    return out;
}

} // namespace fuselab::timeline
