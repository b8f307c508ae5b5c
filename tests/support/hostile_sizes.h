// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The hostile sizes of issue 7 §4, built in memory: a workload of thousands of layers, an
// accelerator of 256 cores, and a single layer whose plan makes as many CNs as asked.
// Shared by tests/tst_hostile_sizes.cpp (fast checks) and tests/bench/bench_hostile_sizes.cpp
// (peak RSS figures for BENCHMARKS.md).

#include "sched_fixtures.h"

#include "plan/plan.h"

#include <string>

namespace fuselab::testing {

/// A chain of `n` small convs (8 channels, 8×8, 3×3 with padding): n layers, n + 1 tensors.
inline Workload longChain(int n)
{
    Workload w;
    w.name = "chain" + std::to_string(n);
    TensorId t = addInput(w, "input", 8, 8, 8);
    for (int i = 0; i < n; ++i)
        t = addConv(w, "conv" + std::to_string(i), t, 8, 3, 1, 1);
    return w;
}

/// `side` × `side` systolic cores (8×8 arrays, 64 KiB private SRAM each) in a mesh: a link
/// between each pair of horizontal and vertical neighbours, and one off-chip bus from the
/// DRAM to every core. side = 16 gives the 256 cores of the issue.
inline Accelerator meshAccelerator(int side)
{
    Accelerator a;
    a.name = "mesh" + std::to_string(side * side);
    a.clockMHz = 1000;
    a.dram.bandwidth = 64;
    a.dram.latency = 100;
    Link bus = link("offchip", {"dram"}, 64, 1, 0.1);
    auto name = [](int x, int y) { return "c" + std::to_string(x) + "_" + std::to_string(y); };
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            a.cores.push_back(systolicCore(name(x, y), 8, 8));
            a.memories.push_back(privateMemory(name(x, y) + ".sram", name(x, y), 64 * 1024, 64));
            bus.endpoints.push_back(name(x, y));
            if (x + 1 < side)
                a.links.push_back(link(name(x, y) + "-e", {name(x, y), name(x + 1, y)}, 32, 1, 0.05));
            if (y + 1 < side)
                a.links.push_back(link(name(x, y) + "-s", {name(x, y), name(x, y + 1)}, 32, 1, 0.05));
        }
    a.links.push_back(bus);
    return a;
}

/// One 3×3 conv of 4 channels whose output is `rows` × `cols`; its plan of 1 × 1 tiles makes
/// rows × cols compute CNs (and as many load nodes of its input rows, at most).
inline Workload wideLayer(int64_t rows, int64_t cols)
{
    Workload w;
    w.name = "wide";
    const TensorId in = addInput(w, "input", 4, rows, cols);
    addConv(w, "wide", in, 4, 3, 1, 1);
    return w;
}

/// Every layer its own group of `tileRows` × `tileCols` tiles, layer l on core l mod cores.
inline Plan tiledPlan(const Workload &w, int cores, int tileRows, int tileCols)
{
    Plan p;
    p.name = "tiled";
    for (LayerId l = 0; l < static_cast<LayerId>(w.layers.size()); ++l) {
        FusedGroup g;
        g.layers = {l};
        g.tileRows = tileRows;
        g.tileCols = tileCols;
        p.groups.push_back(g);
        p.core.push_back(l % cores);
    }
    return p;
}

} // namespace fuselab::testing
