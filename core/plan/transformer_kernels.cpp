// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/transformer_kernels.h"

#include "plan/plan_validate.h"
#include "schedule/ranges.h"

#include <algorithm>

namespace fuselab {

namespace {

bool isTokenLinear(const Workload &w, const Layer &l)
{
    return l.op == OpType::MatMul && l.hasWeights && l.inputs.size() == 1 && l.dims.oy > 1 &&
           tokenWiseOperand(l, w.tensors[l.inputs[0]], 0);
}

bool isAttentionAt(const Workload &w, const std::vector<LayerId> &order, size_t i,
                   const std::vector<std::vector<LayerId>> &consumers)
{
    if (i + 2 >= order.size())
        return false;
    const Layer &s = w.layers[order[i]], &p = w.layers[order[i + 1]], &c = w.layers[order[i + 2]];
    return s.op == OpType::MatMul && !s.hasWeights && s.inputs.size() >= 2 && !isMacOp(p.op) &&
           p.inputs.size() == 1 && p.inputs[0] == s.output && consumers[s.output].size() == 1 &&
           c.op == OpType::MatMul && !c.hasWeights && !c.inputs.empty() && c.inputs[0] == p.output &&
           consumers[p.output].size() == 1;
}

} // namespace

std::vector<TransformerKernel> transformerKernels(const Workload &w, const std::vector<LayerId> &order)
{
    const auto consumers = w.consumers();
    std::vector<TransformerKernel> out;
    for (size_t i = 0; i < order.size();) {
        if (isAttentionAt(w, order, i, consumers)) {
            out.push_back({TransformerKernel::Kind::Attention, static_cast<int>(i), static_cast<int>(i + 2)});
            i += 3;
            continue;
        }
        const Layer &head = w.layers[order[i]];
        if (!isTokenLinear(w, head)) {
            ++i;
            continue;
        }
        // Grow the run while each layer reads only the run's tensors or the run's input.
        std::vector<TensorId> known{head.inputs[0], head.output};
        size_t j = i + 1;
        size_t lastLinear = i;
        int linears = 1;
        for (; j < order.size(); ++j) {
            const Layer &l = w.layers[order[j]];
            const bool inside = std::all_of(l.inputs.begin(), l.inputs.end(), [&](TensorId t) {
                return std::find(known.begin(), known.end(), t) != known.end();
            });
            const bool elementwise = !isMacOp(l.op) && l.dims.oy == head.dims.oy &&
                                     (l.op == OpType::Mul || l.op == OpType::Activation);
            if (!inside || !(isTokenLinear(w, l) || elementwise))
                break;
            known.push_back(l.output);
            if (isTokenLinear(w, l)) {
                lastLinear = j;
                ++linears;
            }
        }
        // The run must end in a weight layer that returns to the input's width (an MLP), and
        // its intermediate tensors must not escape the run.
        const bool mlpShape = linears >= 2 && w.layers[order[lastLinear]].dims.k == w.tensors[head.inputs[0]].c;
        bool sealed = mlpShape;
        for (size_t k = i; sealed && k < lastLinear; ++k)
            for (LayerId c : consumers[w.layers[order[k]].output]) {
                const auto at = std::find(order.begin() + static_cast<long>(i),
                                          order.begin() + static_cast<long>(lastLinear) + 1, c);
                sealed = sealed && at != order.begin() + static_cast<long>(lastLinear) + 1;
            }
        if (sealed) {
            out.push_back({TransformerKernel::Kind::Ffn, static_cast<int>(i), static_cast<int>(lastLinear)});
            i = lastLinear + 1;
        } else {
            ++i;
        }
    }
    return out;
}

std::vector<FusedGroup> kernelGroups(const Workload &w, const std::vector<LayerId> &order, int first, int last,
                                     const KernelFusion &fuse, const FusedGroup &kernel, const Plan &lbl)
{
    const std::vector<LayerId> span(order.begin() + first, order.begin() + last + 1);
    const auto kernels = transformerKernels(w, span);
    const auto lblGroupOf = lbl.groupOfLayer(static_cast<int>(w.layers.size()));
    std::vector<FusedGroup> groups;
    size_t next = 0;
    for (int i = 0; i < static_cast<int>(span.size());) {
        while (next < kernels.size() && kernels[next].first < i)
            ++next;
        if (next < kernels.size() && kernels[next].first == i) {
            const TransformerKernel &k = kernels[next];
            const bool on = k.kind == TransformerKernel::Kind::Attention ? fuse.attention : fuse.ffn;
            if (on) {
                FusedGroup g = kernel;
                g.layers.assign(span.begin() + k.first, span.begin() + k.last + 1);
                const bool attention = k.kind == TransformerKernel::Kind::Attention;
                g.tileReduce = attention ? fuse.attentionKeyTile : fuse.ffnHiddenTile;
                if (!attention && fuse.ffnTileRows > 0)
                    g.tileRows = fuse.ffnTileRows;
                groups.push_back(std::move(g));
                i = k.last + 1;
                continue;
            }
        }
        const LayerId l = span[i];
        FusedGroup g;
        if (l < static_cast<int>(lblGroupOf.size()) && lblGroupOf[l] >= 0)
            g = lbl.groups[lblGroupOf[l]];
        g.layers = {l};
        groups.push_back(std::move(g));
        ++i;
    }
    return groups;
}

void splitAttentionHeads(const Workload &w, const Accelerator &acc, int parts, Plan &plan)
{
    if (parts < 1)
        return;
    const auto order = w.topologicalOrder();
    for (const auto &k : transformerKernels(w, order)) {
        if (k.kind != TransformerKernel::Kind::Attention)
            continue;
        const Layer &scores = w.layers[order[k.first]];
        std::vector<int> cores;
        for (int c = 0; c < static_cast<int>(acc.cores.size()); ++c)
            if (acc.cores[c].kind != CoreKind::Simd && acc.cores[c].kind != CoreKind::Pool &&
                coreCanRun(nullptr, scores, acc.cores[c], acc))
                cores.push_back(c);
        if (cores.empty() || scores.groups % parts != 0)
            continue;
        std::vector<int> dealt;
        for (int q = 0; q < parts; ++q)
            dealt.push_back(cores[static_cast<size_t>(q) % cores.size()]);
        if (plan.split.empty())
            plan.split.assign(w.layers.size(), {});
        for (int i = k.first; i <= k.last; ++i)
            plan.split[order[i]] = {SplitDim::K, dealt};
    }
}

} // namespace fuselab
