// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/token_builder.h"

#include "workload/network_builder.h"

#include <utility>

namespace fuselab {

TokenBuilder::TokenBuilder(std::string name, Precision precision) : precision_(precision)
{
    w_.name = std::move(name);
}

TensorId TokenBuilder::input(const std::string &name, int64_t batch, int64_t features, int64_t tokens)
{
    return w_.addTensor({name, batch, features, tokens, 1, precision_.i, kNone});
}

Layer TokenBuilder::base(const std::string &name, OpType op, const std::string &sourceOp, TensorId in) const
{
    const Tensor &x = tensor(in);
    Layer l;
    l.name = name;
    l.op = op;
    l.sourceOp = sourceOp;
    l.precision = precision_;
    l.dims.b = x.n;
    l.dims.c = x.c;
    l.iy = x.h;
    l.ix = 1;
    l.inputs = {in};
    return l;
}

TensorId TokenBuilder::emit(Layer l, int64_t k, int64_t rows)
{
    l.dims.k = k;
    l.dims.oy = rows;
    l.dims.ox = 1;
    l.output = w_.addTensor({l.name, l.dims.b, k, rows, 1, precision_.o, kNone});
    w_.addLayer(std::move(l));
    return static_cast<TensorId>(w_.tensors.size() - 1);
}

TensorId TokenBuilder::linear(const std::string &name, TensorId in, int64_t out, std::vector<std::string> folded)
{
    Layer l = base(name, OpType::MatMul, "MatMul", in);
    l.hasWeights = true;
    l.folded = std::move(folded);
    const int64_t rows = tensor(in).h;
    return emit(std::move(l), out, rows);
}

TensorId TokenBuilder::vector(const std::string &name, TensorId in, const std::string &sourceOp)
{
    Layer l = base(name, OpType::Activation, sourceOp, in);
    const int64_t c = tensor(in).c, rows = tensor(in).h;
    return emit(std::move(l), c, rows);
}

TensorId TokenBuilder::scores(const std::string &name, TensorId q, TensorId k, int64_t heads, TensorId extra)
{
    Layer l = base(name, OpType::MatMul, "MatMul", q); // C = H·d_head, one group per head
    l.groups = static_cast<int>(heads);
    l.inputs.push_back(k);
    if (extra != kNone)
        l.inputs.push_back(extra);
    const int64_t keys = tensor(k).h, rows = tensor(q).h;
    return emit(std::move(l), heads * keys, rows);
}

TensorId TokenBuilder::context(const std::string &name, TensorId p, TensorId v, int64_t heads, int64_t headDim,
                               TensorId extra)
{
    Layer l = base(name, OpType::MatMul, "MatMul", p); // C = H·keys, one group per head
    l.groups = static_cast<int>(heads);
    l.inputs.push_back(v);
    if (extra != kNone)
        l.inputs.push_back(extra);
    const int64_t rows = tensor(p).h;
    return emit(std::move(l), heads * headDim, rows);
}

TensorId TokenBuilder::add(const std::string &name, TensorId a, TensorId b)
{
    Layer l = base(name, OpType::Add, "Add", a);
    l.inputs.push_back(b);
    const int64_t c = tensor(a).c, rows = tensor(a).h;
    return emit(std::move(l), c, rows);
}

TensorId TokenBuilder::mul(const std::string &name, TensorId a, TensorId b)
{
    Layer l = base(name, OpType::Mul, "Mul", a);
    l.inputs.push_back(b);
    const int64_t c = tensor(a).c, rows = tensor(a).h;
    return emit(std::move(l), c, rows);
}

TensorId TokenBuilder::oneToken(const std::string &name, TensorId in, bool last)
{
    Layer l = base(name, OpType::Slice, last ? "LastToken" : "ClassToken", in);
    const int64_t c = tensor(in).c;
    return emit(std::move(l), c, 1);
}

Workload TokenBuilder::finish()
{
    addFoldingWarning(w_);
    return std::move(w_);
}

} // namespace fuselab
