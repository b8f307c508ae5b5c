// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "project/run.h"
#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// What a project file holds: the workload, the accelerator with its floorplan, and (as
/// the scheduler and search land) plans and runs. Plain value type.
struct Project {
    std::string name = "untitled";
    Workload workload;
    Accelerator accelerator;
    std::vector<Run> runs; // schedules kept with the project (run.h)

    friend bool operator==(const Project &, const Project &) = default;
};

} // namespace fuselab
