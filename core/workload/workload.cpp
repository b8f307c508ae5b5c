// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/workload.h"

#include "util/name_text.h"

#include <algorithm>
#include <initializer_list>
#include <queue>
#include <set>

namespace fuselab {

TensorId Workload::addTensor(Tensor t)
{
    tensors.push_back(std::move(t));
    return static_cast<TensorId>(tensors.size() - 1);
}

LayerId Workload::addLayer(Layer l)
{
    const LayerId id = static_cast<LayerId>(layers.size());
    if (l.output >= 0 && l.output < static_cast<int>(tensors.size()))
        tensors[l.output].producer = id;
    layers.push_back(std::move(l));
    return id;
}

std::vector<std::vector<LayerId>> Workload::consumers() const
{
    std::vector<std::vector<LayerId>> out(tensors.size());
    for (LayerId l = 0; l < static_cast<LayerId>(layers.size()); ++l)
        for (TensorId t : layers[l].inputs)
            if (t >= 0 && t < static_cast<TensorId>(tensors.size()) &&
                (out[t].empty() || out[t].back() != l))
                out[t].push_back(l);
    return out;
}

namespace {
// Kahn's algorithm; returns the layers it could order (all of them unless there is a cycle).
std::vector<LayerId> kahnOrder(const Workload &w)
{
    const auto &layers = w.layers;
    const auto &tensors = w.tensors;
    const int n = static_cast<int>(layers.size());
    std::vector<int> indegree(n, 0);
    std::vector<std::vector<LayerId>> succ(n);
    for (LayerId l = 0; l < n; ++l) {
        std::set<LayerId> preds;
        for (TensorId t : layers[l].inputs)
            if (t >= 0 && t < static_cast<TensorId>(tensors.size()) && tensors[t].producer >= 0 &&
                tensors[t].producer < n)
                preds.insert(tensors[t].producer);
        for (LayerId p : preds) {
            succ[p].push_back(l);
            ++indegree[l];
        }
    }
    // Min-heap on the id keeps the order stable (insertion order among ready layers).
    std::priority_queue<LayerId, std::vector<LayerId>, std::greater<>> ready;
    for (LayerId l = 0; l < n; ++l)
        if (indegree[l] == 0)
            ready.push(l);
    std::vector<LayerId> order;
    order.reserve(n);
    while (!ready.empty()) {
        const LayerId l = ready.top();
        ready.pop();
        order.push_back(l);
        for (LayerId s : succ[l])
            if (--indegree[s] == 0)
                ready.push(s);
    }
    return order;
}
} // namespace

std::vector<LayerId> Workload::topologicalOrder() const
{
    auto order = kahnOrder(*this);
    if (order.size() != layers.size())
        return {};
    return order;
}

std::vector<TensorId> Workload::graphInputs() const
{
    std::vector<TensorId> out;
    for (TensorId t = 0; t < static_cast<TensorId>(tensors.size()); ++t)
        if (tensors[t].producer == kNone)
            out.push_back(t);
    return out;
}

std::vector<TensorId> Workload::graphOutputs() const
{
    const auto cons = consumers();
    std::vector<TensorId> out;
    for (TensorId t = 0; t < static_cast<TensorId>(tensors.size()); ++t)
        if (tensors[t].producer != kNone && cons[t].empty())
            out.push_back(t);
    return out;
}

int64_t Workload::totalMacs() const
{
    int64_t s = 0;
    for (const auto &l : layers)
        s += l.macs();
    return s;
}

int64_t Workload::totalWeightBytes() const
{
    int64_t s = 0;
    for (const auto &l : layers)
        s += l.weightBytes();
    return s;
}

int Workload::layerIndex(const std::string &n) const
{
    for (int i = 0; i < static_cast<int>(layers.size()); ++i)
        if (layers[i].name == n)
            return i;
    return kNone;
}

int64_t convOutputSize(int64_t in, int64_t kernel, int stride, int padBegin, int padEnd, int dilation)
{
    const int64_t eff = (kernel - 1) * dilation + 1;
    if (stride <= 0)
        return 0;
    return (in + padBegin + padEnd - eff) / stride + 1;
}

namespace {
/// The product of positive values, or -1 when it overflows 64 bits.
int64_t product(std::initializer_list<int64_t> values)
{
    int64_t p = 1;
    for (int64_t v : values)
        if (__builtin_mul_overflow(p, v, &p))
            return -1;
    return p;
}

/// Why a layer's sizes cannot be computed with (empty if they can): a loop dimension beyond
/// kMaxDimension, or a MAC / weight / output count that overflows 64 bits (it would wrap
/// silently in the cost model and the scheduler). Only for positive dimensions.
std::string sizeProblem(const Layer &l)
{
    const LoopDims &d = l.dims;
    const std::pair<const char *, int64_t> dims[] = {{"B", d.b},   {"K", d.k},   {"C", d.c},  {"OY", d.oy},
                                                     {"OX", d.ox}, {"FY", d.fy}, {"FX", d.fx}, {"IY", l.iy},
                                                     {"IX", l.ix}};
    for (const auto &[name, v] : dims)
        if (v <= 0)
            return {};
    for (const auto &[name, v] : dims)
        if (v > kMaxDimension)
            return std::string("loop dimension ") + name + " = " + std::to_string(v) + " exceeds the limit of " +
                   std::to_string(kMaxDimension) + " (2^31 - 1)";
    const int64_t bits = std::max({l.precision.i, l.precision.w, l.precision.o, 1});
    if (product({d.b, d.k, d.c, d.oy, d.ox, d.fy, d.fx}) < 0)
        return "the MAC count B×K×C×OY×OX×FY×FX overflows 64-bit arithmetic";
    if (product({d.b, d.k, d.oy, d.ox, bits}) < 0 || product({d.b, d.c, l.iy, l.ix, bits}) < 0 ||
        product({d.k, d.c, d.fy, d.fx, bits}) < 0)
        return "the tensor or weight size in bits overflows 64-bit arithmetic";
    return {};
}
} // namespace

std::vector<std::string> Workload::validate() const
{
    std::vector<std::string> errors;
    // Names reach JSON, SVG and CSV writers: refused here unless clean UTF-8 (name_text.h).
    auto checkName = [&](const std::string &kind, const std::string &n) {
        if (const std::string why = nameTextProblem(n); !why.empty())
            errors.push_back(kind + " name '" + printableName(n) + "' " + why);
    };
    checkName("workload", name);
    for (const auto &t : tensors)
        checkName("tensor", t.name);
    for (const auto &l : layers)
        checkName("layer", l.name);
    const int nt = static_cast<int>(tensors.size());
    std::set<std::string> names;
    for (const auto &t : tensors) {
        if (t.n <= 0 || t.c <= 0 || t.h <= 0 || t.w <= 0 || t.bits <= 0)
            errors.push_back("tensor '" + t.name + "': dimension " + t.shapeString() +
                             " is zero or negative");
        else if (t.n > kMaxDimension || t.c > kMaxDimension || t.h > kMaxDimension || t.w > kMaxDimension)
            errors.push_back("tensor '" + t.name + "': dimension " + t.shapeString() + " exceeds the limit of " +
                             std::to_string(kMaxDimension) + " (2^31 - 1)");
        else if (product({t.n, t.c, t.h, t.w, t.bits}) < 0)
            errors.push_back("tensor '" + t.name + "': size " + t.shapeString() + " × " + std::to_string(t.bits) +
                             " bits overflows 64-bit arithmetic");
    }
    {
        int64_t total = 0;
        for (const auto &l : layers) {
            const int64_t m = sizeProblem(l).empty() ? l.macs() : 0;
            if (m > 0 && __builtin_add_overflow(total, m, &total)) {
                errors.push_back("the workload's total MAC count overflows 64-bit arithmetic");
                break;
            }
        }
    }
    for (const auto &l : layers) {
        const std::string where = "layer '" + l.name + "'";
        if (!names.insert(l.name).second)
            errors.push_back(where + ": duplicate layer name");
        const auto &d = l.dims;
        if (d.b <= 0 || d.k <= 0 || d.c <= 0 || d.oy <= 0 || d.ox <= 0 || d.fy <= 0 || d.fx <= 0 ||
            l.iy <= 0 || l.ix <= 0)
            errors.push_back(where + ": a loop dimension is zero or negative (B=" + std::to_string(d.b) +
                             " K=" + std::to_string(d.k) + " C=" + std::to_string(d.c) +
                             " OY=" + std::to_string(d.oy) + " OX=" + std::to_string(d.ox) +
                             " FY=" + std::to_string(d.fy) + " FX=" + std::to_string(d.fx) + ")");
        if (const std::string big = sizeProblem(l); !big.empty())
            errors.push_back(where + ": " + big);
        if (l.strideY <= 0 || l.strideX <= 0 || l.dilationY <= 0 || l.dilationX <= 0)
            errors.push_back(where + ": stride and dilation must be positive");
        if (l.padTop < 0 || l.padLeft < 0 || l.padBottom < 0 || l.padRight < 0)
            errors.push_back(where + ": negative padding");
        if (l.groups <= 0 || (l.op == OpType::Conv && (d.c % l.groups != 0 || d.k % l.groups != 0)))
            errors.push_back(where + ": groups (" + std::to_string(l.groups) +
                             ") must divide input channels C and output channels K");
        if (l.precision.i <= 0 || l.precision.w < 0 || l.precision.o <= 0 || l.precision.psum < 0)
            errors.push_back(where + ": operand precision must be positive");
        if (l.inputs.empty())
            errors.push_back(where + ": has no input tensor");
        for (TensorId t : l.inputs)
            if (t < 0 || t >= nt)
                errors.push_back(where + ": input refers to tensor #" + std::to_string(t) +
                                 ", which does not exist (dangling tensor)");
        if (l.output < 0 || l.output >= nt) {
            errors.push_back(where + ": output refers to a tensor that does not exist (dangling tensor)");
            continue;
        }
        const Tensor &out = tensors[l.output];
        if (out.producer != &l - layers.data())
            errors.push_back(where + ": output tensor '" + out.name + "' names another producer");
        if (out.c != d.k || out.h != d.oy || out.w != d.ox || out.n != d.b)
            errors.push_back(where + ": output tensor '" + out.name + "' is " + out.shapeString() +
                             " but the layer produces " + std::to_string(d.b) + "\u00d7" +
                             std::to_string(d.k) + "\u00d7" + std::to_string(d.oy) + "\u00d7" +
                             std::to_string(d.ox));
        // The first input must match the layer's input dims (its producer's shape).
        if (!l.inputs.empty() && l.inputs[0] >= 0 && l.inputs[0] < nt && l.op != OpType::Concat &&
            l.op != OpType::MatMul && l.op != OpType::Gemm) {
            const Tensor &in = tensors[l.inputs[0]];
            if (in.c != d.c || in.h != l.iy || in.w != l.ix)
                errors.push_back(where + ": input tensor '" + in.name + "' is " + in.shapeString() +
                                 " but the layer expects C=" + std::to_string(d.c) +
                                 " IY=" + std::to_string(l.iy) + " IX=" + std::to_string(l.ix));
        }
        if (l.op == OpType::Gemm && !l.inputs.empty() && l.inputs[0] >= 0 && l.inputs[0] < nt) {
            const Tensor &in = tensors[l.inputs[0]];
            if (in.c * in.h * in.w != d.c)
                errors.push_back(where + ": input tensor '" + in.name + "' has " +
                                 std::to_string(in.c * in.h * in.w) + " features but the layer expects C=" +
                                 std::to_string(d.c));
        }
        if ((l.op == OpType::Conv || l.op == OpType::MaxPool || l.op == OpType::AvgPool) && errors.empty()) {
            const int64_t oy = convOutputSize(l.iy, d.fy, l.strideY, l.padTop, l.padBottom, l.dilationY);
            const int64_t ox = convOutputSize(l.ix, d.fx, l.strideX, l.padLeft, l.padRight, l.dilationX);
            if (oy != d.oy || ox != d.ox)
                errors.push_back(where + ": output size " + std::to_string(d.oy) + "\u00d7" +
                                 std::to_string(d.ox) + " does not follow from input " +
                                 std::to_string(l.iy) + "\u00d7" + std::to_string(l.ix) +
                                 ", kernel, stride and padding (expected " + std::to_string(oy) +
                                 "\u00d7" + std::to_string(ox) + ")");
        }
    }
    if (errors.empty() && topologicalOrder().empty() && !layers.empty()) {
        // Name the layers on the cycle: those that never became ready.
        std::string cyc;
        const auto order = kahnOrder(*this);
        std::vector<bool> done(layers.size(), false);
        for (LayerId l : order)
            done[l] = true;
        for (size_t i = 0; i < layers.size(); ++i)
            if (!done[i])
                cyc += (cyc.empty() ? "" : ", ") + layers[i].name;
        errors.push_back("the graph has a cycle through layers (or after): " + cyc);
    }
    return errors;
}

} // namespace fuselab
