// SPDX-License-Identifier: GPL-3.0-or-later
// Layer-by-layer cost of one layer: the baseline every fused plan is compared with.
#include "cost/cost_model.h"

#include <cmath>
#include <numeric>

namespace fuselab {

namespace {
void addFill(EnergyBreakdown &e, const Accelerator &acc, const Core &core, Operand operand, int64_t bytes,
             bool write)
{
    const int m = acc.stagingMemory(core.name, operand);
    if (m < 0 || bytes <= 0)
        return;
    const Memory &mem = acc.memories[m];
    e.memory[mem.name] += double(bytes) * (write ? mem.writeEnergy : mem.readEnergy);
}
} // namespace

/// Operands come from DRAM (each input tensor's bytes as given, the weights once), are
/// written into the core's staging memories, the layer computes (the model's compute() on
/// the whole layer, plus one weight load such as AIMC programming), and the output is read
/// out of its staging memory and written to DRAM. Energy terms: mac (compute + weight load),
/// every memory (compute accesses + fills + drain), dram (bytes × read / write pJ per byte).
/// Links between DRAM and the core are the scheduler's business and stay 0 here.
LayerCost layerCost(const Layer &layer, const std::vector<int64_t> &inputBytes, const Core &core,
                    const Accelerator &acc)
{
    const CostModel &model = costModelFor(core.kind);
    LayerCost lc;
    lc.compute = model.compute(layer, layer.dims, core, acc);
    const int64_t loadCycles = model.weightLoadCyclesOn(layer, layer.dims, core, acc);
    const double loadEnergy = model.weightLoadEnergyOn(layer, layer.dims, core, acc);

    lc.inputBytes = std::accumulate(inputBytes.begin(), inputBytes.end(), int64_t(0));
    lc.weightBytes = layer.weightBytes();
    const LoopDims &d = layer.dims;
    lc.outputBytes = (d.b * d.k * d.oy * d.ox * layer.precision.o + 7) / 8;

    lc.energy.mac = lc.compute.macEnergy + loadEnergy;
    for (const auto &[name, e] : lc.compute.memoryEnergy)
        lc.energy.memory[name] += e;
    addFill(lc.energy, acc, core, OperandI, lc.inputBytes, true);
    addFill(lc.energy, acc, core, OperandW, lc.weightBytes, true);
    addFill(lc.energy, acc, core, OperandO, lc.outputBytes, false);
    lc.energy.dram = double(lc.inputBytes + lc.weightBytes) * acc.dram.readEnergy +
                     double(lc.outputBytes) * acc.dram.writeEnergy + lc.compute.dramStreamEnergy;

    const double bw = acc.dram.bandwidth > 0 ? acc.dram.bandwidth : 1.0;
    lc.dramCycles =
        static_cast<int64_t>(std::ceil(double(lc.inputBytes + lc.weightBytes + lc.outputBytes) / bw));
    lc.latencyCycles =
        acc.dram.latency + lc.dramCycles + toReferenceCycles(lc.compute.cycles + loadCycles, core, acc);
    return lc;
}

} // namespace fuselab
