// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/systolic_cost.h"

#include "cost/memory_access.h"
#include "cost/vector_cost.h"

#include <algorithm>

namespace fuselab {

namespace {
int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}
} // namespace

SystolicFolding foldGemm(const GemmShape &gemm, int arrayRows, int arrayCols, Dataflow df)
{
    SystolicFolding f;
    if (df == Dataflow::OS)
        f = {gemm.npix, gemm.m, gemm.kw};
    else if (df == Dataflow::WS)
        f = {gemm.kw, gemm.m, gemm.npix};
    else
        f = {gemm.kw, gemm.npix, gemm.m};
    f.fr = ceilDiv(f.rows, std::max(1, arrayRows));
    f.fc = ceilDiv(f.cols, std::max(1, arrayCols));
    return f;
}

int64_t scaleSimCycles(const GemmShape &gemm, int arrayRows, int arrayCols, Dataflow df)
{
    if (gemm.npix <= 0 || gemm.m <= 0 || gemm.kw <= 0)
        return 0;
    const SystolicFolding f = foldGemm(gemm, arrayRows, arrayCols, df);
    const int64_t r = std::max(1, arrayRows), c = std::max(1, arrayCols); // validation forbids < 1
    // Per fold: fill (R rows of weights, WS/IS only), skew across rows and columns, stream T.
    const int64_t perFold = df == Dataflow::OS ? r + c + f.t - 2 : 2 * r + c + f.t - 2;
    return f.fr * f.fc * perFold;
}

bool SystolicCostModel::canRun(const Layer &layer, const Core &) const
{
    return isMacOp(layer.op);
}

ComputeCost SystolicCostModel::compute(const Layer &layer, const LoopDims &tile, const Core &core,
                                       const Accelerator &acc) const
{
    if (!isMacOp(layer.op))
        return vectorPass(layer, tile, core, acc, core.cols);

    ComputeCost cost;
    double iReads = 0, wReads = 0, oReads = 0, oWrites = 0; // elements
    for (const GemmShape &g : lowerToGemms(layer, tile)) {
        if (g.npix <= 0 || g.m <= 0 || g.kw <= 0 || g.count <= 0)
            continue;
        cost.cycles += g.count * scaleSimCycles(g, core.rows, core.cols, core.dataflow);
        cost.macs += g.macs();
        const SystolicFolding f = foldGemm(g, core.rows, core.cols, core.dataflow);
        const double n = double(g.count), in = double(g.npix * g.kw), w = double(g.kw * g.m),
                     out = double(g.npix * g.m);
        switch (core.dataflow) {
        case Dataflow::WS:
            wReads += n * w;
            iReads += n * in * double(f.fc);
            oWrites += n * out * double(f.fr);
            oReads += n * out * double(f.fr - 1);
            break;
        case Dataflow::OS:
            iReads += n * in * double(f.fc);
            wReads += n * w * double(f.fr);
            oWrites += n * out;
            break;
        case Dataflow::IS:
            iReads += n * in;
            wReads += n * w * double(f.fc);
            oWrites += n * out * double(f.fr);
            oReads += n * out * double(f.fr - 1);
            break;
        }
    }
    const double pes = double(core.rows) * double(core.cols);
    cost.utilization = cost.cycles > 0 && pes > 0 ? double(cost.macs) / (pes * double(cost.cycles)) : 0.0;
    cost.macEnergy = double(cost.macs) * core.macEnergy;

    const Precision &p = layer.precision;
    const bool secondIsActivation = layer.op == OpType::MatMul && !layer.hasWeights;
    addOperandAccess(cost, acc, core, OperandI, iReads * bytesPerElement(p.i), 0);
    addOperandAccess(cost, acc, core, secondIsActivation ? OperandI : OperandW,
                     wReads * bytesPerElement(secondIsActivation ? p.i : p.w), 0);
    addOperandAccess(cost, acc, core, OperandO, oReads * bytesPerElement(p.o),
                     oWrites * bytesPerElement(p.o));
    return cost;
}

} // namespace fuselab
