// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/ranges.h"

namespace fuselab {

namespace {

Range clip(Range r, int64_t size)
{
    return intersect(r, {0, size});
}

// One spatial dimension of a windowed op.
Range window(OpType op, Range out, int64_t inSize, int64_t outSize, int stride, int padBegin, int64_t kEff)
{
    if (out.empty())
        return {};
    if (op == OpType::ConvTranspose) {
        // Output o receives input i when o = i·s − pad + t for a tap t in [0, k_eff).
        const int64_t lo = out.begin + padBegin - kEff + 1;
        const int64_t b = lo <= 0 ? 0 : (lo + stride - 1) / stride;
        const int64_t e = (out.end - 1 + padBegin) / stride + 1;
        return clip({b, e}, inSize);
    }
    if (op == OpType::Resize) {
        // Nearest / linear resize: output o maps to input o·in/out; one row of slack for linear.
        const int64_t b = out.begin * inSize / outSize;
        const int64_t e = (out.end * inSize + outSize - 1) / outSize + 1;
        return clip({b, e}, inSize);
    }
    return clip({out.begin * stride - padBegin, (out.end - 1) * stride - padBegin + kEff}, inSize);
}
} // namespace

bool tokenWiseOperand(const Layer &l, const Tensor &in, size_t operand)
{
    return l.op == OpType::MatMul && operand == 0 && in.h == l.dims.oy && in.h == l.iy && in.w == l.dims.ox;
}

namespace {
// The zoo's token selections (workload/token_builder.h): one row of a token tensor.
bool tokenSelection(const Layer &l, const Tensor &in)
{
    return l.op == OpType::Slice && (l.sourceOp == "LastToken" || l.sourceOp == "ClassToken") && l.dims.oy == 1 &&
           in.h >= 1;
}
} // namespace

bool readsWholeRows(const Layer &l, const Tensor &in, size_t operand)
{
    if (tokenSelection(l, in))
        return false;
    switch (l.op) {
    case OpType::Gemm:
    case OpType::Slice:
    case OpType::GlobalAvgPool:
        return true;
    case OpType::MatMul:
        return !tokenWiseOperand(l, in, operand);
    default:
        return false;
    }
}

Range inputRows(const Layer &l, const Tensor &in, Range out, size_t operand)
{
    if (out.empty())
        return {};
    if (tokenWiseOperand(l, in, operand))
        return out;
    if (tokenSelection(l, in))
        return l.sourceOp == "LastToken" ? Range{in.h - 1, in.h} : Range{0, 1};
    if (readsWholeRows(l, in, operand))
        return {0, in.h};
    if (isWindowed(l.op))
        return window(l.op, out, in.h, l.dims.oy, l.strideY, l.padTop, l.kernelY());
    if (in.h == l.dims.oy)
        return out;
    if (in.h == 1)
        return {0, 1}; // broadcast operand
    return {0, in.h};
}

Range inputCols(const Layer &l, const Tensor &in, Range out, size_t operand)
{
    if (out.empty())
        return {};
    if (tokenWiseOperand(l, in, operand))
        return out;
    if (readsWholeRows(l, in, operand))
        return {0, in.w};
    if (isWindowed(l.op))
        return window(l.op, out, in.w, l.dims.ox, l.strideX, l.padLeft, l.kernelX());
    if (in.w == l.dims.ox)
        return out;
    if (in.w == 1)
        return {0, 1};
    return {0, in.w};
}

Range inputChannels(const Layer &l, const Tensor &in, Range out, int64_t concatOffset, size_t operand)
{
    if (out.empty())
        return {};
    switch (l.op) {
    case OpType::Conv: {
        if (l.groups <= 1 || l.dims.k % l.groups != 0 || l.dims.c % l.groups != 0)
            return {0, in.c};
        const int64_t kg = l.dims.k / l.groups, cg = l.dims.c / l.groups;
        return clip({(out.begin / kg) * cg, ((out.end - 1) / kg + 1) * cg}, in.c);
    }
    case OpType::MatMul: {
        // Heads as groups (docs/design.md §4): group g computes output channels
        // [g·K/G, (g+1)·K/G) from operand 0's channels [g·C/G, (g+1)·C/G) and its share of
        // the shared operand (query head g reads key/value head g·H_kv/H).
        if (l.groups <= 1 || l.dims.k % l.groups != 0 || l.dims.c % l.groups != 0)
            return {0, in.c};
        const int64_t kg = l.dims.k / l.groups;
        const int64_t g0 = out.begin / kg, g1 = (out.end - 1) / kg + 1;
        if (operand == 0)
            return clip({g0 * (l.dims.c / l.groups), g1 * (l.dims.c / l.groups)}, in.c);
        return clip({g0 * in.c / l.groups, (g1 * in.c + l.groups - 1) / l.groups}, in.c);
    }
    case OpType::ConvTranspose:
    case OpType::Gemm:
    case OpType::Slice:
        return {0, in.c};
    case OpType::Concat:
        return clip({out.begin - concatOffset, out.end - concatOffset}, in.c);
    default:
        if (in.c == l.dims.k)
            return out;
        if (in.c == 1)
            return {0, 1};
        return {0, in.c};
    }
}

} // namespace fuselab
