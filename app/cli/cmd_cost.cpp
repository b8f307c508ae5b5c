// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commands.h"
namespace fuselab::cli {
int runCost(const std::vector<std::string> &) { return 0; }
} // namespace fuselab::cli
