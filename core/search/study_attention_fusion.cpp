// SPDX-License-Identifier: GPL-3.0-or-later
// Study `attention-fusion`: a transformer block unfused (layer by layer: the H·N² scores and
// probabilities go to DRAM and back) vs its attention core fused FlashAttention-style (Q·Kᵀ →
// softmax → ·V tiled over query rows and optionally keys, an online softmax, the scores never
// leaving the core) vs attention and FFN fused (the FFN tiled over tokens and optionally on
// its hidden dimension, the output accumulated over hidden slices), for prefill at several
// sequence lengths and decode at several KV-cache lengths, on the quad-core example and on a
// single large core. The fused attention may also split its heads into parts (a K split of the
// three layers, whole heads per part) dealt over the MAC cores, parts on one core taking turns.
// Tilings are chosen by the fewest DRAM bytes, then the lowest latency: the attention's first,
// then the FFN's with that attention (docs/design.md §4).
#include "search/studies.h"

#include "cost/spatial_cost.h"
#include "hardware/presets.h"
#include "io/hardware_yaml.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/transformer_kernels.h"
#include "schedule/schedule.h"
#include "search/study_helpers.h"
#include "workload/transformer_zoo.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace fuselab {

namespace {

struct Variant {
    const char *name;
    KernelFusion fuse;
    bool fused;
};

const std::array<Variant, 3> kVariants{{{"unfused", {false, false}, false},
                                        {"fused attention", {true, false}, true},
                                        {"fused attention + FFN", {true, true}, true}}};

std::string withKey(const std::string &spec, const std::string &kv)
{
    return spec + (spec.find(':') == std::string::npos ? ":" : ",") + kv;
}

// A fused plan's tiling: the attention's query tile, key tile and head parts (> 0: its heads
// in that many parts, splitAttentionHeads), the FFN's token tile and hidden slice.
struct Tiling {
    int tileRows = 0, keyTile = 0, headParts = 0;
    int ffnRows = 0, hiddenTile = 0;
};

Plan variantPlan(const Workload &w, const Accelerator &acc, const Variant &v, const Tiling &t)
{
    const Plan lbl = layerByLayerPlan(w, acc);
    if (!v.fused)
        return lbl;
    Plan p = lbl;
    p.name = v.name;
    FusedGroup kernel;
    kernel.tileRows = t.tileRows;
    KernelFusion fuse = v.fuse;
    fuse.attentionKeyTile = t.keyTile;
    fuse.ffnHiddenTile = t.hiddenTile;
    fuse.ffnTileRows = t.ffnRows;
    const auto order = w.topologicalOrder();
    p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, fuse, kernel, lbl);
    if (t.headParts > 0)
        splitAttentionHeads(w, acc, t.headParts, p);
    return p;
}

struct Outcome {
    ScheduleTotals totals;
    Tiling tiling;
};

// The best of `tilings` for variant `v`: the fewest DRAM bytes (what fusing is for: a tiling
// whose scores spill to DRAM loses to one that keeps them on chip), then the lowest latency;
// std::nullopt if none is valid and schedules, with `why` set to the validator's or the
// scheduler's reason for the first one.
std::optional<Outcome> bestOf(const Workload &w, const Accelerator &acc, const Variant &v,
                              const std::vector<Tiling> &tilings, CostModelLookup costModel, std::string &why)
{
    ScheduleOptions so;
    so.recordEvents = false;
    so.costModel = costModel;
    std::optional<Outcome> best;
    for (const Tiling &t : tilings) {
        try {
            const Plan plan = variantPlan(w, acc, v, t);
            if (const auto problems = validatePlan(plan, w, acc, costModel); !problems.empty()) {
                if (why.empty())
                    why = problems.front();
                continue;
            }
            const ScheduleTotals s = schedule(w, acc, plan, so).totals;
            const auto key = [](const ScheduleTotals &x) {
                return std::make_pair(x.dramReadBytes + x.dramWriteBytes, x.latencyCycles);
            };
            if (!best || key(s) < key(best->totals))
                best = Outcome{s, t};
        } catch (const ScheduleError &e) {
            if (why.empty())
                why = e.what();
        }
    }
    return best;
}

// The attention's tilings: query tiles of 16…1024 rows, keys whole or in tiles of 256 or 1024
// (key tiles with query tiles of 64 rows or more, FlashAttention's regime), heads in 1…8
// parts per MAC core or not split.
std::vector<Tiling> attentionTilings(const Accelerator &acc, int64_t rows, int64_t keys)
{
    std::vector<int> tiles;
    if (rows > 16) {
        for (int t : {16, 32, 64, 128, 256, 512, 1024})
            if (t < rows)
                tiles.push_back(t);
    } else {
        tiles.push_back(0);
    }
    int cores = 0;
    for (const auto &c : acc.cores)
        cores += c.kind != CoreKind::Simd && c.kind != CoreKind::Pool;
    std::vector<int> splits;
    for (int m : {1, 2, 4, 8})
        if (cores * m > 1)
            splits.push_back(cores * m);
    splits.push_back(0);
    std::vector<Tiling> out;
    for (int keyTile : {0, 256, 1024})
        if (keyTile < keys)
            for (int t : tiles)
                if (keyTile == 0 || t == 0 || t >= 64)
                    for (int parts : splits)
                        out.push_back({t, keyTile, parts, 0, 0});
    return out;
}

// The FFN's tilings with the attention's `base`: token tiles of 16…1024 rows or the whole
// sequence, hidden units whole or in slices of 512 or 2048.
std::vector<Tiling> ffnTilings(Tiling base, int64_t rows)
{
    std::vector<int64_t> tokenTiles;
    for (int64_t r : {16, 64, 256, 1024})
        if (r < rows)
            tokenTiles.push_back(r);
    tokenTiles.push_back(rows);
    std::vector<Tiling> out;
    for (int hidden : {0, 512, 2048})
        for (int64_t r : tokenTiles) {
            base.ffnRows = static_cast<int>(r);
            base.hiddenTile = hidden;
            out.push_back(base);
        }
    return out;
}

// Keys per head of the workload's attention (the context's reduction per head), 0 without.
int64_t attentionKeys(const Workload &w)
{
    const auto order = w.topologicalOrder();
    for (const auto &k : transformerKernels(w, order))
        if (k.kind == TransformerKernel::Kind::Attention) {
            const Layer &c = w.layers[order[k.last]];
            return c.dims.c / std::max(1, c.groups);
        }
    return 0;
}

double onChipPeak(const ScheduleTotals &t)
{
    int64_t sum = 0;
    for (int64_t b : t.peakMemoryBytes)
        sum += b;
    return static_cast<double>(sum);
}

} // namespace

StudyTable attentionFusionStudy(const StudyOptions &o)
{
    using study::missing;
    StudyTable t;
    t.title = "unfused vs fused attention (and FFN), one transformer block: prefill and decode";
    const auto bases = study::orDefault(o.workloads, {"llama-1b:layers=1,head=0"});
    // One workload: named in the title, so the figure's row labels stay short.
    if (bases.size() == 1)
        t.title += ", " + bases.front();
    t.labelColumns = bases.size() == 1 ? std::vector<std::string>{"hardware", "point"}
                                       : std::vector<std::string>{"hardware", "workload", "point"};
    for (const char *m : {"DRAM MB", "Mcycles", "energy uJ", "peak on-chip KiB"})
        for (const auto &v : kVariants)
            t.valueColumns.push_back(std::string(v.name) + " " + m);
    t.valueColumns.push_back("attention tile rows");
    t.valueColumns.push_back("attention key tile");
    t.valueColumns.push_back("attention head parts");
    t.valueColumns.push_back("FFN tile rows");
    t.valueColumns.push_back("FFN hidden slice");
    const std::vector<std::string> legend{"unfused", "fused attention", "fused attention + FFN"};
    t.charts = {{"DRAM traffic (MB)", {0, 1, 2}, legend, 1.0, true},
                {"Latency (Mcycles)", {3, 4, 5}, legend, 1.0, true},
                {"Energy (µJ)", {6, 7, 8}, legend, 1.0, true},
                {"Peak on-chip memory (KiB)", {9, 10, 11}, legend, 1.0, false}};

    const CostModelLookup costModel = costModelsFor(o.mappingObjective);
    std::vector<std::pair<std::string, Accelerator>> hardware;
    const std::string quad =
        o.hardwarePath.empty() ? std::string("examples/hardware/quad_core.yaml") : o.hardwarePath;
    hardware.emplace_back(loadHardware(quad).name, loadHardware(quad));
    // One large core: a 128×128 weight-stationary array, 8 MiB scratchpad, DRAM 32 B/cycle.
    hardware.emplace_back("1 core 128x128", study::systolic(128, int64_t(8) << 20, 32));

    struct Point {
        std::string base, spec, label;
    };
    std::vector<Point> points;
    for (const auto &base : bases) {
        for (int64_t n : study::orDefault(o.seqLengths, {512, 1024, 2048, 4096, 8192}))
            points.push_back({base, withKey(base, "seq=" + std::to_string(n)), "prefill seq=" + std::to_string(n)});
        for (int64_t kv : study::orDefault(o.kvLengths, {1024, 4096, 16384, 32768}))
            points.push_back({base, withKey(base, "phase=decode,kv=" + std::to_string(kv)),
                              "decode kv=" + std::to_string(kv)});
    }
    for (const auto &[hwName, acc] : hardware)
        for (const auto &[base, spec, label] : points) {
            const Workload w = study::loadStudyWorkload(spec, o.inputShapes, o.psumBits);
            int64_t rows = 1;
            for (const auto &l : w.layers)
                rows = std::max(rows, l.dims.oy);
            // Unfused; the attention fused at its best tiling; the FFN fused too, at its best
            // tiling with that attention (the two groups are apart, so their choices are too).
            std::vector<std::optional<Outcome>> out(kVariants.size());
            std::vector<std::string> why(kVariants.size());
            out[0] = bestOf(w, acc, kVariants[0], {Tiling{}}, costModel, why[0]);
            out[1] = bestOf(w, acc, kVariants[1], attentionTilings(acc, rows, attentionKeys(w)), costModel, why[1]);
            if (rows <= 1) {
                out[2] = out[1]; // decode: no FFN to tile
            } else if (out[1]) {
                out[2] = bestOf(w, acc, kVariants[2], ffnTilings(out[1]->tiling, rows), costModel, why[2]);
            } else {
                why[2] = why[1];
            }
            for (size_t v = 0; v < kVariants.size(); ++v)
                if (!out[v])
                    t.notes.push_back(std::string(kVariants[v].name) + " on " + hwName + ", " + spec + ": " + why[v]);
            StudyTable::Row r{bases.size() == 1 ? std::vector<std::string>{hwName, label}
                                                : std::vector<std::string>{hwName, base, label},
                              {}};
            auto put = [&](auto value) {
                for (const auto &x : out)
                    r.values.push_back(x ? value(x->totals) : missing);
            };
            put([](const ScheduleTotals &s) { return double(s.dramReadBytes + s.dramWriteBytes) / 1e6; });
            put([](const ScheduleTotals &s) { return double(s.latencyCycles) / 1e6; });
            put([](const ScheduleTotals &s) { return s.energyPj / 1e6; });
            put([](const ScheduleTotals &s) { return onChipPeak(s) / 1024.0; });
            r.values.push_back(out[1] ? double(out[1]->tiling.tileRows) : missing);
            r.values.push_back(out[1] ? double(out[1]->tiling.keyTile) : missing);
            r.values.push_back(out[1] ? double(out[1]->tiling.headParts) : missing);
            const bool ffn = out[2] && rows > 1;
            r.values.push_back(ffn ? double(out[2]->tiling.ffnRows) : missing);
            r.values.push_back(ffn ? double(out[2]->tiling.hiddenTile) : missing);
            t.rows.push_back(std::move(r));
        }
    t.notes.push_back("peak on-chip KiB: the sum over on-chip memories of each one's peak occupancy");
    t.notes.push_back("attention tile rows: query rows per tile of the fused attention (0: one tile, decode)");
    t.notes.push_back("attention key tile: keys per tile, K and V streamed with an online softmax (0: all keys at "
                      "once)");
    t.notes.push_back("FFN tile rows, hidden slice: tokens per tile of the fused FFN, hidden units per slice, the "
                      "output accumulated over slices (0: whole hidden layer; n/a: no FFN)");
    t.notes.push_back("attention head parts: the fused attention's heads in that many parts over the MAC cores, "
                      "taking turns where there are more parts than cores (0: not split)");
    t.notes.push_back("decode: one token has no FFN to tile, so fused attention + FFN is fused attention");
    return t;
}

} // namespace fuselab
