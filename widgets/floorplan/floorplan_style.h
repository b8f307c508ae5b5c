// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "floorplan/floorplan_edits.h"

#include <QColor>
#include <QStringList>

namespace fuselab {

/// How blocks look: one colour per kind, and the text lines of a block (name, kind, size).
QColor kindColor(CoreKind kind);
QColor sharedMemoryColor();
QColor dramColor();
QColor paletteColor(PaletteBlock b);
QColor blockColor(const Accelerator &acc, const BlockRef &ref);
QStringList blockLines(const Accelerator &acc, const BlockRef &ref);
/// "64 KiB", "1 MiB", "1.5 GiB"
QString formatBytes(int64_t bytes);

} // namespace fuselab
