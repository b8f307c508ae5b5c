// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the hardware loaders (core-internal).
#pragma once

#include "hardware/accelerator.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace fuselab::hwio {

/// Native format from a parsed document (top-level `fuselab_hardware: 1`).
Accelerator nativeFromYaml(const YAML::Node &root, const std::string &file);
/// Stream's accelerator file (`cores:` naming core files) from a parsed document. Fields
/// FuseLab does not model are appended to `warnings` when given.
Accelerator streamAcceleratorFromYaml(const YAML::Node &root, const std::string &file,
                                      std::vector<std::string> *warnings = nullptr);
/// A lone Stream core file (`operational_array`/`multipliers` + `memories`) as a one-core accelerator.
Accelerator streamCoreFileFromYaml(const YAML::Node &root, const std::string &file,
                                   std::vector<std::string> *warnings = nullptr);

bool looksNative(const YAML::Node &root);
bool looksStreamAccelerator(const YAML::Node &root);
bool looksStreamCore(const YAML::Node &root);

/// The bodies of loadHardware / importStreamHardware, which add a guard against yaml-cpp exceptions.
Accelerator loadAnyHardware(const std::string &path, std::vector<std::string> *warnings = nullptr);
Accelerator importStream(const std::string &path, std::vector<std::string> *warnings = nullptr);

/// Runs Accelerator::validate() and throws InputError(file, "", all problems) if any.
void throwIfInvalid(const Accelerator &acc, const std::string &file);

} // namespace fuselab::hwio
