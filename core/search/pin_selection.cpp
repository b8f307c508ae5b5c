// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/pin_selection.h"

#include <algorithm>
#include <numeric>

namespace fuselab {

namespace {

/// DP over capacity `slots` with item sizes `units` (in granules). Returns chosen positions.
std::vector<int> knapsackDp(const std::vector<int64_t> &units, const std::vector<double> &benefit,
                            int64_t slots)
{
    const size_t n = units.size();
    std::vector<double> best(static_cast<size_t>(slots) + 1, 0.0);
    std::vector<std::vector<bool>> take(n, std::vector<bool>(static_cast<size_t>(slots) + 1, false));
    for (size_t i = 0; i < n; ++i)
        for (int64_t w = slots; w >= units[i]; --w) {
            const double with = best[w - units[i]] + benefit[i];
            if (with > best[w]) {
                best[w] = with;
                take[i][w] = true;
            }
        }
    std::vector<int> chosen;
    int64_t w = slots;
    for (size_t i = n; i-- > 0;)
        if (take[i][w]) {
            chosen.push_back(static_cast<int>(i));
            w -= units[i];
        }
    return chosen;
}

std::vector<int> greedyByRatio(const std::vector<int64_t> &bytes, const std::vector<double> &benefit,
                               int64_t capacity)
{
    std::vector<int> order(bytes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return benefit[a] * double(bytes[b]) > benefit[b] * double(bytes[a]); // ratio, no division
    });
    std::vector<int> chosen;
    int64_t used = 0;
    for (int i : order)
        if (used + bytes[i] <= capacity) {
            chosen.push_back(i);
            used += bytes[i];
        }
    return chosen;
}

} // namespace

PinChoice selectPins(const std::vector<PinCandidate> &candidates, int64_t capacity, const PinOptions &options)
{
    PinChoice result;
    result.exact = true;
    // Free items are always taken; useless or oversized ones never.
    std::vector<int> index;
    std::vector<int64_t> bytes;
    std::vector<double> benefit;
    for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
        const auto &c = candidates[i];
        if (!(c.benefit > 0) || c.bytes < 0 || c.bytes > capacity)
            continue;
        if (c.bytes == 0) {
            result.chosen.push_back(i);
            continue;
        }
        index.push_back(i);
        bytes.push_back(c.bytes);
        benefit.push_back(c.benefit);
    }
    std::vector<int> picked;
    if (!index.empty()) {
        int64_t granule = 0;
        for (int64_t b : bytes)
            granule = std::gcd(granule, b);
        const auto n = static_cast<int64_t>(index.size());
        if ((capacity / granule + 1) * n <= options.maxTableCells) {
            std::vector<int64_t> units;
            for (int64_t b : bytes)
                units.push_back(b / granule);
            picked = knapsackDp(units, benefit, capacity / granule);
        } else {
            result.exact = false;
            const int64_t slots = std::max<int64_t>(1, options.maxTableCells / n - 1);
            const int64_t coarse = (capacity + slots - 1) / slots;
            std::vector<int64_t> units;
            for (int64_t b : bytes)
                units.push_back((b + coarse - 1) / coarse); // rounded up: the choice still fits
            const auto sumOf = [&](const std::vector<int> &set) {
                double s = 0;
                for (int k : set)
                    s += benefit[k];
                return s;
            };
            picked = knapsackDp(units, benefit, capacity / coarse);
            const auto greedy = greedyByRatio(bytes, benefit, capacity);
            if (sumOf(greedy) > sumOf(picked))
                picked = greedy;
            const int single =
                static_cast<int>(std::max_element(benefit.begin(), benefit.end()) - benefit.begin());
            if (benefit[single] > sumOf(picked))
                picked = {single};
        }
    }
    for (int k : picked)
        result.chosen.push_back(index[k]);
    std::sort(result.chosen.begin(), result.chosen.end());
    for (int i : result.chosen) {
        result.bytes += candidates[i].bytes;
        result.benefit += candidates[i].benefit;
    }
    return result;
}

} // namespace fuselab
