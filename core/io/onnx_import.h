// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/input_shapes.h"
#include "workload/workload.h"

#include <string>

namespace fuselab {

/// Imports an ONNX model's graph as a workload, using ONNX shape inference. Only shapes are
/// read: initializer values and external data are never needed. Throws InputError naming
/// the file and cause (truncated / not ONNX / shapes not inferable / unsupported opset).
///
/// Reading: the file is memory-mapped and its protobuf walked without parsing the weights
/// (see onnx_wire.h), so import time does not grow with the weights and files above
/// protobuf's 2 GB limit import. External data may be absent; stripped weights (dims
/// only) and weights listed as graph inputs work too. A dynamic batch dimension is set to 1
/// (with a warning); nodes listed out of order are sorted.
///
/// Op mapping (ONNX op → OpType):
/// - Conv (groups, depthwise = groups == C == K; 1-D convs as 1×L images) → Conv;
///   ConvTranspose → ConvTranspose (each input pixel times the kernel: B·C·IY·IX·(K/g)·FY·FX MACs);
///   ConvInteger / QLinearConv → Conv, MatMulInteger / QLinearMatMul → MatMul, at 8-bit inputs
///   and weights (32-bit outputs for the Integer ops); LSTM / GRU / RNN → a MatMul of the
///   per-step products (B = seq·batch, C = input + hidden, K = dirs·gates·hidden) and an
///   elementwise cell update;
///   Gemm → Gemm (B = rows, C = in features, K = out features); MatMul → MatMul (B = all
///   output rows); a two-operand Einsum → MatMul (einsum_equation.h: C = the summed indices,
///   K = the second operand's own output indices, B = the rest); MaxPool → MaxPool, AveragePool/LpPool → AvgPool (ceil_mode becomes extra
///   end padding); GlobalAverage/Max/LpPool and ReduceMean over H, W → GlobalAvgPool;
///   Add/Sub → Add, Mul/Div → Mul; Concat; Resize/Upsample → Resize; Slice, and Split as
///   one Slice per output; Softmax/LogSoftmax/Hardmax → Activation.
/// - Folded (listed in Layer::folded, one summary warning): BatchNormalization and a
///   per-channel or scalar Add/Sub/Mul/Div constant into a preceding Conv/ConvTranspose/
///   Gemm/MatMul; activations (Relu, Clip, Sigmoid, HardSigmoid, LeakyRelu, Tanh,
///   HardSwish, Elu, Selu, Celu, PRelu, Softplus, Softsign, ThresholdedRelu, Mish, Gelu)
///   into a preceding MAC, pool, Add or Mul layer — only when that layer's output has no
///   other reader. Otherwise an activation is an Activation layer and a BN a Mul layer.
/// - Views, no layer: Flatten, Reshape, Squeeze, Unsqueeze, Identity, Dropout. When a layer
///   reads a view in another NCHW layout than its producer wrote, a "Relayout" copy
///   (OpType::Other) is inserted.
/// - Elementwise passes (Activation, no warning): Quantize/Dequantize/DynamicQuantizeLinear,
///   Layer/InstanceNormalization, Erf, Pow, Sqrt, Cast, reductions and other unary math;
///   copies (Other, no warning): Transpose, Pad, Gather, Tile, Expand, Depth/SpaceToDepth;
///   Where → Add (a select per element).
/// - Constants (initializers, Constant, Shape, Size, and nodes computed only from them)
///   make no layer. Any other op is OpType::Other, costed as elementwise, and listed in a
///   warning.
/// Every layer gets `precision`; layer outputs are O bits, graph inputs I bits.
///
/// `inputShapes` (`--input-shape NAME=D0,D1,...`) fixes inputs' shapes before shape inference;
/// an unknown name, a wrong rank or a clash with a fixed dimension is refused with the model's
/// inputs listed.
/// The result's `inputShapes` holds the shapes used for every input that had a symbolic
/// dimension in the file.
Workload importOnnx(const std::string &path, Precision precision = {}, const InputShapes &inputShapes = {});

/// The model's inputs (initializers listed as inputs left out) with their shapes as the file
/// states them, without importing: what the app asks sizes for (proposedInputShapes()).
/// An input without a stated shape (a scalar, or no shape at all) has no dims. Throws
/// InputError like importOnnx for a file that is not an ONNX model.
std::vector<ModelInput> onnxInputs(const std::string &path);

} // namespace fuselab
