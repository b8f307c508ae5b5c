// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"

namespace fuselab {

/// Crossbar blocks (rows × cols weight blocks of an AIMC tile) that `tile` of `layer` needs.
/// The weight matrix is Kw × M with Kw = FY·FX·C/g rows and M output channels:
///  - dense: ceil(Kw / rows) · ceil(K / cols);
///  - grouped / depthwise: each group is its own Kw × K/g matrix with its own inputs, so
///    groups sit block-diagonally: min(rows / Kw, cols / (K/g)) groups share one crossbar
///    when a group fits in it (e.g. 28 depthwise 3×3 groups in a 256×256 crossbar), else
///    each group takes ceil(Kw / rows) · ceil((K/g) / cols) crossbars of its own.
/// 0 for ops without a weight matrix.
int64_t aimcBlocks(const Layer &layer, const LoopDims &tile, const Core &core);
/// aimcBlocks() of the whole layer.
int64_t aimcBlocks(const Layer &layer, const Core &core);

/// Crossbars of rows × cols an AIMC core (a tile) holds: its private weight memory is the
/// crossbar cells, one weight each, so floor(size / (rows · cols · bytes per weight)) of them
/// (AERO's tile → PE hierarchy); 1 when the core has no weight memory or a smaller one.
int64_t aimcCrossbars(const Layer &layer, const Core &core, const Accelerator &acc);

/// Analog in-memory-compute tile (AERO-style). A core holds P = aimcCrossbars() crossbars. Every
/// input vector (one per output pixel per batch: B·OY·OX of them) costs one MVM of
/// `mvmCycles` and `mvmEnergy` per block in use. With P > 1 the blocks of one round run on the
/// P crossbars at once (partial sums added digitally) and are programmed at once (rows in
/// parallel across crossbars): P = 1 is the single-crossbar tile described next, with
/// "blocks" read as "rounds of P blocks" for the cycles.
///  - blocks ≤ 1: the weights can stay programmed; compute = V·mvmCycles, and programming
///    (rows · programCyclesPerRow, rows · programEnergyPerRow) is reported by
///    weightLoadCycles() / weightLoadEnergy() for the scheduler to charge once (weight
///    stationary) or per reload.
///  - blocks > 1: the tile is reprogrammed for every block, each block then runs all V
///    vectors: compute = blocks · (rows·programCyclesPerRow + V·mvmCycles), and the
///    programming energy is included in macEnergy; weightLoadCycles() is then 0.
/// Utilization is the fraction of crossbar cells doing a useful MAC per MVM:
/// MACs / (blocks · V · rows · cols).
/// Memory: each input vector is read once per block column (dense: Kw · ceil(K / cols)
/// elements; grouped: Kw per group), outputs are written once per block row
/// (O writes = V·K·ceil(Kw / rows), reading back the partial sum each time after the
/// first), and when reprogramming (blocks > 1) every weight is read once from its memory.
/// Runs Conv / ConvTranspose / Gemm / MatMul with constant weights (never a MatMul of two
/// activations: a crossbar holds only programmed weights).
class AimcCostModel : public CostModel {
public:
    bool canRun(const Layer &layer, const Core &core) const override;
    ComputeCost compute(const Layer &layer, const LoopDims &tile, const Core &core,
                        const Accelerator &acc) const override;
    int64_t weightLoadCycles(const Layer &layer, const LoopDims &tile, const Core &core) const override;
    double weightLoadEnergy(const Layer &layer, const LoopDims &tile, const Core &core) const override;
    int64_t weightLoadCyclesOn(const Layer &layer, const LoopDims &tile, const Core &core,
                               const Accelerator &acc) const override;
    double weightLoadEnergyOn(const Layer &layer, const LoopDims &tile, const Core &core,
                              const Accelerator &acc) const override;
};

} // namespace fuselab
