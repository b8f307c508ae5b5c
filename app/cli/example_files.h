// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace fuselab::cli {

/// Path of a file under examples/ (e.g. "hardware/quad_core.yaml"): looked up in
/// $FUSELAB_EXAMPLES, next to an installed binary (../share/fuselab/examples), then in the
/// source tree the binary was built from. Throws InputError when none has it.
std::string exampleFile(const std::string &relative, const char *argv0 = nullptr);

} // namespace fuselab::cli
