// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/stream_workload.h"

#include "io/yaml_helpers.h"
#include "util/error.h"

#include <filesystem>
#include <map>
#include <optional>

namespace fuselab {

namespace {

using yamlio::MapReader;
using yamlio::Sign;

/// One relation `lhs = a*o + b*f` of `dimension_relations`.
struct Relation {
    int64_t stride = 1, dilation = 1;
};

struct Entry {
    int64_t id = 0;
    std::string name, opType, where;
    YAML::Node node;
    std::map<std::string, int64_t> loops; // upper-case dim → size
    Relation ry, rx;
    std::optional<std::pair<int64_t, int64_t>> padY, padX, prY, prX;
    std::optional<int64_t> srcI, srcW;
    Precision precision;
    int64_t loop(const std::string &d) const
    {
        const auto it = loops.find(d);
        return it == loops.end() ? 1 : it->second;
    }
};

std::string upper(std::string s)
{
    for (auto &c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

/// "ix=2*ox+1*fx" → stride 2, dilation 1; returns the lhs ("IX") or "" when malformed.
std::string parseRelation(const std::string &text, Relation &r)
{
    std::string s;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            s += c;
    const auto eq = s.find('='), plus = s.find('+');
    if (eq == std::string::npos || plus == std::string::npos || plus < eq)
        return "";
    auto term = [](const std::string &t, int64_t &coef, std::string &var) {
        const auto star = t.find('*');
        var = upper(star == std::string::npos ? t : t.substr(star + 1));
        bool overflow = false;
        coef = 1;
        return star == std::string::npos ||
               (yamlio::parseInt64(t.substr(0, star), coef, overflow) && coef > 0);
    };
    int64_t c1 = 1, c2 = 1;
    std::string v1, v2;
    if (!term(s.substr(eq + 1, plus - eq - 1), c1, v1) || !term(s.substr(plus + 1), c2, v2))
        return "";
    if (v1.starts_with('F'))
        std::swap(c1, c2), std::swap(v1, v2);
    if (!v1.starts_with('O') || !v2.starts_with('F'))
        return "";
    r.stride = c1;
    r.dilation = c2;
    return upper(s.substr(0, eq));
}

class StreamReader {
public:
    explicit StreamReader(std::string path) : path_(std::move(path)) {}

    Workload run()
    {
        const YAML::Node root = yamlio::parseYaml(yamlio::readTextFile(path_), path_);
        if (!root.IsSequence() || root.size() == 0)
            throw InputError(path_, "", "not a Stream workload: expected a list of layers");
        for (size_t i = 0; i < root.size(); ++i)
            entries_.push_back(parse(root[i], "[" + std::to_string(i) + "]"));
        std::map<int64_t, size_t> byId;
        for (size_t i = 0; i < entries_.size(); ++i)
            if (!byId.emplace(entries_[i].id, i).second)
                yamlio::fail(path_, entries_[i].where + ".id", entries_[i].node,
                             "duplicate layer id " + std::to_string(entries_[i].id));
        w_.name = std::filesystem::path(path_).stem().string();
        // Output tensors first, so a layer may name a producer listed after it.
        for (const auto &e : entries_) {
            Layer l = shell(e);
            outputs_.push_back(
                w_.addTensor({l.name, l.dims.b, l.dims.k, l.dims.oy, l.dims.ox, l.precision.o, kNone}));
            layers_.push_back(std::move(l));
        }
        for (size_t i = 0; i < entries_.size(); ++i)
            wire(entries_[i], layers_[i], byId);
        for (size_t i = 0; i < layers_.size(); ++i) {
            layers_[i].output = outputs_[i];
            w_.addLayer(std::move(layers_[i]));
        }
        for (const auto &l : w_.layers) {
            double work = 1;
            for (int64_t v : {l.dims.b, l.dims.k, l.dims.c, l.dims.oy, l.dims.ox, l.dims.fy, l.dims.fx})
                work *= static_cast<double>(v);
            if (work > 1e18)
                throw InputError(path_, "layer '" + l.name + "'",
                                 "implausibly large loop nest (over 10^18 MACs)");
        }
        if (const auto problems = w_.validate(); !problems.empty())
            throw InputError(path_, "", problems.front()); // e.g. operand sources forming a cycle
        if (!otherOps_.empty())
            w_.warnings.push_back(
                "operator types FuseLab cannot cost exactly are kept and costed as elementwise: " +
                otherOps_);
        return std::move(w_);
    }

private:
    Entry parse(const YAML::Node &node, const std::string &where)
    {
        if (!node.IsMap())
            yamlio::fail(path_, where, node, "expected a mapping (one layer)");
        MapReader r(path_, node, where);
        Entry e;
        e.node = node;
        e.id = r.integer("id", Sign::NonNegative);
        e.name = r.string("name", "layer" + std::to_string(e.id));
        e.where = where + " (layer " + std::to_string(e.id) + ")";
        e.opType = r.string("operator_type");
        r.string("equation");
        r.string("time_dim", "");
        const YAML::Node dims = r.required("loop_dims"), sizes = r.required("loop_sizes");
        if (!dims.IsSequence() || !sizes.IsSequence() || dims.size() != sizes.size())
            yamlio::fail(path_, e.where + ".loop_sizes", sizes,
                         "loop_dims and loop_sizes must be lists of the same length");
        for (size_t i = 0; i < dims.size(); ++i) {
            const std::string field = e.where + ".loop_sizes[" + std::to_string(i) + "]";
            const std::string d =
                upper(yamlio::scalarText(path_, e.where + ".loop_dims", dims[i], "a dimension name"));
            if (d != "B" && d != "K" && d != "C" && d != "G" && d != "OY" && d != "OX" && d != "FY" &&
                d != "FX")
                yamlio::fail(path_, e.where + ".loop_dims[" + std::to_string(i) + "]", dims[i],
                             "unknown loop dimension '" + d + "' (FuseLab reads B K C G OY OX FY FX)");
            e.loops[d] = yamlio::toInteger(path_, field, sizes[i], Sign::Positive, true);
        }
        if (const YAML::Node rel = r.node("dimension_relations"); rel.IsDefined() && !rel.IsNull()) {
            if (!rel.IsSequence())
                yamlio::fail(path_, e.where + ".dimension_relations", rel, "expected a list");
            for (size_t i = 0; i < rel.size(); ++i) {
                const std::string field = e.where + ".dimension_relations[" + std::to_string(i) + "]";
                Relation parsed;
                const std::string lhs =
                    parseRelation(yamlio::scalarText(path_, field, rel[i], "a relation"), parsed);
                if (lhs == "IY")
                    e.ry = parsed;
                else if (lhs == "IX")
                    e.rx = parsed;
                else
                    yamlio::fail(path_, field, rel[i], "expected 'iy=S*oy+D*fy' or 'ix=S*ox+D*fx'");
            }
        }
        readPrecision(r, e);
        if (const YAML::Node src = r.node("operand_source"); src.IsDefined() && !src.IsNull()) {
            MapReader s(path_, src, e.where + ".operand_source");
            if (s.has("I"))
                e.srcI = s.integer("I", Sign::NonNegative);
            if (s.has("W"))
                e.srcW = s.integer("W", Sign::NonNegative);
            s.rejectUnknown();
        }
        readPadding(r, e);
        r.rejectUnknown();
        return e;
    }

    void readPrecision(MapReader &r, Entry &e)
    {
        MapReader p(path_, r.required("operand_precision"), e.where + ".operand_precision");
        e.precision.i = p.integer("I", Sign::Positive, 8);
        e.precision.w = p.integer("W", Sign::NonNegative, 8);
        const int o = p.integer("O", Sign::Positive);
        e.precision.o = p.integer("O_final", Sign::Positive, o);
        e.precision.psum = o != e.precision.o ? o : 0; // O is the partial sums' precision
        p.integer("S", Sign::NonNegative, 0);
        p.rejectUnknown();
    }

    /// pr_loop_dims [IY, IX] with pr_loop_sizes (graph input size) and padding [[b, e], …].
    void readPadding(MapReader &r, Entry &e)
    {
        const YAML::Node dims = r.node("pr_loop_dims");
        const YAML::Node sizes = r.node("pr_loop_sizes");
        const YAML::Node pads = r.node("padding");
        if (!dims.IsDefined() || dims.IsNull())
            return;
        if (!dims.IsSequence())
            yamlio::fail(path_, e.where + ".pr_loop_dims", dims, "expected a list");
        for (size_t i = 0; i < dims.size(); ++i) {
            const std::string d =
                upper(yamlio::scalarText(path_, e.where + ".pr_loop_dims", dims[i], "IY or IX"));
            auto &pr = d == "IY" ? e.prY : e.prX;
            auto &pad = d == "IY" ? e.padY : e.padX;
            if (d != "IY" && d != "IX")
                yamlio::fail(path_, e.where + ".pr_loop_dims", dims[i], "expected IY or IX, got '" + d + "'");
            if (sizes.IsDefined() && !sizes.IsNull()) {
                if (!sizes.IsSequence() || sizes.size() != dims.size())
                    yamlio::fail(path_, e.where + ".pr_loop_sizes", sizes,
                                 "must list one size per pr_loop_dims");
                const int64_t v =
                    yamlio::toInteger(path_, e.where + ".pr_loop_sizes", sizes[i], Sign::Positive, true);
                pr = std::make_pair(v, v);
            }
            if (pads.IsDefined() && !pads.IsNull()) {
                if (!pads.IsSequence() || pads.size() != dims.size() || !pads[i].IsSequence() ||
                    pads[i].size() != 2)
                    yamlio::fail(path_, e.where + ".padding", pads,
                                 "must list one [begin, end] per pr_loop_dims");
                pad = std::make_pair(
                    yamlio::toInteger(path_, e.where + ".padding", pads[i][0], Sign::NonNegative, true),
                    yamlio::toInteger(path_, e.where + ".padding", pads[i][1], Sign::NonNegative, true));
            }
        }
    }

    /// The layer's op and loop dims (no inputs yet).
    Layer shell(const Entry &e)
    {
        Layer l;
        l.name = e.name;
        l.sourceOp = e.opType;
        l.precision = e.precision;
        const std::string t = e.opType;
        const int64_t g = e.loop("G");
        const bool hasG = e.loops.count("G") > 0;
        LoopDims &d = l.dims;
        d.b = e.loop("B");
        d.oy = e.loop("OY");
        d.ox = e.loop("OX");
        d.fy = e.loop("FY");
        d.fx = e.loop("FX");
        l.strideY = static_cast<int>(e.ry.stride);
        l.strideX = static_cast<int>(e.rx.stride);
        l.dilationY = static_cast<int>(e.ry.dilation);
        l.dilationX = static_cast<int>(e.rx.dilation);
        if (t == "Conv" || t == "Conv_downsample" || t == "SConv") {
            l.op = OpType::Conv;
            l.hasWeights = true;
            if (hasG && !e.loops.count("K") && !e.loops.count("C")) {
                d.k = d.c = g; // depthwise
                l.groups = static_cast<int>(g);
            } else {
                d.k = e.loop("K") * g;
                d.c = e.loop("C") * g;
                l.groups = static_cast<int>(g);
            }
        } else if (t == "Gemm") {
            l.op = OpType::Gemm;
            l.hasWeights = true;
            d.k = e.loop("K");
            d.c = e.loop("C");
        } else {
            const int64_t ch = hasG ? g : e.loop("K");
            d.k = d.c = ch;
            if (t == "Add") {
                l.op = OpType::Add;
            } else if (t == "Pooling" || t == "Pool" || t == "MaxPool" || t == "Max") {
                l.op = OpType::MaxPool;
            } else if (t == "AveragePool") {
                l.op = OpType::AvgPool;
            } else if (t == "GlobalAveragePool") {
                l.op = OpType::GlobalAvgPool;
            } else {
                l.op = OpType::Other;
                otherOps_ += (otherOps_.empty() ? "" : ", ") + e.name + " (" + t + ")";
            }
        }
        return l;
    }

    /// Inputs, input sizes and padding, checked against the producers.
    void wire(const Entry &e, Layer &l, const std::map<int64_t, size_t> &byId)
    {
        std::vector<TensorId> inputs;
        // kNone: the operand comes from the layer itself (a graph input or constant weights)
        auto producer = [&](int64_t id, const char *operand) -> TensorId {
            if (id == e.id)
                return kNone;
            const auto it = byId.find(id);
            if (it == byId.end())
                yamlio::fail(path_, e.where + ".operand_source." + operand, e.node,
                             "source layer " + std::to_string(id) + " does not exist");
            return outputs_[it->second];
        };
        const TensorId in = producer(e.srcI.value_or(e.id), "I");
        const TensorId wIn = producer(e.srcW.value_or(e.id), "W");
        if (wIn != kNone)
            l.hasWeights = false;
        const Tensor *x = in != kNone ? &w_.tensors[in] : (wIn != kNone ? &w_.tensors[wIn] : nullptr);
        const int64_t effY = (l.dims.fy - 1) * l.dilationY + 1, effX = (l.dims.fx - 1) * l.dilationX + 1;
        if (l.op == OpType::Add || l.op == OpType::Other) {
            l.iy = l.dims.oy;
            l.ix = l.dims.ox;
        } else if (l.op == OpType::Gemm) {
            l.iy = l.ix = 1;
        } else if (x) {
            l.iy = x->h;
            l.ix = x->w;
        } else {
            // a graph input: pr_loop_sizes, else the relation's extent minus any padding
            l.iy = e.prY ? e.prY->first
                         : (l.dims.oy - 1) * l.strideY + effY - (e.padY ? e.padY->first + e.padY->second : 0);
            l.ix = e.prX ? e.prX->first
                         : (l.dims.ox - 1) * l.strideX + effX - (e.padX ? e.padX->first + e.padX->second : 0);
        }
        if (l.op == OpType::GlobalAvgPool || (l.op == OpType::MaxPool || l.op == OpType::AvgPool)) {
            if (l.dims.oy == 1 && l.dims.ox == 1 && l.dims.fy == l.iy && l.dims.fx == l.ix && l.iy * l.ix > 1)
                l.op = OpType::GlobalAvgPool;
        }
        if (isWindowed(l.op) && l.op != OpType::ConvTranspose) {
            setPadding(e, l.iy, l.dims.oy, l.strideY, effY, e.padY, l.padTop, l.padBottom, "Y");
            setPadding(e, l.ix, l.dims.ox, l.strideX, effX, e.padX, l.padLeft, l.padRight, "X");
        }
        if (in == kNone && wIn == kNone) {
            const TensorId t =
                w_.addTensor({l.name + ".input", l.dims.b, l.dims.c, l.iy, l.ix, l.precision.i, kNone});
            inputs.push_back(t);
        }
        if (in != kNone)
            inputs.push_back(in);
        if (wIn != kNone)
            inputs.push_back(wIn);
        for (TensorId t : inputs)
            checkInput(e, l, w_.tensors[t]);
        l.inputs = std::move(inputs);
    }

    void setPadding(const Entry &e, int64_t in, int64_t out, int stride, int64_t eff,
                    const std::optional<std::pair<int64_t, int64_t>> &given, int &begin, int &end,
                    const char *axis)
    {
        if (given) {
            begin = static_cast<int>(given->first);
            end = static_cast<int>(given->second);
        } else {
            const int64_t total = std::max<int64_t>(0, (out - 1) * stride + eff - in);
            begin = static_cast<int>((total + 1) / 2);
            end = static_cast<int>(total - (total + 1) / 2);
        }
        const int64_t got = convOutputSize(in, eff, stride, begin, end, 1);
        if (got != out)
            yamlio::fail(path_, e.where, e.node,
                         std::string("O") + axis + " = " + std::to_string(out) + " does not follow from I" +
                             axis + " = " + std::to_string(in) + ", the window and stride " +
                             std::to_string(stride) + " (that gives " + std::to_string(got) + ")");
    }

    void checkInput(const Entry &e, const Layer &l, const Tensor &t)
    {
        const bool gemm = l.op == OpType::Gemm || (l.op == OpType::Conv && l.iy == 1 && t.h * t.w == 1);
        const int64_t channels = gemm ? t.c * t.h * t.w : t.c;
        if (channels != l.dims.c || (!gemm && (t.h != l.iy || t.w != l.ix)))
            yamlio::fail(path_, e.where, e.node,
                         "input '" + t.name + "' is " + t.shapeString() +
                             " but the layer reads C = " + std::to_string(l.dims.c) + ", " +
                             std::to_string(l.iy) + "\u00d7" + std::to_string(l.ix));
    }

    std::string path_;
    std::vector<Entry> entries_;
    std::vector<Layer> layers_;
    std::vector<TensorId> outputs_;
    std::string otherOps_;
    Workload w_;
};

} // namespace

Workload importStreamWorkload(const std::string &path)
{
    try {
        return StreamReader(path).run();
    } catch (const YAML::Exception &e) {
        // every node access is checked first; this is the safety net that keeps misuse an
        // input error rather than a crash
        throw InputError(path, "", std::string("malformed Stream workload: ") + e.what());
    }
}

} // namespace fuselab
