// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_validate.h"

#include "cost/spatial_cost.h"
#include "plan/transformer_kernels.h"

#include <numeric>
#include <set>

namespace fuselab {

namespace {
int findRoot(std::vector<int> &parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}
} // namespace

bool coreCanRun(CostModelLookup costModel, const Layer &layer, const Core &core, const Accelerator &acc)
{
    if (isStandardCostModels(costModel))
        return canRunOn(layer, core, acc);
    return costModel(core.kind).canRun(layer, core);
}

std::vector<std::string> validatePlan(const Plan &plan, const Workload &w, const Accelerator &acc,
                                      CostModelLookup costModel)
{
    std::vector<std::string> errors;
    const int nl = static_cast<int>(w.layers.size());
    const int nc = static_cast<int>(acc.cores.size());
    const std::string where = "plan '" + plan.name + "'";
    auto layerName = [&](LayerId l) { return "layer '" + w.layers[l].name + "'"; };

    // Membership: every layer in exactly one group.
    std::vector<int> groupOf(nl, kNone);
    std::vector<int> posInGroup(nl, -1);
    for (int g = 0; g < static_cast<int>(plan.groups.size()); ++g) {
        const auto &grp = plan.groups[g];
        if (grp.layers.empty())
            errors.push_back(where + ": group " + std::to_string(g) + " is empty");
        if (grp.tileRows < 0 || grp.tileCols < 0)
            errors.push_back(where + ": group " + std::to_string(g) +
                             ": tile rows and columns must be ≥ 0 (0 = all)");
        for (int i = 0; i < static_cast<int>(grp.layers.size()); ++i) {
            const LayerId l = grp.layers[i];
            if (l < 0 || l >= nl) {
                errors.push_back(where + ": group " + std::to_string(g) + " names layer #" +
                                 std::to_string(l) + ", which does not exist");
                continue;
            }
            if (groupOf[l] != kNone)
                errors.push_back(layerName(l) + " is in two groups (" + std::to_string(groupOf[l]) + " and " +
                                 std::to_string(g) + ")");
            groupOf[l] = g;
            posInGroup[l] = i;
        }
    }
    for (LayerId l = 0; l < nl; ++l)
        if (groupOf[l] == kNone)
            errors.push_back(layerName(l) + " is in no group");
    if (!errors.empty())
        return errors;

    // Order: producers in an earlier group, or earlier in the same group.
    for (LayerId l = 0; l < nl; ++l)
        for (TensorId t : w.layers[l].inputs) {
            const LayerId p = w.tensors[t].producer;
            if (p < 0)
                continue;
            if (groupOf[p] > groupOf[l])
                errors.push_back(
                    layerName(l) + " (group " + std::to_string(groupOf[l]) + ") reads " + layerName(p) +
                    ", which is in the later group " + std::to_string(groupOf[p]) +
                    ": groups must follow a topological order (a group is not topologically contiguous)");
            else if (groupOf[p] == groupOf[l] && posInGroup[p] > posInGroup[l])
                errors.push_back(layerName(l) + " comes before its producer " + layerName(p) + " in group " +
                                 std::to_string(groupOf[l]));
        }
    // Connectivity inside each group.
    std::vector<int> parent(nl);
    std::iota(parent.begin(), parent.end(), 0);
    for (LayerId l = 0; l < nl; ++l)
        for (TensorId t : w.layers[l].inputs) {
            const LayerId p = w.tensors[t].producer;
            if (p >= 0 && groupOf[p] == groupOf[l])
                parent[findRoot(parent, p)] = findRoot(parent, l);
        }
    for (int g = 0; g < static_cast<int>(plan.groups.size()); ++g) {
        const auto &ls = plan.groups[g].layers;
        for (LayerId l : ls)
            if (findRoot(parent, l) != findRoot(parent, ls.front())) {
                errors.push_back("group " + std::to_string(g) + " is not connected: " + layerName(l) +
                                 " shares no tensor path with " + layerName(ls.front()) +
                                 " inside the group");
                break;
            }
    }

    // Reduction slices: defined for a group that is one transformer kernel, whose last layer
    // reduces over what the layers before it produce (docs/design.md §4).
    for (int g = 0; g < static_cast<int>(plan.groups.size()); ++g) {
        const auto &grp = plan.groups[g];
        if (grp.tileReduce < 0) {
            errors.push_back(where + ": group " + std::to_string(g) + ": tile_reduce must be ≥ 0 (0 = none)");
            continue;
        }
        if (grp.tileReduce == 0)
            continue;
        const auto k = transformerKernels(w, grp.layers);
        if (k.size() != 1 || k.front().first != 0 || k.front().last + 1 != static_cast<int>(grp.layers.size()))
            errors.push_back(where + ": group " + std::to_string(g) + ": tile_reduce " +
                             std::to_string(grp.tileReduce) +
                             " needs the group to be exactly one fused attention (Q·Kᵀ, softmax, ·V) or FFN "
                             "(x·W layers and the element-wise ops between them) kernel");
    }

    // Allocation and splits.
    if (static_cast<int>(plan.core.size()) != nl) {
        errors.push_back(where + ": core allocation has " + std::to_string(plan.core.size()) +
                         " entries for " + std::to_string(nl) + " layers");
        return errors;
    }
    // The softmax inside a fused attention group runs where its Q·Kᵀ and ·V run, on the
    // array's own vector unit (FlashAttention keeps the scores in the core), even where a SIMD
    // core exists that would take a softmax standing alone.
    std::vector<char> inFusedAttention(nl, 0);
    for (const auto &grp : plan.groups) {
        if (grp.layers.size() < 3) // a kernel has three layers or more: lbl plans scan nothing
            continue;
        for (const auto &k : transformerKernels(w, grp.layers))
            if (k.kind == TransformerKernel::Kind::Attention)
                for (int i = k.first + 1; i < k.last; ++i)
                    inFusedAttention[grp.layers[i]] = 1;
    }
    auto checkCore = [&](LayerId l, int c, const std::string &what) {
        if (c < 0 || c >= nc) {
            errors.push_back(layerName(l) + ": " + what + " core #" + std::to_string(c) + " does not exist");
            return;
        }
        const Core &core = acc.cores[c];
        const bool kernelVector = inFusedAttention[l] && isStandardCostModels(costModel) &&
                                  !isMacOp(w.layers[l].op) &&
                                  (core.kind == CoreKind::Systolic || core.kind == CoreKind::Spatial);
        if (!kernelVector && !coreCanRun(costModel, w.layers[l], core, acc))
            errors.push_back(layerName(l) + " (" + std::string(toString(w.layers[l].op)) +
                             ") is allocated to core '" + core.name + "', whose " +
                             std::string(toString(core.kind)) + " cost model cannot run that op");
    };
    for (LayerId l = 0; l < nl; ++l) {
        const LayerSplit &s = plan.splitOf(l);
        if (!s.active()) {
            checkCore(l, plan.core[l], "allocated");
            continue;
        }
        for (int c : s.cores)
            checkCore(l, c, "split part on");
        const int64_t extent = s.dim == SplitDim::K ? w.layers[l].dims.k : w.layers[l].dims.oy;
        if (static_cast<int64_t>(s.cores.size()) > extent)
            errors.push_back(layerName(l) + ": split in " + std::to_string(s.cores.size()) + " parts on " +
                             std::string(toString(s.dim)) + ", which has only " + std::to_string(extent));
    }
    if (!plan.split.empty() && static_cast<int>(plan.split.size()) != nl)
        errors.push_back(where + ": splits given for " + std::to_string(plan.split.size()) + " of " +
                         std::to_string(nl) + " layers");

    // Pins.
    std::set<TensorId> pinned;
    for (const auto &p : plan.pins) {
        if (p.tensor < 0 || p.tensor >= static_cast<int>(w.tensors.size())) {
            errors.push_back(where + ": pin of tensor #" + std::to_string(p.tensor) +
                             ", which does not exist");
            continue;
        }
        const Tensor &t = w.tensors[p.tensor];
        const std::string tn = "tensor '" + t.name + "'";
        if (!pinned.insert(p.tensor).second)
            errors.push_back(tn + " is pinned twice");
        if (t.producer < 0)
            errors.push_back(tn + " is a network input: only produced tensors can be pinned");
        if (p.memory < 0 || p.memory >= static_cast<int>(acc.memories.size())) {
            errors.push_back(tn + " is pinned to memory #" + std::to_string(p.memory) +
                             ", which does not exist");
            continue;
        }
        const Memory &m = acc.memories[p.memory];
        if (!(m.operands & (OperandI | OperandO)))
            errors.push_back(tn + " is pinned to memory '" + m.name +
                             "', which holds neither inputs nor outputs");
        if (t.bytes() > m.sizeBytes)
            errors.push_back(tn + " (" + std::to_string(t.bytes()) + " bytes) is pinned to memory '" +
                             m.name + "', which holds only " + std::to_string(m.sizeBytes) + " bytes");
    }
    return errors;
}

} // namespace fuselab
