// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Plain view data for the Gantt and memory views. No Qt: an adapter converts a schedule
// into these values, the views only read them. Times are in clock cycles.

#include <cstdint>
#include <string>
#include <vector>

namespace fuselab::timeline {

/// One busy interval on one track: a tile computing on a core, or a transfer on a link or
/// DRAM port. `end` is exclusive (the slice occupies cycles [start, end)).
struct Slice {
    int64_t start = 0;
    int64_t end = 0;
    int layer = -1;   ///< index into TimelineData::layerNames (-1: none)
    int tile = -1;    ///< tile index within the layer
    int group = -1;   ///< fused group (stack) of the layer
    int operand = -1; ///< transfers: 0 = I, 1 = W, 2 = O; -1 for compute
    int64_t macs = 0;
    int64_t bytes = 0;
    double energyPj = 0.0;
    int id = -1;           ///< unique over the whole timeline (for dependencies); -1: none
    std::vector<int> deps; ///< ids of the slices this one waits for
};

struct Track {
    enum Kind { Compute, Link, Dram };
    std::string name; ///< shown as the row label, e.g. "Core 0", "Link 0-1", "DRAM"
    Kind kind = Compute;
    std::vector<Slice> slices; ///< sorted by start
};

struct TimelineData {
    std::vector<Track> tracks; ///< rows, top to bottom
    int64_t endCycle = 0;      ///< latency of the schedule
    double clockMHz = 1000.0;  ///< for the µs axis: µs = cycles / clockMHz
    std::vector<std::string> layerNames;
    std::vector<int> layerGroup; ///< fused group of each layer (same size as layerNames)
    /// Role of each layer in its repeated block (workload/repeated_blocks.h), empty if unknown.
    std::vector<int> layerRole;
    std::vector<std::string> roleNames;
};

/// Occupancy of one memory is a step function: `bytes` holds from `cycle` until the next step.
struct MemoryStep {
    int64_t cycle = 0;
    std::vector<int64_t> bytes; ///< one entry per MemoryTrack::series (e.g. I, W, O)
    int64_t total() const
    {
        int64_t t = 0;
        for (int64_t b : bytes)
            t += b;
        return t;
    }
};

struct MemoryTrack {
    std::string memory; ///< e.g. "Core 0 SRAM", "Global buffer"
    int64_t capacity = 0;
    std::vector<std::string> series = {"I", "W", "O"}; ///< stacked bottom to top
    std::vector<MemoryStep> steps;                     ///< sorted by cycle
};

const char *operandName(int operand);
const char *trackKindName(Track::Kind kind);

} // namespace fuselab::timeline
