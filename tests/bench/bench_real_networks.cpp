// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13: import + greedy fused plan + schedule of a 10,000-layer ONNX chain (written here
// through the ONNX protobuf API), and of any real model given on the command line, with the
// time of each step and the peak RSS (getrusage ru_maxrss).
// Usage: bench_real_networks chain3x3|chain1x1 [LAYERS]
//        bench_real_networks FILE.onnx [NAME=D0,D1,...]...
// Each invocation is one case, so its peak RSS is its own.
#include "../onnx_model_builder.h"

#include "hardware/presets.h"
#include "io/input_shapes.h"
#include "io/onnx_import.h"
#include "plan/plan_generators.h"
#include "schedule/schedule.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace fuselab;
namespace tb = fuselab::testonnx;

namespace {
double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// input 1×8×16×16 → `layers` × (Conv 8→8, f×f, pad f/2, + Relu).
std::string writeChain(int layers, int f)
{
    auto m = tb::model(13, "chain");
    auto &g = *m.mutable_graph();
    tb::input(g, "x", {1, 8, 16, 16});
    std::string in = "x";
    for (int i = 0; i < layers; ++i) {
        const std::string c = "c" + std::to_string(i), r = "r" + std::to_string(i);
        tb::conv(g, c, in, c + "_out", 8, 8, f, 1, f / 2);
        tb::node(g, "Relu", r, {c + "_out"}, {r + "_out"});
        in = r + "_out";
    }
    tb::output(g, in);
    const std::string path = "/tmp/bench_real_networks_" + std::to_string(getpid()) + ".onnx";
    if (!tb::save(m, path))
        std::exit(1);
    return path;
}

int run(const std::string &path, const InputShapes &shapes, const char *what)
{
    const Accelerator acc = singleSystolicAccelerator(32, 32, Dataflow::WS); // 32×32 WS, default SRAMs
    auto t = std::chrono::steady_clock::now();
    const Workload w = importOnnx(path, {}, shapes);
    const double importS = since(t);
    t = std::chrono::steady_clock::now();
    const Plan p = fusedPlan(w, acc);
    const double planS = since(t);
    t = std::chrono::steady_clock::now();
    ScheduleOptions o;
    o.recordEvents = false;
    o.maxCns = 2000000; // a 10,000-layer chain in 1-row tiles is ~320,000 CNs, above the default guard
    const Schedule s = schedule(w, acc, p, o);
    const double scheduleS = since(t);
    std::printf("%-28s layers %6zu  import %7.3f s  fused plan %7.3f s (%zu groups)  schedule %7.3f s  "
                "(%d CNs, %lld cycles)  peak RSS %7.1f MiB\n",
                what, w.layers.size(), importS, planS, p.groups.size(), scheduleS, s.totals.cnCount,
                static_cast<long long>(s.totals.latencyCycles), peakRssMiB());
    return 0;
}
} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s chain3x3|chain1x1 [LAYERS] | FILE.onnx [NAME=D0,D1,...]...\n", argv[0]);
        return 2;
    }
    const std::string c = argv[1];
    try {
        if (c == "chain3x3" || c == "chain1x1") {
            const int layers = argc > 2 ? std::atoi(argv[2]) : 10000;
            const std::string path = writeChain(layers, c == "chain3x3" ? 3 : 1);
            const int rc = run(path, {}, (c + " " + std::to_string(layers)).c_str());
            std::remove(path.c_str());
            return rc;
        }
        InputShapes shapes;
        for (int i = 2; i < argc; ++i)
            parseInputShape(argv[i], shapes);
        return run(c, shapes, std::strrchr(argv[1], '/') ? std::strrchr(argv[1], '/') + 1 : argv[1]);
    } catch (const std::exception &e) {
        std::printf("%s: %s\n", argv[1], e.what());
        return 1;
    }
}
