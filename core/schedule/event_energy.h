// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Per-event energy for runs recorded before the scheduler kept it (project files of schema 2
// and older): derived from the events, the accelerator and the run's totals, so views and
// exports read ScheduleEvent::energy for every run alike.
//   moves    the transfer model's energy of the move (cost/transfer_model.h), as the
//            scheduler charges it;
//   compute  what the totals hold beyond the moves, term by term (MACs, the loop nests'
//            memory accesses, streamed DRAM traffic), shared over the compute events in
//            proportion to MACs × the core's pJ/MAC (equally when that is 0 everywhere).
// So the events' energies add up to the run's total energy, as for a fresh schedule.

#include "hardware/accelerator.h"
#include "schedule/schedule.h"

namespace fuselab {

/// Sets `energy` of every event of `s`. `acc` must be the accelerator the schedule ran on.
void deriveEventEnergies(Schedule &s, const Accelerator &acc);

/// Σ of the events' energies (pJ).
double eventEnergyTotal(const Schedule &s);

} // namespace fuselab
