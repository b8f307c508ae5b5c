// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The runs of a project in its SQLite file (schema version 2): table `runs` (name, strategy,
// created, plan as plan YAML, summary JSON, totals JSON) and one table per recorded list
// (`run_events`, `run_cns`, `run_dependencies`, `run_memory_slices`, `run_occupancy`,
// `run_routes`, `run_pareto`), each keyed by the run's id, so other tools can query them.

#include "project/run.h"

#include <string>
#include <vector>

struct sqlite3;

namespace fuselab {

/// CREATE TABLE statements of the run tables (also the upgrade from schema 1 to 2).
extern const char *const kRunTablesSql;
/// The energy of every recorded event of a run (`run_event_energy`, keyed like `run_events`;
/// also the whole upgrade to the schema that added it). A run without rows there (saved by an
/// older FuseLab) gets its event energies derived on loading (schedule/event_energy.h).
extern const char *const kEventEnergyTableSql;

/// The design each run ran on (also the upgrade from schema 2 to 3): `run_designs` gives a
/// run's design fingerprint; `designs` holds a snapshot (design_snapshot.h) of every design
/// other than the project's own. A run with no row in `run_designs` (a file of schema 2) ran
/// on the project's design.
extern const char *const kRunDesignTablesSql;

/// Inserts `runs` into the (empty) run tables, with their designs; `w` and `acc` are the
/// project's. Throws InputError naming `file` on failure.
void writeRuns(sqlite3 *db, const std::vector<Run> &runs, const Workload &w, const Accelerator &acc,
               const std::string &file);

/// Reads every run, in id order, each with its design (the project's `w` and `acc`, or a
/// snapshot). Throws InputError naming `file` and the table.
std::vector<Run> readRuns(sqlite3 *db, const Workload &w, const Accelerator &acc, const std::string &file);

} // namespace fuselab
