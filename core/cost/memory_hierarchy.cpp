// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/memory_hierarchy.h"

#include "cost/transfer_model.h"

#include <algorithm>
#include <limits>

namespace fuselab {

namespace {
MemoryLevel levelOf(const Memory &m)
{
    MemoryLevel l;
    l.name = m.name;
    l.sizeBytes = m.sizeBytes;
    l.operands = m.operands;
    l.readBw = m.readBw;
    l.writeBw = m.writeBw;
    l.readEnergy = m.readEnergy;
    l.writeEnergy = m.writeEnergy;
    l.servedAxes = m.servedAxes;
    l.servedDims = m.servedDims;
    l.readPorts = m.readPorts;
    l.writePorts = m.writePorts;
    l.rwPorts = m.rwPorts;
    l.doubleBuffered = m.doubleBuffered;
    return l;
}
} // namespace

CoreHierarchy coreHierarchy(const Core &core, const Accelerator &acc)
{
    CoreHierarchy h;
    std::vector<int> own;
    for (int i = 0; i < static_cast<int>(acc.memories.size()); ++i)
        if (acc.memories[i].core == core.name)
            own.push_back(i);
    // Innermost first: explicit levels, then by size; stable keeps the file order of ties.
    std::stable_sort(own.begin(), own.end(), [&](int a, int b) {
        const Memory &x = acc.memories[a], &y = acc.memories[b];
        const bool xl = x.level >= 0, yl = y.level >= 0;
        if (xl && yl && x.level != y.level)
            return x.level < y.level;
        if (xl != yl)
            return xl; // memories with a level come before those sorted by size
        return x.sizeBytes < y.sizeBytes;
    });
    std::vector<int> localOf(acc.memories.size(), -1);
    auto add = [&](int m) {
        if (localOf[m] < 0) {
            localOf[m] = static_cast<int>(h.memories.size());
            h.memories.push_back(levelOf(acc.memories[m]));
        }
        return localOf[m];
    };
    static constexpr Operand bits[kOperandSlots] = {OperandI, OperandW, OperandO};
    for (int s = 0; s < kOperandSlots; ++s) {
        for (int m : own)
            if (acc.memories[m].operands & bits[s])
                h.chain[s].push_back(add(m));
        if (h.chain[s].empty()) {
            const int shared = acc.stagingMemory(core.name, bits[s]);
            if (shared >= 0)
                h.chain[s].push_back(add(shared));
        }
    }
    MemoryLevel d;
    d.name = acc.dram.name;
    d.sizeBytes = std::numeric_limits<int64_t>::max();
    d.operands = OperandAll;
    // The DRAM as the transfer model sees it (transfer_model.h): each port a share of the total.
    const TransferModel tm(acc);
    d.readBw = d.writeBw = tm.dramPortBandwidth();
    d.readEnergy = acc.dram.readEnergy;
    d.writeEnergy = acc.dram.writeEnergy;
    d.readPorts = d.writePorts = 0;
    d.rwPorts = tm.dramPorts();
    d.isDram = true;
    h.dram = static_cast<int>(h.memories.size());
    h.memories.push_back(d);
    for (auto &c : h.chain)
        c.push_back(h.dram);
    return h;
}

} // namespace fuselab
