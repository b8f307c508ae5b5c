// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_generators.h"

#include "plan/layer_fit.h"
#include "plan/plan_validate.h"
#include "schedule/ranges.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace fuselab {

namespace {
// Layers the greedy stack starts a new group at: FC, global pool, slice and every MatMul but
// a token-wise x·W over more than one row (attention's Q·Kᵀ and P·V read K and V whole).
bool needsWholeInput(const Workload &w, const Layer &l)
{
    if (l.op == OpType::MatMul)
        return !(l.inputs.size() == 1 && l.dims.oy > 1 && tokenWiseOperand(l, w.tensors[l.inputs[0]], 0));
    return l.op == OpType::Gemm || l.op == OpType::GlobalAvgPool || l.op == OpType::Slice;
}

// Whether consumer `c` reads every row of tensor `t` (its first operand naming `t`).
bool readsAllOf(const Workload &w, const Layer &c, TensorId t)
{
    const auto it = std::find(c.inputs.begin(), c.inputs.end(), t);
    const size_t o = it == c.inputs.end() ? 0 : static_cast<size_t>(it - c.inputs.begin());
    return readsWholeRows(c, w.tensors[t], o);
}

const LayerConstraint *constraintOf(const PlanOptions &opt, LayerId l)
{
    if (!opt.mapping || l >= static_cast<int>(opt.mapping->layers.size()))
        return nullptr;
    return &opt.mapping->layers[l];
}

// Bytes one row of a tensor takes (all channels, all columns).
int64_t rowBytes(const Tensor &t)
{
    return t.rowBytes();
}

// Position of each layer in the group being measured, -1 outside it. The fused planner keeps
// one for its growing group so that measuring a group costs O(group) rather than O(group²)
// (issue 13: a 5,000-layer chain took 36 s when every added layer re-searched the group for
// each layer's consumers).
class GroupIndex {
public:
    GroupIndex(const std::vector<LayerId> &group, const std::vector<int> *pos) : group_(group), pos_(pos) {}
    int operator()(LayerId l) const
    {
        if (pos_)
            return (*pos_)[l];
        const auto it = std::find(group_.begin(), group_.end(), l);
        return it == group_.end() ? -1 : static_cast<int>(it - group_.begin());
    }

private:
    const std::vector<LayerId> &group_;
    const std::vector<int> *pos_;
};

// Rows of every group layer's output one tile of `tileRows` rows of the last layer needs
// (docs/design.md §4: t_{l−1} = (t_l − 1)·s_l + k_l, the largest over in-group consumers).
std::vector<int64_t> pyramidRows(const Workload &w, const std::vector<LayerId> &group, int64_t tileRows,
                                 const std::vector<std::vector<LayerId>> &consumers, const GroupIndex &index)
{
    std::vector<int64_t> rows(group.size(), 0);
    const Layer &last = w.layers[group.back()];
    const int64_t t = tileRows > 0 ? std::min(tileRows, last.dims.oy) : last.dims.oy;
    for (size_t i = group.size(); i-- > 0;) {
        const Layer &l = w.layers[group[i]];
        int64_t r = 0;
        if (i + 1 == group.size())
            r = t;
        for (LayerId cid : consumers[l.output]) {
            const int j = index(cid);
            if (j <= static_cast<int>(i))
                continue;
            const Layer &c = w.layers[cid];
            const bool whole = readsAllOf(w, c, l.output);
            const int64_t need = whole              ? l.dims.oy
                                 : isWindowed(c.op) ? (rows[j] - 1) * c.strideY + c.kernelY()
                                                    : rows[j];
            r = std::max(r, need);
        }
        if (r == 0) // a side output of the group: its share of the tile
            r = (t * l.dims.oy + last.dims.oy - 1) / last.dims.oy;
        rows[i] = std::min(std::max<int64_t>(r, 1), l.dims.oy);
    }
    return rows;
}

// Bytes one tile of a group keeps in each memory (indexed like Accelerator::memories): every
// layer's output rows in the memory its core stages outputs in, plus the input rows of the
// layers reading tensors from outside the group in the memory it stages inputs in. Inputs and
// outputs are counted apart because a core may keep them in different memories (a TPU's
// accumulator holds only outputs): one sum checked against the input memory would let an
// output tile overflow a smaller output memory. A memory a core lacks is index -1 (`missing`).
struct TileBytes {
    std::vector<int64_t> memory;
    int64_t missing = 0;
    void add(int m, int64_t bytes)
    {
        if (m >= 0)
            memory[m] += bytes;
        else
            missing += bytes;
    }
};

// Adds what layer `group[i]` keeps for one tile of `rows` rows of its output (see below).
void addLayerTileBytes(TileBytes &bytes, const Workload &w, const Accelerator &acc, const Plan &p, LayerId id,
                       int64_t rows, const GroupIndex &index)
{
    const Layer &l = w.layers[id];
    const LayerSplit &s = p.splitOf(id);
    const int parts = s.active() ? static_cast<int>(s.cores.size()) : 1;
    const int64_t out = rows * rowBytes(w.tensors[l.output]);
    int64_t in = 0;
    for (size_t o = 0; o < l.inputs.size(); ++o) {
        const TensorId t = l.inputs[o];
        const LayerId pr = w.tensors[t].producer;
        // Inputs made in the group on the same core are already counted as that layer's output.
        if (pr >= 0 && index(pr) >= 0 && p.core[pr] == p.core[id] && !p.splitOf(pr).active() && !s.active())
            continue;
        const bool whole = readsWholeRows(l, w.tensors[t], o);
        const int64_t r = whole || !isWindowed(l.op) ? (whole ? w.tensors[t].h : rows)
                                                     : (rows - 1) * l.strideY + l.kernelY();
        in += std::min(r, w.tensors[t].h) * rowBytes(w.tensors[t]);
    }
    // A K part makes its share of the output channels from the whole input; an OY part
    // reads about its share of the rows. Parts taking turns on one core hold the input once
    // (it stays while they run) and each keeps its share of the output.
    const int64_t inParts = s.active() && s.dim == SplitDim::K ? 1 : parts;
    std::vector<int> cores = s.active() ? s.cores : std::vector<int>{p.core[id]};
    std::sort(cores.begin(), cores.end());
    for (size_t q = 0; q < cores.size(); ++q) {
        const std::string &core = acc.cores[cores[q]].name;
        bytes.add(acc.stagingMemory(core, OperandO), (out + parts - 1) / parts);
        if (q == 0 || cores[q] != cores[q - 1])
            bytes.add(acc.stagingMemory(core, OperandI), (in + inParts - 1) / inParts);
    }
}

TileBytes tileMemoryBytes(const Workload &w, const Accelerator &acc, const Plan &p,
                          const std::vector<LayerId> &group, int64_t tileRows,
                          const std::vector<std::vector<LayerId>> &consumers, const std::vector<int> *pos = nullptr)
{
    TileBytes bytes;
    bytes.memory.assign(acc.memories.size(), 0);
    const GroupIndex index(group, pos);
    const auto rows = pyramidRows(w, group, tileRows, consumers, index);
    for (size_t i = 0; i < group.size(); ++i)
        addLayerTileBytes(bytes, w, acc, p, group[i], rows[i], index);
    return bytes;
}

// Whether a tile's activations plus `weights` bytes on each core fit every memory at once.
bool tileFits(const Accelerator &acc, TileBytes need, const std::vector<int64_t> &weights)
{
    for (size_t k = 0; k < weights.size(); ++k)
        if (weights[k] > 0)
            need.add(acc.stagingMemory(acc.cores[k].name, OperandW), weights[k]);
    if (need.missing > 0)
        return false;
    for (size_t m = 0; m < need.memory.size(); ++m)
        if (need.memory[m] > acc.memories[m].sizeBytes)
            return false;
    return true;
}

// Issue 13: a layer whose one-row tile does not fit its core even alone (a global pool over a
// feature map larger than the pooling memory, an elementwise pass over a tensor larger than
// any memory, a 1-D conv whose single row is too wide) is cut further by fitLayerTile —
// channel parts taking turns on its core, then columns — instead of being refused by the
// scheduler. Entries are empty for layers that need no cut. Throws ScheduleError, with the
// sizes, for a layer that does not fit even at its smallest tile.
std::vector<std::optional<LayerTile>> cutOversizedLayers(Plan &p, const Workload &w, const Accelerator &acc,
                                                         const std::vector<std::vector<LayerId>> &consumers)
{
    const int nl = static_cast<int>(w.layers.size());
    std::vector<std::optional<LayerTile>> cut(nl);
    for (LayerId l = 0; l < nl; ++l) {
        const Layer &layer = w.layers[l];
        if (p.splitOf(l).active())
            continue; // split by the allocation (weights, a mapping): its own rules apply
        std::vector<int64_t> weights(acc.cores.size(), 0);
        weights[p.core[l]] = layer.weightBytes();
        if (tileFits(acc, tileMemoryBytes(w, acc, p, {l}, 1, consumers), weights))
            continue;
        const LayerTile t = fitLayerTile(w, acc, l, p.core[l], layer.dims.oy);
        if (!t.fits)
            throw ScheduleError("layer '" + layer.name + "' (" + std::string(toString(layer.op)) + ") on core '" +
                                acc.cores[p.core[l]].name +
                                "' does not fit even at its smallest tile (1 row, 1 column, 1 of " +
                                std::to_string(layer.dims.k) + " channels): it needs " +
                                std::to_string(t.needBytes) + " bytes in memory '" + t.memory + "' (capacity " +
                                std::to_string(t.capacityBytes) + " bytes)");
        if (t.parts > 1) {
            if (p.split.empty())
                p.split.assign(nl, {});
            p.split[l] = {SplitDim::K, std::vector<int>(t.parts, p.core[l])};
        }
        cut[l] = t;
    }
    return cut;
}

// Bytes of weights core `k` may hold for layers that stay resident: the whole weight memory
// when it holds weights only and `whole` is asked (no activation is staged there), else
// `fraction` of it (room left to load the next layer's weights while this one computes).
double weightRoom(const Accelerator &acc, int k, double fraction, bool whole)
{
    const std::string &core = acc.cores[k].name;
    const int m = acc.stagingMemory(core, OperandW);
    if (m < 0)
        return 0.0;
    const bool weightsOnly = acc.stagingMemory(core, OperandI) != m && acc.stagingMemory(core, OperandO) != m;
    return static_cast<double>(acc.memories[m].sizeBytes) * (whole && weightsOnly ? 1.0 : fraction);
}

// Stream semantics: a layer alone in its stack has no intra-core tiling (one tile).
bool rowTilesApply(const PlanOptions &opt, size_t groupSize)
{
    return !(opt.mapping && opt.mapping->rowTilesInStacksOnly() && groupSize == 1);
}

int rowsPerTile(const Layer &last, int requested, const LayerConstraint *c)
{
    if (c && c->rowTiles == -1)
        return 1;
    if (c && c->rowTiles > 0)
        return static_cast<int>((last.dims.oy + c->rowTiles - 1) / c->rowTiles);
    return requested;
}
} // namespace

void allocateCores(Plan &plan, const Workload &w, const Accelerator &acc, const PlanOptions &opt)
{
    const CostModelLookup lookup = opt.costModel ? opt.costModel : &costModelFor;
    const int nl = static_cast<int>(w.layers.size());
    const int nc = static_cast<int>(acc.cores.size());
    plan.core.assign(nl, 0);
    plan.split.assign(nl, {});
    std::vector<double> load(nc, 0.0);
    auto order = w.topologicalOrder();
    if (order.empty())
        for (int l = 0; l < nl; ++l)
            order.push_back(l);
    // Given stacks (Stream's layer_stacks): the weights each stack has put on each core. A
    // stack's layers stay resident across its row tiles only if their weights fit the core's
    // weight memory together; least-loaded alone can put two big layers of one stack on one
    // core, where they evict each other at every tile (docs/stream-side-by-side.md §8).
    std::vector<int> stackOf(nl, -1);
    for (size_t s = 0; s < opt.stacks.size(); ++s)
        for (LayerId l : opt.stacks[s])
            if (l >= 0 && l < nl)
                stackOf[l] = static_cast<int>(s);
    std::vector<std::vector<int64_t>> stackWeights(opt.stacks.size(), std::vector<int64_t>(nc, 0));
    for (LayerId l : order) {
        const Layer &layer = w.layers[l];
        if (l < static_cast<int>(opt.fixedCore.size()) && opt.fixedCore[l] >= 0) {
            const int k = opt.fixedCore[l];
            if (k >= nc || !coreCanRun(opt.costModel, layer, acc.cores[k], acc))
                throw ScheduleError("layer '" + layer.name + "' is allocated to core " + std::to_string(k) +
                                    (k < nc ? " '" + acc.cores[k].name + "', which cannot run it"
                                            : ", which accelerator '" + acc.name + "' lacks"));
            plan.core[l] = k;
            const auto cc = lookup(acc.cores[k].kind).compute(layer, layer.dims, acc.cores[k], acc);
            load[k] += static_cast<double>(cc.cycles) * acc.clockMHz / acc.cores[k].clockMHz;
            if (stackOf[l] >= 0)
                stackWeights[stackOf[l]][k] += layer.weightBytes();
            continue;
        }
        const LayerConstraint *c = constraintOf(opt, l);
        std::vector<int> candidates;
        for (int k = 0; k < nc; ++k)
            if ((!c || c->cores.empty() ||
                 std::find(c->cores.begin(), c->cores.end(), k) != c->cores.end()) &&
                coreCanRun(opt.costModel, layer, acc.cores[k], acc))
                candidates.push_back(k);
        if (candidates.empty())
            throw ScheduleError("no core of accelerator '" + acc.name + "' can run layer '" + layer.name +
                                "' (" + std::string(toString(layer.op)) + ")" +
                                (c && !c->cores.empty() ? " among the cores its mapping allows" : ""));
        auto cycles = [&](int k) {
            const Core &core = acc.cores[k];
            const auto cc = lookup(core.kind).compute(layer, layer.dims, core, acc);
            return static_cast<double>(cc.cycles) * acc.clockMHz / core.clockMHz;
        };
        if (c && c->split != SplitDim::None && c->cores.size() > 1 &&
            std::all_of(c->cores.begin(), c->cores.end(), [&](int k) {
                return std::find(candidates.begin(), candidates.end(), k) != candidates.end();
            })) {
            plan.split[l] = {c->split, c->cores};
            plan.core[l] = c->cores.front();
            for (int k : c->cores)
                load[k] += cycles(k) / static_cast<double>(c->cores.size());
            continue;
        }
        // In a stack, the cores where the stack's weights still fit beside this layer's come
        // first (when there are any); then the least loaded.
        const int stack = stackOf[l];
        const int64_t wb = layer.weightBytes();
        if (stack >= 0 && wb > 0) {
            std::vector<int> room;
            for (int k : candidates)
                if (static_cast<double>(stackWeights[stack][k] + wb) <= weightRoom(acc, k, opt.weightFraction, true))
                    room.push_back(k);
            if (!room.empty())
                candidates = std::move(room);
        }
        int best = candidates.front();
        double bestLoad = 0;
        for (size_t i = 0; i < candidates.size(); ++i) {
            const int k = candidates[i];
            const double after = load[k] + cycles(k);
            if (i == 0 || after < bestLoad) {
                best = k;
                bestLoad = after;
            }
        }
        plan.core[l] = best;
        load[best] = bestLoad;
        if (stack >= 0)
            stackWeights[stack][best] += wb;
    }
    // A layer whose weights exceed `weightFraction` of a core's weight memory is split on K
    // into parts run one after the other (a repeated core) until each part's weights fit that
    // share. A layer whose weights fit whole in a memory that holds weights only (no
    // activation of the core is staged there: Eyeriss' weight SRAM) stays whole instead, so it
    // stays resident across a fused stack's row tiles rather than taking turns in K parts
    // fetched again for every tile. (Parts that take turns keep the share: smaller parts
    // leave room for the next one.)
    for (LayerId l : order) {
        const int64_t wb = w.layers[l].weightBytes();
        if (wb <= 0)
            continue;
        LayerSplit &s = plan.split[l];
        if (s.active() && s.dim != SplitDim::K)
            continue;
        std::vector<int> cores = s.active() ? s.cores : std::vector<int>{plan.core[l]};
        auto tooBig = [&](const std::vector<int> &cs, bool whole) {
            for (int k : cs) {
                const double cap = weightRoom(acc, k, opt.weightFraction, whole);
                // The largest part: K splits into parts of ceil(K / parts) channels.
                const int64_t kDim = std::max<int64_t>(1, w.layers[l].dims.k);
                const int64_t parts = static_cast<int64_t>(cs.size());
                if (static_cast<double>((kDim + parts - 1) / parts) * static_cast<double>(wb) /
                        static_cast<double>(kDim) >
                    cap)
                    return true;
            }
            return false;
        };
        if (!tooBig(cores, true))
            continue;
        const std::vector<int> base = cores;
        while (tooBig(cores, false) && static_cast<int64_t>(cores.size() + base.size()) <= w.layers[l].dims.k)
            cores.insert(cores.end(), base.begin(), base.end());
        std::stable_sort(cores.begin(), cores.end(), [&](int a, int b) {
            return std::find(base.begin(), base.end(), a) < std::find(base.begin(), base.end(), b);
        });
        s = {SplitDim::K, cores};
    }
    if (std::none_of(plan.split.begin(), plan.split.end(), [](const LayerSplit &s) { return s.active(); }))
        plan.split.clear();
}

Plan layerByLayerPlan(const Workload &w, const Accelerator &acc, const PlanOptions &opt)
{
    Plan p;
    p.name = "lbl";
    allocateCores(p, w, acc, opt);
    const auto consumers = w.consumers();
    const int nc = static_cast<int>(acc.cores.size());
    const auto cut = cutOversizedLayers(p, w, acc, consumers);
    for (LayerId l : w.topologicalOrder()) {
        FusedGroup g;
        g.layers = {l};
        if (cut[l]) {
            g.tileRows = static_cast<int>(cut[l]->rows);
            g.tileCols = static_cast<int>(cut[l]->cols);
            g.overlap = opt.overlap;
            g.weights = WeightPolicy::Resident;
            p.groups.push_back(g);
            continue;
        }
        // One tile, unless the layer's input, weights and output cannot be in the core's
        // memory at once: then as few row tiles as fit (a mapping's OY tiling also applies).
        const Layer &layer = w.layers[l];
        const LayerConstraint *c = constraintOf(opt, l);
        int64_t rows = layer.dims.oy;
        if (c && c->rowTiles != 0 && rowTilesApply(opt, 1))
            rows = rowsPerTile(layer, 0, c);
        auto fits = [&](int64_t r) {
            const LayerSplit &s = p.splitOf(l);
            const int parts = s.active() ? static_cast<int>(s.cores.size()) : 1;
            std::vector<int64_t> weights(nc, 0);
            for (int q = 0; q < parts; ++q) {
                // Parts taking turns on one core hold one part's weights at a time.
                const int k = s.active() ? s.cores[q] : p.core[l];
                weights[k] = (layer.weightBytes() + parts - 1) / parts;
            }
            return tileFits(acc, tileMemoryBytes(w, acc, p, g.layers, r, consumers), weights);
        };
        while (rows > 1 && !fits(rows))
            rows = (rows + 1) / 2;
        g.tileRows = rows >= layer.dims.oy ? 0 : static_cast<int>(rows);
        g.overlap = opt.overlap;
        g.weights = WeightPolicy::Resident;
        p.groups.push_back(g);
    }
    return p;
}

Plan fusedPlan(const Workload &w, const Accelerator &acc, const PlanOptions &opt)
{
    Plan p;
    p.name = "fused";
    allocateCores(p, w, acc, opt);
    const auto consumers = w.consumers();
    const auto cut = cutOversizedLayers(p, w, acc, consumers);
    std::vector<int64_t> capacity(acc.cores.size(), 0);
    for (size_t k = 0; k < acc.cores.size(); ++k) {
        const int m = acc.stagingMemory(acc.cores[k].name, OperandW);
        capacity[k] = m >= 0 ? static_cast<int64_t>(std::floor(
                                   static_cast<double>(acc.memories[m].sizeBytes) * opt.weightFraction))
                             : 0;
    }
    // Weight bytes a layer puts on each core.
    auto share = [&](LayerId l) {
        std::vector<std::pair<int, int64_t>> out;
        const LayerSplit &s = p.splitOf(l);
        const int64_t wb = w.layers[l].weightBytes();
        if (!s.active())
            out.push_back({p.core[l], wb});
        else if (s.dim == SplitDim::K)
            for (int k : s.cores)
                out.push_back({k, (wb + static_cast<int64_t>(s.cores.size()) - 1) /
                                      static_cast<int64_t>(s.cores.size())});
        else
            for (int k : s.cores)
                out.push_back({k, wb});
        return out;
    };

    std::vector<int> groupOf(w.layers.size(), kNone);
    std::vector<int> pos(w.layers.size(), -1); // index in the group being grown (GroupIndex)
    std::vector<int> stackOf; // the user's stack of every layer (-1: alone); empty: greedy cut
    if (!opt.stacks.empty()) {
        stackOf.assign(w.layers.size(), -1);
        for (size_t i = 0; i < opt.stacks.size(); ++i)
            for (LayerId l : opt.stacks[i])
                stackOf[l] = static_cast<int>(i);
    }
    std::vector<int64_t> used(acc.cores.size(), 0);
    FusedGroup cur;
    bool curClosed = false; // the current group ends with a whole-input layer
    auto flush = [&]() {
        if (cur.layers.empty())
            return;
        const Layer &last = w.layers[cur.layers.back()];
        // A layer whose K parts take turns on one core cannot keep its weights resident across
        // tiles: one tile, so each part's weights are fetched once — unless that tile does not
        // fit, then row tiles as layer by layer does (each tile fetches the parts again).
        // Such a layer is a group of its own, and a core holds one part's weights at a time.
        bool turns = false;
        std::vector<int64_t> held = used;
        for (LayerId l : cur.layers) {
            const LayerSplit &s = p.splitOf(l);
            for (size_t i = 0; i < s.cores.size() && s.active(); ++i)
                if (std::count(s.cores.begin(), s.cores.end(), s.cores[i]) > 1)
                    turns = true;
        }
        if (turns)
            for (auto &[k, b] : share(cur.layers.front()))
                held[k] = b;
        const int64_t requested =
            turns || last.dims.oy <= 1 || !rowTilesApply(opt, cur.layers.size())
                ? 0
                : rowsPerTile(last, opt.tileRows, constraintOf(opt, cur.layers.back()));
        // Fewer rows per tile while a tile's activations and the group's weights overflow a
        // memory.
        auto groupFits = [&](int64_t rows) {
            return tileFits(acc, tileMemoryBytes(w, acc, p, cur.layers, rows, consumers, &pos), held);
        };
        int64_t rows = requested > 0 ? requested : last.dims.oy;
        while (rows > 1 && !groupFits(rows))
            rows = (rows + 1) / 2;
        cur.tileRows = rows >= last.dims.oy ? 0 : static_cast<int>(rows);
        if (cur.layers.size() == 1 && cut[cur.layers.front()]) { // cut alone to fit (see above)
            cur.tileRows = static_cast<int>(cut[cur.layers.front()]->rows);
            cur.tileCols = static_cast<int>(cut[cur.layers.front()]->cols);
        }
        cur.overlap = opt.overlap;
        cur.weights = opt.weights;
        for (LayerId l : cur.layers)
            groupOf[l] = static_cast<int>(p.groups.size());
        p.groups.push_back(cur);
        for (LayerId l : cur.layers)
            pos[l] = -1;
        cur = {};
        std::fill(used.begin(), used.end(), 0);
        curClosed = false;
    };
    const int curIndex = -2; // marker for layers of the group being grown
    // The current group's bytes per tile of `measuredRows` rows of its last layer.
    std::optional<TileBytes> measured;
    int64_t measuredRows = 0;
    // Whether `l` reads only `last` among the group's layers, row for row at the same height,
    // unsplit: then appending it changes no other layer's pyramid rows.
    auto rowPreserving = [&](LayerId l, LayerId last) {
        const Layer &x = w.layers[l];
        if (p.splitOf(l).active() || p.splitOf(last).active() || needsWholeInput(w, x) ||
            x.dims.oy != w.layers[last].dims.oy)
            return false;
        if (isWindowed(x.op) && (x.kernelY() != 1 || x.strideY != 1))
            return false;
        for (TensorId t : x.inputs) {
            const LayerId pr = w.tensors[t].producer;
            if (pr >= 0 && pos[pr] >= 0 && pr != last)
                return false;
        }
        return true;
    };
    for (LayerId l : w.topologicalOrder()) {
        const Layer &layer = w.layers[l];
        bool connected = false;
        for (TensorId t : layer.inputs) {
            const LayerId pr = w.tensors[t].producer;
            if (pr >= 0 && groupOf[pr] == curIndex)
                connected = true;
        }
        bool fits = true;
        for (auto [k, b] : share(l))
            if (used[k] + b > capacity[k])
                fits = false;
        std::optional<TileBytes> grownBytes;
        int64_t grownRows = 0;
        if (fits && !cur.layers.empty()) {
            // The tile's activations must fit beside the weights.
            const int64_t rows = rowsPerTile(layer, opt.tileRows, constraintOf(opt, l));
            std::vector<int64_t> weightsOn = used;
            for (auto [k, b] : share(l))
                weightsOn[k] += b;
            pos[l] = static_cast<int>(cur.layers.size());
            grownRows = rows > 0 ? std::min<int64_t>(rows, layer.dims.oy) : layer.dims.oy;
            if (measured && measuredRows == grownRows && rowPreserving(l, cur.layers.back())) {
                // Appending a layer that reads the last one row for row (1×1, elementwise) leaves
                // every pyramid row as it was: the group's bytes plus the new layer's (issue 13:
                // the planner stays linear on long chains instead of re-measuring the group).
                grownBytes = *measured;
                addLayerTileBytes(*grownBytes, w, acc, p, l, grownRows, GroupIndex(cur.layers, &pos));
            } else {
                std::vector<LayerId> grown = cur.layers;
                grown.push_back(l);
                grownBytes = tileMemoryBytes(w, acc, p, grown, rows, consumers, &pos);
            }
            pos[l] = -1;
            fits = tileFits(acc, *grownBytes, weightsOn);
        }
        // K parts taking turns on one core: a group of its own (one tile, see flush).
        bool turns = false;
        const LayerSplit &ls = p.splitOf(l);
        for (size_t i = 0; ls.active() && i < ls.cores.size(); ++i)
            turns = turns || std::count(ls.cores.begin(), ls.cores.end(), ls.cores[i]) > 1;
        bool cut = cur.layers.empty() || curClosed || !connected || !fits || needsWholeInput(w, layer) || turns;
        if (!stackOf.empty()) // the user's stacks decide, nothing else
            cut = cur.layers.empty() || stackOf[l] < 0 || stackOf[l] != stackOf[cur.layers.back()];
        if (cut) {
            for (LayerId x : cur.layers)
                groupOf[x] = kNone;
            flush();
        }
        const bool grewInPlace = !cur.layers.empty() && grownBytes;
        cur.layers.push_back(l);
        groupOf[l] = curIndex;
        pos[l] = static_cast<int>(cur.layers.size()) - 1;
        if (grewInPlace) {
            measured = std::move(grownBytes);
            measuredRows = grownRows;
        } else { // a new group: measure it on its own
            const int64_t rows = rowsPerTile(layer, opt.tileRows, constraintOf(opt, l));
            measured = tileMemoryBytes(w, acc, p, cur.layers, rows, consumers, &pos);
            measuredRows = rows > 0 ? std::min<int64_t>(rows, layer.dims.oy) : layer.dims.oy;
        }
        for (auto [k, b] : share(l))
            used[k] += b;
        curClosed = needsWholeInput(w, layer) || turns;
    }
    flush();
    return p;
}

} // namespace fuselab
