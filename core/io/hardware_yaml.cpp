// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the YAML loaders land (being written now).
#include "io/hardware_yaml.h"
#include "util/error.h"
namespace fuselab {
Accelerator loadHardware(const std::string &p)
{
    throw InputError(p, "", "not built yet");
}
Accelerator loadNativeHardware(const std::string &p)
{
    throw InputError(p, "", "not built yet");
}
Accelerator parseNativeHardware(const std::string &, const std::string &p)
{
    throw InputError(p, "", "not built yet");
}
Accelerator importStreamHardware(const std::string &p)
{
    throw InputError(p, "", "not built yet");
}
std::string toNativeHardwareYaml(const Accelerator &)
{
    return {};
}
void saveNativeHardware(const Accelerator &, const std::string &) {}
} // namespace fuselab
