// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The energy of each recorded schedule event, read from the schedule: the one place views
// (Gantt tooltips, per-layer statistics) get an event's energy from. The scheduler does not
// record per-event energy yet; until it does, this derives it from the events and the
// accelerator the schedule ran on, with the same formulas the scheduler sums into its totals:
//   move     bytes × (source read + destination write energy) + 8 × bytes × Σ link pJ/bit
//   DRAM r/w bytes × DRAM read (write) energy + bytes × on-chip write (read) energy + links
//   compute  the schedule's total MAC energy shared over compute events by MACs × core pJ/MAC
//            (the cost model's per-CN MAC energy is not kept in the schedule).
// So, over all events, the DRAM, link and MAC parts add up to the schedule's totals.

#include "hardware/accelerator.h"
#include "schedule/schedule.h"

#include <vector>

namespace fuselab {

struct EventEnergy {
    double mac = 0, memory = 0, links = 0, dram = 0;
    double total() const { return mac + memory + links + dram; }
};

/// One entry per `s.events` (empty when the schedule recorded none). `acc` must be the
/// accelerator the schedule ran on.
std::vector<EventEnergy> eventEnergies(const Schedule &s, const Accelerator &acc);

} // namespace fuselab
