// SPDX-License-Identifier: GPL-3.0-or-later
// From a plan to computation nodes: per fused group, tile ranges of the last layer are
// back-propagated through the stack (docs/design.md §4), every (tile, layer, part) becomes a CN,
// and CN inputs come from the overlap of the ranges a CN reads with the ranges producer CNs
// hold.
#include "schedule/cn.h"

#include "cost/gemm_mapping.h"
#include "schedule/cn_budget.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fuselab {

LoopDims tileDims(const Layer &l, Range rows, Range cols, Range chans)
{
    LoopDims d = l.dims;
    d.k = chans.size();
    d.oy = rows.size();
    d.ox = cols.size();
    if ((l.op == OpType::Conv || l.op == OpType::MatMul) && l.groups > 1 && l.dims.k % l.groups == 0 &&
        l.dims.c % l.groups == 0) {
        const int64_t kg = l.dims.k / l.groups, cg = l.dims.c / l.groups;
        const int64_t touched = chans.empty() ? 0 : (chans.end - 1) / kg - chans.begin / kg + 1;
        d.c = touched * cg;
    } else if (!isMacOp(l.op)) {
        d.c = d.k;
    }
    return d;
}

int accumulatorBits(const Layer &l)
{
    return l.precision.psum > 0 ? l.precision.psum : 32;
}

int64_t sliceExtraVectorOps(int64_t rows, int64_t cols, int64_t outChans, int64_t heads, bool onlineSoftmax)
{
    const int64_t perRow = outChans + (onlineSoftmax ? outChans + 2 * heads : 0);
    return rows * cols * perRow;
}

int64_t cnMacs(const Layer &l, const LoopDims &t)
{
    if (!isMacOp(l.op))
        return 0;
    const int64_t cg = l.groups > 1 ? std::min<int64_t>(t.c, l.dims.c / l.groups) : t.c;
    return t.b * t.k * cg * macPixels(l, t) * t.fy * t.fx; // a ConvTranspose: its input pixels
}

namespace {

// Ranges of one layer inside its group: per row tile and per column tile, what it computes
// and what it owns; and the CN of every (row tile, column tile, part).
struct LayerTiling {
    int rowTiles = 1, colTiles = 1, parts = 1;
    int slices = 1;          // reduction slices of the group (FusedGroup::tileReduce)
    std::vector<int> sliceCn; // with slices > 1: [((i·colTiles + j)·slices + s)·parts + p]
    bool recompute = false;
    std::vector<Range> computeY, ownY, computeX, ownX;
    std::vector<int> cn;           // [(i·colTiles + j)·parts + p], -1 where the tile computes nothing
    std::vector<int64_t> tailFrom; // per row tile: first row a later row tile reads (cache mode)
    Range rangeY(int i) const { return recompute ? computeY[i] : ownY[i]; }
    Range rangeX(int j) const { return recompute ? computeX[j] : ownX[j]; }
};

// Turns the rows each tile needs into what it computes and owns. Every row of the tensor is
// owned by exactly one tile (the first that computes it); gaps no consumer reads (stride
// skipping rows, side outputs) are filled so the whole tensor is produced.
void settle(const std::vector<Range> &need, int64_t size, std::vector<Range> &compute,
            std::vector<Range> &own)
{
    const int n = static_cast<int>(need.size());
    compute.assign(n, {});
    own.assign(n, {});
    int64_t covered = 0;
    for (int i = 0; i < n; ++i) {
        Range c = need[i];
        if (i == n - 1)
            c = {c.empty() ? covered : std::min(c.begin, covered), size};
        if (c.empty()) {
            own[i] = {covered, covered};
            continue;
        }
        c.begin = std::min(c.begin, covered);
        own[i] = {covered, std::max(covered, c.end)};
        covered = own[i].end;
        compute[i] = c;
    }
}

// Ranges of tensor `t` needed per tile along one dimension: from the consumers in the group,
// or, for a tensor no group member reads, a proportional share.
template <typename InputRange, typename TilingRange>
void needs(const Workload &w, TensorId t, int tiles, int64_t size, const std::vector<LayerId> &inGroupConsumers,
           const std::vector<LayerTiling> &tiling, InputRange inputRange, TilingRange tileRange,
           std::vector<Range> &need, int64_t tileSize = 0)
{
    need.assign(tiles, Range{});
    if (tileSize > 0) { // the group's last layer: the tiles themselves
        for (int i = 0; i < tiles; ++i)
            need[i] = {std::min(size, i * tileSize), std::min(size, (i + 1) * tileSize)};
        return;
    }
    if (inGroupConsumers.empty()) {
        for (int i = 0; i < tiles; ++i)
            need[i] = {size * i / tiles, size * (i + 1) / tiles};
        return;
    }
    for (LayerId c : inGroupConsumers) {
        const Layer &cl = w.layers[c];
        for (size_t o = 0; o < cl.inputs.size(); ++o) {
            if (cl.inputs[o] != t)
                continue;
            for (int i = 0; i < tiles; ++i)
                need[i] = hull(need[i], inputRange(cl, w.tensors[t], tileRange(tiling[c], i), o));
        }
    }
}

Range partChannels(const Layer &l, const LayerSplit &s, int p)
{
    if (s.dim != SplitDim::K)
        return {0, l.dims.k};
    const int64_t n = static_cast<int64_t>(s.cores.size());
    return {l.dims.k * p / n, l.dims.k * (p + 1) / n};
}

Range partRows(Range r, const LayerSplit &s, int p)
{
    if (s.dim != SplitDim::OY)
        return r;
    const int64_t n = static_cast<int64_t>(s.cores.size());
    return {r.begin + r.size() * p / n, r.begin + r.size() * (p + 1) / n};
}

// Channels c of `r` whose offset in their block of `period` channels lies in `within`: the
// channels of reduction slice `within` (a strided set when `r` spans several heads).
int64_t slicedCount(Range r, int64_t period, Range within)
{
    if (period <= 0)
        return r.size();
    auto upTo = [&](int64_t x) {
        return (x / period) * within.size() + std::clamp(x % period - within.begin, int64_t(0), within.size());
    };
    return r.empty() ? 0 : upTo(r.end) - upTo(r.begin);
}

// First index in a sequence of consecutive, non-decreasing ranges whose end is past `pos`.
int firstEndingAfter(const std::vector<Range> &own, int64_t pos)
{
    const auto it =
        std::upper_bound(own.begin(), own.end(), pos, [](int64_t v, const Range &r) { return v < r.end; });
    return static_cast<int>(it - own.begin());
}

// Calls f(i, j) for each row tile i and column tile j of `t` whose own ranges overlap `rows` × `cols`.
template <typename F> void forOverlappingTiles(const LayerTiling &t, Range rows, Range cols, F f)
{
    for (int i = firstEndingAfter(t.ownY, rows.begin); i < t.rowTiles && t.ownY[i].begin < rows.end; ++i)
        for (int j = firstEndingAfter(t.ownX, cols.begin); j < t.colTiles && t.ownX[j].begin < cols.end; ++j)
            f(i, j);
}

} // namespace

/// The builder's working arrays, kept between calls by a caller that builds many graphs.
struct CnBuildScratch {
    std::vector<int> pos, seen, weightSlotBase;
    std::vector<LayerTiling> tiling, inputTiling;
    std::vector<LayerId> loadReader, inGroup, readers;
    std::vector<TensorId> loaded;
    std::vector<std::vector<int64_t>> loadSplit;
    std::vector<std::vector<Range>> loadChans;
    std::vector<std::vector<int>> loadCores;
    std::vector<Range> needY, needX;
};

void CnBuildScratchDeleter::operator()(CnBuildScratch *s) const
{
    delete s;
}

CnGraph buildComputationNodes(const Workload &w, const Accelerator &acc, const Plan &plan)
{
    CnGraph g;
    buildComputationNodes(w, acc, plan, g, nullptr);
    return g;
}

void buildComputationNodes(const Workload &w, const Accelerator &acc, const Plan &plan, CnGraph &g,
                           CnBuildScratchPtr *keep)
{
    CnBuildScratch local;
    if (keep && !*keep)
        keep->reset(new CnBuildScratch);
    CnBuildScratch &sc = keep ? **keep : local;
    g.nodes.clear();
    g.inputs.clear();
    g.weights.clear();
    g.tilesPerGroup.clear();
    g.extraRecomputeMacs = 0;
    g.extraVectorOps = 0;
    const int nl = static_cast<int>(w.layers.size());
    const int nc = static_cast<int>(acc.cores.size());
    if (static_cast<int>(plan.core.size()) != nl)
        throw std::invalid_argument("plan '" + plan.name + "': core allocation has " +
                                    std::to_string(plan.core.size()) + " entries for " + std::to_string(nl) +
                                    " layers");
    const std::vector<int> groupOf = plan.groupOfLayer(nl);
    // The builder relies on what validatePlan checks: every layer in one group, producers in
    // an earlier group or earlier in the same one. Refuse anything else instead of crashing.
    {
        std::vector<int> &pos = sc.pos, &seen = sc.seen;
        pos.assign(nl, -1);
        seen.assign(nl, 0);
        for (const auto &grp : plan.groups)
            for (int i = 0; i < static_cast<int>(grp.layers.size()); ++i) {
                const LayerId l = grp.layers[i];
                if (l < 0 || l >= nl || seen[l]++)
                    throw std::invalid_argument("plan '" + plan.name + "': layer #" + std::to_string(l) +
                                                " is out of range or in two groups (see validatePlan)");
                pos[l] = i;
            }
        for (const auto &pin : plan.pins)
            if (pin.memory < 0 || pin.memory >= static_cast<int>(acc.memories.size()))
                throw std::invalid_argument("plan '" + plan.name + "': a pin names memory #" +
                                            std::to_string(pin.memory) + ", which does not exist");
        for (LayerId l = 0; l < nl; ++l) {
            if (groupOf[l] == kNone)
                throw std::invalid_argument("plan '" + plan.name + "': layer '" + w.layers[l].name +
                                            "' is in no group (see validatePlan)");
            for (TensorId t : w.layers[l].inputs) {
                const LayerId p = w.tensors[t].producer;
                if (p >= 0 && (groupOf[p] > groupOf[l] || (groupOf[p] == groupOf[l] && pos[p] > pos[l])))
                    throw std::invalid_argument("plan '" + plan.name + "': layer '" + w.layers[l].name +
                                                "' runs before its producer '" + w.layers[p].name +
                                                "' (see validatePlan)");
            }
        }
    }
    const auto consumers = w.consumers();
    // Every entry of tiling is set before it is read (a layer's in-group consumers come
    // first); the others keep their storage from an earlier call, not their contents.
    std::vector<LayerTiling> &tiling = sc.tiling, &inputTiling = sc.inputTiling;
    tiling.resize(static_cast<size_t>(nl));
    inputTiling.resize(w.tensors.size());
    std::vector<int> &weightSlotBase = sc.weightSlotBase;
    weightSlotBase.assign(nl, -1);
    std::vector<LayerId> &loadReader = sc.loadReader;
    loadReader.assign(w.tensors.size(), kNone);
    std::vector<std::vector<int64_t>> &loadSplit = sc.loadSplit;
    loadSplit.resize(w.tensors.size());
    std::vector<std::vector<Range>> &loadChans = sc.loadChans;
    loadChans.resize(w.tensors.size());
    std::vector<std::vector<int>> &loadCores = sc.loadCores;
    loadCores.resize(w.tensors.size());
    std::vector<Range> &needY = sc.needY, &needX = sc.needX;

    int64_t totalLayerMacs = 0;
    g.tilesPerGroup.reserve(plan.groups.size());
    // Room for the CNs up front (their upper bound, capped so a plan the budget would refuse
    // does not reserve gigabytes): growing a vector of 10^5–10^6 CNs copied it and touched
    // twice its pages, a fifth of building them. Untouched reserved pages cost nothing.
    g.nodes.reserve(static_cast<size_t>(std::min<int64_t>(estimateCnCount(w, plan).total, kDefaultMaxCns * 8)));
    for (int gi = 0; gi < static_cast<int>(plan.groups.size()); ++gi) {
        const FusedGroup &grp = plan.groups[gi];
        if (grp.layers.empty())
            continue;
        const Layer &last = w.layers[grp.layers.back()];
        const int64_t rowsL = last.dims.oy, colsL = last.dims.ox;
        const int64_t tr = grp.tileRows > 0 ? std::min<int64_t>(grp.tileRows, rowsL) : rowsL;
        const int64_t tc = grp.tileCols > 0 ? std::min<int64_t>(grp.tileCols, colsL) : colsL;
        const int rowTiles = static_cast<int>((rowsL + tr - 1) / tr);
        const int colTiles = static_cast<int>((colsL + tc - 1) / tc);
        const bool recompute = grp.overlap == OverlapMode::Recompute;
        g.tilesPerGroup.push_back(rowTiles * colTiles);
        // Reduction slices (FusedGroup::tileReduce; validatePlan allows them on transformer
        // kernels only): slice s covers channels within(s) of every block of `period` — the
        // last layer's input channels per group (keys of each head, or the FFN's hidden units).
        const int64_t period =
            last.groups > 1 && last.dims.c % last.groups == 0 ? last.dims.c / last.groups : last.dims.c;
        const int64_t sliceWidth = grp.tileReduce > 0 ? std::min<int64_t>(grp.tileReduce, period) : period;
        const int slices = static_cast<int>((period + sliceWidth - 1) / std::max<int64_t>(1, sliceWidth));
        const bool sliced = slices > 1;
        auto within = [&](int sl) { return Range{sl * sliceWidth, std::min(period, (sl + 1) * sliceWidth)}; };
        // A MatMul's whole-rows operand in a sliced group (K of Q·Kᵀ, V of P·V) is read by rows:
        // its rows are the keys, slice s reads rows within(s).
        auto keyOperand = [&](const Layer &l, const Tensor &in, size_t operand) {
            return sliced && l.op == OpType::MatMul && operand >= 1 && readsWholeRows(l, in, operand);
        };

        // Back-propagate the tile ranges from the last layer to the first.
        for (auto it = grp.layers.rbegin(); it != grp.layers.rend(); ++it) {
            const LayerId l = *it;
            if (l < 0 || l >= nl)
                throw std::invalid_argument("plan '" + plan.name + "': layer id " + std::to_string(l) +
                                            " out of range");
            const Layer &layer = w.layers[l];
            LayerTiling &lt = tiling[l];
            lt.rowTiles = rowTiles;
            lt.colTiles = colTiles;
            lt.recompute = recompute;
            const LayerSplit &s = plan.splitOf(l);
            lt.parts = s.active() ? static_cast<int>(s.cores.size()) : 1;
            std::vector<LayerId> &inGroup = sc.inGroup;
            inGroup.clear();
            for (LayerId c : consumers[layer.output])
                if (groupOf[c] == gi)
                    inGroup.push_back(c);
            const bool isLast = l == grp.layers.back(); // the last layer defines the tiles
            needs(
                w, layer.output, rowTiles, layer.dims.oy, inGroup, tiling, inputRows,
                [](const LayerTiling &t, int i) { return t.rangeY(i); }, needY, isLast ? tr : 0);
            needs(
                w, layer.output, colTiles, layer.dims.ox, inGroup, tiling, inputCols,
                [](const LayerTiling &t, int j) { return t.rangeX(j); }, needX, isLast ? tc : 0);
            settle(needY, layer.dims.oy, lt.computeY, lt.ownY);
            settle(needX, layer.dims.ox, lt.computeX, lt.ownX);
            lt.cn.assign(static_cast<size_t>(rowTiles) * colTiles * lt.parts, -1);
            lt.slices = sliced ? slices : 1;
            if (sliced)
                lt.sliceCn.assign(static_cast<size_t>(rowTiles) * colTiles * slices * lt.parts, -1);
            // The line buffer: rows of tile i that any later row tile still reads.
            lt.tailFrom.assign(rowTiles, 0);
            int64_t later = layer.dims.oy;
            for (int i = rowTiles - 1; i >= 0; --i) {
                lt.tailFrom[i] = isLast || inGroup.empty() || colTiles > 1 || recompute
                                     ? lt.ownY[i].end
                                     : std::clamp(later, lt.ownY[i].begin, lt.ownY[i].end);
                if (!needY[i].empty())
                    later = std::min(later, needY[i].begin);
            }
        }

        // Tensors from outside a tiled cache-mode group (network inputs, results of earlier
        // groups) are brought on chip once per row by load nodes, so halo rows are reused
        // instead of being read again for every tile.
        std::vector<TensorId> &loaded = sc.loaded;
        loaded.clear();
        // With reduction slices the tile's other inputs (Q, the FFN's x) are loaded once and
        // read by every slice; the key operands stream through, slice by slice.
        if (!recompute && rowTiles * colTiles * slices > 1) {
            for (LayerId l : grp.layers)
                for (size_t o = 0; o < w.layers[l].inputs.size(); ++o) {
                    const TensorId t = w.layers[l].inputs[o];
                    const LayerId pr = w.tensors[t].producer;
                    if ((pr < 0 || groupOf[pr] != gi) && !keyOperand(w.layers[l], w.tensors[t], o) &&
                        std::find(loaded.begin(), loaded.end(), t) == loaded.end())
                        loaded.push_back(t);
                }
            for (TensorId t : loaded) {
                std::vector<LayerId> &readers = sc.readers;
                readers.clear();
                for (LayerId c : consumers[t])
                    if (groupOf[c] == gi)
                        readers.push_back(c);
                LayerTiling &lt = inputTiling[t];
                lt.rowTiles = rowTiles;
                lt.colTiles = colTiles;
                lt.recompute = false;
                lt.tailFrom.clear(); // not used for loads
                std::vector<Range> &ny = needY, &nx = needX;
                needs(w, t, rowTiles, w.tensors[t].h, readers, tiling, inputRows,
                      [](const LayerTiling &x, int i) { return x.rangeY(i); }, ny);
                needs(w, t, colTiles, w.tensors[t].w, readers, tiling, inputCols,
                      [](const LayerTiling &x, int j) { return x.rangeX(j); }, nx);
                settle(ny, w.tensors[t].h, lt.computeY, lt.ownY);
                settle(nx, w.tensors[t].w, lt.computeX, lt.ownX);
                // A tensor every reader in the group splits the same way by channels (heads
                // over cores, or taking turns on one) is loaded per part: the channels that part
                // reads, onto its core, so no core holds all of it (K and V of a long sequence).
                const LayerSplit &rs = plan.splitOf(readers.front());
                bool perPart = rs.active() && rs.dim == SplitDim::K;
                for (LayerId r : readers)
                    perPart = perPart && plan.splitOf(r) == rs;
                std::vector<Range> &chans = loadChans[t];
                chans.assign(1, Range{0, w.tensors[t].c});
                loadCores[t].clear();
                if (perPart) {
                    std::vector<Range> split(rs.cores.size());
                    int64_t total = 0;
                    for (size_t p = 0; p < split.size(); ++p) {
                        Range read{0, 0};
                        for (LayerId r : readers) {
                            int64_t offset = 0;
                            for (size_t o = 0; o < w.layers[r].inputs.size(); ++o) {
                                const TensorId ti = w.layers[r].inputs[o];
                                if (ti == t) {
                                    const Range c = inputChannels(w.layers[r], w.tensors[t],
                                                                  partChannels(w.layers[r], rs, static_cast<int>(p)),
                                                                  offset, o);
                                    read = hull(read, c);
                                }
                                offset += w.tensors[ti].c;
                            }
                        }
                        split[p] = read;
                        total += read.size();
                    }
                    // Only where the parts read disjoint channels (heads); parts that all read
                    // every channel (a K split of a plain x·W) share one load.
                    if (total <= w.tensors[t].c) {
                        chans = std::move(split);
                        loadCores[t] = rs.cores;
                    }
                }
                const int loadParts = static_cast<int>(chans.size());
                // Two loads per tile and part: the rows only this tile reads, and the tail the
                // next row tile reads too (the line buffer), so the body is freed after this tile.
                lt.parts = 2 * loadParts;
                lt.cn.assign(static_cast<size_t>(rowTiles) * colTiles * lt.parts, -1);
                loadSplit[t].assign(rowTiles, 0);
                for (int i = 0; i < rowTiles; ++i) {
                    const Range own = lt.ownY[i];
                    const int64_t next =
                        i + 1 < rowTiles && colTiles == 1 && !ny[i + 1].empty() ? ny[i + 1].begin : own.end;
                    loadSplit[t][i] = std::clamp(next, own.begin, own.end);
                }
                loadReader[t] = readers.front();
            }
        }

        // Weight slots: one per (layer, part), and per reduction slice: the weights of the
        // slice's output channels (x·W before the last layer) or input channels (the last).
        for (LayerId l : grp.layers) {
            const Layer &layer = w.layers[l];
            totalLayerMacs += layer.macs();
            if (layer.weightBytes() <= 0)
                continue;
            weightSlotBase[l] = static_cast<int>(g.weights.size());
            const LayerSplit &s = plan.splitOf(l);
            for (int sl = 0; sl < tiling[l].slices; ++sl)
                for (int p = 0; p < tiling[l].parts; ++p) {
                    const Range ch = partChannels(layer, s, p);
                    WeightSlot ws;
                    ws.layer = l;
                    ws.core = s.active() ? s.cores[p] : plan.core[l];
                    int64_t share = ch.size(), whole = layer.dims.k;
                    if (sliced && l == grp.layers.back()) {
                        share *= within(sl).size();
                        whole *= period;
                    } else if (sliced) {
                        share = slicedCount(ch, period, within(sl));
                    }
                    ws.bytes = (layer.weightBytes() * share + whole - 1) / whole;
                    g.weights.push_back(ws);
                }
        }

        // CNs, depth first: tile by tile, each tile through the stack.
        for (int i = 0; i < rowTiles; ++i)
            for (int j = 0; j < colTiles; ++j) {
                for (TensorId t : loaded)
                    for (int part = 0; part < inputTiling[t].parts; ++part) {
                        LayerTiling &lt = inputTiling[t];
                        const int chanPart = part % static_cast<int>(loadChans[t].size());
                        const bool tail = part >= static_cast<int>(loadChans[t].size());
                        const Tensor &in = w.tensors[t];
                        ComputationNode cn;
                        cn.load = true;
                        cn.loadTensor = t;
                        cn.layer = loadReader[t];
                        cn.group = gi;
                        cn.tile = i * colTiles + j;
                        cn.part = part;
                        const LayerSplit &s = plan.splitOf(cn.layer);
                        cn.core = !loadCores[t].empty() ? loadCores[t][chanPart]
                                  : s.active()          ? s.cores.front()
                                                        : plan.core[cn.layer];
                        const int64_t cut = loadSplit[t][i];
                        cn.rows = cn.ownRows = tail ? Range{cut, lt.ownY[i].end} : Range{lt.ownY[i].begin, cut};
                        cn.cols = cn.ownCols = lt.ownX[j];
                        cn.chans = loadChans[t][chanPart];
                        if (cn.rows.empty() || cn.cols.empty() || cn.chans.empty())
                            continue;
                        cn.outputBytes = cn.ownBytes =
                            boxBytes(in, cn.rows.size(), cn.cols.size(), cn.chans.size());
                        cn.inputBegin = static_cast<int>(g.inputs.size());
                        if (in.producer < 0) {
                            g.inputs.push_back({-1, t, cn.ownBytes, EdgeKind::GraphInput});
                        } else {
                            const LayerTiling &pt = tiling[in.producer];
                            const EdgeKind kind = plan.pinOf(t) >= 0 ? EdgeKind::Pinned : EdgeKind::ViaDram;
                            for (int pi = firstEndingAfter(pt.ownY, cn.rows.begin);
                                 pi < pt.rowTiles && pt.ownY[pi].begin < cn.rows.end; ++pi)
                                for (int pj = firstEndingAfter(pt.ownX, cn.cols.begin);
                                     pj < pt.colTiles && pt.ownX[pj].begin < cn.cols.end; ++pj)
                                    for (int pp = 0; pp < pt.parts; ++pp) {
                                        const int pcn =
                                            pt.cn[(static_cast<size_t>(pi) * pt.colTiles + pj) * pt.parts +
                                                  pp];
                                        if (pcn < 0)
                                            continue;
                                        const auto &pn = g.nodes[pcn];
                                        const int64_t r = intersect(pn.ownRows, cn.rows).size();
                                        const int64_t c = intersect(pn.ownCols, cn.cols).size();
                                        const int64_t ch = intersect(pn.chans, cn.chans).size();
                                        if (r > 0 && c > 0 && ch > 0)
                                            g.inputs.push_back({pcn, t, boxBytes(in, r, c, ch), kind});
                                    }
                        }
                        cn.inputEnd = static_cast<int>(g.inputs.size());
                        lt.cn[static_cast<size_t>(cn.tile) * lt.parts + part] = static_cast<int>(g.nodes.size());
                        g.nodes.push_back(cn);
                    }
                for (int sl = 0; sl < slices; ++sl)
                for (LayerId l : grp.layers) {
                    const Layer &layer = w.layers[l];
                    LayerTiling &lt = tiling[l];
                    const bool lastLayer = l == grp.layers.back();
                    const LayerSplit &s = plan.splitOf(l);
                    const Tensor &out = w.tensors[layer.output];
                    const Range tileRows = lt.rangeY(i), tileCols = lt.rangeX(j);
                    // Who reads this layer's output outside the group decides DRAM / pin.
                    bool outside = consumers[layer.output].empty();
                    for (LayerId c : consumers[layer.output])
                        outside = outside || groupOf[c] != gi;
                    const int pin = plan.pinOf(layer.output);
                    for (int p = 0; p < lt.parts; ++p) {
                        ComputationNode cn;
                        cn.layer = l;
                        cn.group = gi;
                        cn.tile = i * colTiles + j;
                        cn.part = p;
                        cn.core = s.active() ? s.cores[p] : plan.core[l];
                        if (cn.core < 0 || cn.core >= nc)
                            throw std::invalid_argument("plan '" + plan.name + "': layer '" + layer.name +
                                                        "' is allocated to core #" + std::to_string(cn.core) +
                                                        ", which does not exist");
                        cn.rows = partRows(tileRows, s, p);
                        cn.cols = tileCols;
                        cn.chans = partChannels(layer, s, p);
                        cn.ownRows = intersect(lt.ownY[i], cn.rows);
                        cn.ownCols = lt.ownX[j];
                        if (cn.rows.empty() || cn.cols.empty() || cn.chans.empty())
                            continue;
                        cn.slice = sl;
                        cn.dims = tileDims(layer, cn.rows, cn.cols, cn.chans);
                        // The channels it computes: slice sl of each block before the last
                        // layer; the last layer computes all its channels over slice sl of its
                        // reduction (per group), a partial output until the final slice.
                        int64_t chans = cn.chans.size();
                        const bool partial = sliced && lastLayer && sl + 1 < slices;
                        if (sliced && !lastLayer) {
                            chans = slicedCount(cn.chans, period, within(sl));
                            if (chans == 0)
                                continue;
                            cn.dims.k = chans;
                            if (!isMacOp(layer.op))
                                cn.dims.c = chans;
                        } else if (sliced) {
                            cn.dims.c = within(sl).size();
                        }
                        cn.macs = cnMacs(layer, cn.dims);
                        cn.outputBytes = boxBytes(out, cn.rows.size(), cn.cols.size(), chans);
                        cn.ownBytes = boxBytes(out, cn.ownRows.size(), cn.ownCols.size(), chans);
                        if (lt.tailFrom[i] < cn.rows.end && !sliced)
                            cn.tailBytes =
                                boxBytes(out, intersect(cn.rows, {lt.tailFrom[i], cn.rows.end}).size(),
                                         cn.cols.size(), cn.chans.size());
                        if (sliced && lastLayer) {
                            cn.accumulatorBits = accumulatorBits(layer);
                            if (partial) {
                                // The running output, at the accumulator's precision; no one
                                // outside the group reads it.
                                cn.outputBytes = (out.n * cn.rows.size() * cn.cols.size() * chans *
                                                      cn.accumulatorBits + 7) / 8;
                                cn.ownBytes = 0;
                                cn.ownRows = {cn.rows.begin, cn.rows.begin};
                            }
                            if (sl > 0) {
                                const int64_t kg = layer.groups > 1 ? layer.dims.k / layer.groups : layer.dims.k;
                                const int64_t heads = (cn.chans.end - 1) / kg - cn.chans.begin / kg + 1;
                                cn.extraVectorOps = sliceExtraVectorOps(cn.rows.size(), cn.cols.size(), chans,
                                                                        heads, !layer.hasWeights);
                                g.extraVectorOps += cn.extraVectorOps;
                            }
                        }
                        if (weightSlotBase[l] >= 0) {
                            cn.weightSlot = weightSlotBase[l] + sl * lt.parts + p;
                            cn.weightBytes = g.weights[cn.weightSlot].bytes;
                            ++g.weights[cn.weightSlot].uses;
                        }
                        // Network outputs always end in DRAM, pinned or not.
                        cn.writesDram =
                            cn.ownBytes > 0 && ((outside && pin < 0) || consumers[layer.output].empty());
                        cn.pinMemory = outside && pin >= 0 && !partial && !consumers[layer.output].empty() ? pin : -1;

                        // Inputs.
                        cn.inputBegin = static_cast<int>(g.inputs.size());
                        int64_t concatOffset = 0;
                        for (size_t operand = 0; operand < layer.inputs.size(); ++operand) {
                            const TensorId tin = layer.inputs[operand];
                            const Tensor &in = w.tensors[tin];
                            const int64_t offset = concatOffset;
                            concatOffset += in.c;
                            const Range nr = keyOperand(layer, in, operand)
                                                 ? intersect(within(sl), Range{0, in.h})
                                                 : inputRows(layer, in, cn.rows, operand);
                            const Range ncl = inputCols(layer, in, cn.cols, operand);
                            const Range nch = inputChannels(layer, in, cn.chans, offset, operand);
                            if (nr.empty() || ncl.empty() || nch.empty())
                                continue;
                            const LayerId pl = in.producer;
                            if (std::find(loaded.begin(), loaded.end(), tin) != loaded.end()) {
                                const LayerTiling &lt2 = inputTiling[tin];
                                forOverlappingTiles(lt2, nr, ncl, [&](int pi, int pj) {
                                    for (int pp = 0; pp < lt2.parts; ++pp) {
                                        const int pcn =
                                            lt2.cn[(static_cast<size_t>(pi) * lt2.colTiles + pj) * lt2.parts + pp];
                                        if (pcn < 0)
                                            continue;
                                        const auto &pn = g.nodes[pcn];
                                        const int64_t r = intersect(pn.ownRows, nr).size();
                                        const int64_t c = intersect(pn.ownCols, ncl).size();
                                        const int64_t ch = intersect(pn.chans, nch).size();
                                        if (r > 0 && c > 0 && ch > 0)
                                            g.inputs.push_back({pcn, tin, boxBytes(in, r, c, ch), EdgeKind::OnChip});
                                    }
                                });
                                continue;
                            }
                            if (pl < 0) {
                                g.inputs.push_back({-1, tin, boxBytes(in, nr.size(), ncl.size(), nch.size()),
                                                    EdgeKind::GraphInput});
                                continue;
                            }
                            const LayerTiling &pt = tiling[pl];
                            const bool sameGroup = groupOf[pl] == gi;
                            const EdgeKind kind = sameGroup              ? EdgeKind::OnChip
                                                  : plan.pinOf(tin) >= 0 ? EdgeKind::Pinned
                                                                         : EdgeKind::ViaDram;
                            auto addFrom = [&](int pcn, Range rows, Range cols) {
                                if (pcn < 0)
                                    return;
                                const ComputationNode &pn = g.nodes[pcn];
                                const int64_t r = intersect(rows, nr).size();
                                const int64_t c = intersect(cols, ncl).size();
                                const int64_t ch = intersect(pn.chans, nch).size();
                                const bool tailOnly =
                                    sameGroup && pn.tail() && pn.tile / pt.colTiles < cn.tile / colTiles;
                                if (r > 0 && c > 0 && ch > 0)
                                    g.inputs.push_back({pcn, tin, boxBytes(in, r, c, ch), kind, tailOnly});
                            };
                            if (sameGroup && sliced) {
                                // The same slice of the producer's tiles: only its channels.
                                forOverlappingTiles(pt, nr, ncl, [&](int pi, int pj) {
                                    for (int pp = 0; pp < pt.parts; ++pp) {
                                        const int pcn =
                                            pt.sliceCn[((static_cast<size_t>(pi) * pt.colTiles + pj) * slices + sl) *
                                                           pt.parts + pp];
                                        if (pcn < 0)
                                            continue;
                                        const ComputationNode &pn = g.nodes[pcn];
                                        const int64_t r = intersect(pn.ownRows, nr).size();
                                        const int64_t c = intersect(pn.ownCols, ncl).size();
                                        const int64_t ch = slicedCount(intersect(pn.chans, nch), period, within(sl));
                                        if (r > 0 && c > 0 && ch > 0)
                                            g.inputs.push_back({pcn, tin, boxBytes(in, r, c, ch), kind});
                                    }
                                });
                                continue;
                            }
                            if (sameGroup && pt.recompute) {
                                // Recompute: the tile's own pyramid, nothing from other tiles.
                                for (int pp = 0; pp < pt.parts; ++pp) {
                                    const int pcn = pt.cn[(static_cast<size_t>(cn.tile)) * pt.parts + pp];
                                    if (pcn >= 0)
                                        addFrom(pcn, g.nodes[pcn].rows, g.nodes[pcn].cols);
                                }
                                continue;
                            }
                            for (int pi = firstEndingAfter(pt.ownY, nr.begin);
                                 pi < pt.rowTiles && pt.ownY[pi].begin < nr.end; ++pi)
                                for (int pj = firstEndingAfter(pt.ownX, ncl.begin);
                                     pj < pt.colTiles && pt.ownX[pj].begin < ncl.end; ++pj)
                                    for (int pp = 0; pp < pt.parts; ++pp) {
                                        const int pcn =
                                            pt.cn[(static_cast<size_t>(pi) * pt.colTiles + pj) * pt.parts +
                                                  pp];
                                        if (pcn >= 0)
                                            addFrom(pcn, g.nodes[pcn].ownRows, g.nodes[pcn].ownCols);
                                    }
                        }
                        // The running output of the previous slice, accumulated in place.
                        if (sliced && lastLayer && sl > 0) {
                            const int prev =
                                lt.sliceCn[(static_cast<size_t>(cn.tile) * slices + sl - 1) * lt.parts + p];
                            if (prev >= 0)
                                g.inputs.push_back({prev, layer.output, g.nodes[prev].outputBytes, EdgeKind::OnChip,
                                                    false, true});
                        }
                        cn.inputEnd = static_cast<int>(g.inputs.size());
                        if (sliced)
                            lt.sliceCn[(static_cast<size_t>(cn.tile) * slices + sl) * lt.parts + p] =
                                static_cast<int>(g.nodes.size());
                        if (!sliced || sl + 1 == slices)
                            lt.cn[static_cast<size_t>(cn.tile) * lt.parts + p] = static_cast<int>(g.nodes.size());
                        g.nodes.push_back(cn);
                    }
                }
            }
    }
    int64_t cnMacTotal = 0;
    for (const auto &n : g.nodes)
        cnMacTotal += n.macs;
    g.extraRecomputeMacs = cnMacTotal - totalLayerMacs;
}

} // namespace fuselab
