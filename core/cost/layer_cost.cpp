// SPDX-License-Identifier: GPL-3.0-or-later
// Layer-by-layer cost of one layer: the baseline every fused plan is compared with.
#include "cost/cost_model.h"
#include "cost/transfer_model.h"

#include <numeric>

namespace fuselab {

/// Operands come from DRAM (one transfer per input tensor, its bytes as given, and one for the
/// weights) into the core's staging memories, the layer computes (the model's compute() on
/// the whole layer, plus one weight load such as AIMC programming), and the output is
/// written from its staging memory to DRAM in one transfer. Every transfer is priced by the
/// TransferModel, as the scheduler prices its moves. Energy terms: mac (compute + weight
/// load), every memory (compute accesses + fills + drain), dram. Links between DRAM and the
/// core depend on the floorplan's routes, the scheduler's business: they stay 0 here.
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
    const TransferModel tm(acc);
    auto add = [&](const Transfer &t, int memory) {
        if (memory >= 0)
            lc.energy.memory[acc.memories[static_cast<std::size_t>(memory)].name] += t.energy.memory;
        lc.energy.dram += t.energy.dram;
        lc.dramCycles += t.cycles();
    };
    const int mi = acc.stagingMemory(core.name, OperandI);
    const int mw = acc.stagingMemory(core.name, OperandW);
    const int mo = acc.stagingMemory(core.name, OperandO);
    for (const int64_t b : inputBytes)
        if (b > 0)
            add(tm.dramRead(b, mi), mi);
    if (lc.weightBytes > 0)
        add(tm.dramRead(lc.weightBytes, mw), mw);
    if (lc.outputBytes > 0)
        add(tm.dramWrite(lc.outputBytes, mo), mo);
    lc.energy.dram += lc.compute.dramStreamEnergy;
    lc.latencyCycles = lc.dramCycles + toReferenceCycles(lc.compute.cycles + loadCycles, core, acc);
    return lc;
}

} // namespace fuselab
