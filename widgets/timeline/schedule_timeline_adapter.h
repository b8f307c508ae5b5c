// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Converts a recorded Schedule into the plain view data of the Gantt and memory views:
// one track per core (its compute), per link and per DRAM port; memory occupancy per memory
// stacked by what is held (inputs, weights, outputs, pinned tensors).

#include "timeline/timeline_data.h"

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <vector>

namespace fuselab::timeline {

/// Tracks: every core (its compute), then every link that carries data in this schedule
/// (unused links would only be empty rows), then every DRAM port. Slice ids: a compute slice has its CN's id
/// (so dependencies are the schedule's CN dependencies); a move's id is cnCount + its event index. A move
/// depends on the CN that produced its data; a compute slice on its producer CNs and on the moves that bring
/// its data.
TimelineData timelineFromSchedule(const Schedule &s, const Workload &w, const Accelerator &acc,
                                  const Plan &plan);

/// Occupancy of every memory of `acc` (in its order). With recorded memory slices the
/// series are I, W, O, Pinned; without, one series "total" from Schedule::occupancy.
std::vector<MemoryTrack> memoryTracksFromSchedule(const Schedule &s, const Accelerator &acc);

} // namespace fuselab::timeline
