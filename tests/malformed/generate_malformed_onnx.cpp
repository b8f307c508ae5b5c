// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the malformed ONNX files of this directory (see README.md for the expected error
// of each). Run once, commit the files: build/tests/generate_malformed_onnx tests/malformed
#include "onnx_model_builder.h"

#include <cstdio>
#include <random>

using namespace fuselab::testonnx;

namespace {

/// input [1,3,8,8] → conv (3→4, 3×3, pad 1) → relu: the valid base most files break.
onnx::ModelProto tinyConv(Weights mode = Weights::Inline)
{
    auto m = model(13, "tiny");
    auto &g = *m.mutable_graph();
    input(g, "input", {1, 3, 8, 8});
    conv(g, "conv0", "input", "c0", 3, 4, 3, 1, 1, 1, mode);
    node(g, "Relu", "relu0", {"c0"}, {"output"});
    output(g, "output", {1, 4, 8, 8});
    return m;
}

bool write(const std::string &dir, const std::string &name, const std::string &bytes)
{
    const bool ok = save(bytes, dir + "/" + name);
    std::printf("%s %s (%zu bytes)\n", ok ? "wrote" : "FAILED", name.c_str(), bytes.size());
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    bool ok = true;

    ok &= write(dir, "empty.onnx", "");
    ok &= write(dir, "text_file.onnx", "This is a plain text file, not an ONNX model.\nIt has two lines.\n");
    {
        std::mt19937 rng(20261121);
        std::string bytes(4096, '\0');
        for (auto &b : bytes)
            b = static_cast<char>(rng() & 0xff);
        bytes[0] = static_cast<char>(0xff); // field 31, wire type 7: never protobuf
        ok &= write(dir, "random_bytes.onnx", bytes);
    }
    {
        // 16 conv filters of 64×3×3 floats make the graph field ~37 KB; cut at 60 %.
        auto m = model(13, "truncated");
        auto &g = *m.mutable_graph();
        input(g, "input", {1, 64, 16, 16});
        conv(g, "conv0", "input", "output", 64, 16, 3, 1, 1);
        output(g, "output");
        const std::string full = serialize(m);
        ok &= write(dir, "truncated.onnx", full.substr(0, full.size() * 6 / 10));
    }
    {
        auto m = tinyConv();
        m.clear_graph();
        ok &= write(dir, "no_graph.onnx", serialize(m));
    }
    {
        auto m = model(13, "empty_graph");
        input(*m.mutable_graph(), "input", {1, 3, 8, 8});
        output(*m.mutable_graph(), "input", {1, 3, 8, 8});
        ok &= write(dir, "no_nodes.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_graph()->mutable_input(0)->Clear();
        m.mutable_graph()->mutable_input(0)->set_name("input");
        setType(m.mutable_graph()->mutable_input(0), {1, 3, -1, -1}, {"height", "width"});
        m.mutable_graph()->mutable_output(0)->Clear();
        m.mutable_graph()->mutable_output(0)->set_name("output");
        ok &= write(dir, "symbolic_spatial.onnx", serialize(m));
    }
    {
        auto m = model(13, "mismatch");
        auto &g = *m.mutable_graph();
        input(g, "input", {1, 3, 8, 8});
        initializer(g, "conv0.w", {4, 5, 3, 3}); // expects 5 input channels, gets 3
        auto &n = node(g, "Conv", "conv0", {"input", "conv0.w"}, {"output"});
        attr(n, "kernel_shape", std::vector<int64_t>{3, 3});
        output(g, "output");
        ok &= write(dir, "conv_channel_mismatch.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        auto *op = m.add_opset_import();
        op->set_domain("com.example");
        op->set_version(1);
        auto &n = *m.mutable_graph()->mutable_node(1);
        n.set_op_type("FancyOp");
        n.set_domain("com.example");
        m.mutable_graph()->mutable_output(0)->clear_type();
        ok &= write(dir, "custom_op_no_shape.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_graph()->mutable_node(1)->set_op_type("Rectify"); // no such ONNX op
        m.mutable_graph()->mutable_output(0)->clear_type();
        ok &= write(dir, "unknown_op.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_opset_import(0)->set_version(99);
        ok &= write(dir, "opset_too_new.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_opset_import(0)->set_version(0);
        ok &= write(dir, "opset_invalid_version.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.clear_opset_import();
        ok &= write(dir, "no_opset.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_graph()->mutable_node(1)->set_domain("com.bogus"); // never imported
        ok &= write(dir, "undeclared_domain.onnx", serialize(m));
    }
    {
        // a = Add(input, d); b = Relu(a) → c; d = Relu(c): a → b → d → a.
        auto m = model(13, "cycle");
        auto &g = *m.mutable_graph();
        input(g, "input", {1, 4, 8, 8});
        node(g, "Add", "a", {"input", "d_out"}, {"a_out"});
        node(g, "Relu", "b", {"a_out"}, {"b_out"});
        node(g, "Relu", "d", {"b_out"}, {"d_out"});
        output(g, "b_out");
        ok &= write(dir, "cycle.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        m.mutable_graph()->mutable_node(1)->set_input(0, "ghost");
        ok &= write(dir, "dangling_input.onnx", serialize(m));
    }
    {
        auto m = tinyConv();
        node(*m.mutable_graph(), "Relu", "relu1", {"input"}, {"c0"}); // c0 is conv0's output
        ok &= write(dir, "duplicate_output.onnx", serialize(m));
    }
    return ok ? 0 : 1;
}
