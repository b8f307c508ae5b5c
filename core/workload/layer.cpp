// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/layer.h"

#include <array>
#include <utility>

namespace fuselab {

namespace {
constexpr std::array<std::pair<OpType, std::string_view>, 15> kOpNames{{
    {OpType::Conv, "conv"},
    {OpType::ConvTranspose, "convtranspose"},
    {OpType::Gemm, "gemm"},
    {OpType::MatMul, "matmul"},
    {OpType::MaxPool, "maxpool"},
    {OpType::AvgPool, "avgpool"},
    {OpType::GlobalAvgPool, "globalavgpool"},
    {OpType::Add, "add"},
    {OpType::Mul, "mul"},
    {OpType::Concat, "concat"},
    {OpType::Activation, "activation"},
    {OpType::Resize, "resize"},
    {OpType::Slice, "slice"},
    {OpType::Other, "other"},
    {OpType::Other, "elementwise"},
}};
} // namespace

std::string_view toString(OpType op)
{
    for (const auto &[o, n] : kOpNames)
        if (o == op)
            return n;
    return "other";
}

bool parseOpType(std::string_view name, OpType &out)
{
    for (const auto &[o, n] : kOpNames)
        if (n == name) {
            out = o;
            return true;
        }
    return false;
}

bool isMacOp(OpType op)
{
    return op == OpType::Conv || op == OpType::ConvTranspose || op == OpType::Gemm || op == OpType::MatMul;
}

bool isWindowed(OpType op)
{
    return op == OpType::Conv || op == OpType::ConvTranspose || op == OpType::MaxPool ||
           op == OpType::AvgPool || op == OpType::Resize;
}

int64_t Layer::macs() const
{
    if (!isMacOp(op))
        return 0;
    const int64_t cPerGroup = dims.c / (groups > 0 ? groups : 1);
    // A transposed conv multiplies each input pixel by the kernel (no zero-stuffed input).
    if (op == OpType::ConvTranspose)
        return dims.b * dims.k * cPerGroup * iy * ix * dims.fy * dims.fx;
    return dims.b * dims.k * cPerGroup * dims.oy * dims.ox * dims.fy * dims.fx;
}

int64_t Layer::vectorOps() const
{
    if (isMacOp(op))
        return 0;
    const int64_t out = dims.b * dims.k * dims.oy * dims.ox;
    switch (op) {
    case OpType::MaxPool:
    case OpType::AvgPool:
        return out * dims.fy * dims.fx;
    case OpType::GlobalAvgPool:
        return dims.b * dims.k * iy * ix;
    case OpType::Add:
    case OpType::Mul:
    case OpType::Concat:
        return out * static_cast<int64_t>(inputs.empty() ? 1 : inputs.size());
    default:
        return out;
    }
}

int64_t Layer::weightCount() const
{
    if (!hasWeights)
        return 0;
    switch (op) {
    case OpType::Conv:
    case OpType::ConvTranspose:
        return dims.k * (dims.c / (groups > 0 ? groups : 1)) * dims.fy * dims.fx;
    case OpType::Gemm:
    case OpType::MatMul:
        return dims.k * dims.c;
    default:
        return dims.k;  // a per-channel constant (Mul by a scale vector)
    }
}

int64_t Layer::weightBytes() const
{
    return (weightCount() * precision.w + 7) / 8;
}

} // namespace fuselab
