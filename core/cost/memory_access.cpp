// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/memory_access.h"

namespace fuselab {

void addOperandAccess(ComputeCost &cost, const Accelerator &acc, const Core &core, Operand operand,
                      double readBytes, double writeBytes)
{
    const int m = acc.stagingMemory(core.name, operand);
    if (m < 0 || (readBytes <= 0 && writeBytes <= 0))
        return;
    const Memory &mem = acc.memories[m];
    cost.memoryEnergy[mem.name] += readBytes * mem.readEnergy + writeBytes * mem.writeEnergy;
}

} // namespace fuselab
