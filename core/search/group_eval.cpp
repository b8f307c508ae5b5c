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
        p.groups = kernelGroups(group.workload, order, 0, n - 1, KernelFusion{}, kernel, lbl);
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
                                            const Plan &layerByLayerPlan, CostModelLookup costModel)
{
    ScheduleOptions so;
    so.recordEvents = false;
    so.costModel = costModel;
    try {
        return schedule(group.workload, acc, groupPlan(group, allocation, config, layerByLayerPlan), so)
            .totals;
    } catch (const ScheduleError &) {
        return std::nullopt;
    } catch (const std::invalid_argument &) {
        return std::nullopt;
    }
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
