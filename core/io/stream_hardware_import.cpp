// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/hardware_yaml_internal.h"
#include "util/error.h"
namespace fuselab::hwio {
Accelerator streamAcceleratorFromYaml(const YAML::Node &, const std::string &file) { throw InputError(file, "", "todo"); }
Accelerator streamCoreFileFromYaml(const YAML::Node &, const std::string &file) { throw InputError(file, "", "todo"); }
}
