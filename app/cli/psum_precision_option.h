// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/arg_parser.h"
#include "workload/workload.h"

namespace fuselab::cli {

/// `--psum-precision BITS` of the commands that cost a workload: the bits of the partial sums
/// of its MAC layers in the loop-nest model (Precision::psum; Stream's ONNX parser uses 16).
void addPsumPrecisionOption(ArgParser &p);

/// Gives every MAC layer of `w` the partial-sum precision given (nothing without the option).
void applyPsumPrecision(const ArgParser &p, Workload &w);

} // namespace fuselab::cli
