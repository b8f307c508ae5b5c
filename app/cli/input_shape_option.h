// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/arg_parser.h"
#include "io/input_shapes.h"

namespace fuselab::cli {

/// The repeatable `--input-shape NAME=D0,D1,...` of every command that takes a workload.
void addInputShapeOption(ArgParser &p);

/// The shapes given (empty when none); throws UsageError on a malformed one.
InputShapes inputShapesOf(const ArgParser &p);

} // namespace fuselab::cli
