// SPDX-License-Identifier: GPL-3.0-or-later
#include "hardware/presets.h"

#include "cost/cost_model.h"

namespace fuselab {

Accelerator singleSystolicAccelerator(int rows, int cols, Dataflow dataflow)
{
    Accelerator acc;
    acc.name = "systolic_" + std::to_string(rows) + "x" + std::to_string(cols) + "_" +
               std::string(toString(dataflow));
    Core core;
    core.name = "core0";
    core.kind = CoreKind::Systolic;
    core.rows = rows;
    core.cols = cols;
    core.dataflow = dataflow;
    core.macEnergy = 0.2;
    core.place = {2, 2, 3, 3};
    acc.cores.push_back(core);
    Memory spm;
    spm.name = "core0.spm";
    spm.core = "core0";
    spm.sizeBytes = 1 << 20;
    spm.readBw = spm.writeBw = 64;
    spm.readEnergy = spm.writeEnergy = 1.0;
    acc.memories.push_back(spm);
    acc.dram.bandwidth = 16;
    acc.dram.place = {2, 7, 3, 1};
    acc.links.push_back({"core0-dram", {"core0", acc.dram.name}, 16, 1, 0.0});
    return acc;
}

int fastestCapableCore(const Layer &layer, const Accelerator &acc)
{
    int best = -1;
    int64_t bestCycles = 0;
    for (int i = 0; i < static_cast<int>(acc.cores.size()); ++i) {
        const Core &c = acc.cores[i];
        const CostModel &m = costModelFor(c.kind);
        if (!canRunOn(layer, c, acc))
            continue;
        const int64_t cycles = m.compute(layer, layer.dims, c, acc).cycles;
        if (best < 0 || cycles < bestCycles) {
            best = i;
            bestCycles = cycles;
        }
    }
    return best;
}

} // namespace fuselab
