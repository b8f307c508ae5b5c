// SPDX-License-Identifier: GPL-3.0-or-later
// Canned studies (issue 4 §3): small experiments over the explorer whose tables every number of
// which comes from the engine. Each takes a grid that tests can shrink.
#pragma once

#include "cost/loop_nest.h"
#include "io/input_shapes.h"

#include <string>
#include <vector>

namespace fuselab {

/// One panel of a study's figure: grouped bars, one series per chosen value column, one group
/// per row (labelled by the row's labels).
struct StudyChart {
    std::string yLabel;              // with its unit, e.g. "DRAM traffic (MB)"
    std::vector<int> columns;        // indices into StudyTable::valueColumns
    std::vector<std::string> legend; // one name per column (empty: the column names)
    double scale = 1.0;              // plotted value = table value × scale (e.g. 1e-6 for MB)
    bool logY = false;
};

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
    std::vector<StudyChart> charts; // the figure's panels
    std::vector<std::string> notes; // why a cell is n/a, printed below the table
};

struct StudyOptions {
    std::vector<std::string> workloads; // empty: the study's default
    InputShapes inputShapes;            // fixed input shapes for the .onnx workloads (--input-shape)
    std::vector<int> arraySizes;        // arch-aware: n for n×n systolic arrays (no-recompute: the first)
    std::vector<int64_t> bufferBytes;   // arch-aware, pin-or-fuse: scratchpad sizes (no-recompute: the first)
    std::vector<double> dramBandwidths; // arch-aware: bytes/cycle (no-recompute: the first)
    std::string hardwarePath;           // multicore: the accelerator
    int generations = 10;
    int population = 12;
    int threads = 0;
    uint64_t seed = 1;
    /// no-recompute: the segments to fuse, each "workload:first..last" (layer names of one
    /// topological run); empty: the study's VGG16 and ResNet-18 segments.
    std::vector<std::string> segments;
    /// aimc-tiles: the limited tile counts (each below what a weight-stationary mapping needs).
    std::vector<int> tileCounts;
    /// attention-fusion: prefill sequence lengths and decode KV-cache lengths.
    std::vector<int64_t> seqLengths, kvLengths;
    /// What the loop-nest mapping of a spatial core with a memory hierarchy minimises (the
    /// studies' own accelerators are systolic, AIMC or vector; it matters with --hw).
    MappingObjective mappingObjective = MappingObjective::Energy;
    /// Partial-sum bits of every MAC layer of the studied workloads (0: the output's).
    int psumBits = 0;
};

const std::vector<std::string> &studyNames(); // multicore, arch-aware, pin-or-fuse, no-recompute, aimc-tiles, attention-fusion

/// lbl vs the EDP-searched plan on a multi-core accelerator: latency, energy, EDP ratio.
StudyTable multicoreStudy(const StudyOptions &o);
/// Plans chosen by the off-chip-access model vs by the full latency model, both evaluated with
/// the full model, on single systolic-array accelerators of several sizes, buffers, bandwidths.
StudyTable archAwareStudy(const StudyOptions &o);
/// fuse_only vs pin_only vs joint search (DRAM objective) across scratchpad sizes.
StudyTable pinOrFuseStudy(const StudyOptions &o);
/// Single-layer scheduling vs the same layers fused into one group without recomputation
/// (halo rows cached in line buffers, the scratchpad shared by the fused layers' tiles and
/// resident weights) on a single systolic array: DRAM traffic and latency.
StudyTable noRecomputeStudy(const StudyOptions &o);
/// AIMC tiles: enough crossbar tiles for every weight block (weight stationary: programmed once,
/// outside the inference) vs a limited number of tiles that are reprogrammed during every
/// inference: latency, energy, tiles used, weight bytes loaded.
StudyTable aimcTilesStudy(const StudyOptions &o);
/// One transformer block (default llama-1b:layers=1,head=0) unfused vs fused attention vs fused
/// attention + FFN, prefill over sequence lengths and decode over KV-cache lengths, on the
/// quad-core example and a single large core: DRAM traffic, latency, energy, peak on-chip memory.
StudyTable attentionFusionStudy(const StudyOptions &o);
/// Runs a study by name; throws UsageError for an unknown name.
StudyTable runStudy(const std::string &name, const StudyOptions &o);

/// The table as aligned text, or as CSV.
std::string formatStudyTable(const StudyTable &t);
std::string studyTableCsv(const StudyTable &t);

} // namespace fuselab
