// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"

namespace fuselab {

/// Bytes per element of an operand at `bits` precision (4-bit operands give 0.5).
inline double bytesPerElement(int bits)
{
    return bits / 8.0;
}

/// Adds the energy of reading `readBytes` from and writing `writeBytes` to the memory in
/// which `core` stages `operand` (Accelerator::stagingMemory: its largest private memory
/// holding the operand, else the shared memory it is linked to) to `cost.memoryEnergy`,
/// keyed by that memory's name. Nothing is added when the core has no such memory.
void addOperandAccess(ComputeCost &cost, const Accelerator &acc, const Core &core, Operand operand,
                      double readBytes, double writeBytes);

} // namespace fuselab
