// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <string>
#include <vector>

namespace fuselab {

/// Loads an accelerator from YAML, detecting the format: FuseLab's native format
/// (top-level `fuselab_hardware: 1`) or Stream's classic accelerator YAML (top-level `cores`
/// mapping ids to core files, `core_connectivity`, `offchip_core`). Validates the result.
/// Throws InputError naming the file, the field and the reason.
Accelerator loadHardware(const std::string &path);
/// The same, also returning the importer's warnings: for a Stream file, every field FuseLab
/// does not model (area, port allocation, access granularity, …), one line per field naming
/// the file and the field. Empty for a native file.
Accelerator loadHardware(const std::string &path, std::vector<std::string> &warnings);

/// Native format only.
Accelerator loadNativeHardware(const std::string &path);
Accelerator parseNativeHardware(const std::string &yamlText, const std::string &fileNameForErrors);
/// Stream's classic format only.
Accelerator importStreamHardware(const std::string &path);
Accelerator importStreamHardware(const std::string &path, std::vector<std::string> &warnings);

/// Native YAML text for an accelerator; loading it gives back an equal Accelerator, provided
/// its memories are grouped as the loader returns them (each core's private memories in core
/// order, then the shared ones) — always true for an accelerator that was loaded.
/// Format: README.md, section "Hardware format".
std::string toNativeHardwareYaml(const Accelerator &acc);
/// Writes the native YAML file (atomically: a temporary file renamed over the target).
void saveNativeHardware(const Accelerator &acc, const std::string &path);

} // namespace fuselab
