// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace fuselab {

namespace {
template <typename E, size_t N>
bool parseName(const std::array<std::pair<E, std::string_view>, N> &table, std::string_view s, E &out)
{
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto &[e, n] : table)
        if (n == lower) {
            out = e;
            return true;
        }
    return false;
}
template <typename E, size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N> &table, E e)
{
    for (const auto &[v, n] : table)
        if (v == e)
            return n;
    return "?";
}
constexpr std::array<std::pair<OverlapMode, std::string_view>, 2> kOverlap{
    {{OverlapMode::Recompute, "recompute"}, {OverlapMode::Cache, "cache"}}};
constexpr std::array<std::pair<WeightPolicy, std::string_view>, 2> kWeights{
    {{WeightPolicy::Resident, "resident"}, {WeightPolicy::Reload, "reload"}}};
constexpr std::array<std::pair<SplitDim, std::string_view>, 3> kSplit{
    {{SplitDim::None, "none"}, {SplitDim::K, "k"}, {SplitDim::OY, "oy"}}};
} // namespace

std::string_view toString(OverlapMode m)
{
    return nameOf(kOverlap, m);
}
std::string_view toString(WeightPolicy p)
{
    return nameOf(kWeights, p);
}
std::string_view toString(SplitDim d)
{
    return nameOf(kSplit, d);
}
bool parseOverlapMode(std::string_view s, OverlapMode &out)
{
    return parseName(kOverlap, s, out);
}
bool parseWeightPolicy(std::string_view s, WeightPolicy &out)
{
    return parseName(kWeights, s, out);
}
bool parseSplitDim(std::string_view s, SplitDim &out)
{
    return parseName(kSplit, s, out);
}

std::vector<int> Plan::groupOfLayer(int layerCount) const
{
    std::vector<int> g(static_cast<size_t>(std::max(0, layerCount)), kNone);
    for (int i = 0; i < static_cast<int>(groups.size()); ++i)
        for (LayerId l : groups[i].layers)
            if (l >= 0 && l < layerCount)
                g[l] = i;
    return g;
}

const LayerSplit &Plan::splitOf(LayerId layer) const
{
    static const LayerSplit none;
    if (layer < 0 || layer >= static_cast<int>(split.size()))
        return none;
    return split[layer];
}

int Plan::pinOf(TensorId tensor) const
{
    for (const auto &p : pins)
        if (p.tensor == tensor)
            return p.memory;
    return -1;
}

} // namespace fuselab
