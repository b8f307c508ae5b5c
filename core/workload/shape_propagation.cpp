// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/shape_propagation.h"

#include <deque>

namespace fuselab {

namespace {

std::string dimsText(int64_t a, int64_t b)
{
    return std::to_string(a) + "\u00d7" + std::to_string(b);
}

bool validTensor(const Workload &w, TensorId t)
{
    return t >= 0 && t < static_cast<TensorId>(w.tensors.size());
}

// Every layer reachable from the seeds through tensors (seeds included).
std::vector<bool> downstreamOf(const Workload &w, const std::vector<LayerId> &seeds)
{
    const int n = static_cast<int>(w.layers.size());
    const auto cons = w.consumers();
    std::vector<bool> mark(n, false);
    std::deque<LayerId> todo;
    for (LayerId s : seeds)
        if (s >= 0 && s < n && !mark[s]) {
            mark[s] = true;
            todo.push_back(s);
        }
    while (!todo.empty()) {
        const LayerId l = todo.front();
        todo.pop_front();
        const TensorId out = w.layers[l].output;
        if (!validTensor(w, out))
            continue;
        for (LayerId c : cons[out])
            if (!mark[c]) {
                mark[c] = true;
                todo.push_back(c);
            }
    }
    return mark;
}

// Derives one layer's dims from its inputs; returns a problem or "".
std::string deriveLayer(Workload &w, LayerId id, bool keepChannels)
{
    Layer &l = w.layers[id];
    const std::string where = "layer '" + l.name + "'";
    if (l.inputs.empty())
        return where + ": has no input, its shape cannot be derived";
    for (TensorId t : l.inputs)
        if (!validTensor(w, t))
            return where + ": an input refers to a missing tensor, its shape cannot be derived";
    const Tensor in = w.tensors[l.inputs[0]];
    const int64_t oldC = l.dims.c, oldIy = l.iy, oldIx = l.ix;
    const bool wasPreserving = l.dims.k == oldC && l.dims.oy == oldIy && l.dims.ox == oldIx;
    auto &d = l.dims;
    d.b = in.n;

    switch (l.op) {
    case OpType::Concat: {
        int64_t sum = 0;
        for (TensorId t : l.inputs)
            sum += w.tensors[t].c;
        d.c = d.k = sum;
        l.iy = d.oy = in.h;
        l.ix = d.ox = in.w;
        break;
    }
    case OpType::Gemm:
        if (!keepChannels)
            d.c = in.c * in.h * in.w;
        break;
    case OpType::MatMul:
        break; // depends on the second operand; left as the source gave it
    default: {
        l.iy = in.h;
        l.ix = in.w;
        if (!keepChannels)
            d.c = in.c;
        switch (l.op) {
        case OpType::Conv:
            // A depthwise conv follows its input's channel count.
            if (!keepChannels && l.groups > 1 && l.groups == oldC && d.k == oldC) {
                l.groups = static_cast<int>(d.c);
                d.k = d.c;
            }
            d.oy = convOutputSize(l.iy, d.fy, l.strideY, l.padTop, l.padBottom, l.dilationY);
            d.ox = convOutputSize(l.ix, d.fx, l.strideX, l.padLeft, l.padRight, l.dilationX);
            break;
        case OpType::ConvTranspose:
            d.oy = (l.iy - 1) * l.strideY - l.padTop - l.padBottom + l.kernelY();
            d.ox = (l.ix - 1) * l.strideX - l.padLeft - l.padRight + l.kernelX();
            break;
        case OpType::MaxPool:
        case OpType::AvgPool:
            d.k = d.c;
            d.oy = convOutputSize(l.iy, d.fy, l.strideY, l.padTop, l.padBottom, l.dilationY);
            d.ox = convOutputSize(l.ix, d.fx, l.strideX, l.padLeft, l.padRight, l.dilationX);
            break;
        case OpType::GlobalAvgPool:
            d.k = d.c;
            d.fy = l.iy;
            d.fx = l.ix;
            d.oy = d.ox = 1;
            break;
        case OpType::Resize:
            d.k = d.c;
            if (oldIy > 0 && oldIx > 0) {
                d.oy = d.oy * l.iy / oldIy;
                d.ox = d.ox * l.ix / oldIx;
            }
            break;
        case OpType::Slice:
        case OpType::Other:
            // Unknown shape function: keep it shape-preserving only if it was before.
            if (wasPreserving) {
                d.k = d.c;
                d.oy = l.iy;
                d.ox = l.ix;
            }
            break;
        default: // add, mul, activation
            d.k = d.c;
            d.oy = l.iy;
            d.ox = l.ix;
            break;
        }
    }
    }

    std::string problem;
    if (d.oy <= 0 || d.ox <= 0)
        problem = where + ": output would be " + dimsText(d.oy, d.ox) + ": input " + dimsText(l.iy, l.ix) +
                  " is too small for kernel " + dimsText(d.fy, d.fx) + " with this stride and padding";
    if (validTensor(w, l.output)) {
        Tensor &out = w.tensors[l.output];
        out.n = d.b;
        out.c = d.k;
        out.h = d.oy;
        out.w = d.ox;
        out.bits = l.precision.o;
    }
    return problem;
}

} // namespace

std::vector<std::string> propagateShapes(Workload &w, const std::vector<LayerId> &seeds,
                                         bool keepSeedChannels)
{
    std::vector<std::string> problems;
    const auto mark = downstreamOf(w, seeds);
    std::vector<bool> isSeed(w.layers.size(), false);
    for (LayerId s : seeds)
        if (s >= 0 && s < static_cast<LayerId>(w.layers.size()))
            isSeed[s] = true;
    auto order = w.topologicalOrder();
    if (order.empty() && !w.layers.empty()) {
        problems.push_back("the graph has a cycle: shapes were re-derived only for the edited layers");
        order = seeds;
    }
    for (LayerId l : order) {
        if (l < 0 || l >= static_cast<LayerId>(w.layers.size()) || !mark[l])
            continue;
        auto p = deriveLayer(w, l, isSeed[l] && keepSeedChannels);
        if (!p.empty())
            problems.push_back(std::move(p));
    }
    return problems;
}

std::vector<std::string> shapeProblems(const Workload &w)
{
    std::vector<std::string> problems;
    for (const auto &l : w.layers) {
        if (l.inputs.size() < 2 || !validTensor(w, l.inputs[0]))
            continue;
        const Tensor &a = w.tensors[l.inputs[0]];
        const std::string where = "layer '" + l.name + "'";
        if (l.op == OpType::Add || l.op == OpType::Mul) {
            auto fits = [](int64_t x, int64_t y) { return x == y || x == 1 || y == 1; };
            for (size_t i = 1; i < l.inputs.size(); ++i) {
                if (!validTensor(w, l.inputs[i]))
                    continue;
                const Tensor &b = w.tensors[l.inputs[i]];
                if (!fits(a.n, b.n) || !fits(a.c, b.c) || !fits(a.h, b.h) || !fits(a.w, b.w))
                    problems.push_back(where + ": inputs '" + a.name + "' (" + a.shapeString() + ") and '" +
                                       b.name + "' (" + b.shapeString() + ") have different shapes");
            }
        } else if (l.op == OpType::Concat) {
            int64_t sum = 0;
            for (TensorId t : l.inputs) {
                if (!validTensor(w, t))
                    continue;
                const Tensor &b = w.tensors[t];
                sum += b.c;
                if (b.h != a.h || b.w != a.w)
                    problems.push_back(where + ": concat input '" + b.name + "' (" + b.shapeString() +
                                       ") has another spatial size than '" + a.name + "' (" +
                                       a.shapeString() + ")");
            }
            if (sum != l.dims.c)
                problems.push_back(where + ": concat inputs have " + std::to_string(sum) +
                                   " channels in total but the layer expects C=" + std::to_string(l.dims.c));
        }
    }
    return problems;
}

} // namespace fuselab
