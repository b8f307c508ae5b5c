// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "workload/workload.h"

#include <string>

namespace fuselab {

/// Plan YAML (layers, cores, memories and tensors by name, so a plan file reads on its own):
///
///     fuselab_plan: 1
///     name: fused
///     groups:
///       - layers: [conv1, pool1]
///         tile_rows: 1          # rows of the last layer's output per tile; 0 or absent = all
///         tile_cols: 0
///         overlap: cache        # recompute | cache
///         weights: resident     # resident | reload
///     allocation: {conv1: core0, pool1: pool}
///     splits: {conv2: {dim: K, cores: [core0, core1]}}
///     pins: [{tensor: t1, memory: sram}]
///
/// Layers missing from `allocation` get core -1 (the caller fills them, e.g. allocateCores).
/// Throws InputError naming the file and the field.
Plan parsePlanYaml(const std::string &yamlText, const std::string &fileNameForErrors, const Workload &w,
                   const Accelerator &acc);
Plan loadPlan(const std::string &path, const Workload &w, const Accelerator &acc);
std::string toPlanYaml(const Plan &plan, const Workload &w, const Accelerator &acc);
void savePlan(const Plan &plan, const Workload &w, const Accelerator &acc, const std::string &path);

} // namespace fuselab
