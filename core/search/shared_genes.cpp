// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/shared_genes.h"

#include "workload/repeated_blocks.h"

#include <map>

namespace fuselab {

namespace {

/// The layer without its name and tensor ids: what makes two blocks' layers the same.
Layer shapeOf(const Layer &l)
{
    Layer s = l;
    s.name.clear();
    s.inputs.assign(l.inputs.size(), kNone);
    s.output = kNone;
    return s;
}

} // namespace

SharedGenes shareGenesByRole(const Workload &w, const std::vector<std::vector<int>> &alleles, int minBlocks)
{
    const BlockRoles roles = blockRoles(w);
    std::map<int, int> layersOfRole;
    for (size_t l = 0; l < w.layers.size(); ++l)
        ++layersOfRole[roles.roleOf[l]];
    SharedGenes s;
    s.geneOf.assign(w.layers.size(), -1);
    std::map<int, std::vector<int>> genesOfRole;
    for (size_t l = 0; l < w.layers.size(); ++l) {
        if (layersOfRole[roles.roleOf[l]] < minBlocks) { // few repeats: each block its own allocation
            s.geneOf[l] = static_cast<int>(s.layerOf.size());
            s.layerOf.push_back(static_cast<LayerId>(l));
            continue;
        }
        auto &candidates = genesOfRole[roles.roleOf[l]];
        const Layer shape = shapeOf(w.layers[l]);
        for (int g : candidates) {
            const LayerId first = s.layerOf[g];
            if (alleles[first] == alleles[l] && shapeOf(w.layers[first]) == shape) {
                s.geneOf[l] = g;
                break;
            }
        }
        if (s.geneOf[l] < 0) {
            s.geneOf[l] = static_cast<int>(s.layerOf.size());
            candidates.push_back(s.geneOf[l]);
            s.layerOf.push_back(static_cast<LayerId>(l));
        }
    }
    return s;
}

SharedGenes genePerLayer(int layers)
{
    SharedGenes s;
    for (int l = 0; l < layers; ++l) {
        s.geneOf.push_back(l);
        s.layerOf.push_back(l);
    }
    return s;
}

} // namespace fuselab
