// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduler's memory manager: slices held in memories over time, released after their
// last reader (or, in cache mode, shrunk to the line buffer first); when a memory can never
// make room, the slice used furthest ahead is spilled to DRAM (weights are just dropped).
#include "schedule/scheduler_impl.h"

#include <algorithm>

namespace fuselab::detail {

int Scheduler::newSlice(int memory, int64_t bytes, int64_t start, MemorySlice::Kind kind, int cn)
{
    Slice s;
    s.memory = memory;
    s.bytes = bytes;
    s.start = start;
    s.ready = start;
    s.lastUse = start;
    s.kind = kind;
    s.cn = cn;
    prof_[memory].add(start, bytes);
    slices_.push_back(s);
    const int id = static_cast<int>(slices_.size()) - 1;
    openSlices_[memory].push_back(id);
    return id;
}

void Scheduler::close(int id, int64_t t)
{
    Slice &s = slices_[id];
    if (!s.open())
        return;
    s.end = std::max(t, s.start);
    prof_[s.memory].add(s.end, -s.bytes);
    if (opt_.recordEvents)
        out_.slices.push_back({s.memory, s.bytes, s.start, s.end, s.cn, s.kind});
}

void Scheduler::readerDone(int id, int64_t t, bool tailOnly)
{
    Slice &s = slices_[id];
    s.lastUse = std::max(s.lastUse, t);
    if (!tailOnly && s.bodyReaders > 0) {
        s.bodyLastUse = std::max(s.bodyLastUse, t);
        if (--s.bodyReaders == 0 && s.open() && s.readers > 1) {
            // Only the line buffer (the tail later tiles read) stays.
            const int64_t at = std::max(s.bodyLastUse, s.start);
            const int64_t freed = s.bytes - s.tailBytes;
            prof_[s.memory].add(at, -freed);
            if (opt_.recordEvents)
                out_.slices.push_back({s.memory, freed, s.start, at, s.cn, s.kind});
            s.bytes = s.tailBytes;
        }
    }
    if (--s.readers <= 0)
        close(id, s.lastUse);
}

int64_t Scheduler::nextUse(const Slice &s) const
{
    if (s.kind == MemorySlice::Kind::Weights) {
        const int ws = s.weightSlot;
        for (int i = slotCnBegin_[ws] + slotNext_[ws]; i < slotCnBegin_[ws + 1]; ++i)
            if (!placed_[slotCns_[i]])
                return slotCns_[i];
        return kOpen;
    }
    int64_t best = kOpen;
    for (int i = succBegin_[s.cn]; i < succBegin_[s.cn + 1]; ++i)
        if (!placed_[succ_[i]])
            best = std::min<int64_t>(best, succ_[i]);
    return best;
}

int Scheduler::pickVictim(int memory, int cn)
{
    auto &open = openSlices_[memory];
    open.erase(std::remove_if(open.begin(), open.end(), [&](int id) { return !slices_[id].open(); }),
               open.end());
    int best = -1;
    int64_t bestUse = -1;
    for (int id : open) {
        const Slice &s = slices_[id];
        if (s.protectedBy == cn || s.kind == MemorySlice::Kind::Input)
            continue;
        const int64_t use = nextUse(s);
        if (use > bestUse || (use == bestUse && s.bytes > slices_[best].bytes)) {
            best = id;
            bestUse = use;
        }
    }
    return best;
}

void Scheduler::evict(int id)
{
    Slice &s = slices_[id];
    if (s.kind == MemorySlice::Kind::Weights) {
        // Weights are still in DRAM: drop them, fetch them again at the next use.
        slotSlice_[s.weightSlot] = -1;
        close(id, std::max(s.lastUse, s.ready));
        return;
    }
    const Move m = dramMove(s.memory, false, s.bytes, s.ready, EventKind::Spill, g_.nodes[s.cn].layer, -1,
                            s.cn, false, false);
    ++t_.spillEvents;
    t_.spillBytes += s.bytes;
    slices_[id].dramReady = m.end;
    close(id, std::max(slices_[id].lastUse, m.end));
}

int64_t Scheduler::allocate(int memory, int64_t bytes, int64_t t0, int cn)
{
    for (;;) {
        const int64_t t = prof_[memory].earliestFit(t0, bytes);
        if (t >= 0)
            return t;
        const int victim = pickVictim(memory, cn);
        if (victim < 0)
            fail(g_.nodes[cn], memory, bytes,
                 ": the data this tile itself needs at the same time leaves no room; use smaller tiles");
        evict(victim);
    }
}

} // namespace fuselab::detail
