// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A run's design (run.h, RunDesign) kept in the project file. The snapshot is a project file
// of its own (the same schema, no runs) serialized into one BLOB, so it is read back, checked
// and upgraded by the very code that reads projects. Implemented in project_file.cpp, which
// owns that code.

#include "hardware/accelerator.h"
#include "workload/workload.h"

#include <string>

namespace fuselab {

/// A hex digest (SHA-256) of the workload and accelerator as the project file stores them:
/// every row of the design tables (layers, tensors, cores, memories, links, DRAM,
/// floorplan, and schema 6's memory_hierarchy, core_unroll_array_dims and layer_psum and
/// schema 7's core_array_dims and core_search_unrolling, which enter only when they have rows, so
/// a design with the defaults there hashes as schema 5 hashed it). Equal designs give equal fingerprints; the project's name and its runs do not enter it.
std::string designFingerprint(const Workload &w, const Accelerator &acc);

/// The bytes of a project file holding only `w` and `acc`.
std::string designSnapshot(const Workload &w, const Accelerator &acc);

/// Reads a snapshot back. Throws InputError naming `fileForErrors` when the bytes are not a
/// FuseLab project holding a design (and nothing else).
void readDesignSnapshot(const std::string &bytes, const std::string &fileForErrors, Workload &w, Accelerator &acc);

} // namespace fuselab
