// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/event_energy.h"

#include "cost/transfer_model.h"

namespace fuselab {

void deriveEventEnergies(Schedule &s, const Accelerator &acc)
{
    const TransferModel tm(acc);
    EventEnergy moves; // Σ over the moves
    std::vector<double> weight(s.events.size(), 0.0);
    double weightSum = 0.0;
    int computes = 0;
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        ScheduleEvent &e = s.events[i];
        e.energy = {};
        if (e.kind == EventKind::Compute) {
            ++computes;
            if (e.cn >= 0 && e.cn < static_cast<int>(s.cns.size()) && e.core >= 0 &&
                e.core < static_cast<int>(acc.cores.size()))
                weight[i] = static_cast<double>(s.cns[static_cast<std::size_t>(e.cn)].macs) *
                            acc.cores[static_cast<std::size_t>(e.core)].macEnergy;
            weightSum += weight[i];
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
        e.energy = {0, t.energy.memory, t.energy.links, t.energy.dram};
        moves.memory += e.energy.memory;
        moves.links += e.energy.links;
        moves.dram += e.energy.dram;
    }
    if (computes == 0)
        return;
    double memory = 0;
    for (const auto &[name, pj] : s.totals.energy.memory)
        memory += pj;
    const EventEnergy rest{s.totals.energy.mac, memory - moves.memory, s.totals.energy.links - moves.links,
                           s.totals.energy.dram - moves.dram};
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        ScheduleEvent &e = s.events[i];
        if (e.kind != EventKind::Compute)
            continue;
        const double share = weightSum > 0 ? weight[i] / weightSum : 1.0 / computes;
        e.energy = {rest.mac * share, rest.memory * share, rest.links * share, rest.dram * share};
    }
}

double eventEnergyTotal(const Schedule &s)
{
    double sum = 0;
    for (const ScheduleEvent &e : s.events)
        sum += e.energy.total();
    return sum;
}

} // namespace fuselab
