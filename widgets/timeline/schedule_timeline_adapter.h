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

/// Slice ids: a compute slice has its CN's id (so dependencies are the schedule's CN
/// dependencies); a move's id is cnCount + its event index. A move depends on the CN that
/// produced its data; a compute slice on its producer CNs and on the moves that bring its data.
TimelineData timelineFromSchedule(const Schedule &s, const Workload &w, const Accelerator &acc, const Plan &plan);

/// Occupancy of every memory of `acc` (in its order). With recorded memory slices the
/// series are I, W, O, Pinned; without, one series "total" from Schedule::occupancy.
std::vector<MemoryTrack> memoryTracksFromSchedule(const Schedule &s, const Accelerator &acc);

/// Track index of core `core`, of link `link` and of DRAM port `port` in timelineFromSchedule's
/// tracks (cores first, then links, then DRAM ports).
inline int coreTrack(int core) { return core; }
inline int linkTrack(const Accelerator &acc, int link) { return static_cast<int>(acc.cores.size()) + link; }
inline int dramTrack(const Accelerator &acc, int port)
{
    return static_cast<int>(acc.cores.size() + acc.links.size()) + port;
}

} // namespace fuselab::timeline
