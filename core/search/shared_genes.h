// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <vector>

namespace fuselab {

/// Genes of the allocation search shared by repeated blocks: the layers of one role
/// (workload/repeated_blocks.h: `layers.*.attn.q_proj`) with the same shape and the same
/// alleles take one gene, so every block of a 32-block decoder gets the same allocation and
/// NSGA-II searches ~17 genes instead of ~550. A layer outside any block, or one whose shape
/// or alleles differ from the others of its role, has a gene of its own.
struct SharedGenes {
    std::vector<int> geneOf;        // per layer: its gene
    std::vector<LayerId> layerOf;   // per gene: the first layer that takes it
};
SharedGenes shareGenesByRole(const Workload &w, const std::vector<std::vector<int>> &alleles);

/// One gene per layer (sharing off).
SharedGenes genePerLayer(int layers);

} // namespace fuselab
