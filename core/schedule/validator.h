// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "schedule/schedule.h"

#include <string>

namespace fuselab {

/// Checks a schedule recorded with events (docs/design.md §5): no core array, link or DRAM port
/// does two things at once; every dependency ends before its consumer starts and every move
/// feeding a CN ends before it starts; no memory is ever above its capacity (recomputed from
/// the slices, not from the reported occupancy); bytes are conserved (an on-chip move or DRAM
/// write of a CN's data starts after that CN ended and moves no more than it produced; a DRAM
/// read of produced data follows a DRAM write or spill of that data of at least as many bytes;
/// the totals equal the sums over the events). Returns the first violation, or "" if none.
std::string validateSchedule(const Schedule &s, const Accelerator &acc);

/// The checks that need no events, for every schedule before it is printed or stored: latency
/// within 0..kMaxScheduleCycles, energies and byte counts finite and non-negative. Returns the
/// first problem, naming the total, or "".
std::string validateTotals(const ScheduleTotals &t);

} // namespace fuselab
