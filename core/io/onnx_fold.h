// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace fuselab {

/// Constant folding of the shape arithmetic exporters leave in a graph, run between rounds of
/// ONNX shape inference so that computed sizes (Resize sizes, Pad amounts, Reshape targets,
/// Expand shapes) become known:
/// - a node whose inputs are all known values (small initializers, Constant outputs, values
///   folded before) or, for Shape and Size, whose input has a fully known inferred shape, is
///   evaluated and replaced by an initializer holding its result: Shape, Size, Gather, Slice,
///   Concat, Squeeze, Unsqueeze, Cast, Range, ConstantOfShape, Expand, Reshape, Identity,
///   Constant, Add, Sub, Mul, Div, Mod, Neg, Abs, Floor, Ceil, Sqrt, Min, Max, Equal, Less,
///   Greater, LessOrEqual, GreaterOrEqual, Not, And, Or, Where, ReduceProd, ReduceSum;
/// - an `If` whose condition is known is replaced by the nodes of the branch it takes; with an
///   unknown condition and `decideUnknownIf`, by the branch with more nodes (the costlier, a
///   warning names the node); without it, such an If is left for a later round.
/// Values are kept as doubles (exact for the integers shape arithmetic produces). Tensors of
/// more than kMaxFoldElements elements are left alone: they are data, not shapes.
/// Returns how many nodes were folded or inlined; `warnings` receives the If choices.
int foldOnnxConstants(onnx::ModelProto &model, std::vector<std::string> &warnings, bool decideUnknownIf);

constexpr long kMaxFoldElements = 4096;

} // namespace fuselab
