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
    int64_t cycles = 0;     // in the core's own clock (see toReferenceCycles)
    double utilization = 0; // useful MACs / (PEs × cycles), 0..1
    int64_t macs = 0;       // useful MACs (or element ops for vector work)
    double macEnergy = 0;   // pJ (AIMC: MVM energy, plus reprogramming when blocks > 1)
    /// Energy of reads/writes of the core's private memories caused by this compute (pJ),
    /// by memory name. Transfers into the core are costed by the scheduler, not here.
    std::map<std::string, double> memoryEnergy;
    /// DRAM traffic beyond one load of each input and weight and one store of the output: an
    /// operand too large for the core's memories streamed from the DRAM during the compute
    /// (bytes, and its DRAM energy in pJ). Its time is in `cycles` already.
    double dramStreamBytes = 0;
    double dramStreamEnergy = 0;
};

/// One cost model per core kind (docs/design.md §3). Stateless; safe to call from any thread.
class CostModel {
public:
    virtual ~CostModel() = default;
    /// Whether this core kind can execute the op at all.
    virtual bool canRun(const Layer &layer, const Core &core) const = 0;
    /// Cost of `layer` restricted to the loop sizes `tile` (a tile of rows, a K split…).
    virtual ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                const Accelerator &acc) const = 0;
    /// Cycles (core clock) to load the tile's weights into the compute fabric itself, beyond
    /// moving their bytes into the core's memories (which the scheduler costs). Non-zero for
    /// AIMC: programming the crossbar. The scheduler pays it once when weights stay
    /// stationary on the core, or again for every tile / every time another layer used the
    /// core in between (weight reload). Default: 0.
    virtual int64_t weightLoadCycles(const Layer &, const LoopDims &, const Core &) const { return 0; }
    /// Energy (pJ) of that weight load. Default: 0.
    virtual double weightLoadEnergy(const Layer &, const LoopDims &, const Core &) const { return 0; }
    /// The same on a given accelerator, for a fabric that depends on the core's memories (an
    /// AIMC tile's crossbar count). The scheduler calls these. Default: the versions above.
    virtual int64_t weightLoadCyclesOn(const Layer &layer, const LoopDims &tile, const Core &core,
                                       const Accelerator &) const
    {
        return weightLoadCycles(layer, tile, core);
    }
    virtual double weightLoadEnergyOn(const Layer &layer, const LoopDims &tile, const Core &core,
                                      const Accelerator &) const
    {
        return weightLoadEnergy(layer, tile, core);
    }
};

/// The cost model for a core kind (an immutable function-local static).
const CostModel &costModelFor(CoreKind kind);

/// Which cost model serves a core kind. A plain function pointer so options stay trivially
/// copyable and thread-safe; tests may pass their own (costModelsFor in spatial_cost.h gives
/// the models with another mapping objective).
using CostModelLookup = const CostModel &(*)(CoreKind);

/// Whether `layer` may run on `core` of `acc`: the core's model accepts it, or no core of
/// `acc` accepts it and this core is the fallback of last resort — a SIMD core for a MAC op
/// (costed one MAC per element op), or a systolic / spatial array for a vector op (pool,
/// add, …: an elementwise pass at `cols` elements per cycle, as a TPU's array edge does).
/// So a network never becomes unschedulable for lack of a MAC array or a vector unit.
bool canRunOn(const Layer &layer, const Core &core, const Accelerator &acc);

/// Converts `cycles` of `core`'s clock to cycles of the accelerator's reference clock
/// (`acc.clockMHz`, the clock schedules count in), rounding up.
int64_t toReferenceCycles(int64_t cycles, const Core &core, const Accelerator &acc);

/// Whole-layer cost of a layer on a core, with the operand byte counts the per-layer table shows.
struct LayerCost {
    ComputeCost compute;
    int64_t inputBytes = 0, weightBytes = 0, outputBytes = 0;
    EnergyBreakdown energy; // MAC + private memory terms + DRAM for loading I/W and storing O
    /// Reference-clock cycles of the layer's DRAM transfers (each input tensor, the weights,
    /// the output), one after the other, each priced by the TransferModel (transfer_model.h):
    /// DRAM latency + ⌈bytes / min(DRAM port, staging memory bandwidth)⌉.
    int64_t dramCycles = 0;
    /// Layer-by-layer latency in reference cycles: load I and W, compute, store O, one after
    /// the other (no overlap between layers or within one).
    int64_t latencyCycles = 0;
};

/// Layer-by-layer cost of one layer on one core: operands from DRAM, compute, result to DRAM.
LayerCost layerCost(const Layer &layer, const std::vector<int64_t> &inputBytes, const Core &core,
                    const Accelerator &acc);

/// The access-based model of the AICAS paper: cost = off-chip bytes only.
int64_t accessBasedCost(int64_t dramReadBytes, int64_t dramWriteBytes);
/// The access-based cost of a layer run layer by layer: its I + W bytes read, O written.
int64_t accessBasedCost(const LayerCost &layer);

} // namespace fuselab
