// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/validator.h"

#include "hardware/hardware_limits.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace fuselab {

namespace {
std::string eventText(const ScheduleEvent &e)
{
    return std::string(toString(e.kind)) + " [" + std::to_string(e.start) + ", " + std::to_string(e.end) +
           ") of " + std::to_string(e.bytes) + " bytes (cn " + std::to_string(e.cn) + ", producer " +
           std::to_string(e.producerCn) + ")";
}
} // namespace

std::string validateSchedule(const Schedule &s, const Accelerator &acc)
{
    const int nc = static_cast<int>(acc.cores.size());
    const int nl = static_cast<int>(acc.links.size());
    const int ncn = static_cast<int>(s.cns.size());
    if (s.totals.cnCount > 0 && ncn != s.totals.cnCount)
        return "the schedule was not recorded with events (" + std::to_string(ncn) + " CN timings for " +
               std::to_string(s.totals.cnCount) + " CNs)";

    // 1. Resources: expand every event onto the resources it occupies.
    struct Use {
        int resource;
        int64_t start, end;
        int event;
    };
    std::vector<Use> uses;
    uses.reserve(s.events.size() * 2);
    for (int i = 0; i < static_cast<int>(s.events.size()); ++i) {
        const auto &e = s.events[i];
        if (e.end < e.start)
            return "event ends before it starts: " + eventText(e);
        if (e.end == e.start)
            continue;
        if (e.kind == EventKind::Compute) {
            if (e.core < 0 || e.core >= nc)
                return "compute on an unknown core: " + eventText(e);
            uses.push_back({e.core, e.start, e.end, i});
            continue;
        }
        if (e.route >= 0) {
            if (e.route >= static_cast<int>(s.routes.size()))
                return "move on an unknown route: " + eventText(e);
            for (int l : s.routes[e.route])
                uses.push_back({nc + l, e.start, e.end, i});
        }
        if (e.dramPort >= 0)
            uses.push_back({nc + nl + e.dramPort, e.start, e.end, i});
    }
    std::sort(uses.begin(), uses.end(), [](const Use &a, const Use &b) {
        return std::tie(a.resource, a.start, a.end) < std::tie(b.resource, b.start, b.end);
    });
    for (size_t i = 1; i < uses.size(); ++i)
        if (uses[i].resource == uses[i - 1].resource && uses[i].start < uses[i - 1].end) {
            const int r = uses[i].resource;
            const std::string name = r < nc        ? "core '" + acc.cores[r].name + "'"
                                     : r < nc + nl ? "link '" + acc.links[r - nc].name + "'"
                                                   : "DRAM port " + std::to_string(r - nc - nl);
            return name + " does two things at once: " + eventText(s.events[uses[i - 1].event]) + " and " +
                   eventText(s.events[uses[i].event]);
        }

    // 2. Dependencies.
    for (const auto &[p, c] : s.dependencies) {
        if (p < 0 || p >= ncn || c < 0 || c >= ncn)
            return "dependency on an unknown CN (" + std::to_string(p) + " -> " + std::to_string(c) + ")";
        if (s.cns[p].end > s.cns[c].start)
            return "CN " + std::to_string(c) + " starts at " + std::to_string(s.cns[c].start) +
                   " before its producer CN " + std::to_string(p) + " ends at " +
                   std::to_string(s.cns[p].end);
    }

    // 3. Bytes: moves start after their data exists, DRAM reads follow DRAM writes.
    std::vector<int64_t> written(ncn, 0), writtenEnd(ncn, -1), produced(ncn, 0);
    for (int c = 0; c < ncn; ++c)
        produced[c] = s.cns[c].outputBytes;
    int64_t reads = 0, writes = 0;
    for (const auto &e : s.events) {
        if (e.kind == EventKind::DramRead)
            reads += e.bytes;
        if (e.kind == EventKind::DramWrite || e.kind == EventKind::Spill)
            writes += e.bytes;
        if (e.kind == EventKind::Compute)
            continue;
        if (e.cn >= 0 && (e.cn >= ncn || e.end > s.cns[e.cn].start))
            return "a move for CN " + std::to_string(e.cn) + " ends after the CN starts: " + eventText(e);
        if (e.producerCn < 0)
            continue;
        if (e.producerCn >= ncn)
            return "a move of data of an unknown CN: " + eventText(e);
        const int p = e.producerCn;
        if (e.kind != EventKind::DramRead) {
            if (e.start < s.cns[p].end)
                return "data moves before its producer CN " + std::to_string(p) + " ends at " +
                       std::to_string(s.cns[p].end) + ": " + eventText(e);
            if (e.bytes > produced[p])
                return "a move carries more bytes than CN " + std::to_string(p) + " produced (" +
                       std::to_string(produced[p]) + "): " + eventText(e);
        }
        if (e.kind == EventKind::DramWrite || e.kind == EventKind::Spill) {
            written[p] = std::max(written[p], e.bytes);
            writtenEnd[p] = writtenEnd[p] < 0 ? e.end : std::min(writtenEnd[p], e.end);
        }
    }
    for (const auto &e : s.events)
        if (e.kind == EventKind::DramRead && e.producerCn >= 0) {
            const int p = e.producerCn;
            if (writtenEnd[p] < 0 || e.start < writtenEnd[p])
                return "DRAM read of data of CN " + std::to_string(p) +
                       " before any write of it ended: " + eventText(e);
            if (e.bytes > written[p])
                return "DRAM read of " + std::to_string(e.bytes) + " bytes of CN " + std::to_string(p) +
                       ", which wrote " + std::to_string(written[p]) + ": " + eventText(e);
        }
    if (reads != s.totals.dramReadBytes)
        return "dram_read_bytes " + std::to_string(s.totals.dramReadBytes) +
               " differs from the DRAM reads (" + std::to_string(reads) + ")";
    if (writes != s.totals.dramWriteBytes)
        return "dram_write_bytes " + std::to_string(s.totals.dramWriteBytes) +
               " differs from the DRAM writes (" + std::to_string(writes) + ")";

    // 4. Memories: sweep the slices.
    std::vector<std::vector<std::pair<int64_t, int64_t>>> deltas(acc.memories.size());
    for (const auto &sl : s.slices) {
        if (sl.memory < 0 || sl.memory >= static_cast<int>(acc.memories.size()))
            return "a slice in an unknown memory";
        if (sl.end < sl.start)
            return "a slice in memory '" + acc.memories[sl.memory].name + "' ends before it starts";
        deltas[sl.memory].push_back({sl.start, sl.bytes});
        deltas[sl.memory].push_back({sl.end, -sl.bytes});
    }
    for (size_t m = 0; m < deltas.size(); ++m) {
        auto &d = deltas[m];
        std::sort(d.begin(), d.end()); // at equal times releases (negative) come first
        int64_t use = 0;
        for (const auto &[t, b] : d) {
            use += b;
            if (use > acc.memories[m].sizeBytes)
                return "memory '" + acc.memories[m].name + "' holds " + std::to_string(use) +
                       " bytes at cycle " + std::to_string(t) + ", above its capacity of " +
                       std::to_string(acc.memories[m].sizeBytes);
        }
    }
    return {};
}

std::string validateTotals(const ScheduleTotals &t)
{
    if (t.latencyCycles < 0 || t.latencyCycles > kMaxScheduleCycles)
        return "totals.latency_cycles " + std::to_string(t.latencyCycles) + " is outside 0.." +
               std::to_string(kMaxScheduleCycles);
    for (auto [name, v] : {std::pair{"energy_pj", t.energyPj}, {"latency_seconds", t.latencySeconds}, {"edp", t.edp}})
        if (!std::isfinite(v) || v < 0)
            return std::string("totals.") + name + " " + std::to_string(v) + " is not a finite non-negative number";
    for (auto [name, v] : {std::pair{"dram_read_bytes", t.dramReadBytes}, {"dram_write_bytes", t.dramWriteBytes},
                           {"link_bytes", t.linkBytes}, {"spill_bytes", t.spillBytes}})
        if (v < 0)
            return std::string("totals.") + name + " " + std::to_string(v) + " is negative (overflow)";
    return {};
}

} // namespace fuselab
