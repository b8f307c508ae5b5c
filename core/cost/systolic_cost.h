// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"
#include "cost/gemm_mapping.h"

namespace fuselab {

/// How one GEMM lies on an R×C systolic array under a dataflow (SCALE-Sim's mapping,
/// docs/design.md §3): the operand matrix spread over array rows and columns, and the temporal
/// length T that streams through. OS (Npix, M, Kw), WS (Kw, M, Npix), IS (Kw, Npix, M).
struct SystolicFolding {
    int64_t rows = 0, cols = 0, t = 0; // rows / cols of work, temporal length
    int64_t fr = 0, fc = 0;            // folds: ceil(rows / R), ceil(cols / C)
};
SystolicFolding foldGemm(const GemmShape &gemm, int arrayRows, int arrayCols, Dataflow df);

/// SCALE-Sim's analytical compute cycles of ONE instance of `gemm` (not × count):
/// WS and IS: Fr·Fc·(2R + C + T − 2); OS: Fr·Fc·(R + C + T − 2).
int64_t scaleSimCycles(const GemmShape &gemm, int arrayRows, int arrayCols, Dataflow df);

/// Systolic array core (WS / OS / IS). Cycles are the sum of scaleSimCycles over the tile's
/// GEMMs (lowerToGemms: batches and groups run one after the other); utilization is
/// MACs / (R·C·cycles).
///
/// Private-memory accesses per GEMM instance, in elements (× operand bits / 8 for bytes),
/// following how each SCALE-Sim dataflow streams its operands fold by fold:
///  - WS: weights stationary, each read once: W = Kw·M. Inputs stream through every fold, so
///    each is re-read once per column fold: I = Npix·Kw·Fc. Every row fold emits partial sums
///    for all outputs: O writes = Npix·M·Fr, and each fold after the first reads the partial
///    sum back to accumulate: O reads = Npix·M·(Fr − 1).
///  - OS: outputs stationary, written once: O writes = Npix·M. Inputs re-read per column
///    fold: I = Npix·Kw·Fc; weights re-read per row fold: W = Kw·M·Fr.
///  - IS: inputs stationary, each read once: I = Npix·Kw (the im2col matrix, as SCALE-Sim
///    counts it). Weights re-read per column fold: W = Kw·M·Fc. Partial sums as in WS:
///    O writes = Npix·M·Fr, O reads = Npix·M·(Fr − 1).
/// The I and W reads and O writes are the request counts SCALE-Sim v2 reports
/// (ifmap_reads, filter_reads, ofmap_writes); the partial-sum read-back is ours, since an
/// accumulating output buffer does read before it adds.
/// Reads and writes are charged to the memory staging that operand
/// (Accelerator::stagingMemory) at its read / write pJ per byte. The second operand of a
/// MatMul without constant weights is an activation, so it is charged to the I memory.
/// A non-MAC op (refused by canRun) is costed as a vector pass at `cols` elements per cycle.
class SystolicCostModel : public CostModel {
public:
    bool canRun(const Layer &layer, const Core &core) const override;
    ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                        const Accelerator &acc) const override;
};

} // namespace fuselab
