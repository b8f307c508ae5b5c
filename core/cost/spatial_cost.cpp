// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/spatial_cost.h"

#include "cost/gemm_mapping.h"
#include "cost/memory_access.h"
#include "cost/vector_cost.h"

#include <algorithm>

namespace fuselab {

namespace {
constexpr size_t B = 0, K = 1, C = 2, OY = 3, OX = 4, FY = 5, FX = 6;
int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}
} // namespace

std::array<int64_t, 7> spatialLoopSizes(const Layer &layer, const LoopDims &tile)
{
    return {tile.b, tile.k, channelsPerGroup(layer, tile), tile.oy, tile.ox, tile.fy, tile.fx};
}

std::array<int64_t, 7> unrollFactors(const Core &core)
{
    std::array<int64_t, 7> u{1, 1, 1, 1, 1, 1, 1};
    for (const auto *axis : {&core.unrollRows, &core.unrollCols})
        for (const Unroll &un : *axis)
            u[static_cast<size_t>(un.dim)] *= std::max(1, un.factor);
    return u;
}

bool SpatialCostModel::canRun(const Layer &layer, const Core &) const
{
    return isMacOp(layer.op);
}

ComputeCost SpatialCostModel::compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                      const Accelerator &acc) const
{
    if (!isMacOp(layer.op))
        return vectorPass(layer, tile, core, acc, core.cols);
    if (hasMemoryHierarchy(core, acc)) {
        CoreHierarchy h = coreHierarchy(core, acc);
        return withLevelNames(cache_.get(mappingKey(layer, tile, core, acc, objective_), [&] {
            const CoreMapping m = mapOnCore(layer, tile, core, acc, objective_);
            return withLevelIndices(computeCostOf(m), m.hierarchy);
        }), h);
    }

    const auto dim = spatialLoopSizes(layer, tile);
    const auto u = unrollFactors(core);
    std::array<int64_t, 7> e{};
    ComputeCost cost;
    cost.cycles = 1;
    for (size_t d = 0; d < dim.size(); ++d) {
        if (dim[d] <= 0)
            return ComputeCost{};
        cost.cycles *= ceilDiv(dim[d], u[d]);
        e[d] = std::min(u[d], dim[d]);
    }
    cost.macs = tileMacs(layer, tile);
    const double pes = double(core.rows) * double(core.cols);
    cost.utilization = pes > 0 ? double(cost.macs) / (pes * double(cost.cycles)) : 0.0;
    cost.macEnergy = double(cost.macs) * core.macEnergy;

    const double cycles = double(cost.cycles);
    const double wPerCycle = double(e[K] * e[C] * e[FY] * e[FX]);
    double iPerCycle = double(e[B] * e[C] * e[OY] * e[OX] * e[FY] * e[FX]);
    if (layer.groups > 1)
        iPerCycle *= double(ceilDiv(e[K], outputsPerGroup(layer)));
    const double outputs = double(tile.b * tile.k * tile.oy * tile.ox);

    const Precision &p = layer.precision;
    const bool secondIsActivation = layer.op == OpType::MatMul && !layer.hasWeights;
    addOperandAccess(cost, acc, core, OperandI, cycles * iPerCycle * bytesPerElement(p.i), 0);
    addOperandAccess(cost, acc, core, secondIsActivation ? OperandI : OperandW,
                     cycles * wPerCycle * bytesPerElement(secondIsActivation ? p.i : p.w), 0);
    addOperandAccess(cost, acc, core, OperandO, 0, outputs * bytesPerElement(p.o));
    return cost;
}

namespace {
template <MappingObjective O> const CostModel &modelsFor(CoreKind kind)
{
    static const SpatialCostModel spatial(O);
    return kind == CoreKind::Spatial ? spatial : costModelFor(kind);
}
} // namespace

CostModelLookup costModelsFor(MappingObjective objective)
{
    switch (objective) {
    case MappingObjective::Latency: return &modelsFor<MappingObjective::Latency>;
    case MappingObjective::Edp: return &modelsFor<MappingObjective::Edp>;
    default: return &costModelFor;
    }
}

bool isStandardCostModels(CostModelLookup lookup)
{
    return !lookup || lookup == &costModelFor || lookup == costModelsFor(MappingObjective::Latency) ||
           lookup == costModelsFor(MappingObjective::Edp);
}

} // namespace fuselab
