// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs are history: running a strategy again adds a run next to the earlier ones.

#include "project/run.h"

#include <string>
#include <vector>

namespace fuselab {

/// `base` if no run has that name, else "base 2", "base 3", … the first one free after the
/// highest number in use (a deleted "fused 2" is not reused while "fused 3" exists).
std::string nextRunName(const std::vector<Run> &runs, const std::string &base);

} // namespace fuselab
