// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/group_eval.h"

#include "plan/transformer_kernels.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace fuselab {

GroupWorkload extractGroup(const Workload &w, const std::vector<LayerId> &layers)
{
    GroupWorkload g;
    g.workload.name = w.name + " group";
    std::map<TensorId, TensorId> tensorMap;
    for (LayerId l : layers) {
        Layer copy = w.layers[l];
        for (TensorId &t : copy.inputs) {
            auto it = tensorMap.find(t);
            if (it == tensorMap.end()) {
                Tensor outside = w.tensors[t];
                outside.producer = kNone; // made before the group: read from DRAM
                it = tensorMap.emplace(t, g.workload.addTensor(outside)).first;
            }
            t = it->second;
        }
        Tensor out = w.tensors[copy.output];
        out.producer = kNone;
        const TensorId newOut = g.workload.addTensor(out);
        tensorMap[copy.output] = newOut;
        copy.output = newOut;
        g.workload.addLayer(copy);
        g.original.push_back(l);
    }
    return g;
}

Plan groupPlan(const GroupWorkload &group, const Plan &allocation, const GroupConfig &config,
               const Plan &layerByLayerPlan)
{
    Plan p;
    p.name = "group";
    const int n = static_cast<int>(group.original.size());
    // Every layer of the sub-workload alone, with the lbl plan's tiling of its original layer.
    auto singleLayerGroups = [&] {
        Plan lbl;
        const auto groupOf = layerByLayerPlan.groupOfLayer(static_cast<int>(layerByLayerPlan.core.size()));
        for (int i = 0; i < n; ++i) {
            FusedGroup fg;
            const LayerId l = group.original[i];
            if (l < static_cast<int>(groupOf.size()) && groupOf[l] >= 0)
                fg = layerByLayerPlan.groups[groupOf[l]];
            fg.layers = {i};
            lbl.groups.push_back(fg);
        }
        return lbl;
    };
    if (config.kernelsOnly) {
        // The sub-workload's layers are 0..n-1 in order; the lbl tiling is looked up by the
        // original ids, then renamed.
        std::vector<LayerId> order(n);
        for (int i = 0; i < n; ++i)
            order[i] = i;
        const Plan lbl = singleLayerGroups();
        FusedGroup kernel;
        kernel.tileRows = config.tileRows;
        kernel.overlap = config.overlap;
        kernel.weights = config.weights;
        p.groups = kernelGroups(group.workload, order, 0, n - 1, kernelFusionOf(config), kernel, lbl);
    } else if (config.layerByLayer) {
        p.groups = singleLayerGroups().groups;
    } else {
        FusedGroup fg;
        for (int i = 0; i < n; ++i)
            fg.layers.push_back(i);
        fg.tileRows = config.tileRows;
        fg.overlap = config.overlap;
        fg.weights = config.weights;
        p.groups.push_back(fg);
    }
    bool anySplit = false;
    for (LayerId l : group.original) {
        p.core.push_back(allocation.core[l]);
        p.split.push_back(allocation.splitOf(l));
        anySplit = anySplit || p.split.back().active();
    }
    if (!anySplit)
        p.split.clear();
    return p;
}

std::optional<ScheduleTotals> evaluateGroup(const Accelerator &acc, const GroupWorkload &group,
                                            const Plan &allocation, const GroupConfig &config,
                                            const Plan &layerByLayerPlan, CostModelLookup costModel,
                                            int64_t maxCns, ScheduleCache *cache)
{
    ScheduleOptions so;
    so.recordEvents = false;
    so.costModel = costModel;
    so.maxCns = maxCns;
    so.cache = cache;
    try {
        return schedule(group.workload, acc, groupPlan(group, allocation, config, layerByLayerPlan), so)
            .totals;
    } catch (const ScheduleError &) {
        return std::nullopt;
    } catch (const std::invalid_argument &) {
        return std::nullopt;
    }
}

GroupSignature groupSignature(const GroupWorkload &group, const Plan &allocation, const Plan &layerByLayerPlan)
{
    GroupSignature s;
    s.workload = group.workload;
    s.workload.name.clear();
    s.workload.warnings.clear();
    s.workload.inputShapes = {};
    for (Layer &l : s.workload.layers)
        l.name.clear();
    for (Tensor &t : s.workload.tensors)
        t.name.clear();
    const auto groupOf = layerByLayerPlan.groupOfLayer(static_cast<int>(layerByLayerPlan.core.size()));
    for (LayerId l : group.original) {
        s.cores.push_back(l < static_cast<int>(allocation.core.size()) ? allocation.core[l] : -1);
        s.splits.push_back(allocation.splitOf(l));
        FusedGroup fg;
        if (l < static_cast<int>(groupOf.size()) && groupOf[l] >= 0)
            fg = layerByLayerPlan.groups[groupOf[l]];
        fg.layers.clear();
        s.lblTiling.push_back(fg);
    }
    return s;
}

size_t signatureHash(const GroupSignature &s)
{
    uint64_t h = 1469598103934665603ULL; // FNV-1a over the numbers that tell groups apart
    auto mix = [&h](int64_t v) {
        h ^= static_cast<uint64_t>(v);
        h *= 1099511628211ULL;
    };
    for (const Layer &l : s.workload.layers) {
        mix(static_cast<int64_t>(l.op));
        for (int64_t d : {l.dims.b, l.dims.k, l.dims.c, l.dims.oy, l.dims.ox, l.dims.fy, l.dims.fx})
            mix(d);
        for (TensorId t : l.inputs)
            mix(t);
    }
    for (const Tensor &t : s.workload.tensors)
        for (int64_t d : {t.n, t.c, t.h, t.w, int64_t(t.bits)})
            mix(d);
    for (int c : s.cores)
        mix(c);
    return static_cast<size_t>(h);
}

std::vector<GroupConfig> groupConfigs(int64_t outputRows, int groupLayers, const std::vector<int> &rowChoices)
{
    std::vector<int> rows;
    for (int r : rowChoices)
        if (r > 0 && r < outputRows && std::find(rows.begin(), rows.end(), r) == rows.end())
            rows.push_back(r);
    rows.push_back(0);
    std::vector<GroupConfig> configs;
    for (int r : rows)
        for (OverlapMode o : {OverlapMode::Cache, OverlapMode::Recompute}) {
            if (o == OverlapMode::Recompute && (groupLayers == 1 || r == 0))
                continue; // one layer or one tile: no halo to recompute, same schedule as cache
            for (WeightPolicy wp : {WeightPolicy::Resident, WeightPolicy::Reload}) {
                if (wp == WeightPolicy::Reload && r == 0)
                    continue; // one tile: weights are fetched once either way
                configs.push_back({r, o, wp});
            }
        }
    return configs;
}

} // namespace fuselab
