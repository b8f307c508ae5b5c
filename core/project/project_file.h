// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "project/project.h"

#include <string>

namespace fuselab {

/// The project file: one SQLite database with one table per kind of thing (layers, tensors,
/// cores, memories, links, dram, floorplan, …) so that other tools can query it with SQL.
/// See project_file.cpp for the schema and for why a save is atomic.

/// Schema version this build writes. Files with a lower version are upgraded on load (in
/// memory; the file itself changes only when saved); a higher version is refused.
/// 2 added the runs (run_store.h).
constexpr int kProjectSchemaVersion = 2;

/// Writes `project` to `path` in one transaction: after a crash or `kill -9` at any moment
/// the file holds either the previous content or the new one, never a mix.
/// Throws InputError (naming the file) when the file cannot be written.
void saveProject(const Project &project, const std::string &path);

/// Reads a project file. A missing, empty, truncated, corrupt or foreign file (a text file,
/// another application's SQLite database, a newer schema) throws InputError naming the
/// file and the cause; the file is never modified by a failed load.
Project loadProject(const std::string &path);

} // namespace fuselab
