// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/gemm_mapping.h"

#include <algorithm>

namespace fuselab {

int64_t outputsPerGroup(const Layer &layer)
{
    const int64_t g = std::max(1, layer.groups);
    return std::max<int64_t>(1, layer.dims.k / g);
}

int64_t channelsPerGroup(const Layer &layer, const LoopDims &tile)
{
    if (layer.groups <= 1)
        return std::max<int64_t>(1, tile.c);
    const int64_t perGroup = std::max<int64_t>(1, layer.dims.c / layer.groups);
    return std::max<int64_t>(1, std::min(perGroup, tile.c));
}

int64_t macPixels(const Layer &layer, const LoopDims &tile)
{
    const int64_t out = tile.oy * tile.ox;
    if (layer.op != OpType::ConvTranspose)
        return out;
    // The input pixels that scatter into the tile: its share of the layer's input.
    const int64_t layerOut = std::max<int64_t>(1, layer.dims.oy * layer.dims.ox);
    return std::max<int64_t>(out > 0 ? 1 : 0, (out * layer.iy * layer.ix + layerOut - 1) / layerOut);
}

int64_t tileMacs(const Layer &layer, const LoopDims &tile)
{
    if (!isMacOp(layer.op))
        return 0;
    return tile.b * tile.k * channelsPerGroup(layer, tile) * macPixels(layer, tile) * tile.fy * tile.fx;
}

std::vector<GemmShape> lowerToGemms(const Layer &layer, const LoopDims &tile)
{
    if (!isMacOp(layer.op))
        return {};
    const int64_t cg = channelsPerGroup(layer, tile);
    const int64_t kw = tile.fy * tile.fx * cg;
    if (layer.op == OpType::Gemm)
        return {GemmShape{tile.b * tile.oy * tile.ox, tile.k, kw, 1}};

    const int64_t npix = macPixels(layer, tile);
    if (layer.groups <= 1)
        return {GemmShape{npix, tile.k, kw, tile.b}};

    // Grouped: whole groups first, then the remainder of a partially covered group.
    const int64_t kg = outputsPerGroup(layer);
    const int64_t whole = tile.k / kg;
    const int64_t rest = tile.k % kg;
    std::vector<GemmShape> out;
    if (whole > 0)
        out.push_back(GemmShape{npix, kg, kw, whole * tile.b});
    if (rest > 0)
        out.push_back(GemmShape{npix, rest, kw, tile.b});
    return out;
}

} // namespace fuselab
