// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"

#include <cstdint>
#include <vector>

namespace fuselab {

/// One GEMM of a layer's lowering: an (npix × kw) input matrix times a (kw × m) weight
/// matrix, repeated `count` times (once per batch and per group).
struct GemmShape {
    int64_t npix = 0;  // output pixels (rows of the input matrix)
    int64_t m = 0;     // output channels (columns of the weight matrix)
    int64_t kw = 0;    // reduction length (FY·FX·C per group)
    int64_t count = 0; // identical GEMMs run one after the other
    int64_t macs() const { return npix * m * kw * count; }
    friend bool operator==(const GemmShape &, const GemmShape &) = default;
};

/// Input channels per group that a tile of `layer` reduces over. For a dense layer the
/// tile's own `c` (a C split reduces over fewer channels); for a grouped layer the group's
/// C/g, capped by the tile's `c`. Never less than 1.
int64_t channelsPerGroup(const Layer &layer, const LoopDims &tile);

/// Output channels per group (K/g of the whole layer), never less than 1.
int64_t outputsPerGroup(const Layer &layer);

/// Rows of the GEMM a tile lowers to: its output pixels OY·OX; for a ConvTranspose, the input
/// pixels that scatter into them (its share IY·IX·tile/(OY·OX) of the layer's input), since
/// each input pixel is multiplied by the whole kernel once — not the zero-stuffed dense conv.
int64_t macPixels(const Layer &layer, const LoopDims &tile);

/// Useful MACs of `layer` restricted to `tile`: B·K·(C/g)·OY·OX·FY·FX on the tile's sizes,
/// with C/g as channelsPerGroup() (so a K split of a depthwise conv counts right whether or
/// not the caller also shrank `tile.c`).
int64_t tileMacs(const Layer &layer, const LoopDims &tile);

/// The SCALE-Sim lowering of a MAC layer tile to GEMMs (docs/design.md §3):
///  - Conv / ConvTranspose: Npix = OY·OX per batch (batches are separate GEMMs that add),
///    M = K/g, Kw = FY·FX·C/g. A ConvTranspose takes Npix = macPixels() (the input pixels
///    that scatter into the tile), so it costs its real MACs, B·C·IY·IX·(K/g)·FY·FX.
///  - Gemm (FC): one GEMM with Npix = B·OY·OX (normally B), M = K, Kw = C·FY·FX (normally C).
///  - MatMul A(rows × C) · B(C × K): Npix = OY·OX rows of A, M = K, Kw = C; the batch B
///    (e.g. attention heads) runs B separate products.
/// Groups run one after the other, each its own GEMM (what SCALE-Sim does when fed one group
/// at a time). A tile holding a partial group (tile.k not a multiple of K/g) yields a second
/// entry for the remainder. Returns an empty vector for non-MAC ops.
std::vector<GemmShape> lowerToGemms(const Layer &layer, const LoopDims &tile);

} // namespace fuselab
