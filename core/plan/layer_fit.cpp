// SPDX-License-Identifier: GPL-3.0-or-later
// Cutting one layer until a tile fits its core's memories (issue 13: never refuse a layer that
// can be split). The byte counts follow the CN builder's ranges, so a tile found here passes
// the scheduler's per-CN fit check.
#include "plan/layer_fit.h"

#include "schedule/ranges.h"

#include <algorithm>

namespace fuselab {

namespace {
// A range of `size` positions of an extent, starting at `begin` (clipped to the extent).
Range at(int64_t begin, int64_t size, int64_t extent)
{
    begin = std::clamp<int64_t>(begin, 0, std::max<int64_t>(0, extent - size));
    return {begin, std::min(extent, begin + size)};
}
} // namespace

bool channelSplitCutsInputs(const Workload &w, LayerId l)
{
    const Layer &layer = w.layers[l];
    for (size_t o = 0; o < layer.inputs.size(); ++o) {
        const TensorId t = layer.inputs[o];
        const Range ch = inputChannels(layer, w.tensors[t], {0, 1}, 0, o);
        if (w.tensors[t].c > 1 && ch.size() >= w.tensors[t].c)
            return false;
    }
    return true;
}

std::vector<int64_t> layerTileBytes(const Workload &w, const Accelerator &acc, LayerId l, int core, int64_t rows,
                                    int64_t cols, int parts, int64_t *missing)
{
    const Layer &layer = w.layers[l];
    const Tensor &out = w.tensors[layer.output];
    const std::string &coreName = acc.cores[core].name;
    std::vector<int64_t> bytes(acc.memories.size(), 0);
    int64_t lost = 0;
    auto add = [&](Operand op, int64_t b) {
        if (b <= 0)
            return;
        const int m = acc.stagingMemory(coreName, op);
        if (m >= 0)
            bytes[m] += b;
        else
            lost += b;
    };
    const int64_t oy = std::max<int64_t>(1, layer.dims.oy), ox = std::max<int64_t>(1, layer.dims.ox);
    const int64_t r = rows > 0 ? std::min(rows, oy) : oy, c = cols > 0 ? std::min(cols, ox) : ox;
    const int64_t k = std::max<int64_t>(1, layer.dims.k);
    const int64_t ch = (k + parts - 1) / std::max(1, parts);
    // The worst of a border tile (padding clips its window) and an inner one.
    int64_t worstIn = 0;
    for (const int64_t y0 : {int64_t(0), (oy - r) / 2})
        for (const int64_t x0 : {int64_t(0), (ox - c) / 2}) {
            const Range ry = at(y0, r, oy), rx = at(x0, c, ox), rc = {0, ch};
            int64_t in = 0, concatOffset = 0;
            for (size_t o = 0; o < layer.inputs.size(); ++o) {
                const Tensor &tin = w.tensors[layer.inputs[o]];
                const int64_t offset = concatOffset;
                concatOffset += tin.c;
                in += boxBytes(tin, inputRows(layer, tin, ry, o).size(), inputCols(layer, tin, rx, o).size(),
                               inputChannels(layer, tin, rc, offset, o).size());
            }
            worstIn = std::max(worstIn, in);
        }
    add(OperandI, worstIn);
    add(OperandW, (layer.weightBytes() * ch + k - 1) / k);
    add(OperandO, boxBytes(out, r, c, ch));
    if (missing)
        *missing = lost;
    return bytes;
}

LayerTile fitLayerTile(const Workload &w, const Accelerator &acc, LayerId l, int core, int64_t startRows)
{
    const Layer &layer = w.layers[l];
    const int64_t oy = std::max<int64_t>(1, layer.dims.oy), ox = std::max<int64_t>(1, layer.dims.ox);
    const int maxParts = static_cast<int>(std::clamp<int64_t>(layer.dims.k, 1, 1 << 20));
    LayerTile t;
    auto fits = [&](int64_t rows, int64_t cols, int parts) {
        int64_t missing = 0;
        const auto b = layerTileBytes(w, acc, l, core, rows, cols, parts, &missing);
        if (missing > 0)
            return false;
        for (size_t m = 0; m < b.size(); ++m)
            if (b[m] > acc.memories[m].sizeBytes)
                return false;
        return true;
    };
    int64_t rows = startRows > 0 ? std::min(startRows, oy) : oy, cols = ox;
    int parts = 1;
    while (rows > 1 && !fits(rows, cols, parts))
        rows = (rows + 1) / 2;
    // Channel slices first for layers whose inputs follow their channels (no halo, no loss
    // of locality); then columns; then channel slices for the others (their outputs and
    // weights shrink, the input they all read does not).
    const bool cutsInputs = channelSplitCutsInputs(w, l);
    if (cutsInputs)
        while (parts < maxParts && !fits(rows, cols, parts))
            parts = std::min(maxParts, parts * 2);
    while (cols > 1 && !fits(rows, cols, parts))
        cols = (cols + 1) / 2;
    while (parts < maxParts && !fits(rows, cols, parts))
        parts = std::min(maxParts, parts * 2);
    // The rows were halved before any cut by channels or columns; those cuts may leave room
    // for taller tiles again (a grouped MatMul's heads): as few row tiles as now fit.
    while (rows < oy && fits(std::min(oy, rows * 2), cols, parts))
        rows = std::min(oy, rows * 2);
    t.rows = rows >= oy ? 0 : rows;
    t.cols = cols >= ox ? 0 : cols;
    t.parts = parts;
    t.fits = fits(rows, cols, parts);
    if (!t.fits) {
        int64_t missing = 0;
        const auto b = layerTileBytes(w, acc, l, core, rows, cols, parts, &missing);
        int64_t worst = -1;
        for (size_t m = 0; m < b.size(); ++m)
            if (b[m] > acc.memories[m].sizeBytes && b[m] - acc.memories[m].sizeBytes > worst) {
                worst = b[m] - acc.memories[m].sizeBytes;
                t.memory = acc.memories[m].name;
                t.needBytes = b[m];
                t.capacityBytes = acc.memories[m].sizeBytes;
            }
        if (t.memory.empty() && missing > 0) {
            t.memory = "(none: the core has no memory for one of its operands)";
            t.needBytes = missing;
        }
    }
    return t;
}

} // namespace fuselab
