// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/synthetic_timeline.h"

#include <algorithm>
#include <random>

namespace fuselab::timeline {

namespace {

struct LayerSpec {
    std::string name;
    int64_t cyclesPerTile; ///< per core, before jitter
    int64_t weightBytes;
    int64_t outBytesPerTile;
    int64_t macsPerTile;
};

// ResNet-18-like layer list with plausible relative costs.
std::vector<LayerSpec> resnetLikeLayers()
{
    std::vector<LayerSpec> l;
    l.push_back({"conv1", 2400, 9408, 8192, 1'200'000});
    l.push_back({"pool1", 500, 0, 4096, 0});
    const int channels[] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
        const int64_t c = channels[stage];
        for (char block : {'a', 'b'}) {
            const std::string p = "res" + std::to_string(stage + 2) + block;
            const int64_t w = c * c * 9;
            l.push_back({p + ".conv1", 1500 + 300 * stage, w, 4096, 900'000});
            l.push_back({p + ".conv2", 1500 + 300 * stage, w, 4096, 900'000});
            if (block == 'a' && stage > 0)
                l.push_back({p + ".down", 400, c * c / 2, 4096, 100'000});
            l.push_back({p + ".add", 300, 0, 4096, 0});
        }
    }
    l.push_back({"gap", 300, 0, 256, 0});
    l.push_back({"fc", 900, 512 * 1000, 125, 512'000});
    return l;
}

struct MemEvent {
    int64_t cycle;
    int memory;
    int series;
    int64_t delta;
};

std::vector<MemoryStep> toSteps(std::vector<MemEvent> events, int memory, int nSeries)
{
    std::vector<MemEvent> mine;
    for (const MemEvent &e : events)
        if (e.memory == memory)
            mine.push_back(e);
    std::stable_sort(mine.begin(), mine.end(),
                     [](const MemEvent &a, const MemEvent &b) { return a.cycle < b.cycle; });
    std::vector<MemoryStep> steps;
    std::vector<int64_t> cur(static_cast<std::size_t>(nSeries), 0);
    for (std::size_t i = 0; i < mine.size();) {
        const int64_t c = mine[i].cycle;
        for (; i < mine.size() && mine[i].cycle == c; ++i)
            cur[static_cast<std::size_t>(mine[i].series)] += mine[i].delta;
        steps.push_back({c, cur});
    }
    return steps;
}

int64_t roundCapacity(int64_t peak)
{
    // Next multiple of 64 KiB above 1.15 x peak: a plausible SRAM size with some headroom.
    const int64_t unit = 64 * 1024;
    const auto want = static_cast<int64_t>(static_cast<double>(peak) * 1.15);
    return std::max<int64_t>(unit, (want + unit - 1) / unit * unit);
}

} // namespace

SyntheticSchedule makeSyntheticSchedule(int tracks, int tilesPerTrack, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    std::uniform_int_distribution<int> groupSize(1, 4);

    const std::vector<LayerSpec> layers = resnetLikeLayers();
    const int nLayers = static_cast<int>(layers.size());
    const int nCores = tracks >= 3 ? tracks - 2 : std::max(1, tracks);
    const bool hasLinkAndDram = tracks >= 3;

    SyntheticSchedule out;
    TimelineData &tl = out.timeline;
    tl.clockMHz = 800.0;
    for (int c = 0; c < nCores; ++c)
        tl.tracks.push_back({"Core " + std::to_string(c), Track::Compute, {}});
    const int link = hasLinkAndDram ? nCores : -1;
    const int dram = hasLinkAndDram ? nCores + 1 : -1;
    if (hasLinkAndDram) {
        tl.tracks.push_back({"Link (bus)", Track::Link, {}});
        tl.tracks.push_back({"DRAM", Track::Dram, {}});
    }

    // Fused groups: consecutive runs of 1-4 layers.
    std::vector<std::pair<int, int>> groups; // [first, last)
    for (int l = 0; l < nLayers;) {
        const int n = std::min(groupSize(rng), nLayers - l);
        groups.push_back({l, l + n});
        for (int k = l; k < l + n; ++k) {
            tl.layerNames.push_back(layers[static_cast<std::size_t>(k)].name);
            tl.layerGroup.push_back(static_cast<int>(groups.size()) - 1);
        }
        l += n;
    }
    const int tilesPerGroup = std::max(1, tilesPerTrack / nLayers);

    std::vector<MemEvent> mem; // memories: 0..nCores-1 core SRAMs, nCores the global buffer
    const int gb = nCores;
    int nextId = 0;
    std::vector<int64_t> coreFree(static_cast<std::size_t>(nCores), 0);
    int64_t linkFree = 0;
    int64_t dramFree = 0;
    int64_t groupInBytes = 64 * 1024; // the network input, resident in the global buffer
    mem.push_back({0, gb, 0, groupInBytes});

    auto addSlice = [&](int track, Slice s) {
        s.id = nextId++;
        tl.tracks[static_cast<std::size_t>(track)].slices.push_back(s);
        return s.id;
    };

    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto [gFirst, gLast] = groups[g];
        int64_t groupStart = *std::max_element(coreFree.begin(), coreFree.end());
        int weightId = -1;
        int64_t weights = 0;
        for (int l = gFirst; l < gLast; ++l)
            weights += layers[static_cast<std::size_t>(l)].weightBytes;
        const int64_t weightsPerCore = weights / nCores;
        if (hasLinkAndDram && weights > 0) {
            const int64_t start = std::max(dramFree, groupStart - 4000);
            const int64_t end = start + std::max<int64_t>(200, weights / 64);
            Slice s{start, end, gFirst, -1, static_cast<int>(g), 1, 0, weights, weights * 20.0, -1, {}};
            weightId = addSlice(dram, s);
            dramFree = end;
            groupStart = std::max(groupStart, end);
        }
        for (int c = 0; c < nCores; ++c)
            mem.push_back({groupStart, c, 1, weightsPerCore});
        int64_t groupOut = 0;
        int64_t prevTileStart = groupStart; // double buffering: tile t+1 loads while tile t computes
        for (int t = 0; t < tilesPerGroup; ++t) {
            int64_t ready = 0;
            int inId = -1;
            const int64_t inBytes = groupInBytes / tilesPerGroup + 512;
            if (hasLinkAndDram) {
                const int64_t start = std::max({linkFree, groupStart, prevTileStart});
                const int64_t end = start + 150 + static_cast<int64_t>(200 * jitter(rng));
                inId = addSlice(
                    link, {start, end, gFirst, t, static_cast<int>(g), 0, 0, inBytes, inBytes * 2.5, -1, {}});
                linkFree = end;
                ready = end;
                for (int c = 0; c < nCores; ++c)
                    mem.push_back({start, c, 0, inBytes / nCores});
            }
            std::vector<int> prevIds(static_cast<std::size_t>(nCores), inId);
            int64_t prevOut = 0;
            for (int l = gFirst; l < gLast; ++l) {
                const LayerSpec &spec = layers[static_cast<std::size_t>(l)];
                int64_t layerEnd = ready;
                for (int c = 0; c < nCores; ++c) {
                    const auto uc = static_cast<std::size_t>(c);
                    const int64_t start = std::max(coreFree[uc], ready) + 20;
                    const int64_t end =
                        start + static_cast<int64_t>(static_cast<double>(spec.cyclesPerTile) * jitter(rng));
                    Slice s{start,
                            end,
                            l,
                            t,
                            static_cast<int>(g),
                            -1,
                            spec.macsPerTile,
                            spec.outBytesPerTile,
                            static_cast<double>(spec.macsPerTile) * 0.5 +
                                static_cast<double>(spec.outBytesPerTile),
                            -1,
                            {}};
                    if (prevIds[uc] >= 0)
                        s.deps.push_back(prevIds[uc]);
                    if (t == 0 && l == gFirst && weightId >= 0)
                        s.deps.push_back(weightId);
                    if (l == gFirst && c == 0)
                        prevTileStart = start;
                    prevIds[uc] = addSlice(c, s);
                    coreFree[uc] = end;
                    layerEnd = std::max(layerEnd, end);
                    const int64_t outPerCore = spec.outBytesPerTile / nCores;
                    mem.push_back({start, c, 2, outPerCore});
                    if (l == gFirst && hasLinkAndDram) // the group's first layer consumes the tile's input
                        mem.push_back({end, c, 0, -(inBytes / nCores)});
                    else if (l != gFirst) // the previous layer's output is consumed
                        mem.push_back({end, c, 2, -prevOut});
                    if (l + 1 == gLast)
                        mem.push_back({end + 300, c, 2, -outPerCore});
                }
                prevOut = spec.outBytesPerTile / nCores;
                ready = layerEnd;
            }
            const int64_t outBytes = layers[static_cast<std::size_t>(gLast - 1)].outBytesPerTile;
            groupOut += outBytes;
            mem.push_back({ready + 300, gb, 2, outBytes});
            if (hasLinkAndDram && (t + 1 == tilesPerGroup || t % 8 == 7)) {
                const int64_t start = std::max(dramFree, ready);
                const int64_t end = start + 120 + outBytes / 96;
                std::vector<int> deps(prevIds.begin(), prevIds.end());
                addSlice(dram, {start, end, gLast - 1, t, static_cast<int>(g), 2, 0, outBytes,
                                outBytes * 20.0, -1, deps});
                dramFree = end;
            }
        }
        const int64_t groupEnd = *std::max_element(coreFree.begin(), coreFree.end()) + 300;
        for (int c = 0; c < nCores; ++c)
            mem.push_back({groupEnd, c, 1, -weightsPerCore});
        // The group's output becomes the next group's input in the global buffer.
        mem.push_back({groupEnd, gb, 0, groupOut - groupInBytes});
        mem.push_back({groupEnd, gb, 2, -groupOut});
        groupInBytes = groupOut;
    }
    for (const Track &t : tl.tracks)
        for (const Slice &s : t.slices)
            tl.endCycle = std::max(tl.endCycle, s.end);
    mem.push_back({tl.endCycle, gb, 0, -groupInBytes});
    for (Track &t : tl.tracks)
        std::stable_sort(t.slices.begin(), t.slices.end(),
                         [](const Slice &a, const Slice &b) { return a.start < b.start; });

    for (int m = 0; m <= nCores; ++m) {
        MemoryTrack mt;
        mt.memory = m < nCores ? "Core " + std::to_string(m) + " SRAM" : "Global buffer";
        mt.steps = toSteps(mem, m, 3);
        int64_t peak = 0;
        for (const MemoryStep &s : mt.steps)
            peak = std::max(peak, s.total());
        mt.capacity = roundCapacity(peak);
        out.memories.push_back(std::move(mt));
    }
    return out;
}

} // namespace fuselab::timeline
