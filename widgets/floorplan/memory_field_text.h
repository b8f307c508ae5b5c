// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <QString>

namespace fuselab {

// The text a user types into the private-memory table for a memory's hierarchy fields, in the
// words of the native YAML (docs: README "Hardware"), so that an edit keeps what an imported
// core file set. Each parse returns false on bad text and leaves its output alone.

/// "auto" for a level chosen by size (-1), else the level (0 = next to the PEs).
QString formatLevel(int level);
bool parseLevel(const QString &text, int &level);

/// "rows, cols" (one instance for the array), "rows", "cols", "per PE" (no axis), or the
/// dimensions of a folded array, "D1, D3".
QString formatServed(unsigned servedAxes, unsigned servedDims);
bool parseServed(const QString &text, unsigned &servedAxes, unsigned &servedDims);

/// "1r 1w", "2rw", "1r 1w 1rw": read-only, write-only and read/write ports.
QString formatPorts(int readPorts, int writePorts, int rwPorts);
bool parsePorts(const QString &text, int &readPorts, int &writePorts, int &rwPorts);

} // namespace fuselab
