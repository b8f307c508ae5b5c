// SPDX-License-Identifier: GPL-3.0-or-later
// Study `aimc-tiles` (AERO, JETCAS 2022): a tile-based analog in-memory-compute accelerator with
// enough tiles for a weight-stationary mapping vs a limited number of tiles that must be
// reprogrammed during every inference.
//
// The accelerator (aimcTileAccelerator): N AIMC tiles, each `kCrossbars` crossbars of 256×256
// (its weight memory is the crossbar cells, see aimcCrossbars) with a digital I/O buffer, one
// SIMD core for pooling and residual adds, one bus to the DRAM. The numbers are those of
// examples/hardware/aimc_tiles.yaml.
//
// Mapping: every MAC layer is split on K into parts that each fit one tile's crossbars (a part
// of k output channels needs ceil(Kw/256) · ceil(k/256) crossbars), layer by layer in
// topological order; vector layers run on the SIMD core.
//  - weight stationary: every part on a tile of its own (tiles needed = Σ parts); the weights
//    are programmed once at deployment, so the schedule of one inference starts with them in
//    place (ScheduleOptions::weightsPreloaded): no weight traffic, no programming.
//  - limited, T tiles: the same parts dealt round robin over the T tiles; every part's weights
//    are read from DRAM and programmed during each inference, and a tile that serves several
//    parts is reprogrammed between them (the scheduler's weight slots and the AIMC cost model).
#include "search/studies.h"

#include "cost/aimc_cost.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/stream_mapping.h"
#include "search/study_helpers.h"

#include <algorithm>
#include <optional>

namespace fuselab {

namespace {

constexpr int kCrossbarSize = 256;
constexpr int kCrossbars = 32; // crossbars per tile: enough for ResNet's 3·3·512 rows (18)

Core aimcTile(const std::string &name)
{
    Core c;
    c.name = name;
    c.kind = CoreKind::Aimc;
    c.rows = c.cols = kCrossbarSize;
    c.macEnergy = 0.0763;
    c.mvmCycles = 100;
    c.mvmEnergy = 5000;
    c.programCyclesPerRow = 1000;
    c.programEnergyPerRow = 50000;
    return c;
}

Memory memory(const std::string &name, const std::string &core, int64_t size, unsigned operands, double bw,
              double pj)
{
    Memory m;
    m.name = name;
    m.core = core;
    m.sizeBytes = size;
    m.operands = operands;
    m.readBw = m.writeBw = bw;
    m.readEnergy = m.writeEnergy = pj;
    return m;
}

} // namespace

namespace study {

Accelerator aimcTileAccelerator(int tiles)
{
    Accelerator acc;
    acc.name = "aimc_" + std::to_string(tiles) + "_tiles";
    acc.clockMHz = 1000;
    std::vector<std::string> bus;
    for (int i = 0; i < tiles; ++i) {
        const std::string name = "t" + std::to_string(i);
        acc.cores.push_back(aimcTile(name));
        acc.cores.back().place = {2 + 3 * (i % 16), 1 + 3 * (i / 16), 2, 2};
        acc.memories.push_back(memory(name + ".buf", name, 64 << 10, OperandI | OperandO, 64, 0.4));
        // The crossbar cells: programming energy and time are the cost model's.
        acc.memories.push_back(memory(
            name + ".xbar", name, int64_t(kCrossbars) * kCrossbarSize * kCrossbarSize, OperandW, 256, 0.0));
        bus.push_back(name);
    }
    Core simd;
    simd.name = "simd";
    simd.kind = CoreKind::Simd;
    simd.lanes = 64;
    simd.macEnergy = 0.1;
    simd.place = {0, 1, 2, 2};
    acc.cores.push_back(simd);
    acc.memories.push_back(memory("simd.buf", "simd", 256 << 10, OperandAll, 64, 0.6));
    bus.push_back("simd");
    acc.dram.bandwidth = 32;
    acc.dram.readEnergy = acc.dram.writeEnergy = 120;
    acc.dram.latency = 100;
    acc.dram.place = {0, 4, 2, 2};
    bus.push_back(acc.dram.name);
    acc.links.push_back({"bus", bus, 32, 1, 0.05});
    return acc;
}

} // namespace study

namespace {

/// The K parts of every MAC layer (0 for a vector layer): as few as keep each part within one
/// tile's crossbars.
std::vector<int> partsPerLayer(const Workload &w, const Core &tile, const Accelerator &acc)
{
    std::vector<int> parts(w.layers.size(), 0);
    for (size_t l = 0; l < w.layers.size(); ++l) {
        const Layer &layer = w.layers[l];
        if (!isMacOp(layer.op) || !layer.hasWeights)
            continue;
        const int64_t capacity = aimcCrossbars(layer, tile, acc);
        int p = 1;
        auto fits = [&](int n) {
            LoopDims part = layer.dims;
            part.k = (layer.dims.k + n - 1) / n;
            return aimcBlocks(layer, part, tile) <= capacity;
        };
        while (p < layer.dims.k && !fits(p))
            ++p;
        parts[l] = p;
    }
    return parts;
}

/// Layer-by-layer plan with every MAC layer's parts on the given tiles (round robin from
/// `next`), vector layers on the SIMD core (the last core).
Plan aimcPlan(const Workload &w, const Accelerator &acc, const std::vector<int> &parts, int tiles)
{
    MappingConstraints m;
    m.layers.resize(w.layers.size());
    const int simd = static_cast<int>(acc.cores.size()) - 1;
    int next = 0;
    for (LayerId l : w.topologicalOrder()) {
        LayerConstraint &c = m.layers[l];
        if (parts[l] == 0) {
            c.cores = {simd};
            continue;
        }
        for (int i = 0; i < parts[l]; ++i)
            c.cores.push_back((next++) % tiles);
        if (parts[l] > 1)
            c.split = SplitDim::K;
    }
    PlanOptions o;
    o.mapping = &m;
    o.weightFraction = 1.0; // a part's weights are the crossbars' whole content
    return layerByLayerPlan(w, acc, o);
}

int tilesUsed(const Plan &p, const Accelerator &acc)
{
    std::vector<bool> used(acc.cores.size(), false);
    for (size_t l = 0; l < p.core.size(); ++l) {
        const LayerSplit &s = p.splitOf(static_cast<LayerId>(l));
        for (int k : s.active() ? s.cores : std::vector<int>{p.core[l]})
            used[k] = acc.cores[k].kind == CoreKind::Aimc;
    }
    return static_cast<int>(std::count(used.begin(), used.end(), true));
}

struct Outcome {
    ScheduleTotals totals;
    int tilesUsed = 0;
};

std::optional<Outcome> run(const Workload &w, int parts, const std::vector<int> &perLayer, int tiles,
                           bool stationary, std::vector<std::string> &notes)
{
    const Accelerator acc = study::aimcTileAccelerator(tiles);
    ScheduleOptions so;
    so.recordEvents = false;
    so.weightsPreloaded = stationary;
    try {
        const Plan p = aimcPlan(w, acc, perLayer, std::min(tiles, parts));
        return Outcome{schedule(w, acc, p, so).totals, tilesUsed(p, acc)};
    } catch (const ScheduleError &e) {
        notes.push_back(w.name + " on " + std::to_string(tiles) + " tiles: " + e.what());
        return std::nullopt;
    }
}

} // namespace

StudyTable aimcTilesStudy(const StudyOptions &o)
{
    using study::missing;
    // Default limits: a half and a quarter of the tiles each network needs; --tiles: counts.
    const bool relative = o.tileCounts.empty();
    const std::vector<int> limits = relative ? std::vector<int>{2, 4} : o.tileCounts;
    auto limitFor = [&](int limit, int need) { return relative ? std::max(1, need / limit) : limit; };
    StudyTable t;
    t.title = "AIMC tiles (" + std::to_string(kCrossbars) + " crossbars of " + std::to_string(kCrossbarSize) +
              "x" + std::to_string(kCrossbarSize) +
              " each): weight stationary on enough tiles vs limited tiles reprogrammed every inference";
    t.labelColumns = {"workload"};
    t.valueColumns = {"WS tiles"};
    std::vector<std::string> configs{"WS"};
    for (int n : limits)
        configs.push_back(relative ? "WS/" + std::to_string(n) : std::to_string(n) + "t");
    for (const char *what : {"cycles", "energy uJ", "DRAM B", "tiles used"})
        for (const auto &c : configs)
            t.valueColumns.push_back(c + " " + what);
    const int nc = static_cast<int>(configs.size());
    std::vector<std::string> legend{"weight stationary (enough tiles)"};
    for (int n : limits)
        legend.push_back((relative ? (n == 2 ? std::string("half") : "1/" + std::to_string(n)) + " the tiles"
                                   : std::to_string(n) + " tiles") +
                         ", weights reloaded");
    auto columns = [&](int block) {
        std::vector<int> c;
        for (int i = 0; i < nc; ++i)
            c.push_back(1 + block * nc + i);
        return c;
    };
    t.charts = {{"Latency (cycles)", columns(0), legend, 1.0, true},
                {"Energy (µJ)", columns(1), legend, 1.0, true},
                {"DRAM traffic (bytes)", columns(2), legend, 1.0, true},
                {"AIMC tiles used", columns(3), legend, 1.0, false}};

    for (const auto &wl :
         study::orDefault(o.workloads, {"mlp", "lenet5", "resnet18", "resnet34", "resnet50", "resnet101"})) {
        const Workload w = study::loadStudyWorkload(wl, o.inputShapes, o.psumBits);
        const Accelerator probe = study::aimcTileAccelerator(1);
        const std::vector<int> perLayer = partsPerLayer(w, probe.cores.front(), probe);
        int parts = 0;
        for (int p : perLayer)
            parts += p;
        std::vector<std::optional<Outcome>> outcomes{run(w, parts, perLayer, parts, true, t.notes)};
        for (int n : limits) { // a "limit" at or above the need is not limited: n/a
            const int tiles = limitFor(n, parts);
            outcomes.push_back(tiles < parts ? run(w, parts, perLayer, tiles, false, t.notes) : std::nullopt);
        }
        StudyTable::Row row{{wl}, {double(parts)}};
        for (int what = 0; what < 4; ++what)
            for (const auto &x : outcomes) {
                if (!x) {
                    row.values.push_back(missing);
                    continue;
                }
                const ScheduleTotals &s = x->totals;
                const double v[] = {double(s.latencyCycles), s.energyPj / 1e6,
                                    double(s.dramReadBytes + s.dramWriteBytes), double(x->tilesUsed)};
                row.values.push_back(v[what]);
            }
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace fuselab
