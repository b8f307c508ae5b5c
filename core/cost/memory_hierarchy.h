// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fuselab {

/// Operand slots of the loop-nest model: inputs, weights (or a MatMul's second activation),
/// outputs.
enum OperandSlot : int { SlotI = 0, SlotW = 1, SlotO = 2 };
constexpr int kOperandSlots = 3;

/// One memory level as the loop-nest model sees it: a private memory of the core, a shared
/// memory the core is linked to, or the DRAM (the outermost level of every operand, never full).
struct MemoryLevel {
    std::string name;
    int64_t sizeBytes = 0; // per instance; INT64_MAX for the DRAM
    unsigned operands = 0; // Operand bits
    double readBw = 1, writeBw = 1;          // bytes per cycle per port
    double readEnergy = 0, writeEnergy = 0;  // pJ per byte
    unsigned servedAxes = AxisBoth;
    unsigned servedDims = 0; // Memory::servedDims
    int readPorts = 1, writePorts = 1, rwPorts = 0;
    bool doubleBuffered = true;
    bool isDram = false;
};

/// The memory hierarchy of one core: its memories and, per operand, the chain of levels that
/// holds it, innermost first, always ending with the DRAM.
///  - private memories of the core holding the operand, ordered by Memory::level when set
///    (-1 sorts by size), then by size ascending, then file order;
///  - when the core has no private memory for an operand, the shared memory it stages that
///    operand in (Accelerator::stagingMemory);
///  - the DRAM (rw ports = Dram::ports, bandwidth Dram::bandwidth shared by reads and writes).
struct CoreHierarchy {
    std::vector<MemoryLevel> memories;
    std::array<std::vector<int>, kOperandSlots> chain; // indices into memories
    int dram = -1;                                     // index of the DRAM level
};

CoreHierarchy coreHierarchy(const Core &core, const Accelerator &acc);

} // namespace fuselab
