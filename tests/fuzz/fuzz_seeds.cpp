// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the fuzzers' seed corpora into the build directory (never into the repository):
//   fuzz_seeds <source dir> <shared dir> <output dir>
// makes <output dir>/<target>/ for every fuzz target, from examples/, tests/malformed/,
// tests/fuzz/regressions/ and Stream's files in <shared dir>/peers/stream. Plan and project
// seeds are written by FuseLab itself (a plan YAML, a saved project file).
#include "fuzz_loaders.h"
#include "onnx_structure_generator.h"

#include "plan/plan_generators.h"
#include "project/run.h"

#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
using namespace fuselab;

namespace {

std::string readAll(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Corpus {
    fs::path dir;
    int count = 0;
    void add(const std::string &name, const std::string &bytes)
    {
        fuzz::writeFile(dir / name, bytes);
        ++count;
    }
    void copy(const fs::path &from, const std::string &prefix = {})
    {
        add(prefix + from.filename().string(), readAll(from));
    }
};

std::vector<fs::path> filesIn(const fs::path &dir, const std::string &prefix, const std::string &ext)
{
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return out;
    for (const auto &e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ext && e.path().filename().string().rfind(prefix, 0) == 0)
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// An accelerator file with every core file of `coreDirs` that it names (by file name)
// appended as a bundle part (fuzz_loaders.h).
std::string bundle(const fs::path &accelerator, const std::vector<fs::path> &coreDirs)
{
    std::string out = readAll(accelerator);
    for (const auto &dir : coreDirs)
        for (const auto &core : filesIn(dir, "", ".yaml")) {
            const std::string name = core.filename().string();
            if (out.find(name) == std::string::npos || out.find(std::string(fuzz::kBundleFileMarker) + name) != std::string::npos)
                continue;
            if (out.back() != '\n')
                out += '\n';
            out += std::string(fuzz::kBundleFileMarker) + name + "\n" + readAll(core);
        }
    return out;
}

Corpus corpus(const fs::path &out, const std::string &target)
{
    Corpus c{out / target};
    fs::remove_all(c.dir); // no stale seeds from an earlier version of this program
    fs::create_directories(c.dir);
    return c;
}

// Inputs that once crashed a target stay in its corpus.
void addRegressions(Corpus &c, const fs::path &src, const std::string &target)
{
    const fs::path dir = src / "tests/fuzz/regressions" / target;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return;
    for (const auto &e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            c.copy(e.path(), "regression_");
}

// Rewrites a saved project with 512-byte pages: the same content in a fifth of the bytes, so
// the fuzzer's mutations land on records rather than on empty page space.
void compactProject(const fs::path &file)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(file.string().c_str(), &db) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA page_size = 512; VACUUM;", nullptr, nullptr, nullptr) != SQLITE_OK)
        std::cerr << "fuzz_seeds: cannot compact " << file.string() << " (kept as saved)\n";
    sqlite3_close(db);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::cerr << "usage: fuzz_seeds <source dir> <shared dir> <output dir>\n";
        return 2;
    }
    const fs::path src = argv[1], shared = argv[2], out = argv[3];
    const fs::path stream = shared / "peers/stream";
    const fs::path malformed = src / "tests/malformed";
    try {
        Corpus onnx = corpus(out, "onnx");
        for (const auto &f : filesIn(malformed, "", ".onnx"))
            onnx.copy(f, "malformed_");
        for (const auto &f : filesIn(stream / "workload", "", ".onnx"))
            onnx.copy(f, "stream_");
        addRegressions(onnx, src, "onnx");
        // Structure below the top level (issue 16): Ifs with Convs in their branches, functions
        // calling functions (and themselves), nesting past the depth bound, zero strides.
        for (const std::string &recipe : {std::string("\x00\x01\x03\x02\x00"), std::string(48, '\x01'),
                                         std::string("\x02\x02\x05\x01\x07\x00\x03"),
                                         std::string("\x03\x02\x08\x08\x08\x01\x01"),
                                         std::string("\x01\x01\x01\x00\x00\x00\x00")})
            onnx.add("structure_" + std::to_string(onnx.count) + ".onnx",
                     fuzz::OnnxStructureGenerator(recipe).model());

        Corpus native = corpus(out, "native_hardware");
        for (const auto &f : filesIn(src / "examples/hardware", "", ".yaml"))
            native.copy(f, "example_");
        for (const auto &f : filesIn(malformed, "hw_", ".yaml"))
            native.copy(f, "malformed_");
        // Hostile values of the red-team round (issue 16): each must be refused naming the field.
        {
            const std::string tpu = readAll(src / "examples/hardware/tpu_single_core.yaml");
            auto variant = [&](const std::string &name, const std::string &from, const std::string &to) {
                const auto at = tpu.find(from);
                if (at == std::string::npos)
                    throw std::runtime_error("tpu_single_core.yaml lacks '" + from + "'");
                native.add("hostile_" + name + ".yaml", std::string(tpu).replace(at, from.size(), to));
            };
            variant("dram_bandwidth_1e-300", "bandwidth_bytes_per_cycle: 16", "bandwidth_bytes_per_cycle: 1e-300");
            variant("dram_bandwidth_denormal", "bandwidth_bytes_per_cycle: 16", "bandwidth_bytes_per_cycle: 4.9e-324");
            variant("clock_1e300", "clock_mhz: 1000\ngrid", "clock_mhz: 1e300\ngrid");
            variant("dram_ports_int_max", "ports: 1", "ports: 2147483647");
            variant("dram_unreachable", "endpoints: [dram, spm, tpu]", "endpoints: [spm, tpu]");
            variant("control_char_name", "name: tpu_single_core\n", "name: \"tpu\\x1b[31m\"\n");
            variant("non_utf8_name", "name: tpu_single_core\n", "name: tpu\xff\xfe\n");
        }
        addRegressions(native, src, "native_hardware");

        Corpus streamHw = corpus(out, "stream_hardware");
        for (const auto &f : filesIn(stream / "hardware", "", ".yaml"))
            streamHw.add("stream_" + f.filename().string(), bundle(f, {stream / "hardware/cores"}));
        for (const auto &f : filesIn(stream / "hardware/cores", "", ".yaml"))
            streamHw.copy(f, "stream_core_");
        // The project's own Stream-format fixtures: seeds even where ../shared is absent.
        const fs::path fixtures = src / "tests/fixtures/stream";
        for (const auto &f : filesIn(fixtures / "hardware", "", ".yaml"))
            streamHw.add("fixture_" + f.filename().string(), bundle(f, {fixtures / "hardware/cores"}));
        for (const auto &f : filesIn(malformed, "stream_", ".yaml"))
            streamHw.add("malformed_" + f.filename().string(), bundle(f, {malformed / "stream_cores"}));
        addRegressions(streamHw, src, "stream_hardware");

        Corpus streamWl = corpus(out, "stream_workload");
        for (const auto &f : filesIn(stream / "workload", "", ".yaml"))
            streamWl.copy(f, "stream_");
        for (const auto &f : filesIn(fixtures / "workload", "", ".yaml"))
            streamWl.copy(f, "fixture_");
        for (const auto &f : filesIn(malformed, "wl_stream_", ".yaml"))
            streamWl.copy(f, "malformed_");
        addRegressions(streamWl, src, "stream_workload");

        const fuzz::PlanFixture fx = fuzz::planFixture(src.string());
        Corpus plan = corpus(out, "plan");
        const Plan lbl = layerByLayerPlan(fx.workload, fx.accelerator);
        const Plan fused = fusedPlan(fx.workload, fx.accelerator);
        plan.add("lbl.yaml", toPlanYaml(lbl, fx.workload, fx.accelerator));
        plan.add("fused.yaml", toPlanYaml(fused, fx.workload, fx.accelerator));
        addRegressions(plan, src, "plan");

        // Small projects without and with a run (plans, schedules, Pareto points): LeNet-5 on
        // the single-core TPU and on the quad core (routes over links, shared memories). Each
        // must load back equal, else the loader refuses what FuseLab saves.
        Corpus project = corpus(out, "project");
        const fuzz::ScratchDir scratch;
        auto addProject = [&](const std::string &name, const Project &p) {
            const fs::path file = scratch.path() / name;
            saveProject(p, file.string());
            compactProject(file);
            if (!(loadProject(file.string()) == p))
                throw std::runtime_error(name + ": the saved project does not load back equal");
            project.copy(file);
        };
        for (const char *hw : {"tpu_single_core", "quad_core"}) {
            Project p;
            p.name = std::string("seed ") + hw;
            p.workload = *zooModel("lenet5");
            p.accelerator = loadHardware((src / "examples/hardware" / (std::string(hw) + ".yaml")).string());
            addProject(std::string(hw) + "_plain.fuselab", p);
            for (const char *strategy : {"lbl", "fused"}) {
                RunRequest req;
                req.name = req.strategy = strategy;
                p.runs.push_back(computeRun(p.workload, p.accelerator, req));
            }
            p.runs.back().pareto = {{100, 200, true}, {150, 120, true}};
            addProject(std::string(hw) + "_with_runs.fuselab", p);
        }
        // Schema objects FuseLab never writes (issue 16): refused before anything is read.
        for (const auto &[name, sql] :
             {std::pair<std::string, std::string>{"view_recursive_cte",
                                                  "DROP TABLE runs; CREATE VIEW runs AS WITH RECURSIVE c(x) AS (SELECT 1 "
                                                  "UNION ALL SELECT x + 1 FROM c) SELECT x AS id FROM c;"},
              {"trigger", "CREATE TRIGGER t AFTER INSERT ON runs BEGIN DELETE FROM layers; END;"}}) {
            const fs::path file = scratch.path() / (name + ".fuselab");
            fs::copy_file(scratch.path() / "tpu_single_core_plain.fuselab", file, fs::copy_options::overwrite_existing);
            sqlite3 *db = nullptr;
            if (sqlite3_open(file.string().c_str(), &db) != SQLITE_OK ||
                sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
                std::cerr << "fuzz_seeds: cannot write " << file.string() << "\n";
            sqlite3_close(db);
            project.copy(file);
        }
        addRegressions(project, src, "project");

        for (const Corpus *c : {&onnx, &native, &streamHw, &streamWl, &plan, &project})
            std::cout << c->dir.string() << ": " << c->count << " seeds\n";
    } catch (const std::exception &e) {
        std::cerr << "fuzz_seeds: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
