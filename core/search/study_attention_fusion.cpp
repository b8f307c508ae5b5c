// SPDX-License-Identifier: GPL-3.0-or-later
// Study `attention-fusion`: a transformer block unfused (layer by layer: the H·N² scores and
// probabilities go to DRAM and back) vs its attention core fused FlashAttention-style (Q·Kᵀ →
// softmax → ·V tiled over query rows, the scores never leaving the core) vs attention and FFN
// fused (the FFN tiled over tokens, its hidden activations on chip), for prefill at several
// sequence lengths and decode at several KV-cache lengths, on the quad-core example and on a
// single large core. On a multi-core accelerator the fused attention puts its heads across
// the MAC cores (a K split of the three layers, whole heads per core). The tile height of a
// fused kernel is the one with the lowest latency among 16…1024 rows.
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

// The MAC cores an attention core's heads spread over: every core that can run Q·Kᵀ, when
// there are several and they divide the heads.
std::vector<int> headCores(const Workload &w, const Accelerator &acc, const TransformerKernel &k,
                           const std::vector<LayerId> &order)
{
    const Layer &scores = w.layers[order[k.first]];
    std::vector<int> cores;
    for (int c = 0; c < static_cast<int>(acc.cores.size()); ++c)
        if (acc.cores[c].kind != CoreKind::Simd && acc.cores[c].kind != CoreKind::Pool && coreCanRun(nullptr, scores, acc.cores[c], acc))
            cores.push_back(c);
    if (cores.size() < 2 || scores.groups % static_cast<int>(cores.size()) != 0)
        return {};
    return cores;
}

Plan variantPlan(const Workload &w, const Accelerator &acc, const Variant &v, int tileRows, bool splitHeads)
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
    if (splitHeads)
        for (const auto &k : transformerKernels(w, order)) {
            if (k.kind != TransformerKernel::Kind::Attention)
                continue;
            const auto cores = headCores(w, acc, k, order);
            if (cores.empty())
                continue;
            if (p.split.empty())
                p.split.assign(w.layers.size(), {});
            for (int i = k.first; i <= k.last; ++i)
                p.split[order[i]] = {SplitDim::K, cores};
        }
    return p;
}

struct Outcome {
    ScheduleTotals totals;
    int tileRows = 0;
};

// The fused variant at its best tile height (lowest latency); std::nullopt if none schedules.
std::optional<Outcome> bestOutcome(const Workload &w, const Accelerator &acc, const Variant &v, int64_t rows)
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
    for (int t : tiles)
        for (bool split : {true, false}) {
            if (split && (!v.fused || acc.cores.size() < 2))
                continue;
            try {
                const ScheduleTotals s = schedule(w, acc, variantPlan(w, acc, v, t, split), so).totals;
                if (!best || s.latencyCycles < best->totals.latencyCycles)
                    best = Outcome{s, t};
            } catch (const ScheduleError &) {
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
    t.labelColumns = {"hardware", "workload"};
    for (const char *m : {"DRAM MB", "Mcycles", "energy uJ", "peak on-chip KiB"})
        for (const auto &v : kVariants)
            t.valueColumns.push_back(std::string(v.name) + " " + m);
    t.valueColumns.push_back("attention tile rows");
    const std::vector<std::string> legend{"unfused", "fused attention", "fused attention + FFN"};
    t.charts = {{"DRAM traffic (MB)", {0, 1, 2}, legend, 1.0, true},
                {"Latency (Mcycles)", {3, 4, 5}, legend, 1.0, true},
                {"Energy (µJ)", {6, 7, 8}, legend, 1.0, true},
                {"Peak on-chip memory (KiB)", {9, 10, 11}, legend, 1.0, true}};

    std::vector<std::pair<std::string, Accelerator>> hardware;
    const std::string quad =
        o.hardwarePath.empty() ? std::string("examples/hardware/quad_core.yaml") : o.hardwarePath;
    hardware.emplace_back(loadHardware(quad).name, loadHardware(quad));
    // One large core: a 128×128 weight-stationary array, 8 MiB scratchpad, DRAM 32 B/cycle.
    hardware.emplace_back("1 core 128x128", study::systolic(128, int64_t(8) << 20, 32));

    std::vector<std::string> specs;
    for (const auto &base : study::orDefault(o.workloads, {"llama-1b:layers=1,head=0"})) {
        for (int64_t n : study::orDefault(o.seqLengths, {512, 1024, 2048, 4096, 8192}))
            specs.push_back(withKey(base, "seq=" + std::to_string(n)));
        for (int64_t kv : study::orDefault(o.kvLengths, {1024, 4096, 16384, 32768}))
            specs.push_back(withKey(base, "phase=decode,kv=" + std::to_string(kv)));
    }
    for (const auto &[hwName, acc] : hardware)
        for (const auto &spec : specs) {
            const Workload w = study::loadStudyWorkload(spec, o.inputShapes);
            int64_t rows = 1;
            for (const auto &l : w.layers)
                rows = std::max(rows, l.dims.oy);
            std::vector<std::optional<Outcome>> out;
            for (const auto &v : kVariants)
                out.push_back(bestOutcome(w, acc, v, rows));
            StudyTable::Row r{{hwName, spec}, {}};
            auto put = [&](auto value) {
                for (const auto &x : out)
                    r.values.push_back(x ? value(x->totals) : missing);
            };
            put([](const ScheduleTotals &s) { return double(s.dramReadBytes + s.dramWriteBytes) / 1e6; });
            put([](const ScheduleTotals &s) { return double(s.latencyCycles) / 1e6; });
            put([](const ScheduleTotals &s) { return s.energyPj / 1e6; });
            put([](const ScheduleTotals &s) { return onChipPeak(s) / 1024.0; });
            r.values.push_back(out[1] ? double(out[1]->tileRows) : missing);
            t.rows.push_back(std::move(r));
        }
    t.notes.push_back("peak on-chip KiB: the sum over on-chip memories of each one's peak occupancy");
    t.notes.push_back("attention tile rows: query rows per tile of the fused attention (0: one tile, decode)");
    return t;
}

} // namespace fuselab
