// SPDX-License-Identifier: GPL-3.0-or-later
// Test helpers that write ONNX models with the protobuf API: the importer's tests, its
// benchmark and the generator of tests/malformed/ use them.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

namespace fuselab::testonnx {

/// How an initializer carries its values.
enum class Weights {
    Inline,   // raw_data inside the model
    External, // data_location EXTERNAL, pointing at a file that does not exist
    Stripped, // dims only, no data at all
};

inline onnx::ModelProto model(int64_t opset = 13, const std::string &name = "test")
{
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("fuselab-tests");
    auto *op = m.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    m.mutable_graph()->set_name(name);
    return m;
}

/// A float tensor value with the given dims; a dim < 0 is symbolic (`symbols` names them).
inline void setType(onnx::ValueInfoProto *v, const std::vector<int64_t> &dims,
                    const std::vector<std::string> &symbols = {})
{
    auto *t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    auto *shape = t->mutable_shape();
    size_t symbol = 0;
    for (int64_t d : dims) {
        auto *dim = shape->add_dim();
        if (d >= 0)
            dim->set_dim_value(d);
        else if (symbol < symbols.size())
            dim->set_dim_param(symbols[symbol++]);
    }
}

inline void input(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &dims,
                  const std::vector<std::string> &symbols = {})
{
    auto *v = g.add_input();
    v->set_name(name);
    setType(v, dims, symbols);
}

/// A graph output; without dims its shape is left to inference.
inline void output(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &dims = {})
{
    auto *v = g.add_output();
    v->set_name(name);
    if (dims.empty())
        v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    else
        setType(v, dims);
}

inline onnx::NodeProto &node(onnx::GraphProto &g, const std::string &op, const std::string &name,
                             std::initializer_list<std::string> inputs,
                             std::initializer_list<std::string> outputs)
{
    auto *n = g.add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const auto &i : inputs)
        n->add_input(i);
    for (const auto &o : outputs)
        n->add_output(o);
    return *n;
}

inline void attr(onnx::NodeProto &n, const std::string &name, const std::vector<int64_t> &ints)
{
    auto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t i : ints)
        a->add_ints(i);
}

inline void attr(onnx::NodeProto &n, const std::string &name, int64_t i)
{
    auto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(i);
}

inline void attr(onnx::NodeProto &n, const std::string &name, float f)
{
    auto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(f);
}

inline void attr(onnx::NodeProto &n, const std::string &name, const std::string &s)
{
    auto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(s);
}

/// A float initializer of the given dims; Inline fills raw_data with a fixed pattern.
inline void initializer(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &dims,
                        Weights mode = Weights::Inline)
{
    auto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    int64_t count = 1;
    for (int64_t d : dims) {
        t->add_dims(d);
        count *= d;
    }
    switch (mode) {
    case Weights::Inline: {
        std::string bytes(static_cast<size_t>(count) * 4, '\0');
        for (size_t i = 0; i < bytes.size(); i += 4)
            bytes[i + 3] = 0x3c; // 2^-7 = 0.0078125, a plausible small weight
        t->set_raw_data(std::move(bytes));
        break;
    }
    case Weights::External: {
        t->set_data_location(onnx::TensorProto::EXTERNAL);
        auto *loc = t->add_external_data();
        loc->set_key("location");
        loc->set_value("weights_that_are_not_shipped.bin");
        auto *len = t->add_external_data();
        len->set_key("length");
        len->set_value(std::to_string(count * 4));
        break;
    }
    case Weights::Stripped:
        break;
    }
}

/// A 1-D int64 initializer with values (Reshape shapes, Slice bounds).
inline void int64Initializer(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &values)
{
    auto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values)
        t->add_int64_data(v);
}

/// A Constant node `name` whose int64 tensor (dims, values) is its output `name`: folding
/// turns it into an initializer, unlike int64Initializer's, which is one from the start.
inline void int64Constant(onnx::GraphProto &g, const std::string &name, const std::vector<int64_t> &dims,
                          const std::vector<int64_t> &values)
{
    auto &n = node(g, "Constant", name, {}, {name});
    auto *a = n.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims)
        a->mutable_t()->add_dims(d);
    for (int64_t v : values)
        a->mutable_t()->add_int64_data(v);
}

/// A float 1-D initializer with values (Resize scales).
inline void floatInitializer(onnx::GraphProto &g, const std::string &name, const std::vector<float> &values)
{
    auto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (float v : values)
        t->add_float_data(v);
}

/// Conv with square kernel `f`, symmetric padding, weights `name.w` (K×C/g×f×f) and bias.
inline void conv(onnx::GraphProto &g, const std::string &name, const std::string &in, const std::string &out,
                 int64_t c, int64_t k, int64_t f, int64_t stride, int64_t pad, int64_t groups = 1,
                 Weights mode = Weights::Inline)
{
    initializer(g, name + ".w", {k, c / groups, f, f}, mode);
    initializer(g, name + ".b", {k}, mode);
    auto &n = node(g, "Conv", name, {in, name + ".w", name + ".b"}, {out});
    attr(n, "kernel_shape", std::vector<int64_t>{f, f});
    attr(n, "strides", std::vector<int64_t>{stride, stride});
    attr(n, "pads", std::vector<int64_t>{pad, pad, pad, pad});
    attr(n, "group", groups);
}

inline std::string serialize(const onnx::ModelProto &m)
{
    std::string s;
    m.SerializeToString(&s);
    return s;
}

inline bool save(const std::string &bytes, const std::string &path)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(f);
}

inline bool save(const onnx::ModelProto &m, const std::string &path)
{
    return save(serialize(m), path);
}

} // namespace fuselab::testonnx
