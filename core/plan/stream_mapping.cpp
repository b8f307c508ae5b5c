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
    LayerConstraint c;
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
} // namespace

MappingConstraints parseStreamMapping(const std::string &text, const std::string &file, const Workload &w,
                                      const Accelerator &acc)
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
            }
            if (const auto fx = node["core_allocation_is_fixed"])
                e.c.fixed = fx.as<bool>();
            for (const auto &t : stringList(node["intra_core_tiling"])) {
                std::string dim, value;
                if (!splitPair(t, dim, value))
                    throw InputError(file, f + ".intra_core_tiling",
                                     "expected 'DIM, FACTOR', got '" + t + "'");
                if (dim != "oy")
                    continue; // FuseLab tiles rows only; other intra-core tilings do not apply
                if (value == "all" || value == "*")
                    e.c.rowTiles = -1;
                else {
                    try {
                        e.c.rowTiles = std::max(1, std::stoi(value));
                    } catch (const std::exception &) {
                        throw InputError(file, f + ".intra_core_tiling",
                                         "factor '" + value + "' is not a number or 'all'");
                    }
                }
            }
            for (const auto &t : stringList(node["inter_core_tiling"])) {
                std::string dim, value;
                if (!splitPair(t, dim, value))
                    throw InputError(file, f + ".inter_core_tiling",
                                     "expected 'DIM, FACTOR', got '" + t + "'");
                if (dim == "k")
                    e.c.split = SplitDim::K;
                else if (dim == "oy")
                    e.c.split = SplitDim::OY;
            }
            // A fixed allocation listing several cores is Stream's explicit K split.
            if (e.c.fixed && e.c.cores.size() > 1 && e.c.split == SplitDim::None)
                e.c.split = SplitDim::K;
        } catch (const YAML::Exception &ex) {
            throw InputError(file, field, std::string("malformed entry: ") + ex.what());
        }
        entries.push_back(std::move(e));
    }

    MappingConstraints out;
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
                if (e.name != "default" && opMatches(e.name, layer)) {
                    match = &e;
                    break;
                }
        if (!match)
            for (const auto &e : entries)
                if (e.name == "default") {
                    match = &e;
                    break;
                }
        if (!match)
            continue;
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

MappingConstraints importStreamMapping(const std::string &path, const Workload &w, const Accelerator &acc)
{
    const std::string text = readInputFile(path, kMaxTextInputBytes, "a YAML file");
    return parseStreamMapping(text, path, w, acc);
}

} // namespace fuselab
