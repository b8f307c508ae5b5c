// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Per-layer figures of a recorded schedule, for the Layers table and the compare view: read
// from the schedule's events and the energy each recorded (ScheduleEvent::energy), not from
// the hardware's present fields.

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/schedule.h"

#include <cstdint>
#include <vector>

namespace fuselab {

struct LayerStatistics {
    int group = -1;         ///< the fused group of the plan, -1 if none
    int core = -1;          ///< the plan's core, -1 if none
    int64_t cycles = 0;     ///< Σ compute event durations
    int64_t macs = 0;       ///< Σ the layer's CN MACs
    double energyPj = 0;    ///< Σ energy of the layer's events (compute and the data moved for it)
    int64_t dramBytes = 0;  ///< bytes read from and written to DRAM for the layer
};

/// One entry per layer (0 .. layers-1). `acc` is the accelerator the schedule ran on.
std::vector<LayerStatistics> layerStatistics(const Schedule &s, const Plan &plan, const Accelerator &acc,
                                             int layers);

} // namespace fuselab
