// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/partition_dp.h"

#include "search/search_control.h"
#include "search/worker_pool.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace fuselab {

std::vector<bool> allowedCuts(const Workload &w, const std::vector<LayerId> &order)
{
    const int n = static_cast<int>(order.size());
    std::vector<int> pos(w.layers.size(), -1);
    for (int i = 0; i < n; ++i) {
        const LayerId l = order[i];
        if (l < 0 || l >= static_cast<int>(w.layers.size()) || pos[l] != -1)
            throw std::invalid_argument("allowedCuts: the order is not a permutation of the layers");
        pos[l] = i;
    }
    if (n != static_cast<int>(w.layers.size()))
        throw std::invalid_argument("allowedCuts: the order does not list every layer");
    // live[c] = tensors live across the cut between c and c+1, by a difference array over
    // each tensor's span [producer position, last consumer position − 1].
    std::vector<int> delta(static_cast<size_t>(n) + 1, 0);
    const auto consumers = w.consumers();
    for (TensorId t = 0; t < static_cast<int>(w.tensors.size()); ++t) {
        const LayerId producer = w.tensors[t].producer;
        if (producer == kNone || consumers[t].empty())
            continue;
        int lastUse = -1;
        for (LayerId c : consumers[t]) {
            if (pos[c] <= pos[producer])
                throw std::invalid_argument("allowedCuts: the order is not topological (layer " +
                                            w.layers[c].name + ")");
            lastUse = std::max(lastUse, pos[c]);
        }
        ++delta[pos[producer]];
        --delta[lastUse];
    }
    std::vector<bool> allowed(n > 0 ? static_cast<size_t>(n - 1) : 0);
    int live = 0;
    for (int c = 0; c + 1 < n; ++c) {
        live += delta[c];
        allowed[c] = live <= 1;
    }
    return allowed;
}

std::vector<Segment> cutUnits(const std::vector<bool> &cutAllowed)
{
    std::vector<Segment> units;
    const int n = static_cast<int>(cutAllowed.size()) + 1;
    int first = 0;
    for (int c = 0; c + 1 < n; ++c)
        if (cutAllowed[c]) {
            units.push_back({first, c});
            first = c + 1;
        }
    units.push_back({first, n - 1});
    return units;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double finiteOrInf(double v)
{
    return std::isnan(v) ? kInf : v;
}

} // namespace

PartitionResult solvePartition(const PartitionProblem &problem, WorkerPool *pool, SearchControl *control)
{
    PartitionResult result;
    const int n = problem.positions;
    if (n <= 0) {
        result.feasible = true;
        result.cost = 0;
        return result;
    }
    if (static_cast<int>(problem.cutAllowed.size()) != n - 1)
        throw std::invalid_argument("solvePartition: cutAllowed must have positions-1 entries");
    if (!problem.groupCost)
        throw std::invalid_argument("solvePartition: no group cost");

    // Boundaries between units: group a..b (unit indices, b exclusive) spans
    // positions [bound[a], bound[b] − 1].
    const std::vector<Segment> units = cutUnits(problem.cutAllowed);
    const int u = static_cast<int>(units.size());
    std::vector<int> bound(static_cast<size_t>(u) + 1);
    for (int k = 0; k < u; ++k)
        bound[k] = units[k].first;
    bound[u] = n;
    const int span = problem.maxGroupUnits > 0 ? problem.maxGroupUnits : u;
    const auto shouldStop = [&] { return control && control->shouldStop(); };
    const auto lower = [&](int a, int b) {
        return problem.lowerBound ? finiteOrInf(problem.lowerBound(bound[a], bound[b] - 1)) : 0.0;
    };

    // With a pool, evaluate every candidate group first: cost[a][b − a − 1].
    std::vector<std::vector<double>> cost;
    const bool parallel = pool && pool->threadCount() > 1;
    if (parallel) {
        cost.assign(u, {});
        std::vector<int64_t> calls(u, 0);
        pool->parallelFor(
            u,
            [&](int a) {
                const int last = std::min(u, a + span);
                cost[a].assign(static_cast<size_t>(last - a), kInf);
                for (int b = a + 1; b <= last && !shouldStop(); ++b) {
                    const double c = finiteOrInf(problem.groupCost(bound[a], bound[b] - 1));
                    ++calls[a];
                    cost[a][b - a - 1] = c;
                    if (std::isinf(c) && problem.infeasibleStaysInfeasible)
                        break;
                }
                if (control) {
                    control->addEvaluations(calls[a]);
                    control->reportProgress("partition", double(a + 1) / u, kInf);
                }
            },
            control ? control->stopPredicate() : std::function<bool()>{});
        result.costEvaluations = std::accumulate(calls.begin(), calls.end(), int64_t{0});
        if (shouldStop()) {
            result.stopped = true;
            return result;
        }
    }

    std::vector<double> best(static_cast<size_t>(u) + 1, kInf);
    std::vector<int> from(static_cast<size_t>(u) + 1, -1);
    std::vector<int> deadFrom(u, u + 1); // serial mode: first end b at which start a went infeasible
    best[0] = 0;
    struct Candidate {
        double key;
        int a;
    };
    std::vector<Candidate> candidates;
    for (int b = 1; b <= u; ++b) {
        if (shouldStop()) {
            result.stopped = true;
            return result;
        }
        candidates.clear();
        for (int a = std::max(0, b - span); a < b; ++a)
            if (std::isfinite(best[a]))
                candidates.push_back({best[a] + lower(a, b), a});
        std::sort(candidates.begin(), candidates.end(), [](const Candidate &x, const Candidate &y) {
            return x.key != y.key ? x.key < y.key : x.a < y.a;
        });
        for (const Candidate &cand : candidates) {
            const int a = cand.a;
            if (!(cand.key < best[b])) {
                ++result.pruned;
                continue;
            }
            double c;
            if (parallel) {
                c = cost[a][b - a - 1];
            } else {
                if (b >= deadFrom[a])
                    continue;
                c = finiteOrInf(problem.groupCost(bound[a], bound[b] - 1));
                ++result.costEvaluations;
                if (control)
                    control->addEvaluations(1);
                if (std::isinf(c) && problem.infeasibleStaysInfeasible)
                    deadFrom[a] = b;
            }
            if (best[a] + c < best[b]) {
                best[b] = best[a] + c;
                from[b] = a;
            }
        }
        if (control && !parallel)
            control->reportProgress("partition", double(b) / u, best[b]);
    }
    if (!std::isfinite(best[u]))
        return result;
    for (int b = u; b > 0; b = from[b])
        result.groups.push_back({bound[from[b]], bound[b] - 1});
    std::reverse(result.groups.begin(), result.groups.end());
    result.cost = best[u];
    result.feasible = true;
    return result;
}

} // namespace fuselab
