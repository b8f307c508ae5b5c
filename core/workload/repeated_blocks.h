// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Repeated blocks of a network, found by layer names: a block is the layers named
/// `PREFIX.N.rest` for one integer N (`layers.3.attn.q_proj`, `h.3.mlp.c_fc`,
/// `encoder.layer.3.output.dense`, `layer3.1.conv2`), the prefix being everything before the
/// first all-digit component. Consecutive blocks of one prefix with the same structure (the
/// same op types and name suffixes, in id order) form a run. Folding a run keeps its first
/// block and draws the others as one node, so a 32-layer decoder reads as one block and
/// "× 31" (the network view, widgets/graph).
/// From this many layers the views fold repeated blocks by default (the network graph) and
/// colour the Gantt by role in block: below it, every layer still reads on its own.
constexpr int kFoldFromLayers = 300;

struct BlockFold {
    std::string prefix;        // "layers"
    int firstBlock = 0;        // N of the first folded block
    int lastBlock = 0;         // N of the last folded block
    std::vector<LayerId> layers; // every layer the fold stands for, in id order
};

struct BlockFolding {
    std::vector<BlockFold> folds;
    std::vector<int> foldOf; // per layer: the index of the fold it is in, or -1 (shown)
};

/// Each layer's role: its name with the block number starred (`layers.*.attn.q_proj`), or the
/// name itself outside any block, so the same layer of every block shares one role (the
/// Gantt's colour per role on a 32-layer decoder). `names` in order of first appearance.
struct BlockRoles {
    std::vector<int> roleOf; // per layer
    std::vector<std::string> names;
};
BlockRoles blockRoles(const Workload &w);

/// The folds of every run of at least `minBlocks` identical blocks (the run's first block
/// stays shown). No folds when there is no such run.
BlockFolding foldRepeatedBlocks(const Workload &w, int minBlocks = 3);

} // namespace fuselab
