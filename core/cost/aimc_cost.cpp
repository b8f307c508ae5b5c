// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/aimc_cost.h"

#include "cost/gemm_mapping.h"
#include "cost/memory_access.h"
#include "cost/vector_cost.h"

#include <algorithm>

namespace fuselab {

namespace {
int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

/// The tile's weight matrix: Kw rows per group, M columns per group, `groups` groups.
struct WeightMatrix {
    int64_t kw = 0, m = 0, groups = 0;
};

WeightMatrix weightMatrix(const Layer &layer, const LoopDims &tile)
{
    const int64_t kw = tile.fy * tile.fx * channelsPerGroup(layer, tile);
    if (layer.groups <= 1 || layer.op == OpType::Gemm || layer.op == OpType::MatMul)
        return {kw, tile.k, 1};
    const int64_t kg = outputsPerGroup(layer);
    return {kw, std::min(kg, tile.k), ceilDiv(tile.k, kg)};
}

int64_t vectors(const LoopDims &tile)
{
    return tile.b * tile.oy * tile.ox;
}
} // namespace

int64_t aimcBlocks(const Layer &layer, const LoopDims &tile, const Core &core)
{
    if (!isMacOp(layer.op))
        return 0;
    const int64_t rows = std::max(1, core.rows), cols = std::max(1, core.cols);
    const WeightMatrix w = weightMatrix(layer, tile);
    if (w.kw <= 0 || w.m <= 0 || w.groups <= 0)
        return 0;
    if (w.groups == 1)
        return ceilDiv(w.kw, rows) * ceilDiv(w.m, cols);
    if (w.kw <= rows && w.m <= cols) {
        const int64_t perBlock = std::min(rows / w.kw, cols / w.m);
        return ceilDiv(w.groups, perBlock);
    }
    return w.groups * ceilDiv(w.kw, rows) * ceilDiv(w.m, cols);
}

int64_t aimcBlocks(const Layer &layer, const Core &core)
{
    return aimcBlocks(layer, layer.dims, core);
}

int64_t aimcCrossbars(const Layer &layer, const Core &core, const Accelerator &acc)
{
    const double cell =
        bytesPerElement(layer.precision.w) * double(std::max(1, core.rows)) * double(std::max(1, core.cols));
    int64_t bytes = 0;
    for (int m : acc.memoriesOf(core.name))
        if (acc.memories[m].operands & OperandW)
            bytes += acc.memories[m].sizeBytes;
    return std::max<int64_t>(1, static_cast<int64_t>(double(bytes) / cell));
}

bool AimcCostModel::canRun(const Layer &layer, const Core &) const
{
    return isMacOp(layer.op) && layer.hasWeights;
}

ComputeCost AimcCostModel::compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                   const Accelerator &acc) const
{
    if (!isMacOp(layer.op))
        return vectorPass(layer, tile, core, acc, core.cols);

    ComputeCost cost;
    const int64_t blocks = aimcBlocks(layer, tile, core);
    const int64_t v = vectors(tile);
    if (blocks <= 0 || v <= 0)
        return cost;
    const int64_t program = int64_t(core.rows) * core.programCyclesPerRow;
    const double programEnergy = double(core.rows) * core.programEnergyPerRow;
    cost.macs = tileMacs(layer, tile);
    const int64_t crossbars = aimcCrossbars(layer, core, acc);
    const bool reprogram = blocks > crossbars; // the weights do not all fit: program per round
    const int64_t rounds = (blocks + crossbars - 1) / crossbars;
    const int64_t mvms = blocks * v;
    cost.cycles = rounds * v * core.mvmCycles + (reprogram ? rounds * program : 0);
    cost.macEnergy = double(mvms) * core.mvmEnergy + (reprogram ? double(blocks) * programEnergy : 0.0);
    const double cells = double(mvms) * double(core.rows) * double(core.cols);
    cost.utilization = cells > 0 ? double(cost.macs) / cells : 0.0;

    const WeightMatrix w = weightMatrix(layer, tile);
    const int64_t rowBlocks = ceilDiv(w.kw, std::max(1, core.rows));
    const int64_t colBlocks = w.groups * ceilDiv(w.m, std::max(1, core.cols));
    const double iReads = double(v) * double(w.kw) * double(colBlocks);
    const double outputs = double(v) * double(tile.k);
    const Precision &p = layer.precision;
    addOperandAccess(cost, acc, core, OperandI, iReads * bytesPerElement(p.i), 0);
    addOperandAccess(cost, acc, core, OperandO, outputs * double(rowBlocks - 1) * bytesPerElement(p.o),
                     outputs * double(rowBlocks) * bytesPerElement(p.o));
    if (reprogram)
        addOperandAccess(cost, acc, core, OperandW, double(w.kw * w.m * w.groups) * bytesPerElement(p.w), 0);
    return cost;
}

int64_t AimcCostModel::weightLoadCycles(const Layer &layer, const LoopDims &tile, const Core &core) const
{
    return aimcBlocks(layer, tile, core) == 1 ? int64_t(core.rows) * core.programCyclesPerRow : 0;
}

double AimcCostModel::weightLoadEnergy(const Layer &layer, const LoopDims &tile, const Core &core) const
{
    return aimcBlocks(layer, tile, core) == 1 ? double(core.rows) * core.programEnergyPerRow : 0.0;
}

} // namespace fuselab

namespace fuselab {

// Stationary (all blocks fit the tile's crossbars): programmed once per load, all crossbars
// at once, so the time of one crossbar and the energy of every block.
int64_t AimcCostModel::weightLoadCyclesOn(const Layer &layer, const LoopDims &tile, const Core &core,
                                          const Accelerator &acc) const
{
    const int64_t blocks = aimcBlocks(layer, tile, core);
    return blocks >= 1 && blocks <= aimcCrossbars(layer, core, acc)
               ? int64_t(core.rows) * core.programCyclesPerRow
               : 0;
}

double AimcCostModel::weightLoadEnergyOn(const Layer &layer, const LoopDims &tile, const Core &core,
                                         const Accelerator &acc) const
{
    const int64_t blocks = aimcBlocks(layer, tile, core);
    return blocks >= 1 && blocks <= aimcCrossbars(layer, core, acc)
               ? double(blocks) * double(core.rows) * core.programEnergyPerRow
               : 0.0;
}

} // namespace fuselab
