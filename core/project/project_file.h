// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "project/project.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fuselab {

/// The project file: one SQLite database with one table per kind of thing (layers, tensors,
/// cores, memories, links, dram, floorplan, …) so that other tools can query it with SQL.
/// See project_file.cpp for the schema and for why a save is atomic.

/// Schema version this build writes. Files with a lower version are upgraded on load (in
/// memory; the file itself changes only when saved); a higher version is refused.
/// 2 added the runs (run_store.h); 3 the workload's input shapes (Workload::inputShapes); 4 the
/// design each run ran on (run_designs, designs); 5 the energy of every event of a run
/// (run_event_energy); 6 the memory fields, unroll array dimensions and partial-sum precision
/// the costs read (memory_hierarchy, core_unroll_array_dims, layer_psum); 7 the spatial cores'
/// array dimensions and searched unrolling (core_array_dims, core_search_unrolling).
constexpr int kProjectSchemaVersion = 7;

/// Writes `project` to `path` in one transaction: after a crash or `kill -9` at any moment
/// the file holds either the previous content or the new one, never a mix.
/// Throws InputError (naming the file) when the file cannot be written, and refuses a
/// read-only file (no write permission bit) instead of replacing it.
void saveProject(const Project &project, const std::string &path);

/// The file's change counter (bytes 24..27 of the SQLite header, which every committed write
/// transaction increments in rollback-journal mode); 0 when the file cannot be read. The app
/// remembers it when it opens or saves a project, to notice another process's write.
uint32_t projectRevision(const std::string &path);

/// saveProject for a document opened (or last saved) at `expectedRevision`: when `path` is a
/// project whose revision differs (another process, e.g. `schedule --project`, stored a run
/// since), the save is refused with "changed by another process" instead of dropping that
/// write. The check and the write happen under one write lock.
void saveProject(const Project &project, const std::string &path, uint32_t expectedRevision);

/// How long a writer waits for another process's write of the same project to finish.
constexpr int kProjectLockWaitMs = 15000;

/// Read-modify-write of the project at `path` in ONE SQLite write transaction on the live
/// file: the write lock is taken before the read and held until the commit, so two processes
/// adding runs at once both keep theirs (the second waits, up to `lockWaitMs`, then is
/// refused with "the project is being written by another process"). `change(project,
/// existed)` gets the stored project, or a copy of `initial` when there is no file yet; a new
/// file never replaces one another process created meanwhile (then `change` runs a second
/// time, on that file's project: it must not consume what it adds). A read-only file (no write
/// permission bit) is refused, not replaced. Throws InputError naming the file.
void updateProject(const std::string &path, const Project &initial,
                   const std::function<void(Project &, bool existed)> &change, int lockWaitMs = kProjectLockWaitMs);

/// Reads a project file. A missing, empty, truncated, corrupt or foreign file (a text file,
/// another application's SQLite database, a newer schema) throws InputError naming the
/// file and the cause; the file is never modified by a failed load.
Project loadProject(const std::string &path);

} // namespace fuselab
