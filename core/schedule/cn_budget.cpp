// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/cn_budget.h"

#include <algorithm>
#include <limits>

namespace fuselab {

namespace {
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t satMul(int64_t a, int64_t b)
{
    int64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? kMax : r;
}
int64_t satAdd(int64_t a, int64_t b)
{
    int64_t r = 0;
    return __builtin_add_overflow(a, b, &r) ? kMax : r;
}
int64_t tilesAlong(int64_t size, int tile)
{
    size = std::max<int64_t>(size, 1);
    const int64_t t = tile > 0 ? std::min<int64_t>(tile, size) : size;
    return (size + t - 1) / t;
}
} // namespace

CnEstimate estimateCnCount(const Workload &w, const Plan &plan)
{
    CnEstimate e;
    const int nl = static_cast<int>(w.layers.size());
    for (int gi = 0; gi < static_cast<int>(plan.groups.size()); ++gi) {
        const FusedGroup &g = plan.groups[gi];
        if (g.layers.empty() || g.layers.back() < 0 || g.layers.back() >= nl)
            continue;
        const Layer &last = w.layers[g.layers.back()];
        // Reduction slices multiply the tiles (cn_builder: each tile runs once per slice).
        const int64_t period = last.groups > 1 ? last.dims.c / last.groups : last.dims.c;
        const int64_t tiles = satMul(satMul(tilesAlong(last.dims.oy, g.tileRows), tilesAlong(last.dims.ox, g.tileCols)),
                                     g.tileReduce > 0 ? tilesAlong(period, g.tileReduce) : 1);
        int64_t perTile = 0;
        for (LayerId l : g.layers) {
            if (l < 0 || l >= nl)
                continue;
            const LayerSplit &s = plan.splitOf(l);
            const int64_t parts = s.active() ? static_cast<int64_t>(s.cores.size()) : 1;
            perTile = satAdd(perTile, parts);
            // Load nodes, at most: one per input, or per part for an input split by channels.
            perTile = satAdd(perTile, satMul(static_cast<int64_t>(w.layers[l].inputs.size()), parts));
        }
        const int64_t cns = satMul(tiles, perTile);
        e.total = satAdd(e.total, cns);
        if (cns > e.groupCns) {
            e.groupCns = cns;
            e.group = gi;
            e.layer = g.layers.back();
            e.tiles = tiles;
        }
    }
    return e;
}

std::string cnBudgetProblem(const Workload &w, const Plan &plan, int64_t maxCns)
{
    const CnEstimate e = estimateCnCount(w, plan);
    if (e.total <= maxCns)
        return {};
    auto count = [](int64_t v) { return v == kMax ? std::string("more than 9.2e18") : std::to_string(v); };
    return "plan '" + plan.name + "' needs up to " + count(e.total) +
           " computation nodes, more than the limit of " + std::to_string(maxCns) + " (group " +
           std::to_string(e.group) + ", ending at layer '" + w.layers[static_cast<size_t>(e.layer)].name +
           "', has " + count(e.tiles) + " tiles and up to " + count(e.groupCns) +
           " CNs); use larger tiles (tile_rows / tile_cols) or raise the limit";
}

} // namespace fuselab
