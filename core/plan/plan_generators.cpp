// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_generators.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace fuselab {

namespace {
bool needsWholeInput(const Layer &l)
{
    return l.op == OpType::Gemm || l.op == OpType::MatMul || l.op == OpType::GlobalAvgPool || l.op == OpType::Slice;
}

const LayerConstraint *constraintOf(const PlanOptions &opt, LayerId l)
{
    if (!opt.mapping || l >= static_cast<int>(opt.mapping->layers.size()))
        return nullptr;
    return &opt.mapping->layers[l];
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
    for (LayerId l : order) {
        const Layer &layer = w.layers[l];
        const LayerConstraint *c = constraintOf(opt, l);
        std::vector<int> candidates;
        for (int k = 0; k < nc; ++k)
            if ((!c || c->cores.empty() || std::find(c->cores.begin(), c->cores.end(), k) != c->cores.end()) &&
                lookup(acc.cores[k].kind).canRun(layer, acc.cores[k]))
                candidates.push_back(k);
        if (candidates.empty())
            throw ScheduleError("no core of accelerator '" + acc.name + "' can run layer '" + layer.name + "' (" +
                                std::string(toString(layer.op)) + ")" +
                                (c && !c->cores.empty() ? " among the cores its mapping allows" : ""));
        auto cycles = [&](int k) {
            const Core &core = acc.cores[k];
            const auto cc = lookup(core.kind).compute(layer, layer.dims, core, acc);
            return static_cast<double>(cc.cycles) * acc.clockMHz / core.clockMHz;
        };
        if (c && c->split != SplitDim::None && c->cores.size() > 1 &&
            std::all_of(c->cores.begin(), c->cores.end(),
                        [&](int k) { return std::find(candidates.begin(), candidates.end(), k) != candidates.end(); })) {
            plan.split[l] = {c->split, c->cores};
            plan.core[l] = c->cores.front();
            for (int k : c->cores)
                load[k] += cycles(k) / static_cast<double>(c->cores.size());
            continue;
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
    }
    if (std::none_of(plan.split.begin(), plan.split.end(), [](const LayerSplit &s) { return s.active(); }))
        plan.split.clear();
}

Plan layerByLayerPlan(const Workload &w, const Accelerator &acc, const PlanOptions &opt)
{
    Plan p;
    p.name = "lbl";
    allocateCores(p, w, acc, opt);
    for (LayerId l : w.topologicalOrder()) {
        FusedGroup g;
        g.layers = {l};
        g.tileRows = 0;
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
    std::vector<int64_t> capacity(acc.cores.size(), 0);
    for (size_t k = 0; k < acc.cores.size(); ++k) {
        const int m = acc.stagingMemory(acc.cores[k].name, OperandW);
        capacity[k] = m >= 0 ? static_cast<int64_t>(std::floor(static_cast<double>(acc.memories[m].sizeBytes) *
                                                               opt.weightFraction))
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
                out.push_back({k, (wb + static_cast<int64_t>(s.cores.size()) - 1) / static_cast<int64_t>(s.cores.size())});
        else
            for (int k : s.cores)
                out.push_back({k, wb});
        return out;
    };

    std::vector<int> groupOf(w.layers.size(), kNone);
    std::vector<int64_t> used(acc.cores.size(), 0);
    FusedGroup cur;
    bool curClosed = false;  // the current group ends with a whole-input layer
    auto flush = [&]() {
        if (cur.layers.empty())
            return;
        const Layer &last = w.layers[cur.layers.back()];
        cur.tileRows = last.dims.oy <= 1 ? 0 : rowsPerTile(last, opt.tileRows, constraintOf(opt, cur.layers.back()));
        cur.overlap = opt.overlap;
        cur.weights = opt.weights;
        for (LayerId l : cur.layers)
            groupOf[l] = static_cast<int>(p.groups.size());
        p.groups.push_back(cur);
        cur = {};
        std::fill(used.begin(), used.end(), 0);
        curClosed = false;
    };
    const int curIndex = -2;  // marker for layers of the group being grown
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
        if (cur.layers.empty() || curClosed || !connected || !fits || needsWholeInput(layer)) {
            for (LayerId x : cur.layers)
                groupOf[x] = kNone;
            flush();
        }
        cur.layers.push_back(l);
        groupOf[l] = curIndex;
        for (auto [k, b] : share(l))
            used[k] += b;
        curClosed = needsWholeInput(layer);
    }
    flush();
    return p;
}

} // namespace fuselab
