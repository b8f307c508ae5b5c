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

/// Whether operand `operand` (tensor `in`) of `layer` is a token-wise MatMul operand: its
/// rows are the output rows (a sequence of tokens × features times weights, or Q of Q·Kᵀ,
/// P of P·V), so output row r reads its row r only. A MatMul's other operands (Kᵀ, V, an
/// imported graph's matrices whose rows are not the output's) are read whole.
bool tokenWiseOperand(const Layer &layer, const Tensor &in, size_t operand);
/// Whether `layer` reads every row of operand `operand` whatever rows it computes (FC after a
/// flatten, the non-token-wise operands of a MatMul, global pooling, slice — but not the
/// zoo's token selections, Slices with sourceOp LastToken / ClassToken, which read one row).
bool readsWholeRows(const Layer &layer, const Tensor &in, size_t operand);

/// Rows of operand `operand` (tensor `in`) that output rows `out` of `layer` read.
/// Windowed ops follow docs/design.md §4: [y0·s − padTop, (y1−1)·s − padTop + k_eff), clipped to
/// the tensor (padding rows are not data). Ops that read their whole input (readsWholeRows)
/// return all rows; elementwise ops and token-wise MatMul operands the same rows.
Range inputRows(const Layer &layer, const Tensor &in, Range out, size_t operand);
/// Same along columns.
Range inputCols(const Layer &layer, const Tensor &in, Range out, size_t operand);
/// Channels of operand `operand` that output channels `out` read: all of them for a dense
/// conv, FC or MatMul, the channels of the touched groups for a grouped / depthwise conv or a
/// grouped MatMul (attention heads: operand 0 by group, the shared K or V operand its
/// proportional share, exact when a range covers whole key/value head groups), the same
/// channels for pooling and elementwise ops, and the slice of a concat input that falls in
/// `out` (`concatOffset` = the input's first channel in the concat output).
Range inputChannels(const Layer &layer, const Tensor &in, Range out, int64_t concatOffset, size_t operand);

/// Bytes of a box of a tensor: batch × rows × cols × channels × bits / 8, rounded up.
inline int64_t boxBytes(const Tensor &t, int64_t rows, int64_t cols, int64_t chans)
{
    return (t.n * rows * cols * chans * t.bits + 7) / 8;
}

} // namespace fuselab
