// SPDX-License-Identifier: GPL-3.0-or-later
// Mapping-search benchmark: cold cost of every unique (layer, core) pair of a network on a
// Stream accelerator, one thread: each pair's loop-nest search runs once, uncached.
// Usage: bench_mapping [HW WORKLOAD]...  (defaults: ResNet-18 on tpu_like_quad_core, ResNet-50
// on eyeriss_like_quad_core and ResNet-18 on meta_prototype_dual_core_simd_offchip, whose cores
// search their spatial unrolling too, from ../shared/peers/stream). Not a timed test.
#include "cost/core_mapping.h"
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

using namespace fuselab;

namespace {
void run(const std::string &hwPath, const std::string &workload)
{
    const Accelerator acc = loadHardware(hwPath);
    const Workload w = loadWorkload(workload);
    std::set<std::string> seen;
    int pairs = 0;
    int64_t orders = 0, unrollings = 0;
    double energy = 0, worstMs = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const Layer &l : w.layers) {
        if (!isMacOp(l.op))
            continue;
        for (const Core &c : acc.cores) {
            if (c.kind != CoreKind::Spatial || !hasMemoryHierarchy(c, acc))
                continue;
            if (!seen.insert(mappingKey(l, l.dims, c, acc, MappingObjective::Energy)).second)
                continue;
            const auto a = std::chrono::steady_clock::now();
            const CoreMapping m = mapOnCore(l, l.dims, c, acc, MappingObjective::Energy);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
            worstMs = std::max(worstMs, ms);
            energy += m.result.cost.energy;
            orders += m.result.ordersEvaluated;
            unrollings += std::max<int64_t>(1, m.result.spatialCandidates);
            ++pairs;
        }
    }
    const double totalMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-28s %-26s pairs %3d  unrollings %5lld  orders %7lld  total %8.1f ms  mean %6.2f ms  worst %6.2f ms  "
                "energy %.4g pJ\n",
                acc.name.c_str(), workload.c_str(), pairs, static_cast<long long>(unrollings),
                static_cast<long long>(orders), totalMs,
                pairs ? totalMs / pairs : 0.0, worstMs, energy);
}
} // namespace

int main(int argc, char **argv)
{
    std::vector<std::pair<std::string, std::string>> cases;
    for (int i = 1; i + 1 < argc; i += 2)
        cases.emplace_back(argv[i], argv[i + 1]);
    if (cases.empty()) {
        const std::string s = FUSELAB_SHARED_DIR "/peers/stream/";
        cases = {{s + "hardware/tpu_like_quad_core.yaml", s + "workload/resnet18.onnx"},
                 {s + "hardware/eyeriss_like_quad_core.yaml", "resnet50"},
                 // meta_prototype has no `dataflows`: the spatial unrolling is searched too
                 {s + "hardware/meta_prototype_dual_core_simd_offchip.yaml", s + "workload/resnet18.onnx"}};
    }
    for (const auto &[hw, wl] : cases)
        run(hw, wl);
    return 0;
}
