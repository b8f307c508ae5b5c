// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-built workloads for the graph editor tests (independent of the zoo): each helper
// appends one layer whose output shape is derived by the ONNX formula written out here.
#pragma once

#include "workload/workload.h"

#include <array>
#include <string>

namespace testnets {

using namespace fuselab;

inline int64_t outSize(int64_t in, int64_t f, int s, int pad)
{
    return (in + 2 * pad - f) / s + 1; // floor((I + 2P − F) / S) + 1
}

inline TensorId input(Workload &w, int64_t c, int64_t h, int64_t wd)
{
    return w.addTensor({"input", 1, c, h, wd, 8, kNone});
}

inline TensorId conv(Workload &w, const std::string &name, TensorId in, int64_t k, int64_t f, int s, int pad,
                     int groups = 1)
{
    const Tensor src = w.tensors[static_cast<size_t>(in)];
    Layer l;
    l.name = name;
    l.op = OpType::Conv;
    l.sourceOp = "Conv";
    l.dims = {1, k, src.c, outSize(src.h, f, s, pad), outSize(src.w, f, s, pad), f, f};
    l.iy = src.h;
    l.ix = src.w;
    l.strideY = l.strideX = s;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.groups = groups;
    l.hasWeights = true;
    l.inputs = {in};
    l.output = w.addTensor({name + "_out", 1, k, l.dims.oy, l.dims.ox, 8, kNone});
    w.addLayer(l);
    return l.output;
}

inline TensorId pool(Workload &w, const std::string &name, TensorId in, OpType op, int64_t f, int s, int pad)
{
    const Tensor src = w.tensors[static_cast<size_t>(in)];
    Layer l;
    l.name = name;
    l.op = op;
    l.dims = {1, src.c, src.c, outSize(src.h, f, s, pad), outSize(src.w, f, s, pad), f, f};
    if (op == OpType::GlobalAvgPool)
        l.dims = {1, src.c, src.c, 1, 1, src.h, src.w};
    l.iy = src.h;
    l.ix = src.w;
    l.strideY = l.strideX = s;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.inputs = {in};
    l.output = w.addTensor({name + "_out", 1, src.c, l.dims.oy, l.dims.ox, 8, kNone});
    w.addLayer(l);
    return l.output;
}

inline TensorId eltwise(Workload &w, const std::string &name, OpType op, std::vector<TensorId> ins)
{
    const Tensor src = w.tensors[static_cast<size_t>(ins[0])];
    Layer l;
    l.name = name;
    l.op = op;
    int64_t c = src.c;
    if (op == OpType::Concat) {
        c = 0;
        for (TensorId t : ins)
            c += w.tensors[static_cast<size_t>(t)].c;
    }
    l.dims = {1, c, c, src.h, src.w, 1, 1};
    l.iy = src.h;
    l.ix = src.w;
    l.inputs = std::move(ins);
    l.output = w.addTensor({name + "_out", 1, c, src.h, src.w, 8, kNone});
    w.addLayer(l);
    return l.output;
}

inline TensorId fc(Workload &w, const std::string &name, TensorId in, int64_t k)
{
    const Tensor src = w.tensors[static_cast<size_t>(in)];
    Layer l;
    l.name = name;
    l.op = OpType::Gemm;
    l.sourceOp = "Gemm";
    l.dims = {1, k, src.c * src.h * src.w, 1, 1, 1, 1};
    l.hasWeights = true;
    l.inputs = {in};
    l.output = w.addTensor({name + "_out", 1, k, 1, 1, 8, kNone});
    w.addLayer(l);
    return l.output;
}

/// n 3×3 convs (pad 1) on 1×32×32×32: every shape stays 32×32.
inline Workload chain(int n)
{
    Workload w;
    w.name = "chain" + std::to_string(n);
    TensorId t = input(w, 32, 32, 32);
    for (int i = 0; i < n; ++i)
        t = conv(w, "conv" + std::to_string(i), t, 32, 3, 1, 1);
    return w;
}

/// A bottleneck ResNet (ResNet-50: {3,4,6,3}, ResNet-101: {3,4,23,3}) on 224×224, ReLUs
/// folded, with a projection conv in the first block of every stage.
inline Workload bottleneckResNet(std::array<int, 4> blocks, const std::string &name)
{
    Workload w;
    w.name = name;
    TensorId t = input(w, 3, 224, 224);
    t = conv(w, "conv1", t, 64, 7, 2, 3);                // 112×112
    t = pool(w, "maxpool", t, OpType::MaxPool, 3, 2, 1); // 56×56
    const std::array<int64_t, 4> widths{64, 128, 256, 512};
    for (int s = 0; s < 4; ++s) {
        for (int b = 0; b < blocks[static_cast<size_t>(s)]; ++b) {
            const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(b) + ".";
            const int stride = (b == 0 && s > 0) ? 2 : 1;
            const int64_t width = widths[static_cast<size_t>(s)];
            TensorId y = conv(w, p + "conv1", t, width, 1, 1, 0);
            y = conv(w, p + "conv2", y, width, 3, stride, 1);
            y = conv(w, p + "conv3", y, width * 4, 1, 1, 0);
            TensorId skip = t;
            if (b == 0)
                skip = conv(w, p + "downsample", t, width * 4, 1, stride, 0);
            t = eltwise(w, p + "add", OpType::Add, {y, skip});
        }
    }
    t = pool(w, "avgpool", t, OpType::GlobalAvgPool, 1, 1, 0);
    fc(w, "fc", t, 1000);
    return w;
}

/// Inception-like: stem, two blocks of four parallel branches joined by concat.
inline Workload inception()
{
    Workload w;
    w.name = "inception";
    TensorId t = input(w, 3, 64, 64);
    t = conv(w, "stem", t, 32, 3, 2, 1); // 32×32
    for (int b = 0; b < 2; ++b) {
        const std::string p = "mix" + std::to_string(b) + ".";
        const TensorId a = conv(w, p + "b1x1", t, 16, 1, 1, 0);
        TensorId c = conv(w, p + "b3x3_reduce", t, 8, 1, 1, 0);
        c = conv(w, p + "b3x3", c, 24, 3, 1, 1);
        TensorId d = conv(w, p + "b5x5_reduce", t, 4, 1, 1, 0);
        d = conv(w, p + "b5x5", d, 8, 5, 1, 2);
        TensorId e = pool(w, p + "pool", t, OpType::MaxPool, 3, 1, 1);
        e = conv(w, p + "pool_proj", e, 8, 1, 1, 0);
        t = eltwise(w, p + "concat", OpType::Concat, {a, c, d, e}); // 16+24+8+8 = 56 channels
    }
    t = pool(w, "gap", t, OpType::GlobalAvgPool, 1, 1, 0);
    fc(w, "classifier", t, 10);
    return w;
}

} // namespace testnets
