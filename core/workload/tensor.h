// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"

#include <cstdint>
#include <string>

namespace fuselab {

/// An activation tensor in NCHW layout. Fully connected activations have h == w == 1.
struct Tensor {
    std::string name;
    int64_t n = 1, c = 1, h = 1, w = 1;
    int bits = 8;
    LayerId producer = kNone;  // kNone: a graph input, read from DRAM

    int64_t elements() const { return n * c * h * w; }
    int64_t bytes() const { return (elements() * bits + 7) / 8; }
    /// Bytes of one row (all channels, one y) — the unit fused tiles move in.
    int64_t rowBytes() const { return (n * c * w * bits + 7) / 8; }
    std::string shapeString() const;  // "1×64×56×56"

    friend bool operator==(const Tensor &, const Tensor &) = default;
};

} // namespace fuselab
