// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduler's data moves: on-chip transfers over the links of a precomputed route and
// DRAM reads / writes over a DRAM port (and the links to the DRAM), each at the earliest time
// every resource it occupies is free, with its time, bytes and energy.
#include "schedule/checked_time.h"
#include "schedule/scheduler_impl.h"

#include <algorithm>
#include <cmath>

namespace fuselab::detail {

TransferPath pathOf(const Route &r) { return {r.bandwidth, r.latency, r.energyPerBit}; }

int64_t Scheduler::earliestOn(const std::vector<int> &links, int port, int64_t t, int64_t d) const
{
    for (;;) {
        int64_t s = t;
        for (int l : links)
            s = linkTl_[l].earliest(s, d);
        if (port >= 0)
            s = portTl_[port].earliest(s, d);
        if (s == t)
            return t;
        t = s;
    }
}

void Scheduler::bookOn(const std::vector<int> &links, int port, int64_t s, int64_t e)
{
    for (int l : links)
        linkTl_[l].book(s, e);
    if (port >= 0)
        portTl_[port].book(s, e);
}

void Scheduler::record(const ScheduleEvent &e)
{
    ++t_.eventCount;
    maxEnd_ = std::max(maxEnd_, e.end);
    if (opt_.recordEvents)
        out_.events.push_back(e);
}

Move Scheduler::move(int src, int dst, int64_t bytes, int64_t earliest, EventKind kind,
                     const ComputationNode *forCn, int forId, int producer)
{
    const int r = topo_.routeIndex(topo_.blockOfMemory(src), topo_.blockOfMemory(dst));
    if (r < 0)
        throw ScheduleError("no link route from memory '" + acc_.memories[src].name + "' to memory '" +
                            acc_.memories[dst].name + "'" +
                            (forCn ? " (for layer '" + w_.layers[forCn->layer].name + "')" : std::string()));
    const Route &route = topo_.route(r);
    const Transfer tr = transfers_.onChip(bytes, src, dst, pathOf(route));
    const int64_t d = checkedEnd(checkedCycles(tr.streamCycles - 1e-9, "on-chip transfer"), tr.latency,
                                 "on-chip transfer");
    Move m;
    m.start = earliestOn(route.links, -1, earliest, d);
    m.end = checkedEnd(m.start, d, "on-chip transfer");
    bookOn(route.links, -1, m.start, m.end);
    memEnergy_[src] += static_cast<double>(bytes) * acc_.memories[src].readEnergy;
    memEnergy_[dst] += static_cast<double>(bytes) * acc_.memories[dst].writeEnergy;
    linkEnergy_ += tr.energy.links;
    t_.linkBytes += bytes * static_cast<int64_t>(route.links.size());
    ScheduleEvent e;
    e.kind = kind;
    e.route = r;
    e.start = m.start;
    e.end = m.end;
    e.bytes = bytes;
    e.layer = forCn ? forCn->layer : kNone;
    e.cn = forId;
    e.producerCn = producer;
    e.tile = forCn ? forCn->tile : -1;
    e.srcMemory = src;
    e.dstMemory = dst;
    e.energy = {0, tr.energy.memory, tr.energy.links, 0};
    record(e);
    return m;
}

Move Scheduler::dramMove(int memory, bool read, int64_t bytes, int64_t earliest, EventKind kind,
                         LayerId layer, int forId, int producer, bool weights, bool spillRead)
{
    int r = -1;
    if (topo_.dramLinked()) {
        const int mb = topo_.blockOfMemory(memory);
        r = read ? topo_.routeIndex(topo_.dramBlock(), mb) : topo_.routeIndex(mb, topo_.dramBlock());
    }
    static const std::vector<int> noLinks;
    const std::vector<int> &links = r >= 0 ? topo_.route(r).links : noLinks;
    const Transfer tr = read ? transfers_.dramRead(bytes, memory, r >= 0 ? pathOf(topo_.route(r)) : TransferPath{})
                             : transfers_.dramWrite(bytes, memory, r >= 0 ? pathOf(topo_.route(r)) : TransferPath{});
    const int64_t d = checkedEnd(checkedCycles(tr.streamCycles - 1e-9, "DRAM transfer"), tr.latency, "DRAM transfer");
    Move m;
    m.start = kOpen;
    for (int p = 0; p < static_cast<int>(portTl_.size()); ++p) {
        const int64_t s = earliestOn(links, p, earliest, d);
        if (s < m.start) {
            m.start = s;
            m.port = p;
        }
    }
    m.end = checkedEnd(m.start, d, "DRAM transfer");
    bookOn(links, m.port, m.start, m.end);
    dramEnergy_ += tr.energy.dram;
    memEnergy_[memory] += tr.energy.memory;
    linkEnergy_ += tr.energy.links;
    if (read)
        t_.dramReadBytes += bytes;
    else
        t_.dramWriteBytes += bytes;
    if (r >= 0)
        t_.linkBytes += bytes * static_cast<int64_t>(links.size());
    ScheduleEvent e;
    e.kind = kind;
    e.route = r;
    e.dramPort = m.port;
    e.start = m.start;
    e.end = m.end;
    e.bytes = bytes;
    e.layer = layer;
    e.cn = forId;
    e.producerCn = producer;
    e.tile = forId >= 0 ? g_.nodes[forId].tile : (producer >= 0 ? g_.nodes[producer].tile : -1);
    e.srcMemory = read ? -1 : memory;
    e.dstMemory = read ? memory : -1;
    e.weights = weights;
    e.spillRead = spillRead;
    e.energy = {0, tr.energy.memory, tr.energy.links, tr.energy.dram};
    record(e);
    return m;
}

} // namespace fuselab::detail
