// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One layer on one core in detail, for the CLI's `cost --detail` and the app's layer panel
// alike: the chosen loop nest per memory level (like Timeloop's map.txt) and the bytes and
// energy of every memory level, the DRAM last. Both print these numbers; neither recomputes.

#include "cost/core_mapping.h"

#include <array>
#include <string>
#include <vector>

namespace fuselab {

/// A memory level's traffic and energy for the whole layer.
struct LevelEnergy {
    std::string name;
    bool dram = false;
    int64_t sizeBytes = 0; // 0 for the DRAM
    double readBytes = 0, writeBytes = 0;
    double energyPj = 0;
    double busyCycles = 0, stallCycles = 0;
};

/// One loop of the nest, outermost first: "for K in [0, 4)" with the memory level that holds
/// it per operand (I, W, O), or a spatial "par K in [0, 8)" with the array axis in `level[0]`.
struct NestLine {
    std::string loop;
    std::array<std::string, kOperandSlots> level;
    bool spatial = false;
};

struct LayerLevelDetail {
    MappingObjective objective = MappingObjective::Energy;
    /// false: the core's model has no loop nest (not a spatial core with a memory hierarchy,
    /// or not a MAC op); `levels` then holds the model's per-memory energy, `loops` nothing.
    bool loopNest = false;
    CoreMapping mapping;  // when loopNest
    ComputeCost compute;  // what the schedule charges for this layer on this core
    double macEnergy = 0; // pJ
    std::vector<NestLine> loops;
    std::vector<LevelEnergy> levels;
};

/// The detail of the whole `layer` on `core`, searched for `objective` when it has a loop nest.
LayerLevelDetail layerLevelDetail(const Layer &layer, const Core &core, const Accelerator &acc,
                                  MappingObjective objective);

/// "K", "OY", … (the loop vocabulary in capitals, as map.txt writes it).
std::string loopName(LoopDim d);

} // namespace fuselab
