// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui_options.h"

namespace fuselab {

/// Renders the main window or one view (per `options.view`) at `options.size` into
/// `options.screenshot`. Returns the exit code: 0 on success, 1 on bad input (project that
/// does not load, PNG that cannot be written).
int renderScreenshot(const GuiOptions &options);

} // namespace fuselab
