// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/hardware_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace fuselab {

namespace {
/// Side of the cut each block's centre lies on: -1 before `mid`, +1 after. Doubled
/// coordinates keep everything in integers.
std::map<std::string, int> sides(const Accelerator &acc, bool vertical)
{
    const int mid2 = vertical ? acc.gridWidth : acc.gridHeight;  // 2 × middle line
    std::map<std::string, int> out;
    auto add = [&](const std::string &name, const Placement &p) {
        const int centre2 = vertical ? 2 * p.x + p.w : 2 * p.y + p.h;
        out[name] = centre2 < mid2 ? -1 : 1;
    };
    for (const auto &c : acc.cores)
        add(c.name, c.place);
    for (const auto &m : acc.memories)
        if (m.core.empty())
            add(m.name, m.place);
    add(acc.dram.name, acc.dram.place);
    return out;
}

double cutBandwidth(const Accelerator &acc, bool vertical)
{
    const auto side = sides(acc, vertical);
    bool left = false, right = false;
    for (const auto &[name, s] : side)
        (s < 0 ? left : right) = true;
    if (!left || !right)
        return -1;
    double bw = 0;
    for (const auto &l : acc.links) {
        bool a = false, b = false;
        for (const auto &e : l.endpoints)
            if (auto it = side.find(e); it != side.end())
                (it->second < 0 ? a : b) = true;
        if (a && b && std::isfinite(l.bandwidth))
            bw += l.bandwidth;
    }
    return bw;
}

std::string scaled(double v, const char *unit)
{
    static const char *prefixes[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    while (std::abs(v) >= 1000 && i < 5) {
        v /= 1000;
        ++i;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f %s%s", v, prefixes[i], unit);
    return buf;
}
} // namespace

HardwareSummary summarize(const Accelerator &acc)
{
    HardwareSummary s;
    for (const auto &c : acc.cores) {
        const double perCycle = static_cast<double>(c.rows) * c.cols;
        if (c.kind == CoreKind::Systolic || c.kind == CoreKind::Spatial)
            s.peakMacsPerSecond += perCycle * c.clockMHz * 1e6;
        else if (c.kind == CoreKind::Aimc && c.mvmCycles > 0)
            s.peakMacsPerSecond += perCycle * c.clockMHz * 1e6 / c.mvmCycles;
    }
    for (const auto &m : acc.memories)
        s.onChipBytes += m.sizeBytes;
    const double v = cutBandwidth(acc, true), h = cutBandwidth(acc, false);
    if (v >= 0 && h >= 0)
        s.bisectionBytesPerCycle = std::min(v, h);
    else
        s.bisectionBytesPerCycle = std::max(v, h);
    if (s.bisectionBytesPerCycle >= 0)
        s.bisectionBytesPerSecond = s.bisectionBytesPerCycle * acc.clockMHz * 1e6;
    return s;
}

std::string formatSummary(const HardwareSummary &s)
{
    char mem[64];
    const double kib = static_cast<double>(s.onChipBytes) / 1024.0;
    if (kib >= 1024)
        std::snprintf(mem, sizeof mem, "%.2f MiB", kib / 1024.0);
    else
        std::snprintf(mem, sizeof mem, "%.0f KiB", kib);
    std::string out = "Peak " + scaled(s.peakMacsPerSecond, "MAC/s") + "  \u00b7  " + mem + " on-chip  \u00b7  ";
    if (s.bisectionBytesPerCycle < 0)
        return out + "bisection: n/a (every block on one side)";
    char bw[64];
    std::snprintf(bw, sizeof bw, "%g B/cycle", s.bisectionBytesPerCycle);
    return out + "bisection " + bw + " (" + scaled(s.bisectionBytesPerSecond, "B/s") + ")";
}

} // namespace fuselab
