// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/event_energy.h"

namespace fuselab {

namespace {
bool validMemory(const Accelerator &acc, int m) { return m >= 0 && m < static_cast<int>(acc.memories.size()); }
} // namespace

std::vector<EventEnergy> eventEnergies(const Schedule &s, const Accelerator &acc)
{
    std::vector<EventEnergy> out(s.events.size());
    std::vector<double> weight(s.events.size(), 0.0); // compute: MACs × the core's pJ/MAC
    double weightSum = 0.0;
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        EventEnergy &en = out[i];
        const auto b = static_cast<double>(e.bytes);
        if (e.kind == EventKind::Compute) {
            if (e.cn >= 0 && e.cn < static_cast<int>(s.cns.size()) && e.core >= 0 &&
                e.core < static_cast<int>(acc.cores.size())) {
                weight[i] = static_cast<double>(s.cns[static_cast<std::size_t>(e.cn)].macs) *
                            acc.cores[static_cast<std::size_t>(e.core)].macEnergy;
                weightSum += weight[i];
            }
            continue;
        }
        if (e.route >= 0 && e.route < static_cast<int>(s.routes.size()))
            for (int l : s.routes[static_cast<std::size_t>(e.route)])
                if (l >= 0 && l < static_cast<int>(acc.links.size()))
                    en.links += b * 8.0 * acc.links[static_cast<std::size_t>(l)].energyPerBit;
        if (e.kind == EventKind::Transfer) {
            if (validMemory(acc, e.srcMemory))
                en.memory += b * acc.memories[static_cast<std::size_t>(e.srcMemory)].readEnergy;
            if (validMemory(acc, e.dstMemory))
                en.memory += b * acc.memories[static_cast<std::size_t>(e.dstMemory)].writeEnergy;
        } else if (e.kind == EventKind::DramRead) {
            en.dram = b * acc.dram.readEnergy;
            if (validMemory(acc, e.dstMemory))
                en.memory += b * acc.memories[static_cast<std::size_t>(e.dstMemory)].writeEnergy;
        } else { // DramWrite, Spill: on-chip → DRAM
            en.dram = b * acc.dram.writeEnergy;
            if (validMemory(acc, e.srcMemory))
                en.memory += b * acc.memories[static_cast<std::size_t>(e.srcMemory)].readEnergy;
        }
    }
    if (weightSum > 0)
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].mac = s.totals.energy.mac * weight[i] / weightSum;
    return out;
}

} // namespace fuselab
