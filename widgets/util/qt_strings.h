// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <string>
#include <string_view>

namespace fuselab {

/// std strings (UTF-8) to and from QString, in one place.
inline QString toQString(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
inline std::string toStd(const QString &s) { return s.toStdString(); }

} // namespace fuselab
