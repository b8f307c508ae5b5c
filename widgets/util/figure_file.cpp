// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/figure_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace fuselab {

QString figureTempPath(const QString &path)
{
    return path + QStringLiteral(".partial-") + QString::number(QCoreApplication::applicationPid());
}

QByteArray wellFormedSvg(QByteArray svg)
{
    QByteArray out;
    out.reserve(svg.size());
    for (char ch : svg) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            continue;
        out.append(ch);
    }
    // Character references to the same characters (&#1; &#x1B;) are just as forbidden.
    static const QRegularExpression ref(QStringLiteral("&#(x0*([0-8bBcCeEfF]|1[0-9a-fA-F])|0*([0-8]|1[1-24-9]|2[0-9]|3[01]));"));
    QString text = QString::fromUtf8(out);
    text.remove(ref);
    return text.toUtf8();
}

bool commitFigureFile(const QString &tmp, const QString &path, bool svg)
{
    if (!QFileInfo(tmp).exists() || QFileInfo(tmp).size() == 0) {
        QFile::remove(tmp);
        return false;
    }
    if (svg) {
        QFile f(tmp);
        if (!f.open(QIODevice::ReadOnly)) {
            QFile::remove(tmp);
            return false;
        }
        const QByteArray clean = wellFormedSvg(f.readAll());
        f.close();
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(clean) != clean.size() || !f.flush()) {
            f.close();
            QFile::remove(tmp);
            return false;
        }
        f.close();
    }
    // rename(2) replaces the target atomically; QFile::rename would refuse an existing one.
    if (std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()) != 0) {
        QFile::remove(tmp);
        return false;
    }
    return true;
}

} // namespace fuselab
