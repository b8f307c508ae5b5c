// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli cost --detail LAYER: the chosen loop nest per memory level (like Timeloop's
// map.txt) and the accesses and energy per operand per level.
#pragma once

#include "cost/level_energy.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace fuselab::cli {

/// The detail of `layer` (whole) on `core`: searched for `objective` when the core is a spatial
/// array (the loop-nest model), else the core's own model's summary. The numbers are core's
/// (cost/level_energy.h), which the app's layer panel shows too.
struct MappingDetail {
    const Layer *layer = nullptr;
    const Core *core = nullptr;
    LayerLevelDetail detail;
};

MappingDetail mappingDetail(const Layer &layer, const Core &core, const Accelerator &acc, MappingObjective objective);
void printMappingDetail(std::ostream &os, const MappingDetail &d);
nlohmann::json mappingDetailJson(const MappingDetail &d);

} // namespace fuselab::cli
