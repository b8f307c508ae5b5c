// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Adds to `w.warnings` one line naming the ops its layers folded (batch-norm, ReLU, …) and
/// how many, if any; every builder of a workload ends with it.
void addFoldingWarning(Workload &w);

/// Builds a workload layer by layer for the zoo: each helper takes the input tensor, computes
/// the output size with convOutputSize(), adds the output tensor (named after the layer) and
/// the layer, and returns the output tensor. Every layer gets the builder's precision.
/// Ops listed in `folded` (batch-norm, ReLU, …) are recorded on the layer; finish() adds one
/// warning saying that folding happened.
class NetworkBuilder {
public:
    NetworkBuilder(std::string name, Precision precision);

    /// The graph input, NCHW with batch 1 (an MLP's input is 1×features×1×1).
    TensorId input(const std::string &name, int64_t c, int64_t h, int64_t w);

    /// Square kernel `f`, symmetric padding `pad`; groups == C == K is a depthwise conv.
    TensorId conv(const std::string &name, TensorId in, int64_t k, int f, int stride, int pad, int groups = 1,
                  std::vector<std::string> folded = {});
    TensorId maxPool(const std::string &name, TensorId in, int f, int stride, int pad = 0);
    TensorId avgPool(const std::string &name, TensorId in, int f, int stride, int pad = 0);
    /// Window = the whole input (FY = IY, FX = IX); output 1×C×1×1.
    TensorId globalAvgPool(const std::string &name, TensorId in);
    /// Element-wise sum of two tensors of the same shape (a residual join).
    TensorId add(const std::string &name, TensorId a, TensorId b, std::vector<std::string> folded = {});
    /// Fully connected (Gemm): C = every element of the input (a flatten is a view), K outputs.
    TensorId fc(const std::string &name, TensorId in, int64_t k, std::vector<std::string> folded = {});

    const Tensor &tensor(TensorId t) const { return w_.tensors.at(static_cast<size_t>(t)); }
    /// The finished workload; adds the folding warning once if any layer folded an op.
    Workload finish();

private:
    TensorId pool(OpType op, const std::string &kind, const std::string &name, TensorId in, int f, int stride,
                  int pad);
    TensorId emit(Layer l, int64_t k, int64_t oy, int64_t ox);

    Workload w_;
    Precision precision_;
};

} // namespace fuselab
