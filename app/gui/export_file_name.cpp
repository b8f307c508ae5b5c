// SPDX-License-Identifier: GPL-3.0-or-later
#include "export_file_name.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace fuselab {

QString filterSuffix(const QString &filter)
{
    static const QRegularExpression firstPattern(QStringLiteral("\\*(\\.[A-Za-z0-9.]+)"));
    const auto m = firstPattern.match(filter);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString withSuffix(const QString &path, const QString &suffix)
{
    if (suffix.isEmpty())
        return path;
    const QFileInfo info(path);
    const QString dir = path.left(path.size() - info.fileName().size());
    QString base = info.fileName();
    for (const QString &known : {QStringLiteral(".trace.json"), QStringLiteral(".summary.json")})
        if (base.endsWith(known, Qt::CaseInsensitive)) {
            base.chop(known.size());
            return dir + base + suffix;
        }
    const int dot = base.lastIndexOf(QLatin1Char('.'));
    if (dot > 0)
        base.truncate(dot);
    return dir + base + suffix;
}

} // namespace fuselab
