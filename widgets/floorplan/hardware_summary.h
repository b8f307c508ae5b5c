// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <cstdint>
#include <string>

namespace fuselab {

/// The floorplan editor's live summary line.
struct HardwareSummary {
    /// Σ over MAC cores of rows·cols·clock: systolic and spatial arrays do rows·cols MACs per
    /// cycle; an AIMC crossbar does rows·cols MACs per MVM of `mvmCycles` cycles. SIMD and
    /// pooling cores do no MACs and are not counted.
    double peakMacsPerSecond = 0;
    /// Σ of every memory's size (private and shared); the DRAM is off-chip.
    int64_t onChipBytes = 0;
    /// Bisection bandwidth in bytes per cycle of the accelerator clock: the floorplan is cut
    /// by its vertical middle line and by its horizontal middle line (a block belongs to the
    /// side its centre is on); for each cut that has blocks on both sides, sum the bandwidth
    /// of the links with endpoints on both sides (a bus counts once: it is one shared
    /// medium). The result is the smaller of the two cuts. -1: no cut separates any blocks.
    double bisectionBytesPerCycle = -1;
    double bisectionBytesPerSecond = -1;
};

HardwareSummary summarize(const Accelerator &acc);

/// "196.6 TMAC/s · 2.3 MiB on-chip · bisection 128 B/cycle (128.0 GB/s)"
std::string formatSummary(const HardwareSummary &s);

} // namespace fuselab
