// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "workload/workload.h"

#include <vector>

namespace fuselab {

/// A run of consecutive positions [first, last] of a layer order that fuses as one kernel:
///  - Attention: Q·Kᵀ (a MatMul of two activations), softmax (a vector op reading only the
///    scores), ·V (a MatMul whose first operand is the softmax). Fused and tiled over query
///    rows, the H·N×N scores stay on chip, FlashAttention-style (docs/design.md §4);
///  - Ffn: token-wise x·W layers and the element-wise ops between them (GELU MLP: fc1, fc2;
///    SwiGLU: gate, up, product, down), every layer reading only the run's own tensors or the
///    run's input, at least two weight layers and a weight layer last. Fused and tiled over
///    tokens, the FFN hidden activations (tokens × 4d or more) stay on chip.
/// Either may also be cut into reduction slices (FusedGroup::tileReduce): key tiles of an
/// attention, hidden slices of an FFN.
struct TransformerKernel {
    enum class Kind { Attention, Ffn };
    Kind kind = Kind::Attention;
    int first = 0, last = 0;
};

/// The kernels of `order` (positions into it), in order, not overlapping.
std::vector<TransformerKernel> transformerKernels(const Workload &w, const std::vector<LayerId> &order);

/// Which kernels a plan fuses, and their reduction slices (FusedGroup::tileReduce, 0: none):
/// the keys per tile of an attention kernel (FlashAttention: K and V stream through, an
/// online softmax), the hidden units per slice of an FFN kernel (its weights in slices, the
/// output accumulated over them). `ffnTileRows` > 0 gives the FFN its own token tile.
struct KernelFusion {
    bool attention = true;
    bool ffn = true;
    int attentionKeyTile = 0;
    int ffnHiddenTile = 0;
    int ffnTileRows = 0;
};

/// Groups for the layers `order[first..last]`: the kernels `fuse` selects as one group each,
/// tiled like `kernel` (its `layers` ignored) with `fuse`'s reduction slices and FFN token
/// tile, every other layer its own group with the tiling `lbl` gives it (a layer-by-layer
/// plan of the same workload).
std::vector<FusedGroup> kernelGroups(const Workload &w, const std::vector<LayerId> &order, int first, int last,
                                     const KernelFusion &fuse, const FusedGroup &kernel, const Plan &lbl);

/// Splits each attention kernel's heads into `parts` (a K split of its three layers, whole
/// heads per part) dealt round robin over the MAC cores (not SIMD or pooling) that can run its
/// Q·Kᵀ; parts on one core take turns, so a core holds K and V of one part's heads at a time.
/// An attention kernel whose heads `parts` does not divide is left as it is.
void splitAttentionHeads(const Workload &w, const Accelerator &acc, int parts, Plan &plan);

} // namespace fuselab
