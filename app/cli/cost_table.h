// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"
#include "hardware/accelerator.h"
#include "workload/workload.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

namespace fuselab::cli {

/// One row of the per-layer cost table: a layer, layer by layer, on one core.
struct CostRow {
    LayerId layer = kNone;
    int core = -1;  // -1: no core can run it (listed, costed as zero, and warned about)
    LayerCost cost;
};

/// Costs every layer in topological order. `coreIndex` >= 0 forces one core (layers it cannot
/// run are reported as such); -1 picks the fastest capable core per layer.
std::vector<CostRow> costTable(const Workload &w, const Accelerator &acc, int coreIndex);

void printCostTable(std::ostream &os, const Workload &w, const Accelerator &acc, const std::vector<CostRow> &rows);
nlohmann::json costTableJson(const Workload &w, const Accelerator &acc, const std::vector<CostRow> &rows);

} // namespace fuselab::cli
