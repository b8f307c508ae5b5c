// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import, first half: read the file without touching its weights, parse the graph,
// check what shape inference cannot (opsets, domains, dangling inputs, cycles), run ONNX
// shape inference, then hand over to mapOnnxGraph().
#include "io/onnx_import.h"

#include "io/onnx_fold.h"
#include "io/onnx_graph_mapper.h"
#include "io/onnx_wire.h"
#include "util/error.h"
#include "util/input_file.h"
#include "util/name_text.h"
#include "workload/layer.h"

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <QFile>

#include <filesystem>
#include <limits>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fuselab {

namespace {

std::string domainLabel(const std::string &d)
{
    return d.empty() ? "ai.onnx" : d;
}
std::string canonicalDomain(const std::string &d)
{
    return d == "ai.onnx" ? std::string() : d;
}

std::string nodeLabel(const onnx::NodeProto &n, int index)
{
    const std::string name = n.name().empty() ? "#" + std::to_string(index) : n.name();
    return "node '" + name + "' (" + n.op_type() + ")";
}

/// The file's bytes with the weight payloads dropped (see stripOnnxPayload). The file is
/// memory-mapped, so skipped weights are never read from disk.
std::string readStripped(const std::string &path)
{
    requireRegularFile(path, kMaxOnnxInputBytes, "an ONNX model");
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path, "", "cannot open: " + file.errorString().toStdString());
    const qint64 size = file.size();
    if (size == 0)
        throw InputError(path, "", "the file is empty (0 bytes), not an ONNX model");
    if (uchar *mapped = file.map(0, size)) {
        std::string out = stripOnnxPayload(
            std::string_view(reinterpret_cast<const char *>(mapped), static_cast<size_t>(size)), path);
        file.unmap(mapped);
        return out;
    }
    const QByteArray all = file.readAll(); // a file system without mmap
    return stripOnnxPayload(std::string_view(all.constData(), static_cast<size_t>(all.size())), path);
}

onnx::ModelProto parse(const std::string &path, const std::string &bytes)
{
    if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
        throw InputError(path, "graph", "the graph structure alone exceeds protobuf's 2 GB limit");
    onnx::ModelProto model;
    google::protobuf::io::ArrayInputStream stream(bytes.data(), static_cast<int>(bytes.size()));
    google::protobuf::io::CodedInputStream coded(&stream);
    coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
    if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
        throw InputError(path, "", "not an ONNX model: protobuf cannot parse it as a ModelProto");
    return model;
}

/// Opset imports: every version valid, the standard domains not newer than this ONNX
/// library knows, every node's domain imported.
void checkOpsets(const onnx::ModelProto &model, const std::string &path)
{
    const auto &ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    std::unordered_map<std::string, int64_t> imported;
    for (const auto &op : model.opset_import()) {
        const std::string d = canonicalDomain(op.domain());
        if (op.version() < 1)
            throw InputError(path, "opset_import",
                             "domain '" + domainLabel(d) + "' has invalid opset version " +
                                 std::to_string(op.version()));
        if (auto it = ranges.find(d); it != ranges.end() && op.version() > it->second.second)
            throw InputError(
                path, "opset_import",
                "unsupported opset: domain '" + domainLabel(d) + "' version " + std::to_string(op.version()) +
                    " is newer than this ONNX library supports (" + std::to_string(it->second.first) +
                    " to " + std::to_string(it->second.second) + ")");
        imported[d] = op.version();
    }
    const auto &g = model.graph();
    for (int i = 0; i < g.node_size(); ++i) {
        const auto &n = g.node(i);
        if (!imported.count(canonicalDomain(n.domain())))
            throw InputError(path, nodeLabel(n, i),
                             "unsupported opset: the node's domain '" + domainLabel(n.domain()) +
                                 "' is not imported by the model (no opset_import entry)");
    }
}

/// Every input defined, every output defined once, no cycle; reorders the nodes
/// topologically (stable) when the file lists them out of order.
void checkAndSortGraph(onnx::GraphProto &g, const std::string &path)
{
    const int n = g.node_size();
    std::unordered_map<std::string, int> producer; // value → node index, -1 for inputs/initializers
    for (const auto &t : g.initializer())
        producer[t.name()] = -1;
    for (const auto &v : g.input())
        producer[v.name()] = -1;
    for (int i = 0; i < n; ++i)
        for (const auto &out : g.node(i).output()) {
            if (out.empty())
                continue;
            auto [it, inserted] = producer.emplace(out, i);
            if (!inserted)
                throw InputError(path, nodeLabel(g.node(i), i),
                                 "output '" + out + "' is already " +
                                     (it->second < 0
                                          ? std::string("a graph input or initializer")
                                          : "produced by " + nodeLabel(g.node(it->second), it->second)));
        }
    std::vector<std::vector<int>> succ(n);
    std::vector<std::vector<int>> pred(n);
    std::vector<int> indegree(n, 0);
    for (int i = 0; i < n; ++i)
        for (const auto &in : g.node(i).input()) {
            if (in.empty())
                continue; // an omitted optional input
            const auto it = producer.find(in);
            if (it == producer.end())
                throw InputError(path, nodeLabel(g.node(i), i),
                                 "dangling input '" + in +
                                     "': it is not a graph input, an initializer or the output of any node");
            if (it->second >= 0) {
                succ[it->second].push_back(i);
                pred[i].push_back(it->second);
                ++indegree[i];
            }
        }
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;
    for (int i = 0; i < n; ++i)
        if (indegree[i] == 0)
            ready.push(i);
    std::vector<int> order;
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        order.push_back(i);
        for (int s : succ[i])
            if (--indegree[s] == 0)
                ready.push(s);
    }
    if (static_cast<int>(order.size()) != n) {
        // Walk back through unfinished predecessors until a node repeats: that is a cycle.
        std::vector<bool> done(n, false);
        for (int i : order)
            done[i] = true;
        int cur = 0;
        while (done[cur])
            ++cur;
        std::vector<int> seen(n, -1), path_;
        while (seen[cur] < 0) {
            seen[cur] = static_cast<int>(path_.size());
            path_.push_back(cur);
            for (int p : pred[cur])
                if (!done[p]) {
                    cur = p;
                    break;
                }
        }
        // path_ runs against the edges: print it backwards, from `cur` round to `cur`.
        auto label = [&](int i) {
            return "'" + (g.node(i).name().empty() ? "#" + std::to_string(i) : g.node(i).name()) + "'";
        };
        std::string cycle = label(cur);
        for (size_t k = path_.size(); k-- > static_cast<size_t>(seen[cur]) + 1;)
            cycle += " -> " + label(path_[k]);
        cycle += " -> " + label(cur);
        throw InputError(path, "graph", "the graph has a cycle: " + cycle);
    }
    bool sorted = true;
    for (int i = 0; i < n; ++i)
        sorted = sorted && order[i] == i;
    if (!sorted) {
        google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
        for (int i : order)
            *nodes.Add() = g.node(i);
        g.mutable_node()->Swap(&nodes);
    }
}

/// A dynamic batch dimension (dim_param "N", or absent) becomes 1 so shape inference can
/// resolve everything downstream; other symbolic dimensions stay, and the mapper names
/// them if a layer needs them.
void fixBatchDimension(onnx::GraphProto &g, std::vector<std::string> &warnings)
{
    std::unordered_map<std::string, bool> isInitializer;
    for (const auto &t : g.initializer())
        isInitializer[t.name()] = true;
    for (auto &v : *g.mutable_input()) {
        if (isInitializer.count(v.name()) || !v.type().has_tensor_type() ||
            !v.type().tensor_type().has_shape())
            continue;
        auto *shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
        if (shape->dim_size() == 0 || (shape->dim(0).has_dim_value() && shape->dim(0).dim_value() > 0))
            continue;
        const std::string symbol = shape->dim(0).has_dim_param() ? shape->dim(0).dim_param() : "?";
        shape->mutable_dim(0)->set_dim_value(1);
        warnings.push_back("input '" + v.name() + "': dynamic batch dimension '" + symbol + "' set to 1");
    }
}

/// The model's real inputs (not initializers) with their shapes, symbolic dims by name:
/// "'x' [N,3,224,224], 'len' [1]" — what a message about --input-shape lists.
std::string modelInputs(const onnx::GraphProto &g)
{
    std::unordered_set<std::string> initializers;
    for (const auto &t : g.initializer())
        initializers.insert(t.name());
    std::string out;
    for (const auto &v : g.input()) {
        if (initializers.count(v.name()))
            continue;
        std::string dims;
        if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
            for (const auto &d : v.type().tensor_type().shape().dim())
                dims += (dims.empty() ? "" : ",") +
                        (d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?");
        out += (out.empty() ? "" : ", ") + ("'" + v.name() + "' [" + dims + "]");
    }
    return out.empty() ? "none" : out;
}

/// The inputs (not initializers) with a symbolic dimension: their names.
std::unordered_set<std::string> symbolicInputs(const onnx::GraphProto &g)
{
    std::unordered_set<std::string> initializers, out;
    for (const auto &t : g.initializer())
        initializers.insert(t.name());
    for (const auto &v : g.input()) {
        if (initializers.count(v.name()) || !v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
            continue;
        for (const auto &d : v.type().tensor_type().shape().dim())
            if (!d.has_dim_value() || d.dim_value() <= 0)
                out.insert(v.name());
    }
    return out;
}

/// The shapes the inputs in `names` have now (after --input-shape and the batch fix), for
/// Workload::inputShapes; an input with a dimension still unknown is left out.
InputShapes usedInputShapes(const onnx::GraphProto &g, const std::unordered_set<std::string> &names)
{
    InputShapes out;
    for (const auto &v : g.input()) {
        if (!names.count(v.name()))
            continue;
        std::vector<int64_t> dims;
        bool known = true;
        for (const auto &d : v.type().tensor_type().shape().dim()) {
            known = known && d.has_dim_value() && d.dim_value() > 0;
            dims.push_back(d.dim_value());
        }
        if (known)
            out[v.name()] = dims;
    }
    return out;
}

/// `--input-shape`: fixes the given inputs' shapes before shape inference, so symbolic
/// dimensions (batch, sequence length, image size) resolve downstream. An unknown name or a
/// wrong rank is refused with the model's inputs listed; a fixed dimension that differs from
/// the file's is refused too.
void applyInputShapes(onnx::GraphProto &g, const InputShapes &shapes, const std::string &path)
{
    std::unordered_set<std::string> initializers;
    for (const auto &t : g.initializer())
        initializers.insert(t.name());
    for (const auto &[name, dims] : shapes) {
        onnx::ValueInfoProto *input = nullptr;
        for (auto &v : *g.mutable_input())
            if (v.name() == name && !initializers.count(name))
                input = &v;
        if (!input)
            throw InputError(path, "--input-shape " + inputShapeString(name, dims),
                             "the model has no input '" + name + "'; its inputs: " + modelInputs(g));
        auto *shape = input->mutable_type()->mutable_tensor_type()->mutable_shape();
        if (input->type().tensor_type().has_shape() && shape->dim_size() != static_cast<int>(dims.size()))
            throw InputError(path, "--input-shape " + inputShapeString(name, dims),
                             "input '" + name + "' has rank " + std::to_string(shape->dim_size()) + ", not " +
                                 std::to_string(dims.size()) + "; the model's inputs: " + modelInputs(g));
        for (size_t i = 0; i < dims.size() && shape->dim_size() == static_cast<int>(dims.size()); ++i) {
            const auto &d = shape->dim(static_cast<int>(i));
            if (d.has_dim_value() && d.dim_value() > 0 && d.dim_value() != dims[i])
                throw InputError(path, "--input-shape " + inputShapeString(name, dims),
                                 "dimension " + std::to_string(i) + " of input '" + name + "' is fixed at " +
                                     std::to_string(d.dim_value()) + " in the model; the model's inputs: " +
                                     modelInputs(g));
        }
        shape->clear_dim();
        for (int64_t d : dims)
            shape->add_dim()->set_dim_value(d);
    }
}

/// Drops the value_info shape hints of a graph and of every subgraph (If/Loop/Scan bodies),
/// which shape inference recomputes: an exporter's stale hint is otherwise a hard error.
void clearValueInfo(onnx::GraphProto &g)
{
    g.clear_value_info();
    for (auto &n : *g.mutable_node())
        for (auto &a : *n.mutable_attribute()) {
            if (a.has_g())
                clearValueInfo(*a.mutable_g());
            for (auto &sub : *a.mutable_graphs())
                clearValueInfo(sub);
        }
}

/// True when every node input, in the graph and in its subgraphs (which also see the values
/// of the scopes around them), has a type: a graph input, an initializer, or a typed
/// value_info or output. ONNX 1.12's data propagation dereferences the type of every input
/// of the nodes it propagates through and crashed (SIGSEGV) on an untyped one, e.g. after an
/// If branch was inlined; it runs only when this holds.
bool allNodeInputsTyped(const onnx::GraphProto &g, std::unordered_set<std::string> typed = {})
{
    auto add = [&typed](const onnx::ValueInfoProto &v) {
        if (v.type().value_case() != onnx::TypeProto::VALUE_NOT_SET &&
            (!v.type().has_tensor_type() || v.type().tensor_type().elem_type() != 0))
            typed.insert(v.name());
    };
    for (const auto &v : g.input())
        add(v);
    for (const auto &v : g.value_info())
        add(v);
    for (const auto &v : g.output())
        add(v);
    for (const auto &t : g.initializer())
        typed.insert(t.name());
    for (const auto &n : g.node()) {
        for (const auto &in : n.input())
            if (!in.empty() && !typed.count(in))
                return false;
        for (const auto &a : n.attribute()) {
            if (a.has_g() && !allNodeInputsTyped(a.g(), typed))
                return false;
            for (const auto &sub : a.graphs())
                if (!allNodeInputsTyped(sub, typed))
                    return false;
        }
    }
    return true;
}

std::string firstLine(const std::string &s);
void checkNestedStructure(const onnx::ModelProto &model, const std::string &path);

/// The window attributes ONNX's shape inference divides by or multiplies out (conv and pool
/// strides, dilations, kernels; DepthToSpace/SpaceToDepth block sizes; conv groups): a zero
/// stride was a division by zero (SIGFPE) inside libonnx, found by fuzz_onnx. Values must be
/// positive (pads non-negative) and at most kMaxDimension, so that no product in the shape
/// arithmetic overflows 64 bits either.
void checkWindowAttributes(const onnx::NodeProto &n, int index, const std::string &path,
                           const std::string &label = {})
{
    static const std::unordered_set<std::string> positive = {"strides", "dilations", "kernel_shape",
                                                             "blocksize", "group"};
    for (const auto &a : n.attribute()) {
        const bool isPads = a.name() == "pads";
        if (!isPads && !positive.count(a.name()))
            continue;
        std::vector<int64_t> values(a.ints().begin(), a.ints().end());
        if (a.type() == onnx::AttributeProto::INT || a.has_i())
            values.push_back(a.i());
        for (int64_t v : values) {
            const int64_t low = isPads ? 0 : 1;
            if (v < low || v > kMaxDimension)
                throw InputError(path, (label.empty() ? nodeLabel(n, index) : label) + " attribute '" + a.name() + "'",
                                 "value " + std::to_string(v) + " is out of range: it must be " +
                                     (isPads ? "from 0" : "from 1") + " to " + std::to_string(kMaxDimension));
        }
    }
}

/// ONNX's shape inference trusts its input: a node with a missing attribute or a weight of
/// the wrong rank can crash it. Everything it would index blindly is checked first: node
/// arity and attributes against the op schema, tensor types and dims, conv weight ranks.
void preflight(const onnx::ModelProto &model, const std::string &path)
{
    checkNestedStructure(model, path);
    const auto &g = model.graph();
    std::unordered_map<std::string, int> rank; // of values whose shape the file states
    auto checkValue = [&](const onnx::ValueInfoProto &v, const char *what) {
        if (!v.type().has_tensor_type())
            return;
        const auto &t = v.type().tensor_type();
        if (!onnx::TensorProto_DataType_IsValid(t.elem_type()))
            throw InputError(path, std::string(what) + " '" + v.name() + "'",
                             "invalid element type " + std::to_string(t.elem_type()));
        if (!t.has_shape())
            return;
        for (const auto &d : t.shape().dim())
            if (d.has_dim_value() && d.dim_value() < 0)
                throw InputError(path, std::string(what) + " '" + v.name() + "'", "negative dimension");
        rank[v.name()] = t.shape().dim_size();
    };
    for (const auto &v : g.input())
        checkValue(v, "input");
    for (const auto &v : g.output())
        checkValue(v, "output");
    for (const auto &v : g.value_info())
        checkValue(v, "value_info");
    for (const auto &t : g.initializer()) {
        if (t.data_type() == onnx::TensorProto::UNDEFINED ||
            !onnx::TensorProto_DataType_IsValid(t.data_type()))
            throw InputError(path, "initializer '" + t.name() + "'",
                             "invalid data type " + std::to_string(t.data_type()));
        for (int64_t d : t.dims())
            if (d < 0)
                throw InputError(path, "initializer '" + t.name() + "'", "negative dimension");
        rank[t.name()] = t.dims_size();
    }
    std::unordered_map<std::string, int64_t> opsets;
    for (const auto &op : model.opset_import())
        opsets[canonicalDomain(op.domain())] = op.version();
    for (int i = 0; i < g.node_size(); ++i) {
        const auto &n = g.node(i);
        const std::string domain = canonicalDomain(n.domain());
        if (!domain.empty() && domain != "ai.onnx.ml")
            continue; // a custom domain: no schema to check against
        const auto *schema =
            onnx::OpSchemaRegistry::Schema(n.op_type(), static_cast<int>(opsets[domain]), domain);
        if (!schema)
            continue; // unknown op: the mapper names it when its shapes are missing
        try {
            schema->Verify(n);
        } catch (const std::exception &e) {
            throw InputError(path, nodeLabel(n, i), firstLine(e.what()));
        }
        checkWindowAttributes(n, i, path);
        if ((n.op_type() == "Conv" || n.op_type() == "ConvTranspose") && domain.empty()) {
            const auto x = rank.find(n.input(0)), w = rank.find(n.input(1));
            if (w != rank.end() && (w->second < 3 || (x != rank.end() && x->second != w->second)))
                throw InputError(
                    path, nodeLabel(n, i),
                    "weights '" + n.input(1) + "' have rank " + std::to_string(w->second) +
                        (x != rank.end() ? ", the input rank " + std::to_string(x->second) : ""));
        }
    }
}

/// Subgraphs (If/Loop/Scan bodies) and model-local functions are checked like the main
/// graph before ONNX's shape inference sees them: it infers into both, so a zero stride in
/// an If branch or a function body was the same SIGFPE as in the main graph, and a function
/// that calls itself recursed until the stack overflowed. Window attributes of every node
/// (call sites of functions too, which pass attributes into the body), the op schema of
/// standard nodes, clean names; nesting bounded by kOnnxMaxSubgraphDepth; no function may
/// call itself, directly or through others.
void checkNestedStructure(const onnx::ModelProto &model, const std::string &path)
{
    std::unordered_map<std::string, int64_t> opsets;
    for (const auto &op : model.opset_import())
        opsets[canonicalDomain(op.domain())] = op.version();
    auto functionKey = [](const std::string &domain, const std::string &name) {
        return canonicalDomain(domain) + "::" + name;
    };
    std::unordered_map<std::string, int> functionIndex;
    for (int f = 0; f < model.functions_size(); ++f)
        functionIndex.emplace(functionKey(model.functions(f).domain(), model.functions(f).name()), f);

    // Explicit stack instead of recursion: (nodes' owner label, the nodes, depth).
    struct Scope {
        std::string where;
        const google::protobuf::RepeatedPtrField<onnx::NodeProto> *nodes;
        int depth;
        int function; // the model-local function the nodes belong to, -1 for the main graph
    };
    std::vector<Scope> todo;
    todo.push_back({"graph", &model.graph().node(), 0, -1});
    for (int f = 0; f < model.functions_size(); ++f)
        todo.push_back({"function '" + printableName(model.functions(f).name()) + "'", &model.functions(f).node(), 0, f});
    std::vector<std::vector<int>> calls(static_cast<size_t>(model.functions_size()));
    for (size_t at = 0; at < todo.size(); ++at) {
        const Scope scope = todo[at];
        for (int i = 0; i < scope.nodes->size(); ++i) {
            const auto &n = scope.nodes->Get(i);
            const std::string label = (scope.where == "graph" ? std::string() : scope.where + ": ") +
                                      "node '" + printableName(n.name().empty() ? "#" + std::to_string(i) : n.name()) +
                                      "' (" + printableName(n.op_type()) + ")";
            for (const auto *text : {&n.name(), &n.op_type()})
                if (const std::string why = nameTextProblem(*text); !why.empty())
                    throw InputError(path, label, "name " + why);
            for (const auto &v : n.output())
                if (const std::string why = nameTextProblem(v); !why.empty())
                    throw InputError(path, label, "output name '" + printableName(v) + "' " + why);
            checkWindowAttributes(n, i, path, label);
            if (scope.depth > 0 || scope.function >= 0) { // the main graph's own nodes: preflight
                const std::string domain = canonicalDomain(n.domain());
                if (const auto *schema = (domain.empty() || domain == "ai.onnx.ml")
                                             ? onnx::OpSchemaRegistry::Schema(
                                                   n.op_type(), static_cast<int>(opsets[domain]), domain)
                                             : nullptr) {
                    try {
                        schema->Verify(n);
                    } catch (const std::exception &e) {
                        throw InputError(path, label, firstLine(e.what()));
                    }
                }
            }
            if (auto it = functionIndex.find(functionKey(n.domain(), n.op_type()));
                it != functionIndex.end() && scope.function >= 0)
                calls[static_cast<size_t>(scope.function)].push_back(it->second);
            for (const auto &a : n.attribute()) {
                std::vector<const onnx::GraphProto *> graphs;
                if (a.has_g())
                    graphs.push_back(&a.g());
                for (const auto &g : a.graphs())
                    graphs.push_back(&g);
                for (const auto *g : graphs) {
                    if (scope.depth + 1 > kOnnxMaxSubgraphDepth)
                        throw InputError(path, label, "subgraphs (If/Loop/Scan bodies) are nested more than " +
                                                          std::to_string(kOnnxMaxSubgraphDepth) + " levels deep");
                    todo.push_back({scope.where, &g->node(), scope.depth + 1, scope.function});
                }
            }
        }
    }
    // A call cycle among the functions (f calls f, or f -> g -> f): iterative colouring DFS.
    const int nf = model.functions_size();
    std::vector<int> colour(static_cast<size_t>(nf), 0); // 0 new, 1 on the stack, 2 done
    for (int start = 0; start < nf; ++start) {
        if (colour[static_cast<size_t>(start)])
            continue;
        std::vector<std::pair<int, size_t>> stack{{start, 0}};
        colour[static_cast<size_t>(start)] = 1;
        while (!stack.empty()) {
            auto &[f, next] = stack.back();
            const auto &out = calls[static_cast<size_t>(f)];
            if (next == out.size()) {
                colour[static_cast<size_t>(f)] = 2;
                stack.pop_back();
                continue;
            }
            const int g = out[next++];
            if (colour[static_cast<size_t>(g)] == 1) {
                const std::string fn = printableName(model.functions(f).name());
                const std::string gn = printableName(model.functions(g).name());
                throw InputError(path, "function '" + gn + "'",
                                 f == g ? "calls itself (recursive model-local functions cannot be inlined)"
                                        : "is part of a call cycle through function '" + fn +
                                              "' (recursive model-local functions cannot be inlined)");
            }
            if (colour[static_cast<size_t>(g)] == 0) {
                colour[static_cast<size_t>(g)] = 1;
                stack.push_back({g, 0});
            }
        }
    }
}

std::string firstLine(const std::string &s)
{
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

} // namespace

Workload importOnnx(const std::string &path, Precision precision, const InputShapes &inputShapes)
{
    onnx::ModelProto model = parse(path, readStripped(path));
    if (!model.has_graph())
        throw InputError(path, "graph", "the model has no graph");
    if (model.graph().node_size() == 0)
        throw InputError(path, "graph", "the graph has no nodes");
    if (model.opset_import_size() == 0)
        throw InputError(path, "opset_import", "unsupported opset: the model imports no opset");
    checkOpsets(model, path);
    std::vector<std::string> warnings;
    if (model.ir_version() > onnx::IR_VERSION)
        warnings.push_back("IR version " + std::to_string(model.ir_version()) +
                           " is newer than this ONNX library's (" + std::to_string(onnx::IR_VERSION) + ")");
    checkAndSortGraph(*model.mutable_graph(), path);
    preflight(model, path);
    const auto symbolic = symbolicInputs(model.graph());
    applyInputShapes(*model.mutable_graph(), inputShapes, path);
    fixBatchDimension(*model.mutable_graph(), warnings);
    InputShapes used = usedInputShapes(model.graph(), symbolic);
    // Some real exports carry value_info hints that ONNX's inference cannot merge with what it
    // infers (a stale hint inside an If branch): then the hints are dropped, inference runs
    // again, and a warning says so.
    bool lenient = false;
    // Data propagation (shape values through Shape/Gather/Concat…) only over typed inputs: a
    // first pass without it types what it can, then it runs when every input has a type.
    auto inferOnce = [&] {
        const bool typed = allNodeInputsTyped(model.graph());
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(/*check_type=*/false, /*error_mode=*/1,
                                                                       /*enable_data_propagation=*/typed));
        if (!typed && allNodeInputsTyped(model.graph()))
            onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                               onnx::ShapeInferenceOptions(false, 1, true));
    };
    auto inferShapes = [&] {
        try {
            inferOnce();
            return;
        } catch (const std::exception &e) {
            if (lenient)
                throw InputError(path, "shape inference",
                                 "the graph's shapes cannot be inferred: " + firstLine(e.what()));
            warnings.push_back("shape inference: " + firstLine(e.what()) +
                               "; inferred again without the model's value_info hints");
            lenient = true;
        }
        clearValueInfo(*model.mutable_graph()); // hints only; a stale one cannot be merged
        try {
            inferOnce();
        } catch (const std::exception &e) {
            throw InputError(path, "shape inference",
                             "the graph's shapes cannot be inferred: " + firstLine(e.what()));
        }
    };
    inferShapes();
    // Constant folding and shape inference in turns until nothing more folds (each round makes
    // more shapes known, which lets Shape nodes fold); an If whose condition stays unknown is
    // decided (costlier branch) only when nothing else folds.
    for (int round = 0; round < 16; ++round) {
        int folded = foldOnnxConstants(model, warnings, false);
        if (folded == 0)
            folded = foldOnnxConstants(model, warnings, true);
        if (folded == 0)
            break;
        inferShapes();
    }
    Workload w = mapOnnxGraph(model, path, precision, std::move(warnings), modelInputs(model.graph()));
    w.inputShapes = std::move(used);
    return w;
}

std::vector<ModelInput> onnxInputs(const std::string &path)
{
    const onnx::ModelProto model = parse(path, readStripped(path));
    if (!model.has_graph())
        throw InputError(path, "graph", "the model has no graph");
    std::unordered_set<std::string> initializers;
    for (const auto &t : model.graph().initializer())
        initializers.insert(t.name());
    std::vector<ModelInput> out;
    for (const auto &v : model.graph().input()) {
        if (initializers.count(v.name()))
            continue;
        ModelInput in{v.name(), {}};
        if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
            for (const auto &d : v.type().tensor_type().shape().dim())
                in.dims.push_back(d.has_dim_value() && d.dim_value() > 0 ? InputDim{d.dim_value(), {}}
                                                                         : InputDim{InputDim::kSymbolicDim, d.dim_param()});
        out.push_back(std::move(in));
    }
    return out;
}

} // namespace fuselab
