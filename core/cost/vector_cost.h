// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"

namespace fuselab {

/// Element operations of `layer` restricted to `tile`, with Layer::vectorOps() semantics
/// (pools: outputs × window, GlobalAvgPool: B·K·IY·IX, Add/Mul/Concat: outputs × inputs,
/// others: outputs). A MAC op counts its MACs (one element op each).
int64_t tileVectorOps(const Layer &layer, const LoopDims &tile);

/// A pass over `tile` on a vector unit doing `lanes` element ops per cycle:
/// cycles = ceil(ops / lanes), energy = ops × core.macEnergy. Memory: every op reads one
/// input element (I staging memory), every output element is written once (O staging
/// memory), a constant operand (hasWeights on a vector op) is read once per channel, and a
/// MAC op run here reads one weight per MAC.
ComputeCost vectorPass(const Layer &layer, const LoopDims &tile, const Core &core, const Accelerator &acc,
                       int lanes);

/// SIMD core (`lanes` elements per cycle). Runs every non-MAC op: Add, Mul, Concat,
/// Activation, Resize, Slice, Other and the pools. MAC ops are refused by canRun() (a SIMD
/// unit is not where a conv belongs); canRunOn() lets them through only when the
/// accelerator has no core that can run them, and compute() then costs one MAC per element
/// op at the lanes rate.
class SimdCostModel : public CostModel {
public:
    bool canRun(const Layer &layer, const Core &core) const override;
    ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                        const Accelerator &acc) const override;
};

/// Pooling core (`lanes` window elements per cycle, e.g. Stream's 3×3×8 pooling array = 72).
/// Runs MaxPool, AvgPool and GlobalAvgPool only, as Stream's mappings allocate them;
/// elementwise ops go to the SIMD core.
class PoolCostModel : public CostModel {
public:
    bool canRun(const Layer &layer, const Core &core) const override;
    ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                        const Accelerator &acc) const override;
};

} // namespace fuselab
