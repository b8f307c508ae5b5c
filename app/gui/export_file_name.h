// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The export dialog's file name follows its filter: picking "PDF (*.pdf)" turns "explore.svg"
// into "explore.pdf", and a name typed without a suffix gets the filter's.

#include <QString>

namespace fuselab {

/// The first suffix of a name filter, with its dot: "SVG (*.svg)" → ".svg",
/// "JSON (*.trace.json *.json)" → ".trace.json"; empty if the filter has none.
QString filterSuffix(const QString &filter);

/// `path` with its suffix replaced by `suffix` (".pdf"). A known compound suffix (".trace.json",
/// ".summary.json") is replaced whole; a name without a suffix gets it appended.
QString withSuffix(const QString &path, const QString &suffix);

} // namespace fuselab
