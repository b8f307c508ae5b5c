// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/studies.h"

#include "cost/spatial_cost.h"
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "search/explorer.h"
#include "search/study_helpers.h"
#include "util/error.h"
#include "workload/workload_edits.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <sstream>

namespace fuselab {

namespace {

using study::loadStudyWorkload;
using study::missing;
using study::orDefault;
using study::systolic;

ExploreOptions exploreOptions(const StudyOptions &o, Objective objective)
{
    ExploreOptions e;
    e.objective = objective;
    e.threads = o.threads;
    e.seed = o.seed;
    e.generations = o.generations;
    e.population = o.population;
    e.costModel = costModelsFor(o.mappingObjective);
    return e;
}

const ScheduleTotals *baseline(const ExploreResult &r, const std::string &name)
{
    for (const auto &[n, b] : r.baselines)
        if (n == name)
            return &b.totals;
    return nullptr;
}

double cycles(const ScheduleTotals *t)
{
    return t ? double(t->latencyCycles) : missing;
}

double dramBytes(const ScheduleTotals *t)
{
    return t ? double(t->dramReadBytes + t->dramWriteBytes) : missing;
}

double edp(const ScheduleTotals &t)
{
    return objectiveValue(t, Objective::Edp);
}

} // namespace

namespace study {

Accelerator systolic(int n, int64_t buffer, double bw)
{
    Accelerator acc = singleSystolicAccelerator(n, n, Dataflow::WS);
    for (auto &m : acc.memories)
        m.sizeBytes = buffer;
    acc.dram.bandwidth = bw;
    for (auto &l : acc.links)
        if (std::find(l.endpoints.begin(), l.endpoints.end(), acc.dram.name) != l.endpoints.end())
            l.bandwidth = bw;
    return acc;
}

Workload loadStudyWorkload(const std::string &spec, const InputShapes &shapes, int psumBits)
{
    Workload w = loadWorkload(spec, {}, spec.ends_with(".onnx") ? shapes : InputShapes{});
    if (psumBits > 0)
        setPsumPrecision(w, psumBits);
    return w;
}

std::string sizeLabel(int64_t bytes)
{
    return bytes % (1 << 20) == 0 ? std::to_string(bytes >> 20) + "MiB" : std::to_string(bytes >> 10) + "KiB";
}

} // namespace study

const std::vector<std::string> &studyNames()
{
    static const std::vector<std::string> names{"multicore", "arch-aware", "pin-or-fuse", "no-recompute",
                                                "aimc-tiles", "attention-fusion"};
    return names;
}

StudyTable multicoreStudy(const StudyOptions &o)
{
    StudyTable t;
    const std::string hw =
        o.hardwarePath.empty() ? std::string("examples/hardware/quad_core.yaml") : o.hardwarePath;
    const Accelerator acc = loadHardware(hw);
    t.title = "lbl vs searched plan (EDP objective) on " + acc.name;
    t.labelColumns = {"workload"};
    t.valueColumns = {"lbl cycles", "search cycles", "lbl energy uJ", "search energy uJ", "EDP lbl/search"};
    t.charts = {{"Latency (Mcycles)", {0, 1}, {"layer by layer", "searched (EDP objective)"}, 1e-6, false},
                {"Energy (µJ)", {2, 3}, {"layer by layer", "searched (EDP objective)"}, 1.0, false},
                {"EDP ratio (lbl / searched)", {4}, {"EDP lbl / searched"}, 1.0, false}};
    for (const auto &wl : orDefault(o.workloads, {"resnet18", "resnet50"})) {
        const Workload w = loadStudyWorkload(wl, o.inputShapes, o.psumBits);
        const ExploreResult r = explore(w, acc, exploreOptions(o, Objective::Edp));
        const ScheduleTotals *lbl = baseline(r, "lbl");
        const ScheduleTotals &best = r.best.totals;
        t.rows.push_back({{wl},
                          {cycles(lbl), double(best.latencyCycles), lbl ? lbl->energyPj / 1e6 : missing,
                           best.energyPj / 1e6, lbl ? edp(*lbl) / std::max(1.0, edp(best)) : missing}});
    }
    return t;
}

StudyTable archAwareStudy(const StudyOptions &o)
{
    StudyTable t;
    t.title = "access-based vs full-model plan choice, both evaluated with the full model (latency)";
    t.labelColumns = {"workload", "array", "buffer", "DRAM B/cy"};
    t.valueColumns = {"access cycles", "full cycles", "reduction %"};
    t.charts = {{"Latency (cycles)",
                 {0, 1},
                 {"plan chosen by off-chip bytes", "plan chosen by the full model"},
                 1.0,
                 true},
                {"Latency reduction (%)", {2}, {"reduction by the full model's choice"}, 1.0, false}};
    for (const auto &wl : orDefault(o.workloads, {"resnet18", "vgg16", "mobilenetv2"})) {
        const Workload w = loadStudyWorkload(wl, o.inputShapes, o.psumBits);
        for (const int n : orDefault(o.arraySizes, {16, 32, 64, 128}))
            for (const int64_t buf : orDefault(o.bufferBytes, {int64_t(256) << 10, int64_t(1) << 20}))
                for (const double bw : orDefault(o.dramBandwidths, {16.0, 64.0})) {
                    const Accelerator acc = systolic(n, buf, bw);
                    const ExploreResult r = explore(w, acc, exploreOptions(o, Objective::Latency));
                    const double a = cycles(baseline(r, "access_based")),
                                 f = double(r.best.totals.latencyCycles);
                    std::ostringstream bwText;
                    bwText << bw;
                    t.rows.push_back({{wl, std::to_string(n) + "x" + std::to_string(n), study::sizeLabel(buf),
                                       bwText.str()},
                                      {a, f, 100.0 * (a - f) / std::max(1.0, a)}});
                }
    }
    return t;
}

StudyTable pinOrFuseStudy(const StudyOptions &o)
{
    StudyTable t;
    t.title = "fuse_only vs pin_only vs joint (DRAM objective) on a 32x32 array, DRAM 16 B/cycle";
    t.labelColumns = {"workload", "buffer"};
    t.valueColumns = {"fuse DRAM B", "pin DRAM B", "joint DRAM B",
                      "fuse cycles", "pin cycles", "joint cycles"};
    const std::vector<std::string> legend{"fuse only", "pin only", "joint pin + fuse"};
    t.charts = {{"DRAM traffic (MB)", {0, 1, 2}, legend, 1e-6, false},
                {"Latency (Mcycles)", {3, 4, 5}, legend, 1e-6, false}};
    for (const auto &wl : orDefault(o.workloads, {"mobilenetv1", "mobilenetv2"})) {
        const Workload w = loadStudyWorkload(wl, o.inputShapes, o.psumBits);
        for (const int64_t buf :
             orDefault(o.bufferBytes, {int64_t(128) << 10, int64_t(512) << 10, int64_t(2) << 20})) {
            const ExploreResult r = explore(w, systolic(32, buf, 16), exploreOptions(o, Objective::Dram));
            const ScheduleTotals *f = baseline(r, "fuse_only");
            const ScheduleTotals *p = baseline(r, "pin_only");
            const ScheduleTotals *j = &r.best.totals;
            t.rows.push_back({{wl, study::sizeLabel(buf)},
                              {dramBytes(f), dramBytes(p), dramBytes(j), cycles(f), cycles(p), cycles(j)}});
        }
    }
    return t;
}

StudyTable runStudy(const std::string &name, const StudyOptions &o)
{
    if (name == "multicore")
        return multicoreStudy(o);
    if (name == "arch-aware")
        return archAwareStudy(o);
    if (name == "pin-or-fuse")
        return pinOrFuseStudy(o);
    if (name == "no-recompute")
        return noRecomputeStudy(o);
    if (name == "aimc-tiles")
        return aimcTilesStudy(o);
    if (name == "attention-fusion")
        return attentionFusionStudy(o);
    throw UsageError("unknown study '" + name +
                     "' (multicore, arch-aware, pin-or-fuse, no-recompute, aimc-tiles, attention-fusion)");
}

namespace {

std::string number(double v)
{
    std::ostringstream o;
    if (std::isnan(v))
        o << "n/a";
    else if (v == double(int64_t(v)) && std::abs(v) < 1e15)
        o << int64_t(v);
    else
        o << std::setprecision(4) << v;
    return o.str();
}

} // namespace

std::string formatStudyTable(const StudyTable &t)
{
    std::vector<std::string> header = t.labelColumns;
    header.insert(header.end(), t.valueColumns.begin(), t.valueColumns.end());
    std::vector<std::vector<std::string>> cells{header};
    for (const auto &r : t.rows) {
        std::vector<std::string> c = r.labels;
        for (double v : r.values)
            c.push_back(number(v));
        cells.push_back(std::move(c));
    }
    std::vector<size_t> width(header.size(), 0);
    for (const auto &c : cells)
        for (size_t i = 0; i < c.size(); ++i)
            width[i] = std::max(width[i], c[i].size());
    std::ostringstream o;
    o << t.title << "\n";
    for (const auto &c : cells) {
        for (size_t i = 0; i < c.size(); ++i) {
            const bool left = i < t.labelColumns.size();
            o << (i ? "  " : "") << (left ? std::left : std::right) << std::setw(int(width[i])) << c[i];
        }
        o << "\n";
    }
    for (const auto &note : t.notes)
        o << "note: " << note << "\n";
    return o.str();
}

std::string studyTableCsv(const StudyTable &t)
{
    std::ostringstream o;
    std::vector<std::string> header = t.labelColumns;
    header.insert(header.end(), t.valueColumns.begin(), t.valueColumns.end());
    for (size_t i = 0; i < header.size(); ++i)
        o << (i ? "," : "") << header[i];
    o << "\n";
    for (const auto &r : t.rows) {
        for (size_t i = 0; i < r.labels.size(); ++i)
            o << (i ? "," : "") << r.labels[i];
        for (double v : r.values) {
            o << ",";
            if (!std::isnan(v)) // a missing baseline: an empty cell
                o << std::setprecision(10) << v;
        }
        o << "\n";
    }
    return o.str();
}

} // namespace fuselab
