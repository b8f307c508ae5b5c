// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "schedule/schedule.h"

#include <string>
#include <string_view>

namespace fuselab {

/// What the search minimises. `Memory` is the peak on-chip footprint: the sum over memories
/// of each memory's peak occupancy.
enum class Objective { Latency, Energy, Edp, Dram, Memory };

std::string_view toString(Objective o);
/// Accepts latency, energy, edp, dram, memory.
bool parseObjective(std::string_view name, Objective &out);

/// The objective's value for a schedule: cycles, pJ, pJ·cycles, DRAM bytes read + written,
/// or bytes.
double objectiveValue(const ScheduleTotals &t, Objective o);

} // namespace fuselab
