// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a figure file (SVG, PDF, PNG) so that a failed export never leaves a partial file
// and an SVG is always well-formed XML: the figure is rendered into a temporary file beside
// the target, an SVG is cleaned of the characters XML 1.0 forbids (a control character in a
// layer name made the Gantt SVG unreadable), and the result is renamed over the target.
#pragma once

#include <QString>

namespace fuselab {

/// The temporary path a figure for `path` is rendered into (beside it, unique to this process).
QString figureTempPath(const QString &path);

/// Moves the rendered `tmp` over `path`, an SVG first stripped of characters XML forbids
/// (C0 controls other than tab, newline and carriage return, raw or as character
/// references). Removes `tmp` and returns false when it is missing, empty or cannot be moved.
bool commitFigureFile(const QString &tmp, const QString &path, bool svg);

/// `svg` without the characters XML 1.0 forbids (exposed for tests).
QByteArray wellFormedSvg(QByteArray svg);

} // namespace fuselab
