// SPDX-License-Identifier: GPL-3.0-or-later
// What a name (layer, tensor, core, memory, link, workload, accelerator) may contain: valid
// UTF-8 without control characters. Every loader refuses other names through
// Workload::validate() / Accelerator::validate() (and the YAML reader for any text value), so
// the JSON writers, the SVG figures and the CSV exports never meet bytes they cannot encode.
#pragma once

#include <string>
#include <string_view>

namespace fuselab {

/// "" for an acceptable name, else the reason, e.g. "is not valid UTF-8 (byte 3 is 0xff)" or
/// "contains the control character U+0007 at byte 5".
std::string nameTextProblem(std::string_view name);

/// The name for a message: an acceptable name as is, otherwise with every byte outside
/// printable ASCII written as \xNN, so the message itself is clean text.
std::string printableName(std::string_view name);

} // namespace fuselab
