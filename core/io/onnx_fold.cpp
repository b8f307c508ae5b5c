// SPDX-License-Identifier: GPL-3.0-or-later
// Constant folding of shape arithmetic (see onnx_fold.h). Values are small: every op is
// evaluated element by element on doubles, with numpy broadcasting where ONNX has it.
#include "io/onnx_fold.h"

#include "io/einsum_equation.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace fuselab {

namespace {

using Dims = std::vector<int64_t>;

struct Value {
    Dims dims;
    std::vector<double> data;
    int type = onnx::TensorProto::INT64; // an onnx::TensorProto::DataType
};

int64_t count(const Dims &d)
{
    int64_t n = 1;
    for (int64_t x : d)
        n *= x;
    return n;
}

bool isFloatType(int t)
{
    return t == onnx::TensorProto::FLOAT || t == onnx::TensorProto::DOUBLE || t == onnx::TensorProto::FLOAT16 ||
           t == onnx::TensorProto::BFLOAT16;
}

template <typename T> void readRaw(const std::string &raw, std::vector<double> &out)
{
    const size_t n = raw.size() / sizeof(T);
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
        out[i] = static_cast<double>(v);
    }
}

/// The value of a tensor whose payload survived stripping (small constants); nullopt for
/// stripped, external or unsupported ones.
std::optional<Value> fromTensor(const onnx::TensorProto &t)
{
    Value v;
    v.dims.assign(t.dims().begin(), t.dims().end());
    v.type = t.data_type();
    const int64_t n = count(v.dims);
    if (n > kMaxFoldElements || t.data_location() == onnx::TensorProto::EXTERNAL)
        return std::nullopt;
    if (t.has_raw_data() && !t.raw_data().empty()) {
        const std::string &raw = t.raw_data();
        switch (t.data_type()) {
        case onnx::TensorProto::INT64: readRaw<int64_t>(raw, v.data); break;
        case onnx::TensorProto::INT32: readRaw<int32_t>(raw, v.data); break;
        case onnx::TensorProto::INT16: readRaw<int16_t>(raw, v.data); break;
        case onnx::TensorProto::INT8: readRaw<int8_t>(raw, v.data); break;
        case onnx::TensorProto::UINT8:
        case onnx::TensorProto::BOOL: readRaw<uint8_t>(raw, v.data); break;
        case onnx::TensorProto::FLOAT: readRaw<float>(raw, v.data); break;
        case onnx::TensorProto::DOUBLE: readRaw<double>(raw, v.data); break;
        default: return std::nullopt;
        }
    } else {
        for (auto x : t.int64_data())
            v.data.push_back(static_cast<double>(x));
        for (auto x : t.int32_data())
            v.data.push_back(x);
        for (auto x : t.float_data())
            v.data.push_back(x);
        for (auto x : t.double_data())
            v.data.push_back(x);
        if (t.data_type() == onnx::TensorProto::FLOAT16 || t.data_type() == onnx::TensorProto::BFLOAT16)
            return std::nullopt; // stored as raw bits in int32_data
    }
    if (static_cast<int64_t>(v.data.size()) != n)
        return std::nullopt;
    return v;
}

/// A folded value back to an integer. Values are held as doubles, so INT64_MAX (the "to the
/// end" of Slice's ends) arrives as 2^63, which a plain cast turns into INT64_MIN: an empty
/// slice. Saturate instead.
template <typename Int> Int saturatingInt(double x)
{
    constexpr double lo = static_cast<double>(std::numeric_limits<Int>::min());
    constexpr double hi = static_cast<double>(std::numeric_limits<Int>::max());
    if (std::isnan(x))
        return 0;
    if (x <= lo)
        return std::numeric_limits<Int>::min();
    if (x >= hi)
        return std::numeric_limits<Int>::max();
    return static_cast<Int>(x);
}

void toTensor(const Value &v, const std::string &name, onnx::TensorProto &t)
{
    t.Clear();
    t.set_name(name);
    for (int64_t d : v.dims)
        t.add_dims(d);
    int type = v.type;
    if (type == onnx::TensorProto::FLOAT16 || type == onnx::TensorProto::BFLOAT16)
        type = onnx::TensorProto::FLOAT;
    t.set_data_type(type);
    for (double x : v.data) {
        switch (type) {
        case onnx::TensorProto::INT64: t.add_int64_data(saturatingInt<int64_t>(x)); break;
        case onnx::TensorProto::FLOAT: t.add_float_data(static_cast<float>(x)); break;
        case onnx::TensorProto::DOUBLE: t.add_double_data(x); break;
        default: t.add_int32_data(saturatingInt<int32_t>(x)); break;
        }
    }
}

const onnx::AttributeProto *attr(const onnx::NodeProto &n, const char *name)
{
    for (const auto &a : n.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}
int64_t attrInt(const onnx::NodeProto &n, const char *name, int64_t fallback)
{
    const auto *a = attr(n, name);
    return a ? a->i() : fallback;
}
std::optional<Dims> attrInts(const onnx::NodeProto &n, const char *name)
{
    const auto *a = attr(n, name);
    if (!a)
        return std::nullopt;
    return Dims(a->ints().begin(), a->ints().end());
}

int64_t normAxis(int64_t a, size_t rank)
{
    return a < 0 ? a + static_cast<int64_t>(rank) : a;
}

Dims strides(const Dims &d)
{
    Dims s(d.size(), 1);
    for (size_t i = d.size(); i-- > 1;)
        s[i - 1] = s[i] * d[i];
    return s;
}

/// numpy broadcasting of several shapes; nullopt when they do not broadcast.
std::optional<Dims> broadcast(const std::vector<const Dims *> &shapes)
{
    size_t rank = 0;
    for (const auto *s : shapes)
        rank = std::max(rank, s->size());
    Dims out(rank, 1);
    for (const auto *s : shapes)
        for (size_t i = 0; i < s->size(); ++i) {
            const size_t o = rank - s->size() + i;
            const int64_t d = (*s)[i];
            if (d == out[o] || d == 1)
                continue;
            if (out[o] != 1)
                return std::nullopt;
            out[o] = d;
        }
    return out;
}

/// Element of `v` at the flat index `i` of the broadcast shape `out`.
double at(const Value &v, const Dims &out, const Dims &outStrides, int64_t i)
{
    int64_t idx = 0, stride = 1;
    for (size_t k = v.dims.size(); k-- > 0;) {
        const size_t o = out.size() - v.dims.size() + k;
        const int64_t coord = (i / outStrides[o]) % out[o];
        idx += (v.dims[k] == 1 ? 0 : coord) * stride;
        stride *= v.dims[k];
    }
    return v.data[static_cast<size_t>(idx)];
}

std::optional<Value> elementwise(const std::vector<const Value *> &in, int type,
                                 const std::function<double(const std::vector<double> &)> &f)
{
    std::vector<const Dims *> shapes;
    for (const auto *v : in)
        shapes.push_back(&v->dims);
    const auto out = broadcast(shapes);
    if (!out || count(*out) > kMaxFoldElements)
        return std::nullopt;
    Value r;
    r.dims = *out;
    r.type = type;
    const Dims st = strides(*out);
    std::vector<double> args(in.size());
    for (int64_t i = 0; i < count(*out); ++i) {
        for (size_t k = 0; k < in.size(); ++k)
            args[k] = at(*in[k], *out, st, i);
        r.data.push_back(f(args));
    }
    return r;
}

double integerOr(double x, int type)
{
    return isFloatType(type) ? x : std::trunc(x);
}

class Folder {
public:
    Folder(onnx::ModelProto &m, std::vector<std::string> &warnings, bool decideUnknownIf)
        : g_(*m.mutable_graph()), warnings_(warnings), decideUnknownIf_(decideUnknownIf)
    {
        for (const auto &op : m.opset_import())
            if (op.domain().empty() || op.domain() == "ai.onnx")
                opset_ = op.version();
    }

    int run()
    {
        for (const auto &t : g_.initializer()) {
            defined_.insert(t.name());
            if (auto v = fromTensor(t))
                known_[t.name()] = *v;
        }
        for (const auto &v : g_.input())
            defined_.insert(v.name());
        collectShapes();
        int folded = 0;
        google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
        for (int i = 0; i < g_.node_size(); ++i) {
            const onnx::NodeProto &n = g_.node(i);
            if (n.op_type() == "If" && (n.domain().empty() || n.domain() == "ai.onnx")) {
                if (inlineIf(n, kept)) {
                    ++folded;
                    continue;
                }
            } else if (n.op_type() == "Einsum" && (n.domain().empty() || n.domain() == "ai.onnx")) {
                folded += annotateEinsum(n) ? 1 : 0; // the node stays; its output's dims become known
            } else if (std::optional<Value> v = evaluate(n); v && n.output_size() >= 1 && !n.output(0).empty()) {
                known_[n.output(0)] = *v;
                toTensor(*v, n.output(0), *g_.add_initializer());
                defined_.insert(n.output(0)); // an initializer now: a later branch may read it
                ++folded;
                continue;
            }
            *kept.Add() = n;
            for (const auto &o : n.output())
                defined_.insert(o);
        }
        g_.mutable_node()->Swap(&kept);
        // Values that are now initializers are no longer graph inputs' business; drop stale
        // value_info so shape inference takes the initializers' dims.
        std::unordered_set<std::string> inits;
        for (const auto &t : g_.initializer())
            inits.insert(t.name());
        google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> info;
        for (const auto &v : g_.value_info())
            if (!inits.count(v.name()))
                *info.Add() = v;
        g_.mutable_value_info()->Swap(&info);
        return folded;
    }

private:
    void collectShapes()
    {
        auto take = [&](const onnx::ValueInfoProto &v) {
            if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
                return;
            Dims d;
            for (const auto &x : v.type().tensor_type().shape().dim()) {
                if (!x.has_dim_value() || x.dim_value() < 0)
                    return;
                d.push_back(x.dim_value());
            }
            shapes_[v.name()] = d;
        };
        for (const auto &v : g_.input())
            take(v);
        for (const auto &v : g_.value_info())
            take(v);
        for (const auto &v : g_.output())
            take(v);
        for (const auto &t : g_.initializer())
            shapes_[t.name()] = Dims(t.dims().begin(), t.dims().end());
    }

    const Value *in(const onnx::NodeProto &n, int i) const
    {
        if (i >= n.input_size() || n.input(i).empty())
            return nullptr;
        const auto it = known_.find(n.input(i));
        return it == known_.end() ? nullptr : &it->second;
    }

    bool allKnown(const onnx::NodeProto &n) const
    {
        for (int i = 0; i < n.input_size(); ++i)
            if (!n.input(i).empty() && !known_.count(n.input(i)))
                return false;
        return true;
    }

    std::optional<Value> evaluate(const onnx::NodeProto &n)
    {
        if (!(n.domain().empty() || n.domain() == "ai.onnx") || n.output_size() != 1)
            return std::nullopt;
        const std::string &op = n.op_type();
        if (op == "Shape" || op == "Size") {
            // A value folded in this round has no inferred shape yet, but its dims are known
            // (Silero VAD v5 takes the Size of a Shape to decide its LSTM's input rank).
            const auto it = shapes_.find(n.input(0));
            const auto k = known_.find(n.input(0));
            if (it == shapes_.end() && k == known_.end())
                return std::nullopt;
            const Dims &s = it != shapes_.end() ? it->second : k->second.dims;
            Value v;
            if (op == "Size") {
                v.data = {static_cast<double>(count(s))};
                return v;
            }
            const int64_t r = static_cast<int64_t>(s.size());
            int64_t b = std::clamp<int64_t>(normAxis(attrInt(n, "start", 0), s.size()), 0, r);
            int64_t e = std::clamp<int64_t>(normAxis(attrInt(n, "end", r), s.size()), 0, r);
            for (int64_t k = b; k < e; ++k)
                v.data.push_back(static_cast<double>(s[k]));
            v.dims = {static_cast<int64_t>(v.data.size())};
            return v;
        }
        if (op == "Constant")
            return constant(n);
        if (!allKnown(n) || n.input_size() == 0)
            return std::nullopt;
        const Value &a = *in(n, 0);
        auto binary = [&](auto f, int type) { return elementwise({&a, in(n, 1)}, type, [&](auto &x) { return f(x[0], x[1]); }); };
        auto unary = [&](auto f) { return elementwise({&a}, a.type, [&](auto &x) { return f(x[0]); }); };
        const int boolType = onnx::TensorProto::BOOL;
        if (op == "Identity")
            return a;
        if (op == "Add")
            return binary([](double x, double y) { return x + y; }, a.type);
        if (op == "Sub")
            return binary([](double x, double y) { return x - y; }, a.type);
        if (op == "Mul")
            return binary([](double x, double y) { return x * y; }, a.type);
        if (op == "Div") {
            const int t = a.type;
            return binary([t](double x, double y) { return y == 0 ? 0.0 : integerOr(x / y, t); }, t);
        }
        if (op == "Mod")
            return binary([](double x, double y) { return y == 0 ? 0.0 : x - y * std::floor(x / y); }, a.type);
        if (op == "Min")
            return binary([](double x, double y) { return std::min(x, y); }, a.type);
        if (op == "Max")
            return binary([](double x, double y) { return std::max(x, y); }, a.type);
        if (op == "Equal")
            return binary([](double x, double y) { return double(x == y); }, boolType);
        if (op == "Less")
            return binary([](double x, double y) { return double(x < y); }, boolType);
        if (op == "Greater")
            return binary([](double x, double y) { return double(x > y); }, boolType);
        if (op == "LessOrEqual")
            return binary([](double x, double y) { return double(x <= y); }, boolType);
        if (op == "GreaterOrEqual")
            return binary([](double x, double y) { return double(x >= y); }, boolType);
        if (op == "And")
            return binary([](double x, double y) { return double(x != 0 && y != 0); }, boolType);
        if (op == "Or")
            return binary([](double x, double y) { return double(x != 0 || y != 0); }, boolType);
        if (op == "Not")
            return elementwise({&a}, boolType, [](auto &x) { return double(x[0] == 0); });
        if (op == "Neg")
            return unary([](double x) { return -x; });
        if (op == "Abs")
            return unary([](double x) { return std::fabs(x); });
        if (op == "Floor")
            return unary([](double x) { return std::floor(x); });
        if (op == "Ceil")
            return unary([](double x) { return std::ceil(x); });
        if (op == "Sqrt")
            return unary([](double x) { return std::sqrt(std::max(0.0, x)); });
        if (op == "Where")
            return elementwise({&a, in(n, 1), in(n, 2)}, in(n, 1)->type,
                               [](auto &x) { return x[0] != 0 ? x[1] : x[2]; });
        if (op == "Cast") {
            Value v = a;
            v.type = static_cast<int>(attrInt(n, "to", onnx::TensorProto::FLOAT));
            for (double &x : v.data)
                x = v.type == onnx::TensorProto::BOOL ? double(x != 0) : integerOr(x, v.type);
            return v;
        }
        if (op == "Squeeze" || op == "Unsqueeze")
            return squeeze(n, a, op == "Unsqueeze");
        if (op == "Reshape")
            return reshape(a, *in(n, 1));
        if (op == "Concat")
            return concat(n);
        if (op == "Gather")
            return gather(a, *in(n, 1), attrInt(n, "axis", 0));
        if (op == "Slice")
            return slice(n, a);
        if (op == "Transpose")
            return transpose(n, a);
        if (op == "Range") {
            Value v;
            v.type = a.type;
            const double start = a.data.at(0), limit = in(n, 1)->data.at(0), delta = in(n, 2)->data.at(0);
            if (delta == 0)
                return std::nullopt;
            const double steps = std::max(0.0, std::ceil((limit - start) / delta));
            if (steps > kMaxFoldElements)
                return std::nullopt;
            for (int64_t i = 0; i < static_cast<int64_t>(steps); ++i)
                v.data.push_back(start + static_cast<double>(i) * delta);
            v.dims = {static_cast<int64_t>(v.data.size())};
            return v;
        }
        if (op == "ConstantOfShape") {
            Value v;
            for (double d : a.data)
                v.dims.push_back(static_cast<int64_t>(d));
            if (count(v.dims) > kMaxFoldElements || count(v.dims) < 0)
                return std::nullopt;
            double fill = 0;
            v.type = onnx::TensorProto::FLOAT;
            if (const auto *t = attr(n, "value")) {
                const auto c = fromTensor(t->t());
                if (!c || c->data.empty())
                    return std::nullopt;
                fill = c->data[0];
                v.type = c->type;
            }
            v.data.assign(static_cast<size_t>(count(v.dims)), fill);
            return v;
        }
        if (op == "Expand") {
            Dims target;
            for (double d : in(n, 1)->data)
                target.push_back(static_cast<int64_t>(d));
            Value shapeOnly;
            shapeOnly.dims = target;
            shapeOnly.data.assign(static_cast<size_t>(std::max<int64_t>(0, count(target))), 0.0);
            if (count(target) > kMaxFoldElements)
                return std::nullopt;
            return elementwise({&a, &shapeOnly}, a.type, [](auto &x) { return x[0]; });
        }
        if ((op == "ReduceProd" || op == "ReduceSum") && a.dims.size() <= 1 &&
            (n.input_size() < 2 || n.input(1).empty())) {
            Value v;
            v.type = a.type;
            double r = op == "ReduceProd" ? 1 : 0;
            for (double x : a.data)
                r = op == "ReduceProd" ? r * x : r + x;
            v.data = {r};
            if (attrInt(n, "keepdims", 1) != 0)
                v.dims = {1};
            return v;
        }
        return std::nullopt;
    }

    std::optional<Value> constant(const onnx::NodeProto &n)
    {
        for (const auto &a : n.attribute()) {
            Value v;
            if (a.name() == "value")
                return fromTensor(a.t());
            if (a.name() == "value_int") {
                v.data = {static_cast<double>(a.i())};
                return v;
            }
            if (a.name() == "value_ints") {
                for (auto x : a.ints())
                    v.data.push_back(static_cast<double>(x));
                v.dims = {static_cast<int64_t>(v.data.size())};
                return v;
            }
            if (a.name() == "value_float") {
                v.type = onnx::TensorProto::FLOAT;
                v.data = {a.f()};
                return v;
            }
            if (a.name() == "value_floats") {
                v.type = onnx::TensorProto::FLOAT;
                for (auto x : a.floats())
                    v.data.push_back(x);
                v.dims = {static_cast<int64_t>(v.data.size())};
                return v;
            }
        }
        return std::nullopt;
    }

    std::optional<Value> squeeze(const onnx::NodeProto &n, const Value &a, bool unsqueeze)
    {
        std::optional<Dims> axes = attrInts(n, "axes");
        if (const Value *ax = in(n, 1)) {
            axes = Dims();
            for (double d : ax->data)
                axes->push_back(static_cast<int64_t>(d));
        }
        Value v = a;
        if (unsqueeze) {
            if (!axes)
                return std::nullopt;
            const size_t rank = a.dims.size() + axes->size();
            Dims sorted;
            for (int64_t x : *axes)
                sorted.push_back(normAxis(x, rank));
            std::sort(sorted.begin(), sorted.end());
            for (int64_t x : sorted) {
                if (x < 0 || x > static_cast<int64_t>(v.dims.size()))
                    return std::nullopt;
                v.dims.insert(v.dims.begin() + x, 1);
            }
            return v;
        }
        Dims out;
        for (size_t i = 0; i < a.dims.size(); ++i) {
            bool drop = false;
            if (!axes)
                drop = a.dims[i] == 1;
            else
                for (int64_t x : *axes)
                    drop = drop || normAxis(x, a.dims.size()) == static_cast<int64_t>(i);
            if (!drop)
                out.push_back(a.dims[i]);
        }
        v.dims = out;
        return v;
    }

    std::optional<Value> reshape(const Value &a, const Value &shape)
    {
        Dims d;
        int64_t known = 1, infer = -1;
        for (size_t i = 0; i < shape.data.size(); ++i) {
            int64_t x = static_cast<int64_t>(shape.data[i]);
            if (x == 0 && i < a.dims.size())
                x = a.dims[i];
            if (x == -1) {
                infer = static_cast<int64_t>(i);
                x = 1;
            } else {
                known *= x;
            }
            d.push_back(x);
        }
        if (infer >= 0 && known > 0)
            d[infer] = count(a.dims) / known;
        if (count(d) != count(a.dims))
            return std::nullopt;
        Value v = a;
        v.dims = d;
        return v;
    }

    std::optional<Value> concat(const onnx::NodeProto &n)
    {
        const Value &first = *in(n, 0);
        const int64_t axis = normAxis(attrInt(n, "axis", 0), first.dims.size());
        if (axis < 0 || axis >= static_cast<int64_t>(first.dims.size()))
            return std::nullopt;
        Value v;
        v.type = first.type;
        v.dims = first.dims;
        v.dims[axis] = 0;
        std::vector<const Value *> parts;
        for (int i = 0; i < n.input_size(); ++i) {
            const Value *p = in(n, i);
            if (!p || p->dims.size() != first.dims.size())
                return std::nullopt;
            parts.push_back(p);
            v.dims[axis] += p->dims[axis];
        }
        int64_t outer = 1;
        for (int64_t k = 0; k < axis; ++k)
            outer *= first.dims[k];
        for (int64_t o = 0; o < outer; ++o)
            for (const Value *p : parts) {
                const int64_t chunk = count(p->dims) / std::max<int64_t>(1, outer);
                for (int64_t j = 0; j < chunk; ++j)
                    v.data.push_back(p->data[static_cast<size_t>(o * chunk + j)]);
            }
        return v;
    }

    std::optional<Value> gather(const Value &a, const Value &idx, int64_t axisAttr)
    {
        const int64_t axis = normAxis(axisAttr, a.dims.size());
        if (axis < 0 || axis >= static_cast<int64_t>(a.dims.size()))
            return std::nullopt;
        Value v;
        v.type = a.type;
        for (int64_t k = 0; k < axis; ++k)
            v.dims.push_back(a.dims[k]);
        for (int64_t d : idx.dims)
            v.dims.push_back(d);
        for (size_t k = axis + 1; k < a.dims.size(); ++k)
            v.dims.push_back(a.dims[k]);
        int64_t outer = 1, inner = 1;
        for (int64_t k = 0; k < axis; ++k)
            outer *= a.dims[k];
        for (size_t k = axis + 1; k < a.dims.size(); ++k)
            inner *= a.dims[k];
        const int64_t len = a.dims[axis];
        for (int64_t o = 0; o < outer; ++o)
            for (double x : idx.data) {
                int64_t i = static_cast<int64_t>(x);
                i = i < 0 ? i + len : i;
                if (i < 0 || i >= len)
                    return std::nullopt;
                for (int64_t j = 0; j < inner; ++j)
                    v.data.push_back(a.data[static_cast<size_t>((o * len + i) * inner + j)]);
            }
        return v;
    }

    /// Exporters build Pad amounts as a [rank, 2] table turned around with Transpose.
    static std::optional<Value> transpose(const onnx::NodeProto &n, const Value &a)
    {
        const size_t rank = a.dims.size();
        Dims perm = attrInts(n, "perm").value_or(Dims());
        if (perm.empty())
            for (size_t k = rank; k-- > 0;)
                perm.push_back(static_cast<int64_t>(k));
        if (perm.size() != rank)
            return std::nullopt;
        Value v;
        v.type = a.type;
        for (int64_t p : perm) {
            if (p < 0 || p >= static_cast<int64_t>(rank))
                return std::nullopt;
            v.dims.push_back(a.dims[static_cast<size_t>(p)]);
        }
        const Dims inSt = strides(a.dims), outSt = strides(v.dims);
        for (int64_t i = 0; i < count(v.dims); ++i) {
            int64_t idx = 0;
            for (size_t k = 0; k < rank; ++k)
                idx += ((i / outSt[k]) % std::max<int64_t>(1, v.dims[k])) * inSt[static_cast<size_t>(perm[k])];
            v.data.push_back(a.data[static_cast<size_t>(idx)]);
        }
        return v;
    }

    std::optional<Value> slice(const onnx::NodeProto &n, const Value &a)
    {
        Dims starts, ends, axes, steps;
        auto values = [&](int i, const char *name, Dims &out) {
            if (const Value *v = in(n, i)) {
                for (double d : v->data)
                    out.push_back(static_cast<int64_t>(std::clamp(d, -9.0e18, 9.0e18)));
            } else if (auto at = attrInts(n, name)) {
                out = *at;
            }
        };
        values(1, "starts", starts);
        values(2, "ends", ends);
        values(3, "axes", axes);
        values(4, "steps", steps);
        if (opset_ < 10) { // attributes only
            starts = attrInts(n, "starts").value_or(Dims());
            ends = attrInts(n, "ends").value_or(Dims());
            axes = attrInts(n, "axes").value_or(Dims());
        }
        if (starts.size() != ends.size())
            return std::nullopt;
        const size_t rank = a.dims.size();
        Dims b(rank, 0), e = a.dims, s(rank, 1);
        for (size_t k = 0; k < starts.size(); ++k) {
            const int64_t ax = normAxis(k < axes.size() ? axes[k] : static_cast<int64_t>(k), rank);
            if (ax < 0 || ax >= static_cast<int64_t>(rank))
                return std::nullopt;
            const int64_t step = k < steps.size() ? steps[k] : 1;
            if (step == 0)
                return std::nullopt;
            const int64_t len = a.dims[ax];
            auto clampIdx = [&](int64_t x, bool isEnd) {
                if (x < 0)
                    x += len;
                return step > 0 ? std::clamp<int64_t>(x, 0, len) : std::clamp<int64_t>(x, -1, len - (isEnd ? 0 : 1));
            };
            b[ax] = clampIdx(starts[k], false);
            e[ax] = clampIdx(ends[k], true);
            s[ax] = step;
        }
        Value v;
        v.type = a.type;
        for (size_t k = 0; k < rank; ++k) {
            const int64_t span = s[k] > 0 ? e[k] - b[k] : b[k] - e[k];
            const int64_t step = std::abs(s[k]);
            v.dims.push_back(span <= 0 ? 0 : (span + step - 1) / step);
        }
        const Dims inSt = strides(a.dims), outSt = strides(v.dims);
        for (int64_t i = 0; i < count(v.dims); ++i) {
            int64_t idx = 0;
            for (size_t k = 0; k < rank; ++k) {
                const int64_t c = (i / outSt[k]) % std::max<int64_t>(1, v.dims[k]);
                idx += (b[k] + c * s[k]) * inSt[k];
            }
            v.data.push_back(a.data[static_cast<size_t>(idx)]);
        }
        return v;
    }

    /// ONNX's shape inference gives an Einsum's output only its rank: its dims are worked out
    /// from the equation and written to value_info, which inference keeps and builds on.
    /// True when that made a dim known.
    bool annotateEinsum(const onnx::NodeProto &n)
    {
        if (n.input_size() != 2 || n.output_size() < 1 || n.output(0).empty() || shapes_.count(n.output(0)))
            return false;
        std::vector<std::vector<int64_t>> operands;
        for (const auto &i : n.input()) {
            const auto it = shapes_.find(i);
            if (it == shapes_.end())
                return false; // a later round may know it
            operands.push_back(it->second);
        }
        std::string equation, why;
        for (const auto &a : n.attribute())
            if (a.name() == "equation")
                equation = a.s();
        const auto product = einsumProduct(equation, operands, why);
        if (!product)
            return false; // the mapper names the reason when it costs the node
        onnx::ValueInfoProto *info = nullptr;
        for (auto &v : *g_.mutable_value_info())
            if (v.name() == n.output(0))
                info = &v;
        if (!info) {
            info = g_.add_value_info();
            info->set_name(n.output(0));
        }
        auto *t = info->mutable_type()->mutable_tensor_type();
        if (t->elem_type() == 0)
            t->set_elem_type(onnx::TensorProto::FLOAT);
        t->mutable_shape()->clear_dim();
        for (int64_t d : product->output)
            t->mutable_shape()->add_dim()->set_dim_value(d);
        shapes_[n.output(0)] = product->output;
        return true;
    }

    /// An If with a known condition takes its branch; with an unknown one, the branch with
    /// more nodes (the costlier), named in a warning. The branch's nodes replace the If and
    /// Identity nodes carry its results to the If's outputs.
    bool inlineIf(const onnx::NodeProto &n, google::protobuf::RepeatedPtrField<onnx::NodeProto> &out)
    {
        const onnx::GraphProto *thenG = nullptr, *elseG = nullptr;
        for (const auto &a : n.attribute()) {
            if (a.name() == "then_branch")
                thenG = &a.g();
            if (a.name() == "else_branch")
                elseG = &a.g();
        }
        if (!thenG || !elseG)
            return false;
        const Value *cond = in(n, 0);
        const onnx::GraphProto *take = nullptr;
        const std::string label = "If node '" + (n.name().empty() ? n.output(0) : n.name()) + "'";
        if (cond && !cond->data.empty()) {
            take = cond->data[0] != 0 ? thenG : elseG;
        } else if (!decideUnknownIf_) {
            return false; // a later round may know it
        } else {
            take = thenG->node_size() >= elseG->node_size() ? thenG : elseG;
            warnings_.push_back(label + ": its condition '" + n.input(0) +
                                "' is not known after constant folding; costed its costlier branch (" +
                                (take == thenG ? "then" : "else") + ", " + std::to_string(take->node_size()) +
                                " nodes)");
        }
        if (take->output_size() != n.output_size())
            return false;
        // Inlined, every node of the branch must read values defined before it (libonnx's
        // inference dereferences a missing input type); otherwise the If stays.
        std::unordered_set<std::string> defined = defined_;
        for (const auto &t : take->initializer())
            defined.insert(t.name());
        for (const auto &sub : take->node()) {
            for (const auto &i : sub.input())
                if (!i.empty() && !defined.count(i)) {
                    warnings_.push_back(label + ": its branch reads '" + i +
                                        "' before it is defined; left as an If (not inlined)");
                    return false;
                }
            // A nested If becomes an If of the main graph, decided in a later round (its
            // branches read the inlined values by name, as before). A Loop or Scan stays nested.
            const bool nestedIf = sub.op_type() == "If" && (sub.domain().empty() || sub.domain() == "ai.onnx");
            for (const auto &a : sub.attribute())
                if (!nestedIf && (a.has_g() || a.graphs_size() > 0)) {
                    warnings_.push_back(label + ": its branch holds a nested subgraph (node '" + sub.name() +
                                        "'); left as an If (not inlined)");
                    return false;
                }
            for (const auto &o : sub.output())
                defined.insert(o);
        }
        defined_ = std::move(defined);
        for (const auto &t : take->initializer())
            *g_.add_initializer() = t;
        for (const auto &sub : take->node())
            *out.Add() = sub;
        for (int i = 0; i < n.output_size(); ++i) {
            if (n.output(i).empty() || take->output(i).name() == n.output(i))
                continue; // the branch already writes the If's output under its name
            onnx::NodeProto id;
            id.set_op_type("Identity");
            id.set_name(n.name() + "/out" + std::to_string(i));
            id.add_input(take->output(i).name());
            id.add_output(n.output(i));
            *out.Add() = id;
        }
        for (const auto &o : n.output())
            defined_.insert(o);
        return true;
    }

    onnx::GraphProto &g_;
    std::vector<std::string> &warnings_;
    bool decideUnknownIf_;
    int64_t opset_ = 13;
    std::unordered_map<std::string, Value> known_;
    std::unordered_set<std::string> defined_; // values defined so far, in node order
    std::unordered_map<std::string, Dims> shapes_;
};

} // namespace

int foldOnnxConstants(onnx::ModelProto &model, std::vector<std::string> &warnings, bool decideUnknownIf)
{
    return Folder(model, warnings, decideUnknownIf).run();
}

} // namespace fuselab
