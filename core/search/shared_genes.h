// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <vector>

namespace fuselab {

/// Genes of the allocation search shared by repeated blocks: the layers of one role
/// (workload/repeated_blocks.h: `layers.*.attn.q_proj`) with the same shape and the same
/// alleles take one gene, so every block of a 32-block decoder gets the same allocation and
/// NSGA-II searches ~17 genes instead of ~550. A layer outside any block, or one whose shape
/// or alleles differ from the others of its role, has a gene of its own; so has every layer of
/// a role repeated fewer than `minBlocks` times (a ResNet stage's 2-6 blocks): there the search
/// can afford per-block allocations, and a multi-core pipeline balances its load with them.
struct SharedGenes {
    std::vector<int> geneOf;        // per layer: its gene
    std::vector<LayerId> layerOf;   // per gene: the first layer that takes it
};
constexpr int kMinSharedBlocks = 8;
SharedGenes shareGenesByRole(const Workload &w, const std::vector<std::vector<int>> &alleles,
                             int minBlocks = kMinSharedBlocks);

/// One gene per layer (sharing off).
SharedGenes genePerLayer(int layers);

} // namespace fuselab
