// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A deterministic, schedule-like timeline for tests, benchmarks and screenshots: ResNet-like
// layers in fused groups, tiles processed depth-first through each group and split across the
// cores, input transfers on a link (overlapping compute), weight reads and output writes on a
// DRAM port, and the matching occupancy of each core's local memory and of a global buffer.

#include "timeline/timeline_data.h"

#include <cstdint>

namespace fuselab::timeline {

struct SyntheticSchedule {
    TimelineData timeline;
    std::vector<MemoryTrack> memories;
};

/// `tracks` >= 3 gives tracks-2 cores, one link and one DRAM port (fewer: cores only);
/// every compute track gets about `tilesPerTrack` slices.
SyntheticSchedule makeSyntheticSchedule(int tracks, int tilesPerTrack, uint32_t seed);

inline TimelineData makeSyntheticTimeline(int tracks, int tilesPerTrack, uint32_t seed)
{
    return makeSyntheticSchedule(tracks, tilesPerTrack, seed).timeline;
}

} // namespace fuselab::timeline
