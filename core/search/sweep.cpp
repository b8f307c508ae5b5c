// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/sweep.h"

#include "io/hardware_yaml.h"
#include "io/sweep_store.h"
#include "io/workload_loader.h"
#include "io/yaml_helpers.h"
#include "plan/plan_yaml.h"
#include "search/explorer.h"
#include "util/error.h"
#include "util/input_file.h"

#include <QCryptographicHash>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>

namespace fuselab {

namespace {

std::vector<std::string> stringList(const std::string &file, const std::string &field, const YAML::Node &root)
{
    const YAML::Node n = root[field];
    if (!n)
        throw InputError(file, field, "missing (a list of at least one entry)");
    if (!n.IsSequence() || n.size() == 0)
        yamlio::fail(file, field, n, "must be a non-empty list");
    std::vector<std::string> out;
    for (size_t i = 0; i < n.size(); ++i)
        out.push_back(yamlio::scalarText(file, field + "[" + std::to_string(i) + "]", n[i], "a name or path"));
    return out;
}

// A zoo name stays as written; anything that looks like a path is taken relative to the spec.
std::string resolve(const std::string &specFile, const std::string &entry)
{
    namespace fs = std::filesystem;
    const fs::path p(entry);
    if (p.is_absolute())
        return entry;
    return (fs::path(specFile).parent_path() / p).lexically_normal().string();
}

bool looksLikePath(const std::string &s)
{
    return s.find('/') != std::string::npos || s.find('.') != std::string::npos;
}

} // namespace

SweepSpec parseSweepSpec(const std::string &yamlText, const std::string &file)
{
    const YAML::Node root = yamlio::parseYaml(yamlText, file);
    if (!root.IsMap())
        throw InputError(file, "", "a sweep spec must be a mapping with workloads, hardware and objectives");
    for (const auto &kv : root) {
        const std::string key = kv.first.as<std::string>();
        if (key != "workloads" && key != "hardware" && key != "objectives" && key != "generations" &&
            key != "population" && key != "seed" && key != "input_shapes")
            yamlio::fail(file, key, kv.first,
                         "unknown field (expected workloads, hardware, objectives, generations, population, seed, "
                         "input_shapes)");
    }
    SweepSpec s;
    s.file = file;
    for (const auto &wl : stringList(file, "workloads", root))
        s.workloads.push_back(looksLikePath(wl) ? resolve(file, wl) : wl);
    s.hardware = stringList(file, "hardware", root);
    for (const auto &h : s.hardware)
        s.hardwarePaths.push_back(resolve(file, h));
    const auto objectives = stringList(file, "objectives", root);
    for (size_t i = 0; i < objectives.size(); ++i) {
        Objective o;
        if (!parseObjective(objectives[i], o))
            yamlio::fail(file, "objectives[" + std::to_string(i) + "]", root["objectives"][i],
                         "must be latency, energy, edp, dram or memory (got '" + objectives[i] + "')");
        s.objectives.push_back(o);
    }
    if (root["generations"])
        s.generations = static_cast<int>(
            yamlio::toInteger(file, "generations", root["generations"], yamlio::Sign::NonNegative, true));
    if (root["population"]) {
        s.population = static_cast<int>(
            yamlio::toInteger(file, "population", root["population"], yamlio::Sign::Positive, true));
        if (s.population < 2)
            yamlio::fail(file, "population", root["population"], "must be at least 2");
    }
    if (const YAML::Node shapes = root["input_shapes"]) {
        // input_shapes: {workload: {input: [d0, d1, ...]}}, keyed like `workloads`.
        if (!shapes.IsMap())
            yamlio::fail(file, "input_shapes", shapes, "must map workloads to {input: [dims]}");
        for (const auto &kv : shapes) {
            const std::string wl = kv.first.as<std::string>();
            const std::string key = looksLikePath(wl) ? resolve(file, wl) : wl;
            const std::string field = "input_shapes." + wl;
            if (std::find(s.workloads.begin(), s.workloads.end(), key) == s.workloads.end())
                yamlio::fail(file, field, kv.first, "is not one of the spec's workloads");
            if (!kv.second.IsMap())
                yamlio::fail(file, field, kv.second, "must map input names to dimension lists");
            for (const auto &in : kv.second) {
                const std::string name = in.first.as<std::string>();
                if (!in.second.IsSequence() || in.second.size() == 0)
                    yamlio::fail(file, field + "." + name, in.second, "must be a list of dimensions");
                std::string text = name + "=";
                for (size_t i = 0; i < in.second.size(); ++i)
                    text += (i ? "," : "") +
                            std::to_string(yamlio::toInteger(file, field + "." + name, in.second[i],
                                                             yamlio::Sign::Positive, false));
                try {
                    parseInputShape(text, s.inputShapes[key], field);
                } catch (const UsageError &e) {
                    yamlio::fail(file, field + "." + name, in.second, e.what());
                }
            }
        }
    }
    if (root["seed"])
        s.seed = static_cast<uint64_t>(yamlio::toInteger(file, "seed", root["seed"], yamlio::Sign::NonNegative, false));
    return s;
}

SweepSpec loadSweepSpec(const std::string &path)
{
    return parseSweepSpec(yamlio::readTextFile(path), path);
}

std::vector<SweepPoint> sweepPoints(const SweepSpec &spec)
{
    std::vector<SweepPoint> out;
    for (const auto &w : spec.workloads)
        for (const auto &h : spec.hardware)
            for (const Objective o : spec.objectives)
                out.push_back({static_cast<int>(out.size()), w, h, o});
    return out;
}

SweepTotals sweepTotals(const ScheduleTotals &t)
{
    return {t.latencyCycles, t.energyPj, objectiveValue(t, Objective::Edp), t.dramReadBytes + t.dramWriteBytes};
}

const std::vector<std::string> &sweepBaselineNames()
{
    static const std::vector<std::string> names{"lbl", "fused", "fuse_only", "pin_only", "access_based"};
    return names;
}

namespace {
std::string hardwarePathOf(const SweepSpec &spec, const SweepPoint &point)
{
    for (size_t i = 0; i < spec.hardware.size(); ++i)
        if (spec.hardware[i] == point.hardware)
            return spec.hardwarePaths[i];
    return {};
}
} // namespace

std::string sweepSettings(const SweepSpec &spec)
{
    return "generations=" + std::to_string(spec.generations) + " population=" + std::to_string(spec.population) +
           " seed=" + std::to_string(spec.seed);
}

std::string sweepInputsDigest(const SweepSpec &spec, const SweepPoint &point)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto add = [&](const std::string &label, const std::string &bytes) {
        h.addData(QByteArrayView(label.data(), static_cast<qsizetype>(label.size())));
        h.addData(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    };
    const std::string hw = hardwarePathOf(spec, point);
    add("hardware\n", readInputFile(hw, kMaxTextInputBytes, "a YAML file"));
    if (std::filesystem::is_regular_file(point.workload)) {
        // An ONNX model may be large: its size and first 16 MiB stand for it.
        const auto size = std::filesystem::file_size(point.workload);
        std::ifstream in(point.workload, std::ios::binary);
        std::string head(static_cast<size_t>(std::min<uintmax_t>(size, uintmax_t(16) << 20)), '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        add("workload " + std::to_string(size) + "\n", head);
    } else {
        add("zoo\n", point.workload);
    }
    // Input shapes given for a workload change its layers, so they key the point too.
    if (const auto shapes = spec.inputShapes.find(point.workload); shapes != spec.inputShapes.end())
        for (const auto &[name, dims] : shapes->second) {
            std::string d;
            for (auto v : dims)
                d += std::to_string(v) + ",";
            add("input_shape " + name + "\n", d);
        }
    return h.result().toHex().left(16).toStdString();
}

SweepRow runSweepPoint(const SweepSpec &spec, const SweepPoint &point, int threads)
{
    const std::string hwPath = hardwarePathOf(spec, point);
    const auto shapes = spec.inputShapes.find(point.workload);
    const Workload w =
        loadWorkload(point.workload, {}, shapes == spec.inputShapes.end() ? InputShapes{} : shapes->second);
    const Accelerator acc = loadHardware(hwPath);
    ExploreOptions opt;
    opt.objective = point.objective;
    opt.threads = threads;
    opt.seed = spec.seed;
    opt.generations = spec.generations;
    opt.population = spec.population;
    const ExploreResult r = explore(w, acc, opt);
    SweepRow row;
    row.workload = point.workload;
    row.hardware = point.hardware;
    row.objective = std::string(toString(point.objective));
    row.settings = sweepSettings(spec);
    row.inputsDigest = sweepInputsDigest(spec, point);
    row.origin = r.best.origin;
    row.best = sweepTotals(r.best.totals);
    for (const auto &[name, b] : r.baselines)
        row.baselines.emplace_back(name, sweepTotals(b.totals));
    row.wallSeconds = r.stats.wallSeconds;
    row.planYaml = toPlanYaml(r.best.plan, w, acc);
    return row;
}

SweepRunStats runSweep(const SweepSpec &spec, const std::string &outPath, int shardIndex, int shardCount,
                       int threads, std::ostream *log)
{
    if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
        throw UsageError("--shard must be i/N with 0 <= i < N");
    SweepStore store(outPath);
    SweepRunStats stats;
    const auto points = sweepPoints(spec);
    for (const auto &p : points) {
        if (p.index % shardCount != shardIndex)
            continue;
        ++stats.points;
        const std::string obj(toString(p.objective));
        SweepRow key;
        key.workload = p.workload;
        key.hardware = p.hardware;
        key.objective = obj;
        key.settings = sweepSettings(spec);
        key.inputsDigest = sweepInputsDigest(spec, p);
        if (store.contains(key)) {
            ++stats.skipped;
            continue;
        }
        if (log)
            *log << "[" << p.index + 1 << "/" << points.size() << "] " << p.workload << " on " << p.hardware
                 << " (" << obj << ")" << std::endl;
        store.insert(runSweepPoint(spec, p, threads));
        ++stats.ran;
    }
    return stats;
}

} // namespace fuselab
