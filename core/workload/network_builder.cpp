// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/network_builder.h"

#include <set>
#include <utility>

namespace fuselab {

NetworkBuilder::NetworkBuilder(std::string name, Precision precision) : precision_(precision)
{
    w_.name = std::move(name);
}

TensorId NetworkBuilder::input(const std::string &name, int64_t c, int64_t h, int64_t w)
{
    return w_.addTensor({name, 1, c, h, w, precision_.i, kNone});
}

TensorId NetworkBuilder::emit(Layer l, int64_t k, int64_t oy, int64_t ox)
{
    l.precision = precision_;
    l.dims.b = tensor(l.inputs.front()).n;
    l.dims.k = k;
    l.dims.oy = oy;
    l.dims.ox = ox;
    l.output = w_.addTensor({l.name, l.dims.b, k, oy, ox, precision_.o, kNone});
    w_.addLayer(std::move(l));
    return static_cast<TensorId>(w_.tensors.size() - 1);
}

TensorId NetworkBuilder::conv(const std::string &name, TensorId in, int64_t k, int f, int stride, int pad,
                              int groups, std::vector<std::string> folded)
{
    const Tensor &x = tensor(in);
    Layer l;
    l.name = name;
    l.op = OpType::Conv;
    l.sourceOp = groups > 1 && groups == x.c && groups == k ? "DepthwiseConv" : "Conv";
    l.dims.c = x.c;
    l.dims.fy = l.dims.fx = f;
    l.iy = x.h;
    l.ix = x.w;
    l.strideY = l.strideX = stride;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.groups = groups;
    l.hasWeights = true;
    l.inputs = {in};
    l.folded = std::move(folded);
    return emit(std::move(l), k, convOutputSize(x.h, f, stride, pad, pad, 1),
                convOutputSize(x.w, f, stride, pad, pad, 1));
}

TensorId NetworkBuilder::pool(OpType op, const std::string &kind, const std::string &name, TensorId in, int f,
                              int stride, int pad)
{
    const Tensor &x = tensor(in);
    Layer l;
    l.name = name;
    l.op = op;
    l.sourceOp = kind;
    l.dims.c = x.c;
    l.dims.fy = l.dims.fx = f;
    l.iy = x.h;
    l.ix = x.w;
    l.strideY = l.strideX = stride;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.inputs = {in};
    return emit(std::move(l), x.c, convOutputSize(x.h, f, stride, pad, pad, 1),
                convOutputSize(x.w, f, stride, pad, pad, 1));
}

TensorId NetworkBuilder::maxPool(const std::string &name, TensorId in, int f, int stride, int pad)
{
    return pool(OpType::MaxPool, "MaxPool", name, in, f, stride, pad);
}

TensorId NetworkBuilder::avgPool(const std::string &name, TensorId in, int f, int stride, int pad)
{
    return pool(OpType::AvgPool, "AveragePool", name, in, f, stride, pad);
}

TensorId NetworkBuilder::globalAvgPool(const std::string &name, TensorId in)
{
    const Tensor &x = tensor(in);
    Layer l;
    l.name = name;
    l.op = OpType::GlobalAvgPool;
    l.sourceOp = "GlobalAveragePool";
    l.dims.c = x.c;
    l.dims.fy = x.h;
    l.dims.fx = x.w;
    l.iy = x.h;
    l.ix = x.w;
    l.inputs = {in};
    return emit(std::move(l), x.c, 1, 1);
}

TensorId NetworkBuilder::add(const std::string &name, TensorId a, TensorId b, std::vector<std::string> folded)
{
    const Tensor &x = tensor(a);
    Layer l;
    l.name = name;
    l.op = OpType::Add;
    l.sourceOp = "Add";
    l.dims.c = x.c;
    l.iy = x.h;
    l.ix = x.w;
    l.inputs = {a, b};
    l.folded = std::move(folded);
    return emit(std::move(l), x.c, x.h, x.w);
}

TensorId NetworkBuilder::fc(const std::string &name, TensorId in, int64_t k, std::vector<std::string> folded)
{
    const Tensor &x = tensor(in);
    Layer l;
    l.name = name;
    l.op = OpType::Gemm;
    l.sourceOp = "Gemm";
    l.dims.c = x.c * x.h * x.w;
    l.hasWeights = true;
    l.inputs = {in};
    l.folded = std::move(folded);
    return emit(std::move(l), k, 1, 1);
}

void addFoldingWarning(Workload &w)
{
    std::set<std::string> kinds;
    int count = 0;
    for (const auto &l : w.layers) {
        kinds.insert(l.folded.begin(), l.folded.end());
        count += static_cast<int>(l.folded.size());
    }
    if (count > 0) {
        std::string list;
        for (const auto &k : kinds)
            list += (list.empty() ? "" : ", ") + k;
        w.warnings.push_back("folded " + std::to_string(count) + " ops (" + list +
                             ") into the layers that produce their input");
    }
}

Workload NetworkBuilder::finish()
{
    addFoldingWarning(w_);
    return std::move(w_);
}

} // namespace fuselab
