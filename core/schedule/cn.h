// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/ranges.h"
#include "util/huge_page_allocator.h"
#include "workload/workload.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace fuselab {

/// Where the data of one CN input comes from.
enum class EdgeKind : uint8_t {
    OnChip,     // same fused group: the producer CN's output slice, on chip
    ViaDram,    // another group, not pinned: written to DRAM by the producer, read back
    Pinned,     // another group, pinned: read from the pin memory
    GraphInput, // a network input, read from DRAM
    /// Another group, not pinned, kept where its producer left it (the scheduler turns ViaDram
    /// edges into these under ScheduleOptions::residentActivations): read like OnChip, or
    /// from DRAM once the producer's slice was evicted.
    Resident,
};

/// One input of a CN: the bytes of one producer CN's output it reads (or of a graph input).
struct CnInput {
    int producer = -1; // CN id, -1 for a graph input
    TensorId tensor = kNone;
    int64_t bytes = 0;
    EdgeKind kind = EdgeKind::OnChip;
    /// Reads only the producer's tail (a later row tile of the same cache-mode group reading
    /// halo rows): the producer's other rows may be freed before this read.
    bool tailOnly = false;
    /// The running partial output of the previous reduction slice (FusedGroup::tileReduce),
    /// accumulated in place: the reader's output takes over the producer's slice of memory.
    bool accumulate = false;
};

/// A computation node: one tile of one layer (one part of it when the layer is split) on one
/// core, with exact ranges. `rows`/`cols`/`chans` is what it computes; `ownRows`/`ownCols`
/// the part of the tensor it is the producer of record for (differs from what it computes
/// only in recompute mode, where neighbouring tiles compute the halo rows twice).
struct ComputationNode {
    LayerId layer = kNone;
    int group = 0, tile = 0, part = 0;
    int core = 0;
    Range rows, cols, chans;
    Range ownRows, ownCols;
    LoopDims dims;           // the tile's loop sizes, given to the cost model
    int64_t macs = 0;        // MACs of this tile (recomputed halo rows included)
    int64_t outputBytes = 0; // bytes it computes
    int64_t ownBytes = 0;    // bytes it is the producer of record for
    int64_t weightBytes = 0; // weights of its channel part
    /// Cache mode: bytes of its rows that later row tiles read (the line buffer); the rest of
    /// its output is freed once this tile's readers are done. 0: no tail (all freed together).
    int64_t tailBytes = 0;
    bool tail() const { return tailBytes > 0 && tailBytes < outputBytes; }
    int weightSlot = -1;              // index into CnGraph::weights, -1 without weights
    int inputBegin = 0, inputEnd = 0; // its inputs in CnGraph::inputs
    bool writesDram = false; // its own part goes to DRAM (consumed by another group, or a network output)
    int pinMemory = -1;      // its own part is kept in this memory for consumers in later groups
    /// A load node: no compute; it brings rows of a tensor made outside the group (a network
    /// input, or an earlier group's result from DRAM or its pin memory) into the core's input
    /// memory once, so later tiles of a cache-mode group reuse the halo rows instead of reading
    /// them again. `layer` is the first group layer reading that tensor.
    bool load = false;
    TensorId loadTensor = kNone;
    /// Reduction slice (FusedGroup::tileReduce) this CN computes, 0 without slices.
    int slice = 0;
    /// Vector work beyond the layer's own: adding this slice's partial output to the running
    /// one, and for attention the online softmax's rescaling (docs/design.md §4). Costed on the
    /// CN's core as element ops at its vector width, partial sums read and written at
    /// `accumulatorBits`.
    int64_t extraVectorOps = 0;
    int accumulatorBits = 0;
};

/// The weights of one layer part on one core: fetched once per group (resident) or per tile.
struct WeightSlot {
    LayerId layer = kNone;
    int core = 0;
    int64_t bytes = 0;
    int uses = 0; // CNs that read it
};

/// All CNs of a plan, in priority order (groups in order; within a group depth first: tile by
/// tile, each tile through the stack), with their inputs in one flat array.
struct CnGraph {
    BigVector<ComputationNode> nodes;
    BigVector<CnInput> inputs;
    std::vector<WeightSlot> weights;
    int64_t extraRecomputeMacs = 0; // Σ tile MACs − Σ layer MACs
    int64_t extraVectorOps = 0;     // Σ ComputationNode::extraVectorOps
    std::vector<int> tilesPerGroup;
};

/// Builds the CNs of a valid plan (see validatePlan). Throws std::invalid_argument on a
/// plan that names layers or cores out of range.
CnGraph buildComputationNodes(const Workload &w, const Accelerator &acc, const Plan &plan);
/// The builder's working storage, opaque; kept by a caller that builds many graphs.
struct CnBuildScratch;
struct CnBuildScratchDeleter {
    void operator()(CnBuildScratch *s) const;
};
using CnBuildScratchPtr = std::unique_ptr<CnBuildScratch, CnBuildScratchDeleter>;
/// The same into `out`, reusing its vectors' storage (the scheduler's buffers), and the
/// working storage in `*scratch` when given (made on first use).
void buildComputationNodes(const Workload &w, const Accelerator &acc, const Plan &plan, CnGraph &out,
                           CnBuildScratchPtr *scratch);

/// Loop sizes of a tile of `layer` computing `rows` × `cols` × `chans` of its output.
LoopDims tileDims(const Layer &layer, Range rows, Range cols, Range chans);
/// MACs of such a tile (0 for vector ops).
int64_t cnMacs(const Layer &layer, const LoopDims &tile);

/// Bits a reduction-sliced group keeps its running partial output in: the layer's
/// `precision.psum`, or 32 when that is 0 (an 8-bit or 16-bit array accumulates in 32 bits).
int accumulatorBits(const Layer &layer);
/// Extra vector ops of one reduction slice after the first of a group whose last layer is
/// `last`, for a CN of `rows` × `cols` output rows/columns and `outChans` output channels in
/// `heads` groups: the partial output added to the running one (rows·cols·outChans) and, for
/// attention (online softmax, `onlineSoftmax`), per row and head the running output rescaled
/// by exp(m_old − m_new) (d_head multiplies), the running sum rescaled (1) and that exp (1):
/// rows·cols·(outChans + heads·(d_head + 2)) with heads·d_head = outChans. Each score is
/// exponentiated and summed once either way, so that is the softmax's own work, not extra.
int64_t sliceExtraVectorOps(int64_t rows, int64_t cols, int64_t outChans, int64_t heads, bool onlineSoftmax);

} // namespace fuselab
