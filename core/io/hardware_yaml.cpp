// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of hardware loading: detects the format of a YAML file and dispatches.
#include "io/hardware_yaml.h"

#include "io/hardware_yaml_internal.h"
#include "io/yaml_helpers.h"
#include "util/error.h"

namespace fuselab {

namespace hwio {

bool looksNative(const YAML::Node &root)
{
    return root.IsMap() && root["fuselab_hardware"].IsDefined();
}

bool looksStreamAccelerator(const YAML::Node &root)
{
    if (!root.IsMap())
        return false;
    const YAML::Node cores = root["cores"]; // a missing key gives a node only IsDefined() may touch
    return cores.IsDefined() && cores.IsMap() &&
           (root["core_connectivity"].IsDefined() || root["offchip_core"].IsDefined());
}

bool looksStreamCore(const YAML::Node &root)
{
    return root.IsMap() && root["memories"].IsDefined() &&
           (root["operational_array"].IsDefined() || root["multipliers"].IsDefined());
}

void throwIfInvalid(const Accelerator &acc, const std::string &file)
{
    const std::vector<std::string> problems = acc.validate();
    if (problems.empty())
        return;
    std::string all;
    for (const auto &p : problems)
        all += (all.empty() ? "" : "; ") + p;
    throw InputError(file, "", "invalid accelerator: " + all);
}

} // namespace hwio

namespace {
// yaml-cpp reports misuse of a node by exceptions; none should escape, but if one does it
// becomes an InputError naming the file rather than a crash.
template <typename F> Accelerator guarded(const std::string &file, F &&f)
{
    try {
        return f();
    } catch (const YAML::Exception &e) {
        throw InputError(file, "", "unexpected YAML structure: " + e.msg);
    }
}
} // namespace

Accelerator loadHardware(const std::string &path)
{
    return guarded(path, [&] { return hwio::loadAnyHardware(path); });
}

Accelerator loadHardware(const std::string &path, std::vector<std::string> &warnings)
{
    return guarded(path, [&] { return hwio::loadAnyHardware(path, &warnings); });
}

Accelerator hwio::loadAnyHardware(const std::string &path, std::vector<std::string> *warnings)
{
    const YAML::Node root = yamlio::parseYaml(yamlio::readTextFile(path), path);
    if (hwio::looksNative(root))
        return hwio::nativeFromYaml(root, path);
    if (hwio::looksStreamAccelerator(root))
        return hwio::streamAcceleratorFromYaml(root, path, warnings);
    if (hwio::looksStreamCore(root))
        return hwio::streamCoreFileFromYaml(root, path, warnings);
    throw InputError(path, "",
                     "not a hardware description: expected `fuselab_hardware: 1` (FuseLab's format), "
                     "a Stream accelerator (`cores:` with `core_connectivity`/`offchip_core`) or a Stream "
                     "core file (`operational_array` and `memories`)");
}

Accelerator loadNativeHardware(const std::string &path)
{
    return parseNativeHardware(yamlio::readTextFile(path), path);
}

Accelerator parseNativeHardware(const std::string &yamlText, const std::string &fileNameForErrors)
{
    return guarded(fileNameForErrors, [&] {
        return hwio::nativeFromYaml(yamlio::parseYaml(yamlText, fileNameForErrors), fileNameForErrors);
    });
}

Accelerator importStreamHardware(const std::string &path)
{
    return guarded(path, [&] { return hwio::importStream(path); });
}

Accelerator importStreamHardware(const std::string &path, std::vector<std::string> &warnings)
{
    return guarded(path, [&] { return hwio::importStream(path, &warnings); });
}

Accelerator hwio::importStream(const std::string &path, std::vector<std::string> *warnings)
{
    const YAML::Node root = yamlio::parseYaml(yamlio::readTextFile(path), path);
    if (hwio::looksStreamCore(root) && !root["cores"].IsDefined())
        return hwio::streamCoreFileFromYaml(root, path, warnings);
    return hwio::streamAcceleratorFromYaml(root, path, warnings);
}

} // namespace fuselab
