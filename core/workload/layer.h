// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fuselab {

using TensorId = int;
using LayerId = int;
constexpr int kNone = -1;

/// What a layer computes. Depthwise and grouped convolutions are `Conv` with `groups > 1`;
/// folded ops (ReLU after conv, batch-norm) never become layers.
enum class OpType {
    Conv,           // dense, grouped or depthwise convolution
    ConvTranspose,  // costed as the equivalent dense conv on the upsampled input
    Gemm,           // fully connected; B is the batch, K outputs, C inputs
    MatMul,         // activation × activation (or × constant) matrix product
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    Add,
    Mul,
    Concat,
    Activation,  // a non-folded activation (e.g. after an Add), Softmax included
    Resize,
    Slice,
    Other,  // an op FuseLab cannot cost: kept, costed as elementwise, warned about
};

std::string_view toString(OpType op);
/// Parses the names produced by toString(); returns false for an unknown name.
bool parseOpType(std::string_view name, OpType &out);

/// Ops that run on a MAC array (systolic, spatial, AIMC); the others are vector work.
bool isMacOp(OpType op);
/// Ops whose output row `r` depends on a window of input rows (conv, pool, resize).
bool isWindowed(OpType op);

/// Operand precisions in bits: inputs (I), weights (W), outputs (O).
struct Precision {
    int i = 8;
    int w = 8;
    int o = 8;
    /// Bits of O's partial sums while a reduction runs (Stream's `O` beside `O_final`); 0: `o`.
    /// Only the loop-nest model reads it (cost/loop_nest.h).
    int psum = 0;
    friend bool operator==(const Precision &, const Precision &) = default;
};

/// The loop nest of a layer, in the B K C OY OX FY FX vocabulary of docs/design.md §2.
/// `c` is the total number of input channels (all groups). For vector ops K == C.
/// The largest loop dimension or tensor extent accepted (2^31 - 1): the scheduler counts
/// rows and tiles in int, and products of such sizes still fit 64-bit arithmetic only when
/// Workload::validate checks them (it does).
constexpr int64_t kMaxDimension = 2147483647;

struct LoopDims {
    int64_t b = 1, k = 1, c = 1, oy = 1, ox = 1, fy = 1, fx = 1;
    friend bool operator==(const LoopDims &, const LoopDims &) = default;
};

/// One node of the workload DAG. Inputs are activation tensors; weights are implicit
/// (their size follows from the dims) because FuseLab never needs their values.
struct Layer {
    std::string name;
    OpType op = OpType::Conv;
    std::string sourceOp;  // the op as the source named it (ONNX op_type, zoo kind)
    LoopDims dims;
    int64_t iy = 1, ix = 1;        // input spatial size (before padding)
    int strideY = 1, strideX = 1;
    int padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    int dilationY = 1, dilationX = 1;
    int groups = 1;
    Precision precision;
    bool hasWeights = false;       // conv/gemm weights, or a constant operand of Mul/MatMul
    std::vector<TensorId> inputs;  // activation inputs, in operand order
    TensorId output = kNone;
    std::vector<std::string> folded;  // ops folded into this layer (Relu, BatchNormalization…)

    int64_t macs() const;          // multiply-accumulates (0 for non-MAC ops)
    int64_t vectorOps() const;     // element operations for vector ops (output elements × window)
    int64_t weightCount() const;   // number of weight elements
    int64_t weightBytes() const;   // weightCount × W bits / 8, rounded up
    /// Effective kernel extent with dilation: (f-1)·d + 1.
    int64_t kernelY() const { return (dims.fy - 1) * dilationY + 1; }
    int64_t kernelX() const { return (dims.fx - 1) * dilationX + 1; }

    friend bool operator==(const Layer &, const Layer &) = default;
};

} // namespace fuselab
