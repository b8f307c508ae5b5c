// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/cost_model.h"

#include "cost/aimc_cost.h"
#include "cost/spatial_cost.h"
#include "cost/systolic_cost.h"
#include "cost/vector_cost.h"

#include <cmath>

namespace fuselab {

const CostModel &costModelFor(CoreKind kind)
{
    static const SystolicCostModel systolic;
    static const SpatialCostModel spatial;
    static const AimcCostModel aimc;
    static const SimdCostModel simd;
    static const PoolCostModel pool;
    switch (kind) {
    case CoreKind::Systolic:
        return systolic;
    case CoreKind::Spatial:
        return spatial;
    case CoreKind::Aimc:
        return aimc;
    case CoreKind::Simd:
        return simd;
    case CoreKind::Pool:
        return pool;
    }
    return simd; // unreachable for a valid enum value; the SIMD pass costs anything
}

bool canRunOn(const Layer &layer, const Core &core, const Accelerator &acc)
{
    if (costModelFor(core.kind).canRun(layer, core))
        return true;
    const bool macOnVector = core.kind == CoreKind::Simd && isMacOp(layer.op);
    const bool vectorOnArray =
        (core.kind == CoreKind::Systolic || core.kind == CoreKind::Spatial) && !isMacOp(layer.op);
    if (!macOnVector && !vectorOnArray)
        return false;
    for (const Core &other : acc.cores)
        if (costModelFor(other.kind).canRun(layer, other))
            return false;
    return true;
}

int64_t toReferenceCycles(int64_t cycles, const Core &core, const Accelerator &acc)
{
    if (cycles <= 0 || !(core.clockMHz > 0) || !(acc.clockMHz > 0) || core.clockMHz == acc.clockMHz)
        return cycles;
    // Whole-MHz clocks (the usual case) convert exactly in integers.
    const double coreInt = std::round(core.clockMHz), accInt = std::round(acc.clockMHz);
    if (coreInt == core.clockMHz && accInt == acc.clockMHz && coreInt > 0 && cycles < (int64_t(1) << 40)) {
        const auto num = static_cast<int64_t>(accInt), den = static_cast<int64_t>(coreInt);
        return (cycles * num + den - 1) / den;
    }
    const double ref = double(cycles) * acc.clockMHz / core.clockMHz;
    // Forgive floating-point noise so that an exact ratio does not round up a whole cycle.
    return static_cast<int64_t>(std::ceil(ref - 1e-9 * ref));
}

} // namespace fuselab
