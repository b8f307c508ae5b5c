// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One function per fuzzed loader: feeds raw bytes to FuseLab's public loader exactly as the
// fuzz target does. The libFuzzer targets (built with clang) and tst_fuzz_regressions (the
// normal gcc test suite, replaying tests/fuzz/regressions) share them, so a regression input
// takes the same path in both. Bad input throws InputError; anything else is a finding.

#include "hardware/accelerator.h"
#include "io/hardware_yaml.h"
#include "io/onnx_import.h"
#include "io/stream_workload.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/plan_yaml.h"
#include "project/project_file.h"
#include "project/run.h"
#include "util/error.h"
#include "workload/workload.h"
#include "workload/zoo.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace fuselab::fuzz {

namespace fs = std::filesystem;

/// A private directory for the files that path-only loaders read, removed on destruction.
/// In /dev/shm when there is one (no disk writes at thousands of inputs per second).
class ScratchDir {
public:
    ScratchDir()
    {
        std::error_code ec;
        const fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                                  ? fs::path("/dev/shm")
                                  : fs::temp_directory_path();
        std::string tmpl = (base / "fuselab-fuzz-XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot create a scratch directory in " + base.string());
        path_ = tmpl;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;
    const fs::path &path() const { return path_; }

private:
    fs::path path_;
};

/// A loader returned something its own validation rejects: the app would take it in (the
/// GUI opens projects and imports ONNX models without validating again) and fail later.
/// Deliberately not an InputError, so that the fuzz target reports it as a finding.
class AcceptedInvalid : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

inline void requireValid(const Workload &w, const std::string &what)
{
    if (const auto errors = w.validate(); !errors.empty())
        throw AcceptedInvalid(what + " returned an invalid workload: " + errors.front());
}

inline void requireValid(const Accelerator &acc, const std::string &what)
{
    if (const auto errors = acc.validate(); !errors.empty())
        throw AcceptedInvalid(what + " returned an invalid accelerator: " + errors.front());
}

inline void writeFile(const fs::path &path, std::string_view bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path.string());
}

/// ONNX: the bytes are a model file.
inline void loadOnnxBytes(std::string_view bytes, const ScratchDir &dir)
{
    const fs::path file = dir.path() / "model.onnx";
    writeFile(file, bytes);
    requireValid(importOnnx(file.string()), "importOnnx");
}

/// Native hardware YAML: the text is parsed as a `fuselab_hardware` file.
inline void loadNativeHardwareText(std::string_view text)
{
    requireValid(parseNativeHardware(std::string(text), "fuzz.yaml"), "parseNativeHardware");
}

/// The marker that starts another file of a Stream hardware bundle (a YAML comment, so a
/// bundle without markers is one plain accelerator or core file).
inline constexpr std::string_view kBundleFileMarker = "#@file ";

/// Stream hardware bundle: an accelerator file, then core files, each introduced by a line
/// `#@file NAME`. The first part is written as `accelerator.yaml`, each core file as
/// `cores/NAME` (Stream accelerators name `cores/x.yaml` or `x.yaml`; the importer looks in
/// `cores/` too), and the accelerator is loaded with format detection, as the app does.
inline void loadStreamHardwareBundle(std::string_view bundle, const ScratchDir &dir)
{
    const fs::path root = dir.path() / "stream";
    std::error_code ec;
    fs::remove_all(root, ec);
    fs::create_directories(root / "cores");
    std::string_view rest = bundle;
    std::string_view accelerator;
    bool first = true;
    std::string name;
    while (true) {
        size_t at = rest.find(std::string("\n") + std::string(kBundleFileMarker));
        std::string_view part = at == std::string_view::npos ? rest : rest.substr(0, at);
        if (first)
            accelerator = part;
        else if (!name.empty())
            writeFile(root / "cores" / name, part);
        first = false;
        if (at == std::string_view::npos)
            break;
        rest.remove_prefix(at + 1 + kBundleFileMarker.size());
        const size_t eol = rest.find('\n');
        const std::string_view rawName = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        // Keep only a plain file name: the bundle must not write outside its directory.
        name.clear();
        for (char c : rawName)
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')
                name += c;
        if (name.size() > 100 || name == "." || name == "..")
            name.clear();
    }
    const fs::path file = root / "accelerator.yaml";
    writeFile(file, accelerator);
    requireValid(loadHardware(file.string()), "loadHardware");
}

/// Stream workload YAML: the text is one workload file.
inline void loadStreamWorkloadBytes(std::string_view bytes, const ScratchDir &dir)
{
    const fs::path file = dir.path() / "workload.yaml";
    writeFile(file, bytes);
    requireValid(importStreamWorkload(file.string()), "importStreamWorkload");
}

/// What plan files are read against: ResNet-18 (zoo) on examples/hardware/quad_core.yaml.
struct PlanFixture {
    Workload workload;
    Accelerator accelerator;
};
inline PlanFixture planFixture(const std::string &sourceDir)
{
    return {*zooModel("resnet18"), loadHardware(sourceDir + "/examples/hardware/quad_core.yaml")};
}

/// Plan YAML read against planFixture() as `fuselab-cli schedule --plan` reads it: parsed,
/// unallocated layers given the default allocation, then validated (an invalid plan is an
/// InputError there too).
inline void loadPlanText(std::string_view text, const Workload &w, const Accelerator &acc)
{
    const std::string file = "fuzz.plan.yaml";
    Plan plan = parsePlanYaml(std::string(text), file, w, acc);
    Plan fill;
    allocateCores(fill, w, acc);
    for (size_t l = 0; l < plan.core.size() && l < fill.core.size(); ++l)
        if (plan.core[l] < 0)
            plan.core[l] = fill.core[l];
    const auto errors = validatePlan(plan, w, acc);
    if (!errors.empty())
        throw InputError(file, "", "invalid plan: " + errors.front());
}

/// Project file: the bytes are an SQLite database; SQLite's side files of a previous input
/// are removed first so that every input is read on its own.
inline void loadProjectBytes(std::string_view bytes, const ScratchDir &dir)
{
    const fs::path file = dir.path() / "project.fuselab";
    std::error_code ec;
    for (const char *suffix : {"-journal", "-wal", "-shm"})
        fs::remove(fs::path(file.string() + suffix), ec);
    writeFile(file, bytes);
    // A project may hold an invalid design (the editors save one and list its problems), so
    // the oracle is what opening it does: the problem lists and graph walks of the views must
    // work, and every index must point into the project.
    const Project p = loadProject(file.string());
    const Workload &w = p.workload;
    (void)w.validate();
    (void)p.accelerator.validate();
    (void)w.topologicalOrder();
    (void)w.consumers();
    (void)w.graphInputs();
    (void)w.graphOutputs();
    const auto nt = static_cast<TensorId>(w.tensors.size());
    for (const auto &l : w.layers) {
        for (TensorId t : l.inputs)
            if (t < 0 || t >= nt)
                throw AcceptedInvalid("loadProject returned layer '" + l.name + "' reading a tensor that does not exist");
        if (l.output < 0 || l.output >= nt)
            throw AcceptedInvalid("loadProject returned layer '" + l.name + "' writing a tensor that does not exist");
    }
    for (const auto &t : w.tensors)
        if (t.producer < kNone || t.producer >= static_cast<LayerId>(w.layers.size()))
            throw AcceptedInvalid("loadProject returned tensor '" + t.name + "' with a producer that does not exist");
    for (const auto &run : p.runs) {
        const Workload &rw = run.design.workload;
        if (!runFits(run, rw, run.design.accelerator))
            throw AcceptedInvalid("loadProject returned run '" + run.name + "', which does not fit its design");
        for (const auto &cn : run.schedule.cns)
            if (cn.layer < 0 || cn.layer >= static_cast<LayerId>(rw.layers.size()) || cn.core < 0 ||
                cn.core >= static_cast<int>(run.design.accelerator.cores.size()))
                throw AcceptedInvalid("loadProject returned run '" + run.name + "' with a CN out of the project");
    }
}

} // namespace fuselab::fuzz
