// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import, first half: read the file without touching its weights, parse the graph,
// check what shape inference cannot (opsets, domains, dangling inputs, cycles), run ONNX
// shape inference, then hand over to mapOnnxGraph().
#include "io/onnx_import.h"

#include "io/onnx_graph_mapper.h"
#include "io/onnx_wire.h"
#include "util/error.h"

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

namespace fuselab {

namespace {

std::string domainLabel(const std::string &d) { return d.empty() ? "ai.onnx" : d; }
std::string canonicalDomain(const std::string &d) { return d == "ai.onnx" ? std::string() : d; }

std::string nodeLabel(const onnx::NodeProto &n, int index)
{
    const std::string name = n.name().empty() ? "#" + std::to_string(index) : n.name();
    return "node '" + name + "' (" + n.op_type() + ")";
}

/// The file's bytes with the weight payloads dropped (see stripOnnxPayload). The file is
/// memory-mapped, so skipped weights are never read from disk.
std::string readStripped(const std::string &path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw InputError(path, "", "file does not exist");
    if (std::filesystem::is_directory(status))
        throw InputError(path, "", "is a directory, not an ONNX file");
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path, "", "cannot open: " + file.errorString().toStdString());
    const qint64 size = file.size();
    if (size == 0)
        throw InputError(path, "", "the file is empty (0 bytes), not an ONNX model");
    if (uchar *mapped = file.map(0, size)) {
        std::string out =
            stripOnnxPayload(std::string_view(reinterpret_cast<const char *>(mapped), static_cast<size_t>(size)), path);
        file.unmap(mapped);
        return out;
    }
    const QByteArray all = file.readAll();  // a file system without mmap
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
            throw InputError(path, "opset_import", "domain '" + domainLabel(d) + "' has invalid opset version " +
                                                       std::to_string(op.version()));
        if (auto it = ranges.find(d); it != ranges.end() && op.version() > it->second.second)
            throw InputError(path, "opset_import",
                             "unsupported opset: domain '" + domainLabel(d) + "' version " +
                                 std::to_string(op.version()) + " is newer than this ONNX library supports (" +
                                 std::to_string(it->second.first) + " to " + std::to_string(it->second.second) + ")");
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
    std::unordered_map<std::string, int> producer;  // value → node index, -1 for inputs/initializers
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
                                     (it->second < 0 ? std::string("a graph input or initializer")
                                                     : "produced by " + nodeLabel(g.node(it->second), it->second)));
        }
    std::vector<std::vector<int>> succ(n);
    std::vector<std::vector<int>> pred(n);
    std::vector<int> indegree(n, 0);
    for (int i = 0; i < n; ++i)
        for (const auto &in : g.node(i).input()) {
            if (in.empty())
                continue;  // an omitted optional input
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
        std::string cycle;
        for (size_t k = path_.size(); k-- > static_cast<size_t>(seen[cur]);)
            cycle += "'" + (g.node(path_[k]).name().empty() ? "#" + std::to_string(path_[k]) : g.node(path_[k]).name()) +
                     "' -> ";
        cycle += "'" + (g.node(cur).name().empty() ? "#" + std::to_string(cur) : g.node(cur).name()) + "'";
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
        if (isInitializer.count(v.name()) || !v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
            continue;
        auto *shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
        if (shape->dim_size() == 0 || (shape->dim(0).has_dim_value() && shape->dim(0).dim_value() > 0))
            continue;
        const std::string symbol = shape->dim(0).has_dim_param() ? shape->dim(0).dim_param() : "?";
        shape->mutable_dim(0)->set_dim_value(1);
        warnings.push_back("input '" + v.name() + "': dynamic batch dimension '" + symbol + "' set to 1");
    }
}

std::string firstLine(const std::string &s)
{
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

} // namespace

Workload importOnnx(const std::string &path, Precision precision)
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
        warnings.push_back("IR version " + std::to_string(model.ir_version()) + " is newer than this ONNX library's (" +
                           std::to_string(onnx::IR_VERSION) + ")");
    checkAndSortGraph(*model.mutable_graph(), path);
    fixBatchDimension(*model.mutable_graph(), warnings);
    try {
        const onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/1,
                                                  /*enable_data_propagation=*/true);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    } catch (const std::exception &e) {
        throw InputError(path, "shape inference", "the graph's shapes cannot be inferred: " + firstLine(e.what()));
    }
    return mapOnnxGraph(model, path, precision, std::move(warnings));
}

} // namespace fuselab
