// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/schedule_timeline_adapter.h"

#include "workload/repeated_blocks.h"

#include <algorithm>
#include <map>

namespace fuselab::timeline {

namespace {

int operandOf(const ScheduleEvent &e)
{
    if (e.weights)
        return 1;
    if (e.kind == EventKind::DramWrite || e.kind == EventKind::Spill)
        return 2;
    return 0;
}

} // namespace

TimelineData timelineFromSchedule(const Schedule &s, const Workload &w, const Accelerator &acc,
                                  const Plan &plan)
{
    TimelineData tl;
    tl.clockMHz = s.clockMHz;
    tl.endCycle = s.totals.latencyCycles;
    for (const Core &c : acc.cores)
        tl.tracks.push_back({c.name, Track::Compute, {}});
    for (const Link &l : acc.links)
        tl.tracks.push_back({l.name, Track::Link, {}});
    const int ports = std::max(1, acc.dram.ports);
    for (int p = 0; p < ports; ++p)
        tl.tracks.push_back(
            {ports == 1 ? acc.dram.name : acc.dram.name + " port " + std::to_string(p), Track::Dram, {}});
    const int nLayers = static_cast<int>(w.layers.size());
    for (const Layer &l : w.layers)
        tl.layerNames.push_back(l.name);
    tl.layerGroup = plan.groupOfLayer(nLayers);
    BlockRoles roles = blockRoles(w);
    tl.layerRole = std::move(roles.roleOf);
    tl.roleNames = std::move(roles.names);
    for (int &g : tl.layerGroup)
        g = g == kNone ? -1 : g;

    const int nCn = static_cast<int>(s.cns.size());
    auto groupOfLayer = [&](int layer) {
        return layer >= 0 && layer < nLayers ? tl.layerGroup[static_cast<size_t>(layer)] : -1;
    };
    // Producers of every CN, from the schedule's dependencies and the moves feeding it.
    std::vector<std::vector<int>> deps(static_cast<size_t>(nCn));
    for (const auto &[prod, cons] : s.dependencies)
        if (cons >= 0 && cons < nCn)
            deps[static_cast<size_t>(cons)].push_back(prod);
    for (size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        if (e.kind != EventKind::Compute && e.cn >= 0 && e.cn < nCn && e.kind != EventKind::DramWrite &&
            e.kind != EventKind::Spill)
            deps[static_cast<size_t>(e.cn)].push_back(nCn + static_cast<int>(i));
    }

    for (size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        Slice sl;
        sl.energyPj = e.energy.total();
        sl.start = e.start;
        sl.end = e.end;
        sl.layer = e.layer >= 0 && e.layer < nLayers ? e.layer : -1;
        sl.group = groupOfLayer(sl.layer);
        if (e.kind == EventKind::Compute) {
            if (e.core < 0 || e.core >= static_cast<int>(acc.cores.size()))
                continue;
            sl.id = e.cn;
            if (e.cn >= 0 && e.cn < nCn) {
                const CnTiming &cn = s.cns[static_cast<size_t>(e.cn)];
                sl.tile = cn.tile;
                sl.macs = cn.macs;
                sl.bytes = cn.outputBytes;
                sl.deps = deps[static_cast<size_t>(e.cn)];
            } else {
                sl.tile = e.tile;
            }
            // An operand streamed from DRAM holds a port while the compute runs.
            if (e.dramPort >= 0 && e.dramPort < ports)
                tl.tracks[acc.cores.size() + acc.links.size() + static_cast<size_t>(e.dramPort)].slices.push_back(sl);
            tl.tracks[static_cast<size_t>(e.core)].slices.push_back(std::move(sl));
            continue;
        }
        sl.tile = e.tile;
        sl.bytes = e.bytes;
        sl.operand = operandOf(e);
        sl.id = nCn + static_cast<int>(i);
        if (e.producerCn >= 0)
            sl.deps.push_back(e.producerCn);
        // A move occupies every link of its route, and a DRAM port when it touches DRAM.
        if (e.route >= 0 && e.route < static_cast<int>(s.routes.size()))
            for (int link : s.routes[static_cast<size_t>(e.route)])
                if (link >= 0 && link < static_cast<int>(acc.links.size()))
                    tl.tracks[acc.cores.size() + static_cast<size_t>(link)].slices.push_back(sl);
        if (e.kind != EventKind::Transfer && e.dramPort >= 0 && e.dramPort < ports)
            tl.tracks[acc.cores.size() + acc.links.size() + static_cast<size_t>(e.dramPort)].slices.push_back(
                sl);
    }
    std::erase_if(tl.tracks, [](const Track &t) { return t.kind == Track::Link && t.slices.empty(); });
    for (Track &t : tl.tracks) {
        std::stable_sort(t.slices.begin(), t.slices.end(),
                         [](const Slice &a, const Slice &b) { return a.start < b.start; });
        for (const Slice &sl : t.slices)
            tl.endCycle = std::max(tl.endCycle, sl.end);
    }
    return tl;
}

std::vector<MemoryTrack> memoryTracksFromSchedule(const Schedule &s, const Accelerator &acc)
{
    std::vector<MemoryTrack> out;
    const size_t nMem = acc.memories.size();
    for (size_t m = 0; m < nMem; ++m) {
        MemoryTrack t;
        const Memory &mem = acc.memories[m];
        t.memory = mem.core.empty() || mem.name.find(mem.core) != std::string::npos
                       ? mem.name
                       : mem.core + " " + mem.name;
        t.capacity = mem.sizeBytes;
        out.push_back(std::move(t));
    }
    if (!s.slices.empty()) {
        // Series index per MemorySlice::Kind: Output, Input, Weights, Pinned → O, I, W, Pinned.
        auto series = [](MemorySlice::Kind k) {
            switch (k) {
            case MemorySlice::Kind::Input:
                return 0;
            case MemorySlice::Kind::Weights:
                return 1;
            case MemorySlice::Kind::Output:
                return 2;
            case MemorySlice::Kind::Pinned:
                return 3;
            }
            return 2;
        };
        std::vector<std::map<int64_t, std::vector<int64_t>>> deltas(nMem);
        for (const MemorySlice &ms : s.slices) {
            if (ms.memory < 0 || ms.memory >= static_cast<int>(nMem) || ms.end <= ms.start)
                continue;
            auto &d = deltas[static_cast<size_t>(ms.memory)];
            const auto k = static_cast<size_t>(series(ms.kind));
            for (auto [time, sign] : {std::pair<int64_t, int64_t>{ms.start, 1}, {ms.end, -1}}) {
                auto &v = d[time];
                v.resize(4, 0);
                v[k] += sign * ms.bytes;
            }
        }
        for (size_t m = 0; m < nMem; ++m) {
            MemoryTrack &t = out[m];
            t.series = {"I", "W", "O", "Pinned"};
            std::vector<int64_t> cur(4, 0);
            t.steps.push_back({0, cur});
            for (const auto &[time, d] : deltas[m]) {
                for (size_t k = 0; k < 4; ++k)
                    cur[k] += d[k];
                if (t.steps.back().cycle == time)
                    t.steps.back().bytes = cur;
                else
                    t.steps.push_back({time, cur});
            }
        }
        return out;
    }
    for (size_t m = 0; m < nMem && m < s.occupancy.size(); ++m) {
        MemoryTrack &t = out[m];
        t.series = {"total"};
        for (const OccupancyStep &o : s.occupancy[m])
            t.steps.push_back({o.time, {o.bytes}});
    }
    return out;
}

} // namespace fuselab::timeline
