// SPDX-License-Identifier: GPL-3.0-or-later
// Canned studies (issue 4 §3): small experiments over the explorer whose tables every number of
// which comes from the engine. Each takes a grid that tests can shrink.
#pragma once

#include <string>
#include <vector>

namespace fuselab {

/// A result table: `labels.size()` text columns then `values` numeric columns per row; NaN marks
/// a baseline the explorer could not build (printed "n/a").
struct StudyTable {
    std::string title;
    std::vector<std::string> labelColumns, valueColumns;
    struct Row {
        std::vector<std::string> labels;
        std::vector<double> values;
    };
    std::vector<Row> rows;
};

struct StudyOptions {
    std::vector<std::string> workloads;  // empty: the study's default
    std::vector<int> arraySizes;         // arch-aware: n for n×n systolic arrays
    std::vector<int64_t> bufferBytes;    // arch-aware, pin-or-fuse: scratchpad sizes
    std::vector<double> dramBandwidths;  // arch-aware: bytes/cycle
    std::string hardwarePath;            // multicore: the accelerator
    int generations = 10;
    int population = 12;
    int threads = 0;
    uint64_t seed = 1;
};

const std::vector<std::string> &studyNames(); // multicore, arch-aware, pin-or-fuse

/// lbl vs the EDP-searched plan on a multi-core accelerator: latency, energy, EDP ratio.
StudyTable multicoreStudy(const StudyOptions &o);
/// Plans chosen by the off-chip-access model vs by the full latency model, both evaluated with
/// the full model, on single systolic-array accelerators of several sizes, buffers, bandwidths.
StudyTable archAwareStudy(const StudyOptions &o);
/// fuse_only vs pin_only vs joint search (DRAM objective) across scratchpad sizes.
StudyTable pinOrFuseStudy(const StudyOptions &o);
/// Runs a study by name; throws UsageError for an unknown name.
StudyTable runStudy(const std::string &name, const StudyOptions &o);

/// The table as aligned text, or as CSV.
std::string formatStudyTable(const StudyTable &t);
std::string studyTableCsv(const StudyTable &t);

} // namespace fuselab
