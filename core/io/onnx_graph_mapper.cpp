// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import, second half: ONNX nodes to FuseLab layers.
//
// Values are activations (a FuseLab tensor), or constants (initializers, Constant outputs,
// anything computed from constants and shapes alone: those never become layers; an
// initializer operand makes a layer's `hasWeights`). Every layer's output tensor is built
// from the layer's loop dims, so the workload is self-consistent; an ONNX shape maps to
// NCHW as rank 1 → 1×F×1×1, rank 2 → N×F×1×1, rank 3 → N×C×1×L, rank 4 → NCHW, rank ≥ 5 →
// N×C×(product of the middle dims)×W. Views (Flatten, Reshape, …) alias their input; when a
// layer needs a different NCHW reading of an aliased tensor than its producer wrote, a
// "Relayout" layer (OpType::Other, a copy) is inserted and warned about.
#include "io/onnx_graph_mapper.h"

#include "io/einsum_equation.h"

#include "util/error.h"

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <optional>
#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace fuselab {

namespace {

using Shape = std::vector<int64_t>;
using Nchw = std::array<int64_t, 4>;

const std::set<std::string> kFoldableActivations{
    "Relu", "Clip",  "Sigmoid",  "HardSigmoid", "LeakyRelu",       "Tanh", "HardSwish", "Elu", "Selu",
    "Celu", "PRelu", "Softplus", "Softsign",    "ThresholdedRelu", "Mish", "Gelu"};
const std::set<std::string> kStandaloneActivations{"Softmax", "LogSoftmax", "Hardmax"};
// Elementwise passes on a vector unit, costed as one: (de)quantization, normalisations
// (LayerNormalization, InstanceNormalization and the ReduceMean/Pow/Sqrt/Div chains they
// decompose into), unary math.
const std::set<std::string> kElementwisePasses{
    "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "LayerNormalization", "InstanceNormalization",
    "Erf",            "Pow",              "Sqrt",                  "Reciprocal",         "Exp",
    "Log",            "Neg",              "Abs",                   "Cast",               "ReduceMean",
    "ReduceSum",      "ReduceMax",        "ReduceMin",             "Sin",                "Cos",
    "Floor",          "Ceil",             "Round",                 "Sign",               "Not",
    "Equal",          "Less",             "Greater",               "Max",                "Min"};
// Ops that move data without arithmetic: costed as a copy of their output.
const std::set<std::string> kDataMovement{"Transpose", "Pad", "Gather", "Tile", "Expand", "DepthToSpace",
                                          "SpaceToDepth", "GatherElements", "ScatterND", "ReverseSequence"};
const std::set<std::string> kViews{"Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Dropout"};

Nchw nchw(const Shape &s)
{
    switch (s.size()) {
    case 0:
        return {1, 1, 1, 1};
    case 1:
        return {1, s[0], 1, 1};
    case 2:
        return {s[0], s[1], 1, 1};
    case 3:
        return {s[0], s[1], 1, s[2]};
    default: {
        int64_t h = 1;
        for (size_t i = 2; i + 1 < s.size(); ++i)
            h *= s[i];
        return {s[0], s[1], h, s.back()};
    }
    }
}

int64_t elements(const Shape &s)
{
    int64_t e = 1;
    for (int64_t d : s)
        e *= d;
    return e;
}

const onnx::AttributeProto *attr(const onnx::NodeProto &n, const std::string &name)
{
    for (const auto &a : n.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

int64_t attrInt(const onnx::NodeProto &n, const std::string &name, int64_t fallback)
{
    const auto *a = attr(n, name);
    return a ? a->i() : fallback;
}

std::string attrString(const onnx::NodeProto &n, const std::string &name, const std::string &fallback)
{
    const auto *a = attr(n, name);
    return a ? a->s() : fallback;
}

std::vector<int64_t> attrInts(const onnx::NodeProto &n, const std::string &name,
                              std::vector<int64_t> fallback)
{
    const auto *a = attr(n, name);
    if (!a || a->ints_size() == 0)
        return fallback;
    return {a->ints().begin(), a->ints().end()};
}

/// Operand positions that hold parameters rather than activations; a graph input used only
/// there is a weight (models that list their weights as inputs, IR < 4 or stripped).
bool isParameterOperand(const std::string &op, int index)
{
    if (index == 0)
        return false;
    if (op == "Conv" || op == "ConvTranspose" || op == "BatchNormalization" ||
        op == "InstanceNormalization" || op == "LayerNormalization" || op == "Clip" || op == "PRelu" ||
        op == "Reshape" || op == "Resize" || op == "Upsample" || op == "Slice" || op == "Pad" ||
        op == "Squeeze" || op == "Unsqueeze" || op == "Gemm" || op == "MatMul" || op == "Split" ||
        op == "Expand" || op == "Tile")
        return true;
    return false;
}

/// Spatial window parameters of a conv or pool along one axis (or two).
struct Window {
    std::vector<int64_t> kernel, strides, dilations, padBegin, padEnd;
};

class GraphMapper {
public:
    GraphMapper(const onnx::ModelProto &model, const std::string &path, Precision precision,
                std::string modelInputs)
        : g_(model.graph()), path_(path), precision_(precision), modelInputs_(std::move(modelInputs))
    {
        for (const auto &op : model.opset_import())
            opsets_[op.domain() == "ai.onnx" ? std::string() : op.domain()] = op.version();
    }

    Workload run(std::vector<std::string> warnings)
    {
        // The file's stem: exporters name every graph alike ("torch_jit", "main_graph").
        w_.name = std::filesystem::path(path_).stem().string();
        collectShapes();
        classifyInputs();
        for (int i = 0; i < g_.node_size(); ++i)
            mapNode(g_.node(i), i);
        if (w_.layers.empty())
            throw InputError(path_, "graph", "no node computes on a graph input: every node is a constant");
        for (const auto &l : w_.layers) {
            const auto &d = l.dims;
            double work = 1;
            for (int64_t v : {d.b, d.k, d.c, d.oy, d.ox, d.fy, d.fx})
                work *= static_cast<double>(v);
            if (work > 1e18)
                throw InputError(path_, "layer '" + l.name + "'",
                                 "implausibly large loop nest (over 10^18 MACs)");
        }
        warnings.insert(warnings.end(), w_.warnings.begin(), w_.warnings.end()); // the mapper's own, after
        w_.warnings = std::move(warnings);
        addSummaryWarnings();
        return std::move(w_);
    }

private:
    // ---- shapes and values ----------------------------------------------------------

    void recordShape(const onnx::ValueInfoProto &v)
    {
        if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
            return;
        Shape s;
        for (const auto &d : v.type().tensor_type().shape().dim()) {
            if (d.has_dim_value() && d.dim_value() > 0) {
                s.push_back(d.dim_value());
            } else {
                if (!symbolic_.count(v.name()))
                    symbolic_[v.name()] =
                        "dimension " + std::to_string(s.size()) + " is " +
                        (d.has_dim_param() ? "symbolic ('" + d.dim_param() + "')" : "unknown");
                s.push_back(-1);
            }
        }
        shapes_[v.name()] = s;
    }

    void collectShapes()
    {
        for (const auto &t : g_.initializer()) {
            shapes_[t.name()] = Shape(t.dims().begin(), t.dims().end());
            constants_.insert(t.name());
        }
        for (const auto &v : g_.input())
            if (!constants_.count(v.name()))
                recordShape(v);
        for (const auto &v : g_.value_info())
            recordShape(v);
        for (const auto &v : g_.output()) {
            recordShape(v);
            graphOutputs_.insert(v.name());
            ++consumers_[v.name()];
        }
        for (const auto &n : g_.node())
            for (const auto &in : n.input())
                if (!in.empty())
                    ++consumers_[in];
    }

    /// Graph inputs become activation tensors, except those only used as parameters.
    void classifyInputs()
    {
        std::unordered_map<std::string, bool> onlyParameter;
        for (const auto &n : g_.node())
            for (int i = 0; i < n.input_size(); ++i) {
                auto [it, inserted] = onlyParameter.emplace(n.input(i), true);
                it->second = it->second && isParameterOperand(n.op_type(), i);
            }
        for (const auto &v : g_.input()) {
            if (constants_.count(v.name()))
                continue;
            const auto it = onlyParameter.find(v.name());
            if (it != onlyParameter.end() && it->second) {
                constants_.insert(v.name());
                continue;
            }
            const Shape &s = shapeOrThrow(v.name(), inputWhere(v.name()));
            const Nchw d = nchw(s);
            act_[v.name()] = w_.addTensor({v.name(), d[0], d[1], d[2], d[3], precision_.i, kNone});
            head_.push_back("");
        }
    }

    /// "input 'x' of node 'conv0' (Conv)": the graph input and its first reader.
    std::string inputWhere(const std::string &value) const
    {
        for (int i = 0; i < g_.node_size(); ++i)
            for (const auto &in : g_.node(i).input())
                if (in == value) {
                    const auto &n = g_.node(i);
                    return "input '" + value + "' of node '" +
                           (n.name().empty() ? n.op_type() + "_" + std::to_string(i) : n.name()) + "' (" +
                           opLabel(n) + ")";
                }
        return "input '" + value + "'";
    }

    const Shape &shapeOrThrow(const std::string &name, const std::string &where,
                              const onnx::NodeProto *node = nullptr)
    {
        const auto it = shapes_.find(name);
        std::string reason;
        if (it == shapes_.end()) {
            reason = "cannot infer the shape of tensor '" + name + "'";
            if (node)
                reason += unknownOpHint(*node);
        } else if (std::find(it->second.begin(), it->second.end(), -1) != it->second.end()) {
            // Say which computation left it unknown and what to pass, not the name shape
            // inference invented for the dimension.
            std::string dims;
            for (int64_t d : it->second)
                dims += (dims.empty() ? "" : ",") + (d < 0 ? std::string("?") : std::to_string(d));
            reason = "the shape of tensor '" + name + "' is [" + dims + "]";
            if (const onnx::NodeProto *p = producerOf(name))
                reason += ", computed by node '" + (p->name().empty() ? p->op_type() : p->name()) + "' (" +
                          opLabel(*p) + ")";
            else if (symbolic_.count(name))
                reason += ": " + symbolic_[name];
            reason += "; fix the model's symbolic input dimensions with --input-shape NAME=D0,D1,...";
            if (!modelInputs_.empty())
                reason += " (the model's inputs: " + modelInputs_ + ")";
        } else if (!plausible(it->second)) {
            reason = "tensor '" + name + "' is implausibly large (over 2^40 elements)";
        } else {
            return it->second;
        }
        throw InputError(path_, where, reason);
    }

    const onnx::NodeProto *producerOf(const std::string &value) const
    {
        for (const auto &n : g_.node())
            for (const auto &out : n.output())
                if (out == value)
                    return &n;
        return nullptr;
    }

    /// Guards the int64 arithmetic of loop dims against corrupt files.
    static bool plausible(const Shape &s)
    {
        double e = 1;
        for (int64_t d : s)
            e *= static_cast<double>(d);
        return e <= 1099511627776.0; // 2^40
    }

    std::string unknownOpHint(const onnx::NodeProto &n) const
    {
        const std::string domain = n.domain() == "ai.onnx" ? std::string() : n.domain();
        const auto it = opsets_.find(domain);
        const int version = it == opsets_.end() ? 0 : static_cast<int>(it->second);
        if (onnx::OpSchemaRegistry::Schema(n.op_type(), version, domain))
            return " (shape inference found none)";
        return " (op '" + opLabel(n) + "' is unknown to ONNX at opset " + std::to_string(version) +
               ", so shape inference cannot see through it)";
    }

    static std::string opLabel(const onnx::NodeProto &n)
    {
        const bool standard = n.domain().empty() || n.domain() == "ai.onnx";
        return standard ? n.op_type() : n.domain() + "." + n.op_type();
    }

    std::string where(const onnx::NodeProto &n) const
    {
        return "node '" + displayName(n) + "' (" + opLabel(n) + ")";
    }

    std::string displayName(const onnx::NodeProto &n) const
    {
        return n.name().empty() ? n.op_type() + "_" + std::to_string(nodeIndex_) : n.name();
    }

    /// The shape of a node's input or output; throws naming tensor and node.
    const Shape &shape(const onnx::NodeProto &n, const std::string &value)
    {
        return shapeOrThrow(value, where(n), &n);
    }

    bool isActivation(const std::string &v) const { return act_.count(v) > 0; }

    std::string uniqueName(const std::string &base)
    {
        std::string name = base;
        for (int k = 2; layerNames_.count(name); ++k)
            name = base + "#" + std::to_string(k);
        layerNames_.insert(name);
        return name;
    }

    Layer makeLayer(const onnx::NodeProto &n, OpType op, const std::string &suffix = "")
    {
        Layer l;
        l.name = uniqueName(displayName(n) + suffix);
        l.op = op;
        l.sourceOp = opLabel(n);
        l.precision = precision_;
        return l;
    }

    /// Adds the layer with an output tensor named `out` built from its dims.
    TensorId emit(Layer l, const std::string &out, bool registerValue = true)
    {
        l.output = w_.addTensor({out, l.dims.b, l.dims.k, l.dims.oy, l.dims.ox, precision_.o, kNone});
        head_.push_back(out);
        w_.addLayer(std::move(l));
        const TensorId t = static_cast<TensorId>(w_.tensors.size() - 1);
        if (registerValue)
            act_[out] = t;
        return t;
    }

    /// The activation tensor of `value`, read as NCHW `s`; inserts a relayout copy when
    /// the tensor was written in another layout (a reshape that really moves data).
    TensorId asLayout(const std::string &value, const Shape &s)
    {
        const TensorId t = act_.at(value);
        const Nchw want = nchw(s);
        const Tensor &x = w_.tensors[t];
        if (x.n == want[0] && x.c == want[1] && x.h == want[2] && x.w == want[3])
            return t;
        const auto key = std::make_pair(t, want);
        if (auto it = relayouts_.find(key); it != relayouts_.end())
            return it->second;
        Layer l;
        l.name = uniqueName(value + ".relayout");
        l.op = OpType::Other;
        l.sourceOp = "Relayout";
        l.precision = precision_;
        l.dims = {want[0], want[1], x.c, want[2], want[3], 1, 1};
        l.iy = x.h;
        l.ix = x.w;
        l.inputs = {t};
        const TensorId out = emit(std::move(l),
                                  value + "@" + std::to_string(want[0]) + "x" + std::to_string(want[1]) +
                                      "x" + std::to_string(want[2]) + "x" + std::to_string(want[3]),
                                  false);
        relayouts_[key] = out;
        ++relayoutCount_;
        return out;
    }

    /// Input dims from the first input tensor; output dims equal them when the element
    /// counts agree (K == C for vector ops), else the output shape's NCHW reading.
    void vectorDims(Layer &l, const Shape &outShape)
    {
        const Tensor &in = w_.tensors[l.inputs.front()];
        l.dims.c = in.c;
        l.iy = in.h;
        l.ix = in.w;
        if (elements(outShape) == in.elements()) {
            l.dims.b = in.n;
            l.dims.k = in.c;
            l.dims.oy = in.h;
            l.dims.ox = in.w;
        } else {
            const Nchw o = nchw(outShape);
            l.dims.b = o[0];
            l.dims.k = o[1];
            l.dims.oy = o[2];
            l.dims.ox = o[3];
        }
    }

    /// Folds node `n` (input `in`, output `out`) into the layer producing `in` when that
    /// layer's op passes `accept` and `in` has no other reader.
    bool tryFold(const onnx::NodeProto &n, const std::string &in, const std::string &out,
                 bool (*accept)(OpType))
    {
        const auto it = act_.find(in);
        if (it == act_.end())
            return false;
        const TensorId t = it->second;
        const LayerId p = w_.tensors[t].producer;
        if (p == kNone || head_[t] != in || consumers_[in] != 1 || graphOutputs_.count(in) ||
            !accept(w_.layers[p].op))
            return false;
        w_.layers[p].folded.push_back(opLabel(n));
        act_[out] = t;
        head_[t] = out;
        ++foldCount_;
        foldKinds_.insert(opLabel(n));
        return true;
    }

    static bool macProducer(OpType op) { return isMacOp(op); }
    static bool activationProducer(OpType op)
    {
        return isMacOp(op) || op == OpType::MaxPool || op == OpType::AvgPool || op == OpType::GlobalAvgPool ||
               op == OpType::Add || op == OpType::Mul;
    }

    // ---- windows ---------------------------------------------------------------------

    /// Kernel, strides, dilations and pads of a conv or pool over the spatial dims of `x`.
    Window window(const onnx::NodeProto &n, const Shape &x, const std::vector<int64_t> &kernel)
    {
        const size_t sp = x.size() - 2;
        Window w;
        w.kernel = kernel;
        w.strides = attrInts(n, "strides", std::vector<int64_t>(sp, 1));
        w.dilations = attrInts(n, "dilations", std::vector<int64_t>(sp, 1));
        const auto pads = attrInts(n, "pads", std::vector<int64_t>(2 * sp, 0));
        if (w.kernel.size() != sp || w.strides.size() != sp || w.dilations.size() != sp ||
            pads.size() != 2 * sp)
            throw InputError(path_, where(n),
                             "kernel_shape, strides, dilations or pads do not match the " +
                                 std::to_string(sp) + " spatial dimensions of the input");
        w.padBegin.assign(pads.begin(), pads.begin() + static_cast<long>(sp));
        w.padEnd.assign(pads.begin() + static_cast<long>(sp), pads.end());
        const std::string autoPad = attrString(n, "auto_pad", "NOTSET");
        for (size_t i = 0; i < sp; ++i) {
            constexpr int64_t kMax = 1 << 20;
            if (w.strides[i] <= 0 || w.dilations[i] <= 0 || w.kernel[i] <= 0 || w.strides[i] > kMax ||
                w.dilations[i] > kMax || w.kernel[i] > kMax)
                throw InputError(path_, where(n),
                                 "kernel, strides and dilations must be positive and below 2^20");
            if (w.padBegin[i] < 0 || w.padEnd[i] < 0 || w.padBegin[i] > kMax || w.padEnd[i] > kMax)
                throw InputError(path_, where(n), "pads must be between 0 and 2^20");
            if (autoPad == "VALID") {
                w.padBegin[i] = w.padEnd[i] = 0;
            } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
                const int64_t in = x[2 + i];
                const int64_t out = (in + w.strides[i] - 1) / w.strides[i];
                const int64_t eff = (w.kernel[i] - 1) * w.dilations[i] + 1;
                const int64_t total = std::max<int64_t>(0, (out - 1) * w.strides[i] + eff - in);
                w.padBegin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                w.padEnd[i] = total - w.padBegin[i];
            }
        }
        return w;
    }

    /// Fills the spatial part of a layer (rank 3 inputs are 1×L images).
    static void applyWindow(Layer &l, const Shape &x, const Window &w)
    {
        const bool oneD = x.size() == 3;
        const size_t ay = 0, ax = oneD ? 0 : 1;
        l.iy = oneD ? 1 : x[2];
        l.ix = oneD ? x[2] : x[3];
        l.dims.fy = oneD ? 1 : w.kernel[ay];
        l.dims.fx = w.kernel[ax];
        l.strideY = oneD ? 1 : static_cast<int>(w.strides[ay]);
        l.strideX = static_cast<int>(w.strides[ax]);
        l.dilationY = oneD ? 1 : static_cast<int>(w.dilations[ay]);
        l.dilationX = static_cast<int>(w.dilations[ax]);
        l.padTop = oneD ? 0 : static_cast<int>(w.padBegin[ay]);
        l.padBottom = oneD ? 0 : static_cast<int>(w.padEnd[ay]);
        l.padLeft = static_cast<int>(w.padBegin[ax]);
        l.padRight = static_cast<int>(w.padEnd[ax]);
    }

    /// Output rows/cols from the ONNX output shape; checks the floor formula agrees (pools
    /// in ceil mode get the least extra end padding that makes it agree: the last window
    /// reads padding, which is what ceil mode means).
    void outputSpatial(const onnx::NodeProto &n, Layer &l, const Shape &y, bool ceilMode)
    {
        const Nchw o = nchw(y);
        l.dims.oy = o[2];
        l.dims.ox = o[3];
        for (int axis = 0; axis < 2; ++axis) {
            const bool isY = axis == 0;
            const int64_t want = isY ? l.dims.oy : l.dims.ox;
            int &padEnd = isY ? l.padBottom : l.padRight;
            const int stride = isY ? l.strideY : l.strideX;
            // the input extent, padding included, that `want` windows need
            const int64_t span = (want - 1) * stride + (isY ? l.kernelY() : l.kernelX());
            const int64_t have = isY ? l.iy + l.padTop + l.padBottom : l.ix + l.padLeft + l.padRight;
            auto computed = [&] {
                return isY ? convOutputSize(l.iy, l.dims.fy, l.strideY, l.padTop, l.padBottom, l.dilationY)
                           : convOutputSize(l.ix, l.dims.fx, l.strideX, l.padLeft, l.padRight, l.dilationX);
            };
            if (ceilMode && computed() < want)
                padEnd += static_cast<int>(std::max<int64_t>(0, span - have));
            if (computed() != want)
                throw InputError(
                    path_, where(n),
                    "output size " + std::to_string(want) + " along " + (isY ? "y" : "x") +
                        " does not follow from the input, kernel, stride and padding (expected " +
                        std::to_string(computed()) + ")");
        }
    }

    // ---- ops -------------------------------------------------------------------------

    void mapNode(const onnx::NodeProto &n, int index)
    {
        nodeIndex_ = index;
        const std::string &op = n.op_type();
        std::vector<std::string> acts;
        for (const auto &in : n.input())
            if (!in.empty() && isActivation(in))
                acts.push_back(in);
        const bool standard = n.domain().empty() || n.domain() == "ai.onnx";
        if (acts.empty() || n.output_size() == 0 || n.output(0).empty() ||
            (standard && (op == "Shape" || op == "Size"))) {
            for (const auto &out : n.output())
                constants_.insert(out); // computed from constants and shapes: folded away
            return;
        }
        if (!standard) {
            other(n, acts);
        } else if (op == "Conv") {
            conv(n, acts);
        } else if (op == "ConvTranspose") {
            convTranspose(n, acts);
        } else if (op == "Gemm") {
            gemm(n, acts);
        } else if (op == "MatMul") {
            matmul(n, acts);
        } else if (op == "Einsum") {
            einsum(n, acts);
        } else if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") {
            pool(n, acts, op == "MaxPool" ? OpType::MaxPool : OpType::AvgPool);
        } else if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool") {
            globalPool(n, acts);
        } else if (op == "ReduceMean" && isSpatialReduce(n)) {
            globalPool(n, acts);
        } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
            arithmetic(n, acts, (op == "Add" || op == "Sub") ? OpType::Add : OpType::Mul);
        } else if (op == "Concat") {
            concat(n, acts);
        } else if (op == "BatchNormalization") {
            batchNorm(n, acts);
        } else if (kFoldableActivations.count(op)) {
            if (!tryFold(n, n.input(0), n.output(0), activationProducer))
                simple(n, acts, OpType::Activation);
        } else if (kStandaloneActivations.count(op)) {
            simple(n, acts, OpType::Activation);
        } else if (kViews.count(op)) {
            view(n);
        } else if (op == "Resize" || op == "Upsample") {
            resize(n, acts);
        } else if (op == "Slice") {
            simple(n, acts, OpType::Slice);
        } else if (op == "Split") {
            split(n, acts);
        } else if (op == "ConvInteger" || op == "QLinearConv") {
            // int8 operands; ConvInteger accumulates to int32, QLinearConv requantizes to int8.
            quantized(n, acts, op == "QLinearConv" ? 3 : 1, op == "QLinearConv" ? 8 : 32, true);
        } else if (op == "MatMulInteger" || op == "QLinearMatMul") {
            quantized(n, acts, op == "QLinearMatMul" ? 3 : 1, op == "QLinearMatMul" ? 8 : 32, false);
        } else if (op == "LSTM" || op == "GRU" || op == "RNN") {
            recurrent(n, acts, op == "LSTM" ? 4 : op == "GRU" ? 3 : 1);
        } else if (kElementwisePasses.count(op)) {
            simple(n, acts, OpType::Activation);
            for (int i = 1; i < n.output_size(); ++i) // DynamicQuantizeLinear's scale, zero point
                if (!n.output(i).empty())
                    constants_.insert(n.output(i));
        } else if (kDataMovement.count(op) && isActivation(n.input(0))) {
            simple(n, acts, OpType::Other); // a copy: read and write every element once
        } else if (op == "Where") {
            simple(n, acts, OpType::Add); // one select per element over its operands
        } else {
            other(n, acts);
        }
    }

    /// ConvInteger / QLinearConv / MatMulInteger / QLinearMatMul: the conv or matmul of their
    /// data operand (input 0) and weights (input `weightInput`), at 8-bit inputs and weights
    /// and `outBits` outputs. Scales and zero points are constants.
    void quantized(const onnx::NodeProto &n, const std::vector<std::string> &acts, int weightInput, int outBits,
                   bool isConv)
    {
        if (n.input_size() <= weightInput) {
            other(n, acts);
            return;
        }
        onnx::NodeProto plain = n;
        plain.clear_input();
        plain.add_input(n.input(0));
        plain.add_input(n.input(weightInput));
        std::vector<std::string> data;
        for (const auto &v : acts)
            if (v == n.input(0) || v == n.input(weightInput))
                data.push_back(v);
        const Precision saved = precision_;
        precision_ = {8, 8, outBits};
        if (isConv)
            conv(plain, data);
        else
            matmul(plain, data);
        precision_ = saved;
    }

    /// LSTM / GRU / RNN (X [seq, batch, input], W [dirs, gates·hidden, input], R [dirs,
    /// gates·hidden, hidden]): every step multiplies [x_t, h_{t−1}] by [W; R] for every gate
    /// and direction — one MatMul layer with B = seq·batch rows, C = input + hidden,
    /// K = dirs·gates·hidden (MACs seq·batch·dirs·gates·hidden·(input + hidden), the weights
    /// W and R) — then the gate nonlinearities and cell update, an elementwise layer that
    /// writes Y [seq, dirs, batch, hidden]. The sequence is the outer loop: the rows.
    void recurrent(const onnx::NodeProto &n, const std::vector<std::string> &acts, int64_t gates)
    {
        if (n.input_size() < 3 || !isActivation(n.input(0))) {
            other(n, acts);
            return;
        }
        const Shape &x = shape(n, n.input(0));
        const Shape &wt = shape(n, n.input(1));
        const Shape &r = shape(n, n.input(2));
        if (x.size() != 3 || wt.size() != 3 || r.size() != 3 || wt[1] % gates != 0) {
            other(n, acts);
            return;
        }
        const bool batchFirst = attrInt(n, "layout", 0) != 0;
        const int64_t seq = batchFirst ? x[1] : x[0], batch = batchFirst ? x[0] : x[1], input = x[2];
        const int64_t dirs = wt[0], hidden = wt[1] / gates;
        if (wt[2] != input || r[2] != hidden)
            throw InputError(path_, where(n),
                             "weights W (" + std::to_string(wt[2]) + " inputs) or R (" + std::to_string(r[2]) +
                                 " columns) do not fit input '" + n.input(0) + "' with " + std::to_string(input) +
                                 " features and hidden size " + std::to_string(hidden));
        Layer mm = makeLayer(n, OpType::MatMul, ".gates");
        mm.dims = {seq * batch, dirs * gates * hidden, input + hidden, 1, 1, 1, 1};
        mm.inputs = {act_.at(n.input(0))}; // read whole, step by step: no relayout
        for (int i = 1; i < n.input_size(); ++i)
            if (!n.input(i).empty() && isActivation(n.input(i)))
                mm.inputs.push_back(act_.at(n.input(i)));
        mm.hasWeights = !isActivation(n.input(1)) && !isActivation(n.input(2));
        const TensorId gatesOut = emit(std::move(mm), n.output(0) + ".gates", false);
        Layer cell = makeLayer(n, OpType::Activation, ".cell");
        cell.inputs = {gatesOut};
        cell.dims.c = dirs * gates * hidden;
        cell.dims.b = seq * batch;
        cell.dims.k = dirs * hidden;
        cell.iy = cell.ix = 1;
        const std::string out = n.output_size() > 0 && !n.output(0).empty() ? n.output(0) : n.name() + ".Y";
        emit(std::move(cell), out);
        // Y_h / Y_c (the last step's states) read as views of Y.
        for (int i = 1; i < n.output_size(); ++i)
            if (!n.output(i).empty())
                act_[n.output(i)] = act_.at(out);
    }

    bool isSpatialReduce(const onnx::NodeProto &n)
    {
        const auto it = shapes_.find(n.input(0));
        if (it == shapes_.end() || it->second.size() != 4)
            return false;
        auto axes = attrInts(n, "axes", {});
        for (auto &a : axes)
            a = a < 0 ? a + 4 : a;
        std::sort(axes.begin(), axes.end());
        return axes == std::vector<int64_t>{2, 3};
    }

    /// The node's data input must be an activation; otherwise it is costed as an Other op.
    bool dataInputIsActivation(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (n.input_size() > 0 && isActivation(n.input(0)))
            return true;
        other(n, acts);
        return false;
    }

    int group(const onnx::NodeProto &n, const Shape &x)
    {
        const int64_t g = attrInt(n, "group", 1);
        if (g < 1 || g > x[1])
            throw InputError(path_, where(n),
                             "group " + std::to_string(g) + " must be between 1 and the " +
                                 std::to_string(x[1]) + " input channels");
        return static_cast<int>(g);
    }

    /// Shapes of a Conv / ConvTranspose node, checked: input x, weights wt, output y and the
    /// window. nullopt when the node is not a 1-D/2-D convolution on an activation (then it
    /// has been handled as `other`, with a warning).
    struct ConvShapes {
        Shape x, wt, y;
        Window win;
    };
    std::optional<ConvShapes> convShapes(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (!dataInputIsActivation(n, acts))
            return std::nullopt;
        const Shape &x = shape(n, n.input(0));
        if (x.size() != 3 && x.size() != 4) {
            convWarnings_.insert(opLabel(n) + " with " + std::to_string(x.size() - 2) +
                                 " spatial dimensions");
            other(n, acts);
            return std::nullopt;
        }
        const Shape &wt = shape(n, n.input(1));
        const Shape &y = shape(n, n.output(0));
        if (wt.size() != x.size() || y.size() != x.size())
            throw InputError(path_, where(n),
                             "weights '" + n.input(1) + "' have rank " + std::to_string(wt.size()) +
                                 ", the input rank " + std::to_string(x.size()));
        const Shape kernel(wt.begin() + 2, wt.end());
        if (attrInts(n, "kernel_shape", kernel) != kernel)
            throw InputError(path_, where(n), "kernel_shape does not match the weights '" + n.input(1) + "'");
        return ConvShapes{x, wt, y, window(n, x, kernel)};
    }

    void conv(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        const auto shapes = convShapes(n, acts);
        if (!shapes)
            return;
        const Shape &x = shapes->x, &wt = shapes->wt, &y = shapes->y;
        const Window &win = shapes->win;
        Layer l = makeLayer(n, OpType::Conv);
        l.groups = group(n, x);
        if (l.groups <= 0 || wt.size() != x.size() || wt[1] * l.groups != x[1] || wt[0] != y[1] ||
            y[1] % l.groups)
            throw InputError(path_, where(n),
                             "weights '" + n.input(1) + "' (" + std::to_string(wt[0]) + " filters of " +
                                 std::to_string(wt.size() > 1 ? wt[1] : 0) + " channels, group " +
                                 std::to_string(l.groups) + ") do not fit input '" + n.input(0) + "' with " +
                                 std::to_string(x[1]) + " channels");
        l.dims.b = x[0];
        l.dims.c = x[1];
        l.dims.k = y[1];
        applyWindow(l, x, win);
        outputSpatial(n, l, y, false);
        l.inputs = {asLayout(n.input(0), x)};
        l.hasWeights = !isActivation(n.input(1));
        if (!l.hasWeights)
            l.inputs.push_back(act_.at(n.input(1)));
        emit(std::move(l), n.output(0));
    }

    /// Costed as the equivalent dense conv on the zero-upsampled input: K·(C/g)·OY·OX·FY·FX
    /// MACs, zeros included. Weights are C×(K/g)×FY×FX, the same count.
    void convTranspose(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        const auto shapes = convShapes(n, acts);
        if (!shapes)
            return;
        const Shape &x = shapes->x, &y = shapes->y;
        const Window &win = shapes->win;
        Layer l = makeLayer(n, OpType::ConvTranspose);
        l.groups = group(n, x);
        l.dims.b = x[0];
        l.dims.c = x[1];
        l.dims.k = y[1];
        applyWindow(l, x, win);
        const Nchw o = nchw(y);
        l.dims.oy = o[2];
        l.dims.ox = o[3];
        l.inputs = {asLayout(n.input(0), x)};
        l.hasWeights = !isActivation(n.input(1));
        if (!l.hasWeights)
            l.inputs.push_back(act_.at(n.input(1)));
        emit(std::move(l), n.output(0));
    }

    void gemm(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        const Shape &a = shape(n, n.input(0));
        const Shape &b = shape(n, n.input(1));
        if (a.size() != 2 || b.size() != 2) {
            other(n, acts);
            return;
        }
        const bool ta = attrInt(n, "transA", 0) != 0, tb = attrInt(n, "transB", 0) != 0;
        const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], cols = tb ? b[0] : b[1];
        Layer l = makeLayer(n, isActivation(n.input(0)) ? OpType::Gemm : OpType::MatMul);
        l.dims = {m, cols, k, 1, 1, 1, 1};
        if (isActivation(n.input(0))) {
            const TensorId t = act_.at(n.input(0));
            const Tensor &x = w_.tensors[t];
            l.inputs = {x.c * x.h * x.w == k ? t : asLayout(n.input(0), {m, k})};
        }
        l.hasWeights = !isActivation(n.input(1));
        for (int i = 1; i < n.input_size(); ++i)
            if (isActivation(n.input(i)))
                l.inputs.push_back(act_.at(n.input(i)));
        emit(std::move(l), n.output(0));
    }

    /// A[…, M, K] × B[…, K, N]: B = every row of the output (batch dims × M), C = K, K = N.
    void matmul(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        const Shape &a = shape(n, n.input(0));
        const Shape &b = shape(n, n.input(1));
        const Shape &y = shape(n, n.output(0));
        if (a.empty() || b.empty()) {
            other(n, acts);
            return;
        }
        const int64_t k = a.back();
        const int64_t cols = b.size() == 1 ? 1 : b.back();
        Layer l = makeLayer(n, OpType::MatMul);
        l.dims = {cols > 0 ? elements(y) / cols : 1, cols, k, 1, 1, 1, 1};
        for (const auto &v : acts)
            l.inputs.push_back(act_.at(v));
        l.hasWeights = !isActivation(n.input(0)) || !isActivation(n.input(1));
        emit(std::move(l), n.output(0));
    }

    /// A two-operand Einsum as a batched MatMul (einsum_equation.h): B = output rows, C = the
    /// summed indices, K = the second operand's own output indices. Anything else (one or
    /// three operands, an equation the shapes do not fit) is costed as elementwise, with a
    /// warning naming the node and the reason.
    void einsum(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        std::string why = "it has " + std::to_string(n.input_size()) + " operands; only two-operand products are costed";
        if (n.input_size() == 2) {
            const auto *eq = attr(n, "equation");
            const auto p = einsumProduct(eq ? eq->s() : std::string(), {shape(n, n.input(0)), shape(n, n.input(1))}, why);
            if (p) {
                Layer l = makeLayer(n, OpType::MatMul);
                l.dims = {p->b, p->k, p->c, 1, 1, 1, 1};
                for (const auto &v : acts)
                    l.inputs.push_back(act_.at(v));
                l.hasWeights = !isActivation(n.input(0)) || !isActivation(n.input(1));
                emit(std::move(l), n.output(0));
                return;
            }
        }
        w_.warnings.push_back(where(n) + ": Einsum costed as elementwise: " + why);
        other(n, acts);
    }

    void pool(const onnx::NodeProto &n, const std::vector<std::string> &acts, OpType op)
    {
        if (!dataInputIsActivation(n, acts))
            return;
        const Shape &x = shape(n, n.input(0));
        const Shape &y = shape(n, n.output(0));
        if (x.size() != 3 && x.size() != 4) {
            other(n, acts);
            return;
        }
        const Window win = window(n, x, attrInts(n, "kernel_shape", {}));
        Layer l = makeLayer(n, op);
        l.dims.b = x[0];
        l.dims.c = l.dims.k = x[1];
        applyWindow(l, x, win);
        outputSpatial(n, l, y, attrInt(n, "ceil_mode", 0) != 0);
        l.inputs = {asLayout(n.input(0), x)};
        emit(std::move(l), n.output(0));
        aliasExtraOutputs(n);
    }

    /// The window is the whole input (FY = IY, FX = IX), as in the zoo.
    void globalPool(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (!dataInputIsActivation(n, acts))
            return;
        const Shape &x = shape(n, n.input(0));
        Layer l = makeLayer(n, OpType::GlobalAvgPool);
        l.inputs = {asLayout(n.input(0), x)};
        const Tensor &in = w_.tensors[l.inputs[0]];
        l.dims = {in.n, in.c, in.c, 1, 1, in.h, in.w};
        l.iy = in.h;
        l.ix = in.w;
        emit(std::move(l), n.output(0));
    }

    /// Add/Sub → Add, Mul/Div → Mul. A per-channel or scalar constant operand right after a
    /// MAC layer is a bias or scale a compiler folds; otherwise the op is a layer whose first
    /// input is its largest activation operand.
    void arithmetic(const onnx::NodeProto &n, std::vector<std::string> acts, OpType op)
    {
        int64_t constantElements = 0;
        bool hasConstant = false;
        for (const auto &in : n.input())
            if (!in.empty() && !isActivation(in)) {
                hasConstant = true;
                const auto it = shapes_.find(in);
                constantElements = std::max(constantElements, it == shapes_.end() ? 0 : elements(it->second));
            }
        if (acts.size() == 1 && hasConstant) {
            const Tensor &x = w_.tensors[act_.at(acts[0])];
            if (constantElements <= std::max<int64_t>(1, x.c) &&
                tryFold(n, acts[0], n.output(0), macProducer))
                return;
        }
        std::stable_sort(acts.begin(), acts.end(), [&](const std::string &p, const std::string &q) {
            return w_.tensors[act_.at(p)].elements() > w_.tensors[act_.at(q)].elements();
        });
        Layer l = makeLayer(n, op);
        for (const auto &v : acts)
            l.inputs.push_back(act_.at(v));
        l.hasWeights = hasConstant && constantElements > 1;
        vectorDims(l, shape(n, n.output(0)));
        emit(std::move(l), n.output(0));
    }

    void concat(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        Layer l = makeLayer(n, OpType::Concat);
        for (const auto &v : acts)
            l.inputs.push_back(act_.at(v));
        const Nchw o = nchw(shape(n, n.output(0)));
        l.dims = {o[0], o[1], o[1], o[2], o[3], 1, 1};
        l.iy = o[2];
        l.ix = o[3];
        emit(std::move(l), n.output(0));
    }

    /// Folded into a preceding MAC layer; otherwise a per-channel multiply (a Mul layer).
    void batchNorm(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (tryFold(n, n.input(0), n.output(0), macProducer))
            return;
        if (!dataInputIsActivation(n, acts))
            return;
        Layer l = makeLayer(n, OpType::Mul);
        l.inputs = {act_.at(n.input(0))};
        l.hasWeights = true;
        vectorDims(l, shape(n, n.output(0)));
        emit(std::move(l), n.output(0));
        unfoldedBatchNorms_.push_back(displayName(n));
        aliasExtraOutputs(n);
    }

    void simple(const onnx::NodeProto &n, const std::vector<std::string> &acts, OpType op)
    {
        const std::string &data = isActivation(n.input(0)) ? n.input(0) : acts.front();
        Layer l = makeLayer(n, op);
        const Shape &y = shape(n, n.output(0));
        l.inputs = {op == OpType::Slice ? asLayout(data, shape(n, data)) : act_.at(data)};
        for (const auto &v : acts)
            if (v != data)
                l.inputs.push_back(act_.at(v));
        vectorDims(l, y);
        emit(std::move(l), n.output(0));
    }

    /// Resize/Upsample: FY = FX = the interpolation window (1 nearest, 2 linear, 4 cubic).
    void resize(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (!dataInputIsActivation(n, acts))
            return;
        const Shape &x = shape(n, n.input(0));
        const Shape &y = shape(n, n.output(0));
        Layer l = makeLayer(n, OpType::Resize);
        l.inputs = {asLayout(n.input(0), x)};
        const Tensor &in = w_.tensors[l.inputs[0]];
        const Nchw o = nchw(y);
        const std::string mode = attrString(n, "mode", "nearest");
        const int64_t f = mode == "linear" ? 2 : mode == "cubic" ? 4 : 1;
        l.dims = {o[0], o[1], in.c, o[2], o[3], in.h > 1 ? f : 1, f};
        l.iy = in.h;
        l.ix = in.w;
        emit(std::move(l), n.output(0));
    }

    /// Split: one Slice layer per output.
    void split(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        if (!dataInputIsActivation(n, acts))
            return;
        const Shape &x = shape(n, n.input(0));
        for (int i = 0; i < n.output_size(); ++i) {
            if (n.output(i).empty())
                continue;
            Layer l = makeLayer(n, OpType::Slice, ":" + std::to_string(i));
            l.inputs = {asLayout(n.input(0), x)};
            vectorDims(l, shape(n, n.output(i)));
            emit(std::move(l), n.output(i));
        }
    }

    void view(const onnx::NodeProto &n)
    {
        if (!isActivation(n.input(0))) {
            for (const auto &out : n.output())
                constants_.insert(out);
            return;
        }
        act_[n.output(0)] = act_.at(n.input(0));
        aliasExtraOutputs(n);
    }

    /// Secondary outputs (MaxPool indices, Dropout mask, BN statistics) read as the main one.
    void aliasExtraOutputs(const onnx::NodeProto &n)
    {
        for (int i = 1; i < n.output_size(); ++i)
            if (!n.output(i).empty())
                act_[n.output(i)] = act_.at(n.output(0));
    }

    /// An op FuseLab cannot cost exactly: kept, one elementwise layer per output, warned about.
    void other(const onnx::NodeProto &n, const std::vector<std::string> &acts)
    {
        ++otherOps_[opLabel(n)];
        const bool many = n.output_size() > 1;
        for (int i = 0; i < n.output_size(); ++i) {
            if (n.output(i).empty())
                continue;
            Layer l = makeLayer(n, OpType::Other, many ? ":" + std::to_string(i) : "");
            for (const auto &v : acts)
                l.inputs.push_back(act_.at(v));
            vectorDims(l, shape(n, n.output(i)));
            emit(std::move(l), n.output(i));
        }
    }

    void addSummaryWarnings()
    {
        if (foldCount_ > 0) {
            std::string kinds;
            for (const auto &k : foldKinds_)
                kinds += (kinds.empty() ? "" : ", ") + k;
            w_.warnings.push_back("folded " + std::to_string(foldCount_) + " ops (" + kinds +
                                  ") into the layers that produce their input");
        }
        if (!otherOps_.empty()) {
            std::string list;
            int total = 0;
            for (const auto &[op, count] : otherOps_) {
                list +=
                    (list.empty() ? "" : ", ") + op + (count > 1 ? " \u00d7" + std::to_string(count) : "");
                total += count;
            }
            w_.warnings.push_back(std::to_string(total) +
                                  " ops FuseLab cannot cost exactly are kept and costed as "
                                  "elementwise: " +
                                  list);
        }
        for (const auto &c : convWarnings_)
            w_.warnings.push_back(c + " is not modelled as a convolution");
        if (!unfoldedBatchNorms_.empty())
            w_.warnings.push_back(
                std::to_string(unfoldedBatchNorms_.size()) +
                " BatchNormalization ops follow no conv or FC to fold into and are costed as a "
                "per-channel multiply (first: '" +
                unfoldedBatchNorms_.front() + "')");
        if (relayoutCount_ > 0)
            w_.warnings.push_back(
                std::to_string(relayoutCount_) +
                " reshapes change the layout a layer reads; each is kept as a copy (Relayout)");
    }

    const onnx::GraphProto &g_;
    const std::string &path_;
    Precision precision_;
    Workload w_;
    std::unordered_map<std::string, int64_t> opsets_;
    std::unordered_map<std::string, Shape> shapes_;
    std::unordered_map<std::string, std::string> symbolic_;
    std::string modelInputs_; // "'x' [N,3,224,224], …" for --input-shape hints
    std::unordered_map<std::string, TensorId> act_;
    std::unordered_set<std::string> constants_;
    std::unordered_map<std::string, int> consumers_;
    std::unordered_set<std::string> graphOutputs_;
    std::vector<std::string> head_; // per tensor: the ONNX value its producer's output currently is
    std::map<std::pair<TensorId, Nchw>, TensorId> relayouts_;
    std::set<std::string> layerNames_;
    std::map<std::string, int> otherOps_;
    std::set<std::string> foldKinds_;
    std::set<std::string> convWarnings_;
    std::vector<std::string> unfoldedBatchNorms_;
    int foldCount_ = 0;
    int relayoutCount_ = 0;
    int nodeIndex_ = 0;
};

} // namespace

Workload mapOnnxGraph(const onnx::ModelProto &model, const std::string &path, Precision precision,
                      std::vector<std::string> warnings, const std::string &modelInputs)
{
    return GraphMapper(model, path, precision, modelInputs).run(std::move(warnings));
}

} // namespace fuselab
