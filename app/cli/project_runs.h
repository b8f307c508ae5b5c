// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Storing a run in a project file from the CLI (schedule --project, explore --project).

#include "project/run.h"

#include <string>

namespace fuselab::cli {

/// Opens `file` (or creates a project of the workload and accelerator when it does not
/// exist), puts `run` in it (replacing a run of the same name) and saves it. An existing
/// project must hold the same workload and accelerator: the run's indices refer to them.
void storeRunInProject(const std::string &file, const Workload &w, const Accelerator &acc, Run run);

} // namespace fuselab::cli
