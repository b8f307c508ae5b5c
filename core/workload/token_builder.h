// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Builds transformer workloads. A token tensor is batch × features × tokens × 1: tokens are
/// rows, so a fused group tiles a sequence by rows like a feature map, and a token-wise
/// MatMul reads only its own rows of its first operand (docs/design.md §4).
/// Attention keeps heads as a dimension: Q·Kᵀ and P·V are MatMuls with `groups = H`, one
/// group per head (K channels = H·keys for the scores, H·d_head for the context); their
/// second operand (K or V, H_kv·d_head channels) is read whole.
class TokenBuilder {
public:
    TokenBuilder(std::string name, Precision precision);

    TensorId input(const std::string &name, int64_t batch, int64_t features, int64_t tokens);
    /// x · W: a MatMul with constant weights, `out` × features(in) of them.
    TensorId linear(const std::string &name, TensorId in, int64_t out, std::vector<std::string> folded = {});
    /// Element-wise vector work that keeps the shape (norms, rotary, softmax, activations);
    /// `sourceOp` names it (LayerNormalization, RMSNormalization, RotaryEmbedding, Softmax…).
    TensorId vector(const std::string &name, TensorId in, const std::string &sourceOp);
    /// Scores Q·Kᵀ for every head: Q is tokens × H·d_head, K is keys × H_kv·d_head (query
    /// head h reads key head h·H_kv/H). `extra` (decode: the new token's key) is read too.
    TensorId scores(const std::string &name, TensorId q, TensorId k, int64_t heads, TensorId extra = kNone);
    /// Context P·V: P is tokens × H·keys, V is keys × H_kv·d_head; output tokens × H·d_head.
    TensorId context(const std::string &name, TensorId p, TensorId v, int64_t heads, int64_t headDim,
                     TensorId extra = kNone);
    TensorId add(const std::string &name, TensorId a, TensorId b);
    TensorId mul(const std::string &name, TensorId a, TensorId b);
    /// One token's row: the last one (what a generation server feeds its lm_head after a
    /// prefill) or the first (ViT's class token). A Slice whose sourceOp, LastToken or
    /// ClassToken, tells the scheduler which row it reads (schedule/ranges.h).
    TensorId oneToken(const std::string &name, TensorId in, bool last);

    const Tensor &tensor(TensorId t) const { return w_.tensors.at(static_cast<size_t>(t)); }
    Workload finish();

private:
    Layer base(const std::string &name, OpType op, const std::string &sourceOp, TensorId in) const;
    TensorId emit(Layer l, int64_t k, int64_t rows);

    Workload w_;
    Precision precision_;
};

} // namespace fuselab
