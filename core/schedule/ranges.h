// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"
#include "workload/tensor.h"

#include <algorithm>
#include <cstdint>

namespace fuselab {

/// A half-open index range [begin, end) along one tensor dimension.
struct Range {
    int64_t begin = 0, end = 0;
    int64_t size() const { return end > begin ? end - begin : 0; }
    bool empty() const { return end <= begin; }
    friend bool operator==(const Range &, const Range &) = default;
};

inline Range intersect(Range a, Range b)
{
    return {std::max(a.begin, b.begin), std::min(a.end, b.end)};
}
/// Smallest range holding both (an empty range is ignored).
inline Range hull(Range a, Range b)
{
    if (a.empty())
        return b;
    if (b.empty())
        return a;
    return {std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

/// Rows of input `inputIndex` (tensor `in`) that output rows `out` of `layer` read.
/// Windowed ops follow docs/design.md §4: [y0·s − padTop, (y1−1)·s − padTop + k_eff), clipped to
/// the tensor (padding rows are not data). Ops that need their whole input (FC after
/// flatten, matmul, global pooling, slice) return all rows; elementwise ops the same rows.
Range inputRows(const Layer &layer, const Tensor &in, Range out);
/// Same along columns.
Range inputCols(const Layer &layer, const Tensor &in, Range out);
/// Channels of input `inputIndex` that output channels `out` read: all of them for a dense
/// conv or FC, the channels of the touched groups for a grouped / depthwise conv, the same
/// channels for pooling and elementwise ops, and the slice of a concat input that falls in
/// `out` (`concatOffset` = the input's first channel in the concat output).
Range inputChannels(const Layer &layer, const Tensor &in, Range out, int64_t concatOffset);

/// Bytes of a box of a tensor: batch × rows × cols × channels × bits / 8, rounded up.
inline int64_t boxBytes(const Tensor &t, int64_t rows, int64_t cols, int64_t chans)
{
    return (t.n * rows * cols * chans * t.bits + 7) / 8;
}

} // namespace fuselab
