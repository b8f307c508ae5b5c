// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Number formatting shared by the timeline views (tooltips, tick labels, peak labels).

#include <QString>

#include <cstdint>
#include <string>

namespace fuselab::timeline {

/// 0 B, 512 B, 1.5 KiB, 12 MiB (binary units, up to 3 significant digits).
QString formatBytes(double bytes);
/// 950, 12.3 k, 4.56 M, 7.8 G.
QString formatCount(double n);
/// Energy given in pJ: 850 pJ, 1.2 nJ, 3.4 µJ, 5.6 mJ.
QString formatEnergyPj(double pj);
/// A tick label of a time axis whose ticks are `step` apart: cycles with k/M/G suffixes,
/// or µs with just enough decimals to tell neighbouring ticks apart.
QString formatTimeTick(double value, double step, bool microseconds);
/// A track or layer name as drawn: control characters (only a foreign project can still carry
/// one) removed, so that a label is one run of text in every font and in every export.
QString printableName(const std::string &name);

} // namespace fuselab::timeline
