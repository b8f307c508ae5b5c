// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/vector_cost.h"

#include "cost/gemm_mapping.h"
#include "cost/memory_access.h"

#include <algorithm>

namespace fuselab {

int64_t tileVectorOps(const Layer &layer, const LoopDims &tile)
{
    if (isMacOp(layer.op))
        return tileMacs(layer, tile);
    Layer restricted = layer;
    restricted.dims = tile;
    return restricted.vectorOps();
}

ComputeCost vectorPass(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                       int lanes)
{
    const int64_t width = std::max(1, lanes);
    ComputeCost cost;
    cost.macs = tileVectorOps(layer, tile);
    if (cost.macs <= 0)
        return ComputeCost{};
    cost.cycles = (cost.macs + width - 1) / width;
    cost.utilization = cost.cycles > 0 ? double(cost.macs) / double(width * cost.cycles) : 0.0;
    cost.macEnergy = double(cost.macs) * core.macEnergy;

    const double outputs = double(tile.b * tile.k * tile.oy * tile.ox);
    addOperandAccess(cost, acc, core, OperandI, double(cost.macs) * bytesPerElement(layer.precision.i), 0);
    addOperandAccess(cost, acc, core, OperandO, 0, outputs * bytesPerElement(layer.precision.o));
    if (layer.hasWeights) {
        // A MAC op (the no-MAC-core fallback) reads one weight per MAC; a vector op's
        // constant operand is one value per channel.
        const double reads = isMacOp(layer.op) ? double(cost.macs) : double(tile.k);
        addOperandAccess(cost, acc, core, OperandW, reads * bytesPerElement(layer.precision.w), 0);
    }
    return cost;
}

bool SimdCostModel::canRun(const Layer &layer, const Core &) const
{
    return !isMacOp(layer.op);
}

ComputeCost SimdCostModel::compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                   const Accelerator &acc) const
{
    return vectorPass(layer, tile, core, acc, core.lanes);
}

bool PoolCostModel::canRun(const Layer &layer, const Core &) const
{
    return layer.op == OpType::MaxPool || layer.op == OpType::AvgPool || layer.op == OpType::GlobalAvgPool;
}

ComputeCost PoolCostModel::compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                   const Accelerator &acc) const
{
    return vectorPass(layer, tile, core, acc, core.lanes);
}

} // namespace fuselab
