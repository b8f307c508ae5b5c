// SPDX-License-Identifier: GPL-3.0-or-later
// Turns fuzzer bytes into an ONNX model with the structure below the top level that raw-byte
// mutation almost never reaches (issue 16, item 2): If nodes whose branches hold Convs and
// further Ifs, model-local functions that hold Convs and call functions (themselves
// included), window attributes from the bytes (zero and huge strides), and nesting up to
// past kOnnxMaxSubgraphDepth. fuzz_onnx feeds every input both as raw bytes and through
// this generator; tst_hardening_inputs runs the generator over pseudo-random bytes, so it
// is compiled and exercised by the ordinary test build too.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fuselab::fuzz {

/// Reads small values from the input; 0 once the bytes are used up.
class ByteSource {
public:
    explicit ByteSource(std::string_view bytes) : bytes_(bytes) {}
    uint8_t byte() { return pos_ < bytes_.size() ? static_cast<uint8_t>(bytes_[pos_++]) : 0; }
    int upTo(int n) { return n <= 0 ? 0 : byte() % (n + 1); }
    /// A window attribute value: mostly 1..3, sometimes 0, negative or huge.
    int64_t windowValue()
    {
        switch (byte() % 8) {
        case 0: return 0;
        case 1: return -1;
        case 2: return int64_t(1) << 40;
        default: return 1 + upTo(2);
        }
    }

private:
    std::string_view bytes_;
    size_t pos_ = 0;
};

class OnnxStructureGenerator {
public:
    explicit OnnxStructureGenerator(std::string_view bytes) : in_(bytes) {}

    std::string model()
    {
        onnx::ModelProto m;
        m.set_ir_version(8);
        auto *standard = m.add_opset_import();
        standard->set_domain("");
        standard->set_version(13);
        auto *local = m.add_opset_import();
        local->set_domain("local");
        local->set_version(1);
        functions_ = in_.upTo(3);
        auto &g = *m.mutable_graph();
        g.set_name("main");
        value(g.add_input(), "x", onnx::TensorProto::FLOAT, {1, 3, 8, 8});
        value(g.add_input(), "c", onnx::TensorProto::BOOL, {});
        auto *w = g.add_initializer();
        w->set_name("w");
        w->set_data_type(onnx::TensorProto::FLOAT);
        for (int64_t d : {3, 3, 3, 3})
            w->add_dims(d);
        w->set_raw_data(std::string(3 * 3 * 3 * 3 * 4, '\0'));
        body(g, "x", "y", 0);
        auto *out = g.add_output();
        out->set_name("y");
        out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        for (int f = 0; f < functions_; ++f) {
            auto &fn = *m.add_functions();
            fn.set_name("F" + std::to_string(f));
            fn.set_domain("local");
            fn.add_input("fx");
            fn.add_input("fw");
            fn.add_output("fy");
            auto *op = fn.add_opset_import();
            op->set_domain("");
            op->set_version(13);
            auto *lo = fn.add_opset_import();
            lo->set_domain("local");
            lo->set_version(1);
            functionBody(fn);
        }
        std::string bytes;
        m.SerializeToString(&bytes);
        return bytes;
    }

private:
    static void value(onnx::ValueInfoProto *v, const std::string &name, int type, std::initializer_list<int64_t> dims)
    {
        v->set_name(name);
        auto *t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(type);
        auto *shape = t->mutable_shape();
        for (int64_t d : dims)
            shape->add_dim()->set_dim_value(d);
    }

    void conv(onnx::NodeProto &n, const std::string &in, const std::string &weights, const std::string &out)
    {
        n.set_op_type("Conv");
        n.set_name("conv" + std::to_string(counter_++));
        n.add_input(in);
        n.add_input(weights);
        n.add_output(out);
        for (const char *name : {"strides", "dilations", "kernel_shape"}) {
            if (in_.byte() % 3 == 0)
                continue;
            auto *a = n.add_attribute();
            a->set_name(name);
            a->set_type(onnx::AttributeProto::INTS);
            a->add_ints(in_.windowValue());
            a->add_ints(in_.windowValue());
        }
    }

    void call(onnx::NodeProto &n, const std::string &in, const std::string &weights, const std::string &out)
    {
        n.set_op_type("F" + std::to_string(in_.upTo(functions_ - 1)));
        n.set_domain("local");
        n.set_name("call" + std::to_string(counter_++));
        n.add_input(in);
        n.add_input(weights);
        n.add_output(out);
    }

    /// One node of `g` from `in` to `out`: a Conv, a function call or an If whose then-branch
    /// is a body one level deeper (the depth may run past the importer's bound on purpose).
    void body(onnx::GraphProto &g, const std::string &in, const std::string &out, int depth)
    {
        auto &n = *g.add_node();
        const int kind = depth >= kMaxDepth ? 0 : in_.upTo(functions_ > 0 ? 2 : 1);
        if (kind == 0) {
            conv(n, in, "w", out);
            return;
        }
        if (kind == 2) {
            call(n, in, "w", out);
            return;
        }
        n.set_op_type("If");
        n.set_name("if" + std::to_string(counter_++));
        n.add_input("c");
        n.add_output(out);
        for (const char *branch : {"then_branch", "else_branch"}) {
            auto *a = n.add_attribute();
            a->set_name(branch);
            a->set_type(onnx::AttributeProto::GRAPH);
            auto &sub = *a->mutable_g();
            sub.set_name(std::string(branch) + std::to_string(depth));
            const std::string subOut = std::string(branch) + "_out" + std::to_string(counter_++);
            if (std::string_view(branch) == "then_branch")
                body(sub, in, subOut, depth + 1); // only one branch nests: the size stays linear
            else
                conv(*sub.add_node(), in, "w", subOut);
            auto *o = sub.add_output();
            o->set_name(subOut);
            o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        }
    }

    void functionBody(onnx::FunctionProto &fn)
    {
        const int nodes = 1 + in_.upTo(2);
        std::string at = "fx";
        for (int i = 0; i < nodes; ++i) {
            const std::string next = i + 1 == nodes ? std::string("fy") : "t" + std::to_string(i);
            auto &n = *fn.add_node();
            if (in_.byte() % 2 == 0)
                conv(n, at, "fw", next);
            else
                call(n, at, "fw", next); // possibly itself: must be refused, not inlined forever
            at = next;
        }
    }

    static constexpr int kMaxDepth = 40; // past kOnnxMaxSubgraphDepth (32)
    ByteSource in_;
    int functions_ = 0;
    int counter_ = 0;
};

} // namespace fuselab::fuzz
