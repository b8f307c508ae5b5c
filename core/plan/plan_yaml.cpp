// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_yaml.h"

#include "schedule/cn_budget.h"
#include "util/error.h"
#include "util/input_file.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace fuselab {

namespace {
template <typename T> T scalar(const YAML::Node &n, const std::string &file, const std::string &field)
{
    try {
        return n.as<T>();
    } catch (const YAML::Exception &) {
        throw InputError(file, field, "has the wrong type");
    }
}
} // namespace

namespace {
Plan parseRoot(const std::string &text, const std::string &file, const Workload &w, const Accelerator &acc);
} // namespace

Plan parsePlanYaml(const std::string &text, const std::string &file, const Workload &w,
                   const Accelerator &acc)
{
    try {
        return parseRoot(text, file, w, acc);
    } catch (const YAML::Exception &e) {
        throw InputError(file, "", std::string("malformed plan: ") + e.what());
    }
}

namespace {
Plan parseRoot(const std::string &text, const std::string &file, const Workload &w, const Accelerator &acc)
{
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception &e) {
        throw InputError(file, "", std::string("not valid YAML: ") + e.what());
    }
    if (!root.IsMap() || !root["fuselab_plan"])
        throw InputError(file, "fuselab_plan", "missing: not a FuseLab plan file");
    if (scalar<int>(root["fuselab_plan"], file, "fuselab_plan") != 1)
        throw InputError(file, "fuselab_plan", "unsupported version (expected 1)");
    Plan p;
    if (root["name"])
        p.name = scalar<std::string>(root["name"], file, "name");
    const int nl = static_cast<int>(w.layers.size());
    auto layerId = [&](const YAML::Node &n, const std::string &field) {
        const auto name = scalar<std::string>(n, file, field);
        const int l = w.layerIndex(name);
        if (l < 0)
            throw InputError(file, field, "layer '" + name + "' is not in workload '" + w.name + "'");
        return l;
    };
    auto coreId = [&](const YAML::Node &n, const std::string &field) {
        const auto name = scalar<std::string>(n, file, field);
        const int c = acc.coreIndex(name);
        if (c < 0)
            throw InputError(file, field, "core '" + name + "' is not in accelerator '" + acc.name + "'");
        return c;
    };
    const YAML::Node groups = root["groups"];
    if (!groups || !groups.IsSequence())
        throw InputError(file, "groups", "missing or not a list");
    for (size_t gi = 0; gi < groups.size(); ++gi) {
        const std::string f = "groups[" + std::to_string(gi) + "]";
        const YAML::Node g = groups[gi];
        if (!g.IsMap() || !g["layers"] || !g["layers"].IsSequence())
            throw InputError(file, f + ".layers", "missing or not a list of layer names");
        FusedGroup grp;
        for (size_t i = 0; i < g["layers"].size(); ++i)
            grp.layers.push_back(layerId(g["layers"][i], f + ".layers[" + std::to_string(i) + "]"));
        if (g["tile_rows"])
            grp.tileRows = scalar<int>(g["tile_rows"], file, f + ".tile_rows");
        if (g["tile_cols"])
            grp.tileCols = scalar<int>(g["tile_cols"], file, f + ".tile_cols");
        if (grp.tileRows < 0 || grp.tileCols < 0)
            throw InputError(file, f + ".tile_rows", "must be ≥ 0 (0 = all rows)");
        if (g["tile_reduce"])
            grp.tileReduce = scalar<int>(g["tile_reduce"], file, f + ".tile_reduce");
        if (grp.tileReduce < 0)
            throw InputError(file, f + ".tile_reduce", "must be ≥ 0 (0 = no reduction slices)");
        if (g["overlap"]) {
            const auto s = scalar<std::string>(g["overlap"], file, f + ".overlap");
            if (!parseOverlapMode(s, grp.overlap))
                throw InputError(file, f + ".overlap", "'" + s + "' is not recompute or cache");
        }
        if (g["weights"]) {
            const auto s = scalar<std::string>(g["weights"], file, f + ".weights");
            if (!parseWeightPolicy(s, grp.weights))
                throw InputError(file, f + ".weights", "'" + s + "' is not resident or reload");
        }
        p.groups.push_back(std::move(grp));
    }
    p.core.assign(nl, -1);
    if (const YAML::Node a = root["allocation"]) {
        if (!a.IsMap())
            throw InputError(file, "allocation", "must map layer names to core names");
        for (const auto &kv : a) {
            const std::string f = "allocation." + kv.first.as<std::string>();
            p.core[layerId(kv.first, f)] = coreId(kv.second, f);
        }
    }
    if (const YAML::Node s = root["splits"]) {
        if (!s.IsMap())
            throw InputError(file, "splits", "must map layer names to {dim, cores}");
        p.split.assign(nl, {});
        for (const auto &kv : s) {
            const std::string f = "splits." + kv.first.as<std::string>();
            const int l = layerId(kv.first, f);
            LayerSplit ls;
            const auto dim = kv.second["dim"] ? scalar<std::string>(kv.second["dim"], file, f + ".dim") : "";
            if (!parseSplitDim(dim, ls.dim) || ls.dim == SplitDim::None)
                throw InputError(file, f + ".dim", "'" + dim + "' is not K or OY");
            if (!kv.second["cores"] || !kv.second["cores"].IsSequence() || kv.second["cores"].size() < 1)
                throw InputError(file, f + ".cores", "missing or not a list of core names");
            for (size_t i = 0; i < kv.second["cores"].size(); ++i)
                ls.cores.push_back(coreId(kv.second["cores"][i], f + ".cores[" + std::to_string(i) + "]"));
            if (p.core[l] < 0)
                p.core[l] = ls.cores.front();
            p.split[l] = std::move(ls);
        }
    }
    if (const YAML::Node pins = root["pins"]) {
        if (!pins.IsSequence())
            throw InputError(file, "pins", "must be a list of {tensor, memory}");
        for (size_t i = 0; i < pins.size(); ++i) {
            const std::string f = "pins[" + std::to_string(i) + "]";
            if (!pins[i]["tensor"] || !pins[i]["memory"])
                throw InputError(file, f, "needs `tensor` and `memory`");
            const auto tn = scalar<std::string>(pins[i]["tensor"], file, f + ".tensor");
            const auto mn = scalar<std::string>(pins[i]["memory"], file, f + ".memory");
            PinnedTensor pin;
            for (size_t t = 0; t < w.tensors.size(); ++t)
                if (w.tensors[t].name == tn)
                    pin.tensor = static_cast<TensorId>(t);
            if (pin.tensor < 0)
                throw InputError(file, f + ".tensor",
                                 "tensor '" + tn + "' is not in workload '" + w.name + "'");
            pin.memory = acc.memoryIndex(mn);
            if (pin.memory < 0)
                throw InputError(file, f + ".memory",
                                 "memory '" + mn + "' is not in accelerator '" + acc.name + "'");
            p.pins.push_back(pin);
        }
    }
    return p;
}
} // namespace

Plan loadPlan(const std::string &path, const Workload &w, const Accelerator &acc)
{
    const std::string text = readInputFile(path, kMaxTextInputBytes, "a YAML file");
    Plan p = parsePlanYaml(text, path, w, acc);
    // Refused up front, before a scheduler allocates millions of CNs (cn_budget.h).
    if (const std::string tooMany = cnBudgetProblem(w, p); !tooMany.empty())
        throw InputError(path, "groups[" + std::to_string(estimateCnCount(w, p).group) + "]", tooMany);
    return p;
}

std::string toPlanYaml(const Plan &p, const Workload &w, const Accelerator &acc)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "fuselab_plan" << YAML::Value << 1;
    out << YAML::Key << "name" << YAML::Value << p.name;
    out << YAML::Key << "workload" << YAML::Value << w.name;
    out << YAML::Key << "accelerator" << YAML::Value << acc.name;
    out << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
    for (const auto &g : p.groups) {
        out << YAML::BeginMap;
        out << YAML::Key << "layers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (LayerId l : g.layers)
            out << w.layers[l].name;
        out << YAML::EndSeq;
        out << YAML::Key << "tile_rows" << YAML::Value << g.tileRows;
        out << YAML::Key << "tile_cols" << YAML::Value << g.tileCols;
        if (g.tileReduce > 0)
            out << YAML::Key << "tile_reduce" << YAML::Value << g.tileReduce;
        out << YAML::Key << "overlap" << YAML::Value << std::string(toString(g.overlap));
        out << YAML::Key << "weights" << YAML::Value << std::string(toString(g.weights));
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "allocation" << YAML::Value << YAML::BeginMap;
    for (size_t l = 0; l < p.core.size() && l < w.layers.size(); ++l)
        if (p.core[l] >= 0 && p.core[l] < static_cast<int>(acc.cores.size()))
            out << YAML::Key << w.layers[l].name << YAML::Value << acc.cores[p.core[l]].name;
    out << YAML::EndMap;
    bool anySplit = false;
    for (const auto &s : p.split)
        anySplit = anySplit || s.active();
    if (anySplit) {
        out << YAML::Key << "splits" << YAML::Value << YAML::BeginMap;
        for (size_t l = 0; l < p.split.size() && l < w.layers.size(); ++l) {
            if (!p.split[l].active())
                continue;
            out << YAML::Key << w.layers[l].name << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "dim" << YAML::Value << (p.split[l].dim == SplitDim::K ? "K" : "OY");
            out << YAML::Key << "cores" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (int c : p.split[l].cores)
                out << acc.cores[c].name;
            out << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    if (!p.pins.empty()) {
        out << YAML::Key << "pins" << YAML::Value << YAML::BeginSeq;
        for (const auto &pin : p.pins)
            out << YAML::Flow << YAML::BeginMap << YAML::Key << "tensor" << YAML::Value
                << w.tensors[pin.tensor].name << YAML::Key << "memory" << YAML::Value
                << acc.memories[pin.memory].name << YAML::EndMap;
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

void savePlan(const Plan &plan, const Workload &w, const Accelerator &acc, const std::string &path)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out)
            throw InputError(path, "", "cannot write the file");
        out << toPlanYaml(plan, w, acc);
        if (!out)
            throw InputError(path, "", "write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw InputError(path, "", "cannot replace the file");
}

} // namespace fuselab
