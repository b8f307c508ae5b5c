// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/memory_field_text.h"

#include <QRegularExpression>
#include <QStringList>

namespace fuselab {

namespace {

constexpr int kMaxServedDim = 32; // bits of Memory::servedDims

QStringList tokens(const QString &text)
{
    return text.toLower().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
}

} // namespace

QString formatLevel(int level)
{
    return level < 0 ? QStringLiteral("auto") : QString::number(level);
}

bool parseLevel(const QString &text, int &level)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("auto")) {
        level = -1;
        return true;
    }
    bool ok = false;
    const int v = t.toInt(&ok);
    if (!ok || v < 0)
        return false;
    level = v;
    return true;
}

QString formatServed(unsigned servedAxes, unsigned servedDims)
{
    QStringList parts;
    if (servedDims != 0) { // a folded array: its dimensions decide
        for (int b = 0; b < kMaxServedDim; ++b)
            if (servedDims >> b & 1u)
                parts << QStringLiteral("D%1").arg(b + 1);
        return parts.join(QStringLiteral(", "));
    }
    if (servedAxes & AxisRows)
        parts << QStringLiteral("rows");
    if (servedAxes & AxisCols)
        parts << QStringLiteral("cols");
    return parts.isEmpty() ? QStringLiteral("per PE") : parts.join(QStringLiteral(", "));
}

bool parseServed(const QString &text, unsigned &servedAxes, unsigned &servedDims)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("per pe") || t == QLatin1String("pe") || t == QLatin1String("none")) {
        servedAxes = 0;
        servedDims = 0;
        return true;
    }
    unsigned axes = 0, dims = 0;
    static const QRegularExpression dim(QStringLiteral("^d(\\d+)$"));
    const QStringList parts = tokens(t);
    if (parts.isEmpty())
        return false;
    for (const QString &p : parts) {
        if (p == QLatin1String("rows"))
            axes |= AxisRows;
        else if (p == QLatin1String("cols"))
            axes |= AxisCols;
        else if (const auto m = dim.match(p); m.hasMatch()) {
            const int n = m.captured(1).toInt();
            if (n < 1 || n > kMaxServedDim)
                return false;
            dims |= 1u << (n - 1);
        } else
            return false;
    }
    if (axes != 0 && dims != 0) // rows/cols are the 2-D words, Dn the folded array's
        return false;
    servedAxes = dims != 0 ? AxisBoth : axes;
    servedDims = dims;
    return true;
}

QString formatPorts(int readPorts, int writePorts, int rwPorts)
{
    QStringList parts;
    if (readPorts)
        parts << QStringLiteral("%1r").arg(readPorts);
    if (writePorts)
        parts << QStringLiteral("%1w").arg(writePorts);
    if (rwPorts)
        parts << QStringLiteral("%1rw").arg(rwPorts);
    return parts.join(QLatin1Char(' '));
}

bool parsePorts(const QString &text, int &readPorts, int &writePorts, int &rwPorts)
{
    static const QRegularExpression port(QStringLiteral("^(\\d+)\\s*(rw|r|w)$"));
    int r = 0, w = 0, rw = 0;
    const QStringList parts =
        text.toLower().split(QRegularExpression(QStringLiteral("[,;\\s]+(?=\\d)")), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return false;
    for (const QString &p : parts) {
        const auto m = port.match(p.trimmed());
        if (!m.hasMatch())
            return false;
        bool ok = false;
        const int n = m.captured(1).toInt(&ok);
        if (!ok || n > 64)
            return false;
        int &slot = m.captured(2) == QLatin1String("rw") ? rw : m.captured(2) == QLatin1String("r") ? r : w;
        slot += n;
    }
    readPorts = r;
    writePorts = w;
    rwPorts = rw;
    return true;
}

} // namespace fuselab
