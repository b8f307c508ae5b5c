// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/energy.h"
#include "hardware/accelerator.h"
#include "workload/layer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace fuselab {

/// Cost of running (a tile of) one layer on one core, data already in the core's memories.
struct ComputeCost {
    int64_t cycles = 0;        // in the core's own clock
    double utilization = 0;    // useful MACs / (PEs × cycles), 0..1
    int64_t macs = 0;          // useful MACs (or element ops for vector work)
    double macEnergy = 0;      // pJ
    /// Energy of reads/writes of the core's private memories caused by this compute (pJ),
    /// by memory name. Transfers into the core are costed by the scheduler, not here.
    std::map<std::string, double> memoryEnergy;
};

/// One cost model per core kind (DESIGN.md §3). Stateless; safe to call from any thread.
class CostModel {
public:
    virtual ~CostModel() = default;
    /// Whether this core kind can execute the op at all.
    virtual bool canRun(const Layer &layer, const Core &core) const = 0;
    /// Cost of `layer` restricted to the loop sizes `tile` (a tile of rows, a K split…).
    virtual ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                const Accelerator &acc) const = 0;
};

/// The cost model for a core kind.
const CostModel &costModelFor(CoreKind kind);

/// Whole-layer cost of a layer on a core, with the operand byte counts the per-layer table shows.
struct LayerCost {
    ComputeCost compute;
    int64_t inputBytes = 0, weightBytes = 0, outputBytes = 0;
    EnergyBreakdown energy;  // MAC + private memory terms + DRAM for loading I/W and storing O
};

/// Layer-by-layer cost of one layer on one core: operands from DRAM, compute, result to DRAM.
LayerCost layerCost(const Layer &layer, const std::vector<int64_t> &inputBytes, const Core &core,
                    const Accelerator &acc);

/// The access-based model of the AICAS paper: cost = off-chip bytes only.
int64_t accessBasedCost(int64_t dramReadBytes, int64_t dramWriteBytes);

} // namespace fuselab
