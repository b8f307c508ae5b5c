// SPDX-License-Identifier: GPL-3.0-or-later
// Study `no-recompute` (HW-Flow-Fusion, Electronics 2022): a few consecutive layers of VGG16
// and ResNet-18 scheduled one layer at a time vs fused into one group without recomputation.
//
// How the engine models the fused case (docs/design.md §4, core/schedule/cn_builder.cpp): the
// group runs depth first, tile by tile; in cache mode every row is computed once and the halo
// rows a later tile needs stay on chip (the line buffer), tensors from outside the group are
// brought on chip once per row by load nodes, and the group's weights stay resident. The
// layers share the one array (in time, tile by tile) and the one scratchpad (each keeps its
// tile rows, line buffer and weights in it at once): the buffer is partitioned between them
// by the scheduler's allocator, and a configuration that does not fit is rejected. The
// segment is cut out of its network as a workload of its own (extractGroup): its inputs come
// from DRAM and its result goes back, in both cases.
#include "search/studies.h"

#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "search/group_eval.h"
#include "search/study_helpers.h"
#include "util/error.h"

#include <algorithm>
#include <optional>

namespace fuselab {

namespace {

struct Segment {
    std::string workload, first, last;
};

Segment parseSegment(const std::string &spec)
{
    const auto colon = spec.find(':'), dots = spec.find("..");
    if (colon == std::string::npos || dots == std::string::npos || dots < colon)
        throw UsageError("segment '" + spec +
                         "' must be WORKLOAD:FIRST..LAST (layer names), e.g. "
                         "vgg16:features.0..features.2");
    return {spec.substr(0, colon), spec.substr(colon + 1, dots - colon - 1), spec.substr(dots + 2)};
}

// The layers of a segment, in topological order from `first` to `last`.
std::vector<LayerId> segmentLayers(const Workload &w, const Segment &s, const std::string &spec)
{
    const auto order = w.topologicalOrder();
    auto position = [&](const std::string &name) {
        const int l = w.layerIndex(name);
        if (l == kNone)
            throw InputError(s.workload, "layers", "segment '" + spec + "': no layer named '" + name + "'");
        return std::find(order.begin(), order.end(), l) - order.begin();
    };
    const auto a = position(s.first), b = position(s.last);
    if (b < a)
        throw InputError(s.workload, "layers",
                         "segment '" + spec + "': '" + s.last + "' comes before '" + s.first + "'");
    return {order.begin() + a, order.begin() + b + 1};
}

// "features.0..2", "layer1.0.conv1..add": the last layer's name without the prefix it shares
// with the first one (up to a '.').
std::string segmentLabel(const Segment &s)
{
    const auto dot = s.first.rfind('.');
    if (dot != std::string::npos && s.last.compare(0, dot + 1, s.first, 0, dot + 1) == 0)
        return s.first + ".." + s.last.substr(dot + 1);
    return s.first + ".." + s.last;
}

struct Fused {
    ScheduleTotals totals;
    GroupConfig config;
};

// The fused group's best configuration by latency among the cache-mode tilings the search
// also tries, with the weights resident (each fused layer keeps its weights in its share of
// the buffer, as HW-Flow-Fusion partitions it); std::nullopt when none fits.
std::optional<Fused> bestCachedFusion(const Accelerator &acc, const GroupWorkload &g, const Plan &lbl)
{
    // A layer whose weights exceed half the buffer is split into K parts taking turns on the
    // array (allocateCores), and its parts are fetched again for every tile: its weights can
    // never be resident, so there is no such fusion.
    for (const LayerSplit &s : lbl.split)
        if (s.active())
            return std::nullopt;
    const int64_t rows = g.workload.layers.back().dims.oy;
    std::optional<Fused> best;
    for (const GroupConfig &c : groupConfigs(rows, static_cast<int>(g.original.size()), {1, 2, 4, 8, 16})) {
        if (c.overlap != OverlapMode::Cache || c.weights != WeightPolicy::Resident)
            continue;
        const auto t = evaluateGroup(acc, g, lbl, c, lbl);
        if (t && (!best || t->latencyCycles < best->totals.latencyCycles))
            best = Fused{*t, c};
    }
    return best;
}

} // namespace

StudyTable noRecomputeStudy(const StudyOptions &o)
{
    using study::missing;
    using study::reductionPercent;
    StudyTable t;
    const int n = study::orDefault(o.arraySizes, {32}).front();
    const int64_t buffer = study::orDefault(o.bufferBytes, {int64_t(1) << 20}).front();
    const double bw = study::orDefault(o.dramBandwidths, {16.0}).front();
    const Accelerator acc = study::systolic(n, buffer, bw);
    t.title = "single-layer vs fused without recomputation (cached halos) on a " + std::to_string(n) + "x" +
              std::to_string(n) + " array, " + study::sizeLabel(buffer) + " scratchpad, DRAM " +
              std::to_string(static_cast<int>(bw)) + " B/cycle";
    t.labelColumns = {"workload", "segment", "tile"};
    t.valueColumns = {"single DRAM B", "fused DRAM B",   "traffic red. %",  "single cycles",
                      "fused cycles",  "latency red. %", "recompute cycles"};
    t.charts = {{"DRAM traffic (MB)", {0, 1}, {"single-layer", "fused, no recompute"}, 1e-6, false},
                {"Latency (Mcycles)",
                 {3, 4, 6},
                 {"single-layer", "fused, no recompute", "fused, recompute"},
                 1e-6,
                 false}};
    const std::vector<std::string> defaults{
        "vgg16:features.0..features.2",          "vgg16:features.0..features.4",
        "vgg16:features.5..features.7",          "vgg16:features.5..features.9",
        "resnet18:layer1.0.conv1..layer1.0.add", "resnet18:layer1.1.conv1..layer1.1.add",
        "resnet18:layer2.1.conv1..layer2.1.add"};
    for (const std::string &spec : study::orDefault(o.segments, defaults)) {
        const Segment s = parseSegment(spec);
        const Workload w = study::loadStudyWorkload(s.workload, o.inputShapes, o.psumBits);
        GroupWorkload g = extractGroup(w, segmentLayers(w, s, spec));
        // Plans below index the segment's own layers (its allocation comes from its lbl plan).
        for (size_t i = 0; i < g.original.size(); ++i)
            g.original[i] = static_cast<LayerId>(i);
        // Single-layer: every layer its own group (row tiles only where a layer does not fit).
        const Plan lbl = layerByLayerPlan(g.workload, acc);
        std::optional<ScheduleTotals> single;
        try {
            single = schedule(g.workload, acc, lbl).totals;
        } catch (const ScheduleError &) {
        }
        const std::optional<Fused> fused = bestCachedFusion(acc, g, lbl);
        std::optional<ScheduleTotals> recompute;
        if (fused) {
            GroupConfig r = fused->config;
            r.overlap = OverlapMode::Recompute;
            recompute = evaluateGroup(acc, g, lbl, r, lbl);
        }
        auto dram = [](const std::optional<ScheduleTotals> &x) {
            return x ? double(x->dramReadBytes + x->dramWriteBytes) : missing;
        };
        auto cycles = [](const std::optional<ScheduleTotals> &x) {
            return x ? double(x->latencyCycles) : missing;
        };
        const std::optional<ScheduleTotals> f = fused ? std::optional(fused->totals) : std::nullopt;
        std::string tile = "does not fit"; // no cache-mode tiling with resident weights fits
        if (fused)
            tile = fused->config.tileRows ? std::to_string(fused->config.tileRows) + " rows" : "whole";
        t.rows.push_back(
            {{s.workload, segmentLabel(s), tile},
             {dram(single), dram(f), single && f ? reductionPercent(dram(single), dram(f)) : missing,
              cycles(single), cycles(f), single && f ? reductionPercent(cycles(single), cycles(f)) : missing,
              cycles(recompute)}});
    }
    return t;
}

} // namespace fuselab
