// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the canned studies share (studies.cpp, study_no_recompute.cpp, study_aimc_tiles.cpp).
#pragma once

#include "hardware/accelerator.h"
#include "io/input_shapes.h"
#include "workload/workload.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace fuselab::study {

/// A value the engine could not produce (printed "n/a", an empty CSV cell).
inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

/// A single n×n weight-stationary array with a scratchpad of `buffer` bytes and DRAM (and its
/// link) of `bw` bytes/cycle.
Accelerator systolic(int n, int64_t buffer, double bw);

/// The aimc-tiles study's accelerator: `tiles` AIMC tiles of 32 crossbars (256×256) each, a
/// SIMD core and one bus to the DRAM (study_aimc_tiles.cpp).
Accelerator aimcTileAccelerator(int tiles);

/// "256KiB", "2MiB".
std::string sizeLabel(int64_t bytes);

/// A study workload, with the study's --input-shape applied to .onnx files (the built-in
/// models have fixed shapes) and its partial-sum precision (0: the output's) to MAC layers.
Workload loadStudyWorkload(const std::string &spec, const InputShapes &shapes, int psumBits);

template <typename T> std::vector<T> orDefault(const std::vector<T> &v, std::vector<T> fallback)
{
    return v.empty() ? fallback : v;
}

/// 100 · (before − after) / before (0 when before is 0).
inline double reductionPercent(double before, double after)
{
    return before > 0 ? 100.0 * (before - after) / before : 0.0;
}

} // namespace fuselab::study
