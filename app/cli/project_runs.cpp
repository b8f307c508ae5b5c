// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/project_runs.h"

#include "project/project_file.h"
#include "util/error.h"

#include <filesystem>

namespace fuselab::cli {

void storeRunInProject(const std::string &file, const Workload &w, const Accelerator &acc, Run run)
{
    namespace fs = std::filesystem;
    Project project;
    std::error_code ec;
    if (fs::exists(file, ec)) {
        project = loadProject(file);
        if (!(project.workload == w) || !(project.accelerator == acc))
            throw InputError(file, "", "the project holds another workload or accelerator than --workload/--hw");
    } else {
        project.name = fs::path(file).stem().string();
        project.workload = w;
        project.accelerator = acc;
    }
    putRun(project.runs, std::move(run));
    saveProject(project, file);
}

} // namespace fuselab::cli
