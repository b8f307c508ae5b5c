// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/spatial_search.h"

#include <algorithm>
#include <set>
#include <utility>

namespace fuselab {

namespace {
using Extents = std::array<int64_t, 7>;
using Choice = std::vector<std::pair<LoopDim, int64_t>>; // loops unrolled on one array dimension

int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

// The fewest PEs that unroll `left` into the fewest steps on `room` PEs.
int64_t balanced(int64_t left, int64_t room)
{
    return ceilDiv(left, ceilDiv(left, std::min(left, room)));
}

// Every choice for one array dimension of `size`: loops (up to `mix`) with balanced factors,
// each one joining in the room the previous ones leave; deduplicated.
std::vector<Choice> choicesFor(int64_t size, const Extents &left, int mix)
{
    std::set<Choice> seen;
    std::vector<Choice> out;
    Choice cur;
    auto extend = [&](auto &&self, int64_t room) -> void {
        if (!cur.empty()) {
            Choice sorted = cur;
            std::sort(sorted.begin(), sorted.end());
            if (seen.insert(sorted).second)
                out.push_back(sorted);
        }
        if (static_cast<int>(cur.size()) >= mix || room < 2)
            return;
        for (size_t d = 0; d < 7; ++d) {
            const auto dim = static_cast<LoopDim>(d);
            if (left[d] < 2 || std::any_of(cur.begin(), cur.end(), [&](const auto &c) { return c.first == dim; }))
                continue;
            const int64_t f = balanced(left[d], room);
            cur.emplace_back(dim, f);
            self(self, room / f);
            cur.pop_back();
        }
    };
    extend(extend, size);
    if (out.empty())
        out.push_back({}); // nothing left to unroll here
    return out;
}

// Bounds the enumeration on arrays of many dimensions (deterministic: the first ones met).
constexpr size_t kMaxEnumerated = 200000;
} // namespace

std::vector<ArrayDimension> arrayDimensions(const Core &core)
{
    std::vector<ArrayDimension> out;
    if (core.arraySizes.empty()) {
        out.push_back({core.rows, AxisRows, 0});
        out.push_back({core.cols, AxisCols, 0});
        return out;
    }
    for (unsigned axis : {unsigned(AxisRows), unsigned(AxisCols)})
        for (size_t i = axis == AxisRows ? 0 : 1; i < core.arraySizes.size(); i += 2)
            out.push_back({core.arraySizes[i], axis, static_cast<int>(i) + 1});
    return out;
}

std::vector<SpatialCandidate> spatialCandidates(const LoopNestProblem &problem, const Core &core,
                                                const CoreHierarchy &h, const SpatialSearchOptions &options)
{
    const std::vector<ArrayDimension> dims = arrayDimensions(core);
    // Symmetry classes: dimensions of one size that every memory spans alike (class = first member).
    std::vector<size_t> cls(dims.size());
    for (size_t i = 0; i < dims.size(); ++i) {
        cls[i] = i;
        for (size_t j = 0; j < i && cls[i] == i; ++j) {
            bool alike = dims[j].size == dims[i].size;
            for (const MemoryLevel &m : h.memories)
                alike = alike && memorySpans(m, {LoopDim::K, 1, dims[i].axis, dims[i].arrayDim}) ==
                                     memorySpans(m, {LoopDim::K, 1, dims[j].axis, dims[j].arrayDim});
            if (alike)
                cls[i] = cls[j];
        }
    }
    std::set<std::vector<Choice>> seen; // per class, its members' choices sorted
    std::vector<SpatialCandidate> all;
    std::vector<Choice> picked(dims.size());
    size_t visited = 0;
    auto walk = [&](auto &&self, size_t a, const Extents &left) -> void {
        if (visited >= kMaxEnumerated)
            return;
        if (a == dims.size()) {
            ++visited;
            std::vector<Choice> key;
            for (size_t k = 0; k < dims.size(); ++k) {
                if (cls[k] != k)
                    continue;
                std::vector<Choice> members;
                for (size_t i = k; i < dims.size(); ++i)
                    if (cls[i] == k)
                        members.push_back(picked[i]);
                std::sort(members.begin(), members.end());
                key.insert(key.end(), members.begin(), members.end());
                key.push_back({}); // class separator
            }
            if (!seen.insert(std::move(key)).second)
                return; // a mirror image of a candidate met before
            SpatialCandidate c;
            Extents nominal{1, 1, 1, 1, 1, 1, 1};
            for (size_t i = 0; i < dims.size(); ++i)
                for (const auto &[dim, f] : picked[i]) {
                    nominal[static_cast<size_t>(dim)] *= f;
                    (dims[i].axis == AxisRows ? c.rows : c.cols)
                        .push_back({dim, static_cast<int>(f), dims[i].arrayDim});
                }
            c.temporalCycles = 1;
            for (size_t d = 0; d < 7; ++d)
                c.temporalCycles *= ceilDiv(problem.dims[d], nominal[d]);
            all.push_back(std::move(c));
            return;
        }
        for (const Choice &ch : choicesFor(dims[a].size, left, std::max(1, options.mixLimit))) {
            Extents next = left;
            for (const auto &[dim, f] : ch)
                next[static_cast<size_t>(dim)] = ceilDiv(next[static_cast<size_t>(dim)], f);
            picked[a] = ch;
            self(self, a + 1, next);
        }
    };
    walk(walk, 0, problem.dims);
    if (all.empty())
        return all;
    std::stable_sort(all.begin(), all.end(), [](const SpatialCandidate &x, const SpatialCandidate &y) {
        return x.temporalCycles < y.temporalCycles;
    });
    const double bound = double(all.front().temporalCycles) * std::max(1.0, options.slack);
    std::vector<SpatialCandidate> kept;
    for (SpatialCandidate &c : all) {
        if (double(c.temporalCycles) > bound || static_cast<int>(kept.size()) >= std::max(1, options.keep))
            break;
        kept.push_back(std::move(c));
    }
    return kept;
}

Core withUnrolling(Core core, const SpatialCandidate &c)
{
    core.unrollRows = c.rows;
    core.unrollCols = c.cols;
    return core;
}

MappingResult searchSpatialMapping(const LoopNestProblem &problem, const Core &core, const CoreHierarchy &h,
                                   const MappingSearchOptions &temporal, const SpatialSearchOptions &spatial)
{
    MappingResult best = searchMapping(problem, core, h, temporal); // the reference unrolling
    if (!core.searchUnrolling || core.kind != CoreKind::Spatial)
        return best;
    const std::vector<SpatialCandidate> candidates = spatialCandidates(problem, core, h, spatial);
    int64_t orders = best.ordersEvaluated;
    for (const SpatialCandidate &c : candidates) {
        MappingResult r = searchMapping(problem, withUnrolling(core, c), h, temporal);
        orders += r.ordersEvaluated;
        if (betterCost(r.cost, best.cost, temporal.objective))
            best = std::move(r);
    }
    best.ordersEvaluated = orders;
    best.spatialCandidates = 1 + static_cast<int64_t>(candidates.size());
    return best;
}

} // namespace fuselab
