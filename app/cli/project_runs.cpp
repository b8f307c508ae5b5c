// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/project_runs.h"

#include "project/project_file.h"
#include "util/error.h"

#include <filesystem>

namespace fuselab::cli {

void storeRunInProject(const std::string &file, const Workload &w, const Accelerator &acc, Run run)
{
    Project initial;
    initial.name = std::filesystem::path(file).stem().string();
    initial.workload = w;
    initial.accelerator = acc;
    // Load, add and save under one write lock: a second `schedule --project` on the same
    // file waits for this one instead of overwriting its run.
    updateProject(file, initial, [&](Project &project, bool existed) {
        if (existed && (!(project.workload == w) || !(project.accelerator == acc)))
            throw InputError(file, "", "the project holds another workload or accelerator than --workload/--hw");
        putRun(project.runs, run); // a copy: `change` runs again when another process created the file first
    });
}

} // namespace fuselab::cli
