// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How a plan's decisions read in the plan view: "0–3, 7" for sets of groups, "2 rows × 28
// tiles", "core0, core2", a group's caption on the graph.

#include "hardware/accelerator.h"
#include "plan/plan_summary.h"
#include "workload/workload.h"

#include <QString>

#include <vector>

namespace fuselab {

/// Ascending numbers with runs joined: {0,1,2,3,7} → "0–3, 7"; {} → "—".
QString numberRanges(const std::vector<int> &ascending);
/// "2 rows × 28 tiles", "whole (1 tile)", "4 rows × 8 cols × 32 tiles".
QString tilingText(const PlanGroupSummary &g);
/// Core names ("core0, core2"); an index out of range reads "#i".
QString coreNames(const std::vector<int> &cores, const Accelerator &acc);
/// "t → mem" for each pin ("—" for none).
QString pinsText(const std::vector<PinnedTensor> &pins, const Workload &w, const Accelerator &acc);
/// The caption of group `index` on the graph: "group 3 · 2 rows × 28 tiles · core1 · cache · resident".
QString groupCaption(int index, const PlanGroupSummary &g, const Accelerator &acc);

} // namespace fuselab
