// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/topology.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace fuselab {

Topology::Topology(const Accelerator &acc)
{
    const int nc = static_cast<int>(acc.cores.size());
    const int nm = static_cast<int>(acc.memories.size());
    // Blocks: cores, then shared memories, then the DRAM.
    std::vector<int> sharedBlock(nm, -1);
    int next = nc;
    for (int m = 0; m < nm; ++m)
        if (acc.memories[m].core.empty())
            sharedBlock[m] = next++;
    blocks_ = next + 1;
    memoryBlock_.resize(nm);
    for (int m = 0; m < nm; ++m) {
        const int c = acc.memories[m].core.empty() ? -1 : acc.coreIndex(acc.memories[m].core);
        memoryBlock_[m] = sharedBlock[m] >= 0 ? sharedBlock[m] : (c >= 0 ? c : dramBlock());
    }
    auto blockOfName = [&](const std::string &name) {
        const int c = acc.coreIndex(name);
        if (c >= 0)
            return c;
        const int m = acc.memoryIndex(name);
        if (m >= 0)
            return memoryBlock_[m];
        if (name == acc.dram.name)
            return dramBlock();
        return -1;
    };
    // Adjacency: (neighbour, link), links in index order so ties break deterministically.
    // On-chip moves avoid links that reach the DRAM (an off-chip bus) when another route
    // exists, so they do not contend with DRAM traffic needlessly.
    std::vector<std::vector<std::pair<int, int>>> adj(blocks_), onChipAdj(blocks_);
    for (int l = 0; l < static_cast<int>(acc.links.size()); ++l) {
        std::vector<int> ends;
        for (const auto &e : acc.links[l].endpoints) {
            const int b = blockOfName(e);
            if (b >= 0 && std::find(ends.begin(), ends.end(), b) == ends.end())
                ends.push_back(b);
        }
        const bool offChip = std::find(ends.begin(), ends.end(), dramBlock()) != ends.end();
        for (int a : ends)
            for (int b : ends)
                if (a != b) {
                    adj[a].push_back({b, l});
                    if (!offChip)
                        onChipAdj[a].push_back({b, l});
                }
        dramLinked_ = dramLinked_ || offChip;
    }
    routeOf_.assign(static_cast<size_t>(blocks_) * blocks_, -1);
    routes_.push_back(Route{{}, std::numeric_limits<double>::infinity(), 0, 0}); // same block
    std::vector<int> prevBlock(blocks_), prevLink(blocks_), dist(blocks_);
    std::vector<int> onPrevBlock(blocks_), onPrevLink(blocks_), onDist(blocks_);
    auto bfs = [&](int s, const std::vector<std::vector<std::pair<int, int>>> &g, std::vector<int> &pb,
                   std::vector<int> &pl, std::vector<int> &d) {
        std::fill(pb.begin(), pb.end(), -1);
        std::fill(pl.begin(), pl.end(), -1);
        std::fill(d.begin(), d.end(), -1);
        std::queue<int> q;
        d[s] = 0;
        q.push(s);
        while (!q.empty()) {
            const int u = q.front();
            q.pop();
            for (auto [v, l] : g[u])
                if (d[v] < 0) {
                    d[v] = d[u] + 1;
                    pb[v] = u;
                    pl[v] = l;
                    q.push(v);
                }
        }
    };
    for (int s = 0; s < blocks_; ++s) {
        bfs(s, adj, prevBlock, prevLink, dist);
        bfs(s, onChipAdj, onPrevBlock, onPrevLink, onDist);
        for (int t = 0; t < blocks_; ++t) {
            if (t == s) {
                routeOf_[static_cast<size_t>(s) * blocks_ + t] = 0;
                continue;
            }
            if (dist[t] < 0)
                continue;
            const bool onChip = s != dramBlock() && t != dramBlock() && onDist[t] >= 0;
            const std::vector<int> &pbk = onChip ? onPrevBlock : prevBlock;
            const std::vector<int> &plk = onChip ? onPrevLink : prevLink;
            Route r;
            r.bandwidth = std::numeric_limits<double>::infinity();
            for (int v = t; v != s; v = pbk[v])
                r.links.push_back(plk[v]);
            std::reverse(r.links.begin(), r.links.end());
            for (int l : r.links) {
                r.bandwidth = std::min(r.bandwidth, acc.links[l].bandwidth);
                r.latency += acc.links[l].latency;
                r.energyPerBit += acc.links[l].energyPerBit;
            }
            routeOf_[static_cast<size_t>(s) * blocks_ + t] = static_cast<int>(routes_.size());
            routes_.push_back(std::move(r));
        }
    }
}

} // namespace fuselab
