// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/event_energy.h"

#include "cost/transfer_model.h"

namespace fuselab {

std::vector<EventEnergy> eventEnergies(const Schedule &s, const Accelerator &acc)
{
    std::vector<EventEnergy> out(s.events.size());
    std::vector<double> weight(s.events.size(), 0.0); // compute: MACs × the core's pJ/MAC
    double weightSum = 0.0;
    const TransferModel tm(acc);
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        EventEnergy &en = out[i];
        if (e.kind == EventKind::Compute) {
            if (e.cn >= 0 && e.cn < static_cast<int>(s.cns.size()) && e.core >= 0 &&
                e.core < static_cast<int>(acc.cores.size())) {
                weight[i] = static_cast<double>(s.cns[static_cast<std::size_t>(e.cn)].macs) *
                            acc.cores[static_cast<std::size_t>(e.core)].macEnergy;
                weightSum += weight[i];
            }
            continue;
        }
        TransferPath path;
        if (e.route >= 0 && e.route < static_cast<int>(s.routes.size()))
            for (int l : s.routes[static_cast<std::size_t>(e.route)])
                if (l >= 0 && l < static_cast<int>(acc.links.size()))
                    path.energyPerBit += acc.links[static_cast<std::size_t>(l)].energyPerBit;
        const Transfer t = e.kind == EventKind::Transfer ? tm.onChip(e.bytes, e.srcMemory, e.dstMemory, path)
                           : e.kind == EventKind::DramRead ? tm.dramRead(e.bytes, e.dstMemory, path)
                                                           : tm.dramWrite(e.bytes, e.srcMemory, path); // write, spill
        en.memory = t.energy.memory;
        en.links = t.energy.links;
        en.dram = t.energy.dram;
    }
    if (weightSum > 0)
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].mac = s.totals.energy.mac * weight[i] / weightSum;
    return out;
}

} // namespace fuselab
