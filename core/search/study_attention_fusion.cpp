// SPDX-License-Identifier: GPL-3.0-or-later
// Study `attention-fusion`: a transformer block unfused (layer by layer: the H·N² scores and
// probabilities go to DRAM and back) vs its attention core fused FlashAttention-style (Q·Kᵀ →
// softmax → ·V tiled over query rows, the scores never leaving the core) vs attention and FFN
// fused (the FFN tiled over tokens, its hidden activations on chip), for prefill at several
// sequence lengths and decode at several KV-cache lengths, on the quad-core example and on a
// single large core. The fused attention may also split its heads into parts (a K split of the
// three layers, whole heads per part) dealt over the MAC cores, parts on one core taking turns;
// the tile height (16…1024 rows) and the head parts are those with the fewest DRAM bytes, then
// the lowest latency.
#include "search/studies.h"

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

// `headParts` > 0: each attention core's heads in that many parts (splitAttentionHeads).
Plan variantPlan(const Workload &w, const Accelerator &acc, const Variant &v, int tileRows, int headParts)
{
    const Plan lbl = layerByLayerPlan(w, acc);
    if (!v.fused)
        return lbl;
    Plan p = lbl;
    p.name = v.name;
    FusedGroup kernel;
    kernel.tileRows = tileRows;
    const auto order = w.topologicalOrder();
    p.groups = kernelGroups(w, order, 0, static_cast<int>(order.size()) - 1, v.fuse, kernel, lbl);
    if (headParts > 0)
        splitAttentionHeads(w, acc, headParts, p);
    return p;
}

struct Outcome {
    ScheduleTotals totals;
    int tileRows = 0;
    int headParts = 0;
};

// The fused variant at its best tile height and head split: the fewest DRAM bytes (what fusing
// is for: a tiling whose scores spill to DRAM loses to one that keeps them on chip), then the
// lowest latency; std::nullopt if
// none schedules, with `why` set to the scheduler's reason for the first configuration tried
// (the smallest tile with the heads over all MAC cores, the likeliest to fit).
std::optional<Outcome> bestOutcome(const Workload &w, const Accelerator &acc, const Variant &v, int64_t rows,
                                   std::string &why)
{
    std::vector<int> tiles;
    if (v.fused && rows > 16) {
        for (int t : {16, 32, 64, 128, 256, 512, 1024})
            if (t < rows)
                tiles.push_back(t);
    } else {
        tiles.push_back(0);
    }
    ScheduleOptions so;
    so.recordEvents = false;
    std::optional<Outcome> best;
    std::vector<int> splits{0};
    if (v.fused) {
        int cores = 0;
        for (const auto &c : acc.cores)
            cores += c.kind != CoreKind::Simd && c.kind != CoreKind::Pool;
        splits.clear();
        for (int m : {1, 2, 4, 8})
            if (cores * m > 1)
                splits.push_back(cores * m);
        splits.push_back(0);
    }
    for (int t : tiles)
        for (int parts : splits) {
            try {
                const ScheduleTotals s = schedule(w, acc, variantPlan(w, acc, v, t, parts), so).totals;
                const auto key = [](const ScheduleTotals &x) {
                    return std::make_pair(x.dramReadBytes + x.dramWriteBytes, x.latencyCycles);
                };
                if (!best || key(s) < key(best->totals))
                    best = Outcome{s, t, parts};
            } catch (const ScheduleError &e) {
                if (why.empty())
                    why = e.what();
            }
        }
    return best;
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
    t.valueColumns.push_back("attention head parts");
    const std::vector<std::string> legend{"unfused", "fused attention", "fused attention + FFN"};
    t.charts = {{"DRAM traffic (MB)", {0, 1, 2}, legend, 1.0, true},
                {"Latency (Mcycles)", {3, 4, 5}, legend, 1.0, true},
                {"Energy (µJ)", {6, 7, 8}, legend, 1.0, true},
                {"Peak on-chip memory (KiB)", {9, 10, 11}, legend, 1.0, false}};

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
            std::vector<std::optional<Outcome>> out;
            for (const auto &v : kVariants) {
                std::string why;
                out.push_back(bestOutcome(w, acc, v, rows, why));
                if (!out.back())
                    t.notes.push_back(std::string(v.name) + " on " + hwName + ", " + spec + ": " + why);
            }
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
            r.values.push_back(out[1] ? double(out[1]->tileRows) : missing);
            r.values.push_back(out[1] ? double(out[1]->headParts) : missing);
            t.rows.push_back(std::move(r));
        }
    t.notes.push_back("peak on-chip KiB: the sum over on-chip memories of each one's peak occupancy");
    t.notes.push_back("attention tile rows: query rows per tile of the fused attention (0: one tile, decode)");
    t.notes.push_back("attention head parts: the fused attention's heads in that many parts over the MAC cores, "
                      "taking turns where there are more parts than cores (0: not split)");
    t.notes.push_back("decode: one token has no FFN to tile, so fused attention + FFN is fused attention");
    return t;
}

} // namespace fuselab
