// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commands.h"

namespace fuselab::cli {

const std::vector<Command> &commandTable()
{
    static const std::vector<Command> table{
        {"info", "summarise a workload or an accelerator", runInfo},
        {"cost", "per-layer cost table of a workload on a core", runCost},
        {"schedule", "schedule a workload under a plan (lbl, fused or a plan file); exports", runSchedule},
        {"explore", "search fusion, tiles, pins and core allocation; best plan beside the baselines", runExplore},
        {"sweep", "explore a grid workloads x hardware x objectives into SQLite (shardable, resumable)", runSweep},
        {"merge", "combine sweep shard files", runMerge},
        {"study", "a canned study (multicore, arch-aware, pin-or-fuse) as a table", runStudy},
        {"figure", "a figure (Gantt, memory, Pareto, breakdown) of a run stored in a project", runFigure},
        {"default", "the main job on the built-in default project (ResNet-18 on the quad-core)", runDefault},
    };
    return table;
}

} // namespace fuselab::cli
