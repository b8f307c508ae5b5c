// SPDX-License-Identifier: GPL-3.0-or-later
// `study --figure`: the study's figure rendered offscreen when fuselab-cli was built with the
// GUI libraries (FUSELAB_CLI_FIGURES), else a clear UsageError.
#pragma once

#include "search/studies.h"

#include <string>

namespace fuselab::cli {

/// Throws UsageError when figures cannot be written (no GUI libraries, unknown suffix).
void checkStudyFigurePath(const std::string &path);
/// Renders the table's figure to `path` and says so on stdout; throws InputError on failure.
void writeStudyFigure(const StudyTable &table, const std::string &path);

} // namespace fuselab::cli
