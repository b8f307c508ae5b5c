// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/stream_mapping.h"

#include "util/error.h"
#include "util/input_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace fuselab {

namespace {
std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

struct Entry {
    std::string name;
    LayerConstraint c;          // FuseLab semantics: resolved at parse time
    bool hasCores = false;      // Stream semantics: the raw fields, resolved per layer
    std::vector<int> cores;
    bool fixed = false;
    std::vector<std::pair<std::string, std::string>> intra, inter; // (dim, factor), lower case
};

// "OY, all" → (oy, all); returns false if not "DIM, VALUE".
bool splitPair(const std::string &text, std::string &dim, std::string &value)
{
    const auto comma = text.find(',');
    if (comma == std::string::npos)
        return false;
    dim = lower(trim(text.substr(0, comma)));
    value = lower(trim(text.substr(comma + 1)));
    return true;
}

std::vector<std::string> stringList(const YAML::Node &n)
{
    std::vector<std::string> out;
    if (!n)
        return out;
    if (n.IsScalar())
        out.push_back(n.as<std::string>());
    else if (n.IsSequence())
        for (const auto &x : n)
            out.push_back(x.as<std::string>());
    return out;
}

bool opMatches(const std::string &entry, const Layer &l)
{
    const std::string e = lower(entry);
    if (e == lower(l.sourceOp) || e == toString(l.op))
        return true;
    const bool pool = l.op == OpType::MaxPool || l.op == OpType::AvgPool || l.op == OpType::GlobalAvgPool;
    if (e == "pool" && pool)
        return true;
    if ((e == "averagepool" && l.op == OpType::AvgPool) ||
        (e == "globalaveragepool" && l.op == OpType::GlobalAvgPool))
        return true;
    return false;
}

// Stream matches an entry by the op type its parser recorded (the ONNX op_type, or the
// workload YAML's operator_type) and nothing else: `Pool` does not match MaxPool there.
bool streamOpMatches(const std::string &entry, const Layer &l)
{
    const std::string e = lower(entry);
    return l.sourceOp.empty() ? e == toString(l.op) : e == lower(l.sourceOp);
}

// Stream parses Add / Mul / activations as 4-D element-wise nodes with loops B, H, D, K over
// the output shape (N, C, H, W): its `H` is the channels, `D` the rows, `K` the columns.
bool streamElementwise(const Layer &l)
{
    return l.op == OpType::Add || l.op == OpType::Mul || l.op == OpType::Activation;
}

int parseFactor(const std::string &file, const std::string &field, const std::string &value)
{
    try {
        size_t used = 0;
        const int n = std::stoi(value, &used);
        if (used != value.size() || n < 1)
            throw std::invalid_argument("");
        return n;
    } catch (const std::exception &) {
        throw InputError(file, field, "factor '" + value + "' is not a positive number, 'all' or '*'");
    }
}

// The constraint a Stream-semantics entry puts on one layer (stream_mapping.h).
LayerConstraint resolveStream(const Entry &e, const Entry *def, const Layer &layer, const std::string &file)
{
    const std::string f = "entry '" + e.name + "'";
    // Stream: an entry without tilings takes the default entry's (get_mapping_this_node).
    const auto &intra = !e.intra.empty() || !def ? e.intra : def->intra;
    const auto &inter = !e.inter.empty() || !def ? e.inter : def->inter;
    const std::vector<int> cores = e.hasCores ? e.cores : std::vector<int>{0};
    const bool fixed = e.fixed || cores.size() == 1; // SetFixedAllocationPerformanceStage
    const bool ew = streamElementwise(layer);
    const std::string rowDim = ew ? "d" : "oy";
    LayerConstraint c;
    c.fixed = fixed;
    for (const auto &[dim, value] : intra) {
        if (dim != rowDim)
            continue; // FuseLab tiles rows only
        c.rowTiles = value == "all" || value == "*" ? -1 : parseFactor(file, f + ".intra_core_tiling", value);
    }
    // Inter-core tiling: a wildcard anywhere means "not split yet" (contains_wildcard), which
    // the GA flow never resolves: the whole layer stays on one core.
    bool wildcard = false;
    SplitDim dimOf = SplitDim::None;
    int parts = 1;
    for (const auto &[dim, value] : inter) {
        const bool channels = ew ? dim == "h" : (dim == "k" || dim == "g");
        const bool rows = dim == rowDim;
        if (value == "*") {
            wildcard = true;
            continue;
        }
        if ((!channels && !rows) || dimOf != SplitDim::None)
            continue; // a loop FuseLab does not split on (or a second split): ignored
        dimOf = channels ? SplitDim::K : SplitDim::OY;
        const int64_t extent = channels ? layer.dims.k : layer.dims.oy;
        parts = static_cast<int>(std::min<int64_t>(parseFactor(file, f + ".inter_core_tiling", value), extent));
    }
    if (wildcard || parts < 2) {
        // The whole layer on one core: a fixed list runs on its first core (every tile is in
        // group 0, and Stream picks core_allocation[group]); otherwise the candidates.
        c.cores = fixed ? std::vector<int>{cores.front()} : cores;
        return c;
    }
    if (fixed && static_cast<int>(cores.size()) < parts)
        throw InputError(file, f + ".core_allocation",
                         "the inter-core tiling makes " + std::to_string(parts) + " parts of layer '" + layer.name +
                             "' but the fixed allocation lists " + std::to_string(cores.size()) +
                             " cores (one per part is needed)");
    // Part i on core_allocation[i] (fixed), or round-robin over the candidates (the GA would
    // choose each part's core; this is the allocation it starts from).
    for (int i = 0; i < parts; ++i)
        c.cores.push_back(cores[static_cast<size_t>(i) % cores.size()]);
    c.split = dimOf;
    return c;
}
} // namespace

std::string_view toString(MappingSemantics s)
{
    return s == MappingSemantics::Stream ? "stream" : "fuselab";
}

bool parseMappingSemantics(std::string_view s, MappingSemantics &out)
{
    if (s == "stream")
        out = MappingSemantics::Stream;
    else if (s == "fuselab")
        out = MappingSemantics::FuseLab;
    else
        return false;
    return true;
}

MappingConstraints parseStreamMapping(const std::string &text, const std::string &file, const Workload &w,
                                      const Accelerator &acc, MappingSemantics semantics)
{
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception &e) {
        throw InputError(file, "", std::string("not valid YAML: ") + e.what());
    }
    if (!root.IsSequence())
        throw InputError(file, "", "a Stream mapping is a list of entries with `name` and `core_allocation`");
    std::vector<Entry> entries;
    const int nc = static_cast<int>(acc.cores.size());
    int index = 0;
    for (const auto &node : root) {
        const std::string field = "entry " + std::to_string(index++);
        if (!node.IsMap() || !node["name"])
            throw InputError(file, field, "every entry needs a `name`");
        Entry e;
        try {
            e.name = node["name"].as<std::string>();
            const std::string f = "entry '" + e.name + "'";
            if (const auto ca = node["core_allocation"]) {
                std::vector<int> ids;
                if (ca.IsScalar())
                    ids.push_back(ca.as<int>());
                else if (ca.IsSequence())
                    for (const auto &x : ca)
                        ids.push_back(x.as<int>());
                else
                    throw InputError(file, f + ".core_allocation", "must be a core id or a list of core ids");
                for (int id : ids)
                    if (id < 0 || id >= nc)
                        throw InputError(file, f + ".core_allocation",
                                         "core " + std::to_string(id) + " does not exist; accelerator '" +
                                             acc.name + "' has " + std::to_string(nc) + " cores (ids 0-" +
                                             std::to_string(nc - 1) + ", in file order)");
                e.c.cores = ids;
                e.cores = ids;
                e.hasCores = !ids.empty();
            }
            if (const auto fx = node["core_allocation_is_fixed"])
                e.c.fixed = e.fixed = fx.as<bool>();
            for (const auto &t : stringList(node["intra_core_tiling"])) {
                std::string dim, value;
                if (!splitPair(t, dim, value))
                    throw InputError(file, f + ".intra_core_tiling",
                                     "expected 'DIM, FACTOR', got '" + t + "'");
                e.intra.push_back({dim, value});
                if (dim != "oy")
                    continue; // FuseLab tiles rows only; other intra-core tilings do not apply
                if (value == "all" || value == "*")
                    e.c.rowTiles = -1;
                else
                    e.c.rowTiles = parseFactor(file, f + ".intra_core_tiling", value);
            }
            for (const auto &t : stringList(node["inter_core_tiling"])) {
                std::string dim, value;
                if (!splitPair(t, dim, value))
                    throw InputError(file, f + ".inter_core_tiling",
                                     "expected 'DIM, FACTOR', got '" + t + "'");
                if (value != "*" && value != "all")
                    parseFactor(file, f + ".inter_core_tiling", value);
                e.inter.push_back({dim, value});
                if (dim == "k")
                    e.c.split = SplitDim::K;
                else if (dim == "oy")
                    e.c.split = SplitDim::OY;
            }
            // FuseLab's reading: a fixed allocation listing several cores is a K split.
            if (e.c.fixed && e.c.cores.size() > 1 && e.c.split == SplitDim::None)
                e.c.split = SplitDim::K;
        } catch (const YAML::Exception &ex) {
            throw InputError(file, field, std::string("malformed entry: ") + ex.what());
        }
        entries.push_back(std::move(e));
    }

    const bool stream = semantics == MappingSemantics::Stream;
    const Entry *def = nullptr;
    for (const auto &e : entries)
        if (e.name == "default") {
            def = &e;
            break;
        }
    MappingConstraints out;
    out.semantics = semantics;
    out.layers.resize(w.layers.size());
    for (size_t l = 0; l < w.layers.size(); ++l) {
        const Layer &layer = w.layers[l];
        const Entry *match = nullptr;
        for (const auto &e : entries)
            if (e.name == layer.name) {
                match = &e;
                break;
            }
        if (!match)
            for (const auto &e : entries)
                if (e.name != "default" && (stream ? streamOpMatches(e.name, layer) : opMatches(e.name, layer))) {
                    match = &e;
                    break;
                }
        if (!match)
            match = def;
        if (!match)
            continue;
        if (stream) {
            out.layers[l] = resolveStream(*match, def, layer, file);
            continue;
        }
        LayerConstraint c = match->c;
        if (c.cores.size() < 2)
            c.split = SplitDim::None;
        // A split needs as many parts of the loop as cores.
        const int64_t extent = c.split == SplitDim::K ? layer.dims.k : layer.dims.oy;
        if (c.split != SplitDim::None && static_cast<int64_t>(c.cores.size()) > extent)
            c.split = SplitDim::None;
        out.layers[l] = std::move(c);
    }
    return out;
}

MappingConstraints importStreamMapping(const std::string &path, const Workload &w, const Accelerator &acc,
                                       MappingSemantics semantics)
{
    const std::string text = readInputFile(path, kMaxTextInputBytes, "a YAML file");
    return parseStreamMapping(text, path, w, acc, semantics);
}

} // namespace fuselab
