// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fuselab {

namespace {
double clean(double v)
{
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
}
} // namespace

bool dominates(const Objectives &a, const Objectives &b)
{
    if (a.size() != b.size() || a.empty())
        return false;
    bool strictly = false;
    for (size_t i = 0; i < a.size(); ++i) {
        const double x = clean(a[i]), y = clean(b[i]);
        if (x > y)
            return false;
        if (x < y)
            strictly = true;
    }
    return strictly;
}

std::vector<int> paretoFront(const std::vector<Objectives> &points)
{
    std::vector<int> front;
    for (int i = 0; i < static_cast<int>(points.size()); ++i) {
        bool keep = true;
        for (int j = 0; j < static_cast<int>(points.size()) && keep; ++j) {
            if (j == i)
                continue;
            if (dominates(points[j], points[i]))
                keep = false;
            else if (j < i && points[j] == points[i])
                keep = false; // an earlier identical point represents it
        }
        if (keep)
            front.push_back(i);
    }
    return front;
}

std::vector<std::vector<int>> nonDominatedSort(const std::vector<Objectives> &points)
{
    const int n = static_cast<int>(points.size());
    std::vector<std::vector<int>> dominated(n); // dominated[p]: the points p dominates
    std::vector<int> dominatedBy(n, 0);         // how many points dominate p
    for (int p = 0; p < n; ++p)
        for (int q = p + 1; q < n; ++q) {
            if (dominates(points[p], points[q])) {
                dominated[p].push_back(q);
                ++dominatedBy[q];
            } else if (dominates(points[q], points[p])) {
                dominated[q].push_back(p);
                ++dominatedBy[p];
            }
        }
    std::vector<std::vector<int>> fronts;
    std::vector<int> current;
    for (int p = 0; p < n; ++p)
        if (dominatedBy[p] == 0)
            current.push_back(p);
    while (!current.empty()) {
        std::vector<int> next;
        for (int p : current)
            for (int q : dominated[p])
                if (--dominatedBy[q] == 0)
                    next.push_back(q);
        std::sort(next.begin(), next.end());
        fronts.push_back(std::move(current));
        current = std::move(next);
    }
    return fronts;
}

std::vector<double> crowdingDistance(const std::vector<Objectives> &points, const std::vector<int> &front)
{
    const size_t n = front.size();
    std::vector<double> distance(n, 0.0);
    if (n == 0)
        return distance;
    const double inf = std::numeric_limits<double>::infinity();
    if (n <= 2)
        return std::vector<double>(n, inf);
    const size_t m = points[front[0]].size();
    std::vector<size_t> order(n);
    for (size_t obj = 0; obj < m; ++obj) {
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return clean(points[front[a]][obj]) < clean(points[front[b]][obj]);
        });
        const double lo = clean(points[front[order.front()]][obj]);
        const double hi = clean(points[front[order.back()]][obj]);
        distance[order.front()] = inf;
        distance[order.back()] = inf;
        const double range = hi - lo;
        if (!(range > 0) || !std::isfinite(range))
            continue; // all equal (or unbounded): this objective separates nobody
        for (size_t k = 1; k + 1 < n; ++k) {
            const double gap =
                clean(points[front[order[k + 1]]][obj]) - clean(points[front[order[k - 1]]][obj]);
            if (std::isfinite(gap))
                distance[order[k]] += gap / range;
        }
    }
    return distance;
}

double hypervolume2D(const std::vector<Objectives> &points, const Objectives &reference)
{
    std::vector<std::pair<double, double>> pts;
    for (const auto &p : points)
        if (p.size() == 2 && clean(p[0]) < reference[0] && clean(p[1]) < reference[1])
            pts.emplace_back(p[0], p[1]);
    std::sort(pts.begin(), pts.end());
    double area = 0, bestY = reference[1];
    for (const auto &[x, y] : pts) {
        if (y < bestY) {
            area += (reference[0] - x) * (bestY - y);
            bestY = y;
        }
    }
    return area;
}

} // namespace fuselab
