// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/explorer.h"

#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/transformer_kernels.h"
#include "plan/stream_mapping.h"
#include "schedule/validator.h"
#include "search/group_eval.h"
#include "search/nsga2.h"
#include "search/pareto.h"
#include "search/partition_dp.h"
#include "search/pin_selection.h"
#include "search/schedule_cache_pool.h"
#include "search/shared_genes.h"
#include "search/search_control.h"
#include "search/worker_pool.h"
#include "schedule/schedule_cache.h"
#include "util/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

namespace fuselab {

namespace {

std::vector<LayerId> identityOrder(const Workload &w)
{
    std::vector<LayerId> order(w.layers.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<LayerId>(i);
    return order;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

/// One additive criterion for the partition DP: a name and a group's value from its totals.
struct Criterion {
    std::string name;
    std::function<double(const ScheduleTotals &)> value;
};

/// A candidate group's schedules, one per configuration (std::nullopt: rejected).
struct GroupEntry {
    std::vector<GroupConfig> configs;
    std::vector<std::optional<ScheduleTotals>> totals;
};

class Explorer {
public:
    Explorer(const Workload &w, const Accelerator &acc, const ExploreOptions &opt, SearchControl &control)
        : w_(w), acc_(acc), opt_(opt), control_(control), pool_(opt.threads), caches_(w, acc, opt.costModel)
    {
        planOptions_.costModel = opt.costModel;
        planOptions_.mapping = opt.mapping;
        planOptions_.stacks = opt.stacks;
        planOptions_.fixedCore = opt.fixedCore;
        order_ = w.topologicalOrder();
        if (order_.size() != w.layers.size())
            throw std::invalid_argument("explore: the workload has a cycle");
    }

    ExploreResult run()
    {
        const auto t0 = std::chrono::steady_clock::now();
        auto lap = t0;
        auto timePhase = [&](int i) {
            const auto now = std::chrono::steady_clock::now();
            result_.stats.phaseSeconds[i] = std::chrono::duration<double>(now - lap).count();
            lap = now;
        };
        result_.stats.threads = pool_.threadCount();
        phase(0.0, 0.05);
        baselines();
        timePhase(0);
        if (!control_.shouldStop()) {
            phase(0.05, multiCoreSearch() ? 0.45 : 0.9);
            buildGroupTable();
        }
        timePhase(1);
        if (!control_.shouldStop()) {
            phase(multiCoreSearch() ? 0.45 : 0.9, multiCoreSearch() ? 0.5 : 0.95);
            partitionCandidates();
        }
        timePhase(2);
        if (!control_.shouldStop() && multiCoreSearch()) {
            phase(0.5, 0.95);
            allocationSearch();
        }
        timePhase(3);
        result_.stats.stopped = control_.shouldStop();
        if (result_.stats.stopped)
            result_.stats.stopReason = control_.cancelRequested() ? "cancelled" : "time limit";
        control_.setReserve(0);
        phase(0.95, 1.0);
        finish();
        timePhase(4);
        result_.stats.wallSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        control_.reportProgress("done", 1.0, primary(result_.best.totals), true);
        return std::move(result_);
    }

private:
    void phase(double lo, double hi) { control_.setPhaseRange(lo, hi); }

    double primary(const ScheduleTotals &t) const { return objectiveValue(t, opt_.objective); }

    Objectives objectivesOf(const ScheduleTotals &t) const
    {
        if (opt_.pareto.size() == 2)
            return {objectiveValue(t, opt_.pareto[0]), objectiveValue(t, opt_.pareto[1])};
        return {primary(t)};
    }

    bool multiCoreSearch() const
    {
        return opt_.allocationSearch && opt_.generations > 0 && !allocGenes_.empty();
    }

    /// Schedules whole plans in parallel (totals only); entries the scheduler rejects are empty.
    std::vector<std::optional<EvaluatedPlan>> evaluate(const std::vector<std::pair<Plan, std::string>> &plans)
    {
        std::vector<std::optional<EvaluatedPlan>> out(plans.size());
        pool_.parallelFor(static_cast<int>(plans.size()),
                          [&](int i) { out[i] = evaluateOne(plans[i].first, plans[i].second); });
        return out;
    }

    /// `count`: add to the control's evaluation count (NSGA-II counts its own fitness calls).
    /// `why`, if given, receives the reason a plan is rejected.
    std::optional<EvaluatedPlan> evaluateOne(const Plan &p, const std::string &origin, bool count = true,
                                             std::string *why = nullptr)
    {
        if (const auto problems = validatePlan(p, w_, acc_, opt_.costModel); !problems.empty()) {
            if (why)
                *why = "the plan is invalid: " + problems.front();
            return std::nullopt;
        }
        const auto cache = caches_.lease();
        ScheduleOptions so;
        so.recordEvents = false;
        so.costModel = opt_.costModel;
        so.cache = cache.get();
        so.residentActivations = opt_.residentActivations;
        so.maxCns = opt_.maxCns;
        planEvaluations_.fetch_add(1, std::memory_order_relaxed);
        if (count)
            control_.addEvaluations(1);
        try {
            return EvaluatedPlan{p, schedule(w_, acc_, p, so).totals, origin};
        } catch (const ScheduleError &e) {
            if (why)
                *why = e.what();
        } catch (const std::invalid_argument &e) {
            if (why)
                *why = e.what();
        }
        return std::nullopt;
    }

    /// With fixed stacks only plans made of them are candidates (baselines stay for comparison).
    bool respectsStacks(const Plan &p) const
    {
        if (opt_.stacks.empty())
            return true;
        const auto cuts = stackCuts();
        std::vector<int> position(w_.layers.size(), 0);
        for (size_t i = 0; i < order_.size(); ++i)
            position[order_[i]] = static_cast<int>(i);
        size_t expected = 1;
        for (bool c : cuts)
            expected += c ? 1 : 0;
        if (p.groups.size() != expected)
            return false;
        for (const auto &g : p.groups)
            for (size_t i = 1; i < g.layers.size(); ++i)
                if (position[g.layers[i]] != position[g.layers[i - 1]] + 1 || cuts[position[g.layers[i - 1]]])
                    return false;
        return true;
    }

    void consider(const EvaluatedPlan &e)
    {
        if (!respectsStacks(e.plan))
            return;
        for (const auto &c : candidates_)
            if (c.plan == e.plan)
                return;
        candidates_.push_back(e);
        const double v = primary(e.totals);
        if (v < bestSoFar_) {
            bestSoFar_ = v;
            control_.reportPoint(objectivesOf(e.totals), e.origin);
        }
    }

    // ---- 1. baselines -----------------------------------------------------------------
    void baselines()
    {
        std::vector<std::pair<Plan, std::string>> plans;
        try {
            plans.push_back({layerByLayerPlan(w_, acc_, planOptions_), "lbl"});
            allocation_ = plans.back().first;
            layerByLayer_ = allocation_;
        } catch (const ScheduleError &e) {
            result_.warnings.push_back(std::string("lbl: ") + e.what());
        }
        try {
            plans.push_back({fusedPlan(w_, acc_, planOptions_), "fused"});
        } catch (const ScheduleError &e) {
            result_.warnings.push_back(std::string("fused: ") + e.what());
        }
        if (plans.empty()) {
            std::string reasons;
            for (const auto &warning : result_.warnings)
                reasons += (reasons.empty() ? "" : "; ") + warning;
            throw ScheduleError("explore: no plan of '" + w_.name + "' on '" + acc_.name + "' can be scheduled (" +
                                reasons + ")");
        }
        refuseOversizedBaselines(plans);
        if (allocation_.core.empty())
            allocation_ = plans.front().first;
        prepareAllocationGenes();
        // Repeated blocks: the table and the DP work on the allocation with every block like
        // the first, evaluated here as a plan of its own beside lbl.
        if (Plan alike = blocksAlike(allocation_); !(alike == allocation_)) {
            allocation_ = alike;
            if (!layerByLayer_.groups.empty()) {
                Plan lblAlike = blocksAlike(layerByLayer_);
                plans.push_back({lblAlike, "lbl, blocks alike"});
            }
        }
        // Evaluated with their reasons: a baseline that cannot be scheduled is reported under
        // missing_baselines with why, and the search goes on from whatever did schedule.
        std::vector<std::optional<EvaluatedPlan>> evaluated(plans.size());
        std::vector<std::string> why(plans.size());
        std::vector<double> seconds(plans.size(), 0);
        pool_.parallelFor(static_cast<int>(plans.size()), [&](int i) {
            const auto start = std::chrono::steady_clock::now();
            evaluated[i] = evaluateOne(plans[i].first, plans[i].second, true, &why[i]);
            seconds[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        });
        reserveForFinish(*std::max_element(seconds.begin(), seconds.end()));
        for (size_t i = 0; i < plans.size(); ++i) {
            if (!evaluated[i]) {
                result_.warnings.push_back(plans[i].second + ": the scheduler rejects the generated plan (" +
                                           why[i] + ")");
                continue;
            }
            baseline_[plans[i].second] = *evaluated[i];
            consider(*evaluated[i]);
        }
        if (baseline_.count("lbl")) {
            norm_[0] = std::max(1.0, double(baseline_["lbl"].totals.latencyCycles));
            norm_[1] = std::max(1.0, baseline_["lbl"].totals.energyPj);
            // Pin-only: layer by layer with the boundary tensors pinned.
            addPinVariants(baseline_["lbl"], "lbl + pins", &pinOnly_);
        }
        control_.reportProgress("baselines", 1.0, bestSoFar_, true);
    }

    // finish() must re-schedule the best plan with events and validate it after the search;
    // that takes ~8 totals-only evaluations of the plan (measured on the Llama-2-7B prefill,
    // BENCHMARKS.md). The search phases stop that much before the time limit (at most half of
    // it), so that the whole run ends near the limit rather than a minute after it.
    void reserveForFinish(double slowestBaselineSeconds)
    {
        constexpr double kCheckPerEvaluation = 8;
        if (control_.timeLimit() > 0)
            control_.setReserve(std::min(0.5 * control_.timeLimit(), kCheckPerEvaluation * slowestBaselineSeconds));
    }

    // A baseline estimated above the CN cap is not scheduled: it is missing, with the estimate
    // (the scheduler's message). When every baseline is, the search's plans (the same layers,
    // tiled alike) would be refused too, after a search of many minutes: refuse now.
    void refuseOversizedBaselines(std::vector<std::pair<Plan, std::string>> &plans)
    {
        std::string estimates;
        for (auto it = plans.begin(); it != plans.end();) {
            const std::string tooMany = cnBudgetProblem(w_, it->first, opt_.maxCns);
            if (tooMany.empty()) {
                ++it;
                continue;
            }
            result_.warnings.push_back(it->second + ": " + tooMany);
            estimates += (estimates.empty() ? "" : ", ") + it->second + " up to " +
                         std::to_string(estimateCnCount(w_, it->first).total);
            it = plans.erase(it);
        }
        if (plans.empty())
            throw ScheduleError("explore: every baseline plan of '" + w_.name + "' on '" + acc_.name +
                                "' needs more computation nodes than the limit of " + std::to_string(opt_.maxCns) +
                                " (" + estimates + "), and the plans the search makes are as large; raise the "
                                "limit (--max-cns; in the app, the run form's CN limit; memory grows by ~1 KiB per CN)");
    }

    // ---- 2. group table ---------------------------------------------------------------
    void buildGroupTable()
    {
        const auto cuts = opt_.stacks.empty() ? allowedCuts(w_, order_) : stackCuts();
        units_ = cutUnits(cuts);
        cutAllowed_ = cuts;
        const int u = static_cast<int>(units_.size());
        result_.stats.units = u;
        // Fixed stacks: every unit is one stack (or a layer alone) and groups are single units.
        const int span = !opt_.stacks.empty() ? 1 : opt_.maxGroupUnits > 0 ? opt_.maxGroupUnits : u;
        std::vector<std::pair<int, int>> keys; // (first unit, unit count)
        for (int a = 0; a < u; ++a)
            for (int len = 1; len <= span && a + len <= u; ++len)
                keys.push_back({a, len});
        // A decoder's blocks are identical: groups with equal signatures (shapes, cores,
        // tiling; groupSignature) cost the same, so one of each is scheduled and copied.
        std::vector<GroupWorkload> groups(keys.size());
        std::vector<int> representative(keys.size());
        {
            std::vector<GroupSignature> signatures(keys.size());
            pool_.parallelFor(static_cast<int>(keys.size()), [&](int i) {
                const auto [a, len] = keys[i];
                const int first = units_[a].first, last = units_[a + len - 1].last;
                groups[i] = extractGroup(w_, std::vector<LayerId>(order_.begin() + first, order_.begin() + last + 1));
                signatures[i] = groupSignature(groups[i], allocation_, layerByLayer_);
            });
            std::unordered_map<size_t, std::vector<int>> buckets;
            for (size_t i = 0; i < keys.size(); ++i) {
                auto &bucket = buckets[signatureHash(signatures[i])];
                representative[i] = static_cast<int>(i);
                // A unit alone has more configurations (lbl, kernels only) than a run of
                // units with the same layers (block 0's finer units): not the same entry.
                for (int j : bucket)
                    if (signatures[j] == signatures[i] && (keys[j].second == 1) == (keys[i].second == 1)) {
                        representative[i] = j;
                        break;
                    }
                if (representative[i] == static_cast<int>(i))
                    bucket.push_back(static_cast<int>(i));
            }
        }
        std::vector<int> distinct;
        for (size_t i = 0; i < keys.size(); ++i)
            if (representative[i] == static_cast<int>(i))
                distinct.push_back(static_cast<int>(i));
        result_.stats.distinctGroups = static_cast<int>(distinct.size());
        result_.stats.groups = static_cast<int>(keys.size());
        std::vector<GroupEntry> entries(keys.size());
        std::atomic<int> done{0};
        pool_.parallelFor(
            static_cast<int>(distinct.size()),
            [&](int d) {
                const int i = distinct[d];
                const GroupWorkload &g = groups[i];
                const Layer &tail = g.workload.layers.back();
                const int nLayers = static_cast<int>(g.workload.layers.size());
                GroupEntry &e = entries[i];
                e.configs = groupConfigs(tail.dims.oy, nLayers, opt_.tileRowChoices);
                // A unit alone may also run as in the lbl plan (which scheduled): for a single
                // layer its tiling there may be one the tile heights do not cover (columns, a
                // head whose weights do not stay resident), and without it the DP has no plan.
                if (keys[i].second == 1 && !layerByLayer_.groups.empty() && opt_.stacks.empty()) {
                    GroupConfig unfused;
                    unfused.layerByLayer = true;
                    e.configs.push_back(unfused);
                }
                if (keys[i].second == 1 && nLayers > 1 && !layerByLayer_.groups.empty() && opt_.stacks.empty()) {
                    // A transformer block's half: fuse only its attention core / FFN run.
                    const auto kernels = transformerKernels(g.workload, identityOrder(g.workload));
                    if (!kernels.empty()) {
                        const Layer &kl = g.workload.layers[kernels.front().last];
                        // Reduction slices too (FFN hidden units, attention keys) where some
                        // kernel's reduction is longer than a slice: with them a long sequence's
                        // K, V or an FFN's weights need not be on chip whole.
                        int64_t reduction = 0;
                        for (const auto &k : kernels) {
                            const Layer &last = g.workload.layers[k.last];
                            reduction = std::max(reduction, last.dims.c / std::max(1, last.groups));
                        }
                        for (GroupConfig c : groupConfigs(kl.dims.oy, 3, opt_.tileRowChoices)) {
                            c.kernelsOnly = true;
                            e.configs.push_back(c);
                            if (reduction > kReduceSlice) {
                                c.reduceSlice = kReduceSlice;
                                e.configs.push_back(c);
                            }
                        }
                    }
                }
                ScheduleCache cache(g.workload, acc_, opt_.costModel); // shared by the configurations
                for (const auto &c : e.configs) {
                    if (control_.shouldStop())
                        break;
                    e.totals.push_back(
                        evaluateGroup(acc_, g, allocation_, c, layerByLayer_, opt_.costModel, opt_.maxCns, &cache));
                    control_.addEvaluations(1);
                    groupEvaluations_.fetch_add(1, std::memory_order_relaxed);
                }
                control_.reportProgress("groups", double(done.fetch_add(1) + 1) / double(distinct.size()),
                                        bestSoFar_);
            },
            control_.stopPredicate());
        for (size_t i = 0; i < keys.size(); ++i)
            if (representative[i] != static_cast<int>(i))
                entries[i] = entries[representative[i]];
        for (size_t i = 0; i < keys.size(); ++i)
            table_[{units_[keys[i].first].first, units_[keys[i].first + keys[i].second - 1].last}] =
                std::move(entries[i]);
    }

    /// The cuts the user's stacks allow: exactly between two stacks (a layer in no stack is a
    /// stack of its own). Stacks are runs of order_ (parseLayerStacks checks it).
    std::vector<bool> stackCuts() const
    {
        std::vector<int> stackOf(w_.layers.size(), -1);
        for (size_t i = 0; i < opt_.stacks.size(); ++i)
            for (LayerId l : opt_.stacks[i])
                stackOf[l] = static_cast<int>(i);
        std::vector<bool> cuts(order_.empty() ? 0 : order_.size() - 1, true);
        for (size_t i = 0; i + 1 < order_.size(); ++i)
            cuts[i] = stackOf[order_[i]] < 0 || stackOf[order_[i]] != stackOf[order_[i + 1]];
        return cuts;
    }

    // ---- 3. partition DP + exact re-evaluation; 4. pins ------------------------------------
    struct Choice {
        std::vector<Segment> groups;
        std::vector<GroupConfig> configs;
    };

    std::optional<Choice> partitionFor(const Criterion &crit)
    {
        // Best configuration of a group under this criterion.
        auto bestConfig = [&](int first, int last) -> std::pair<double, int> {
            auto it = table_.find({first, last});
            if (it == table_.end())
                return {kInf, -1};
            double best = kInf;
            int arg = -1;
            for (size_t k = 0; k < it->second.totals.size(); ++k)
                if (it->second.totals[k]) {
                    const double v = crit.value(*it->second.totals[k]);
                    if (v < best) {
                        best = v;
                        arg = static_cast<int>(k);
                    }
                }
            return {best, arg};
        };
        PartitionProblem p;
        p.positions = static_cast<int>(order_.size());
        p.cutAllowed = cutAllowed_;
        p.maxGroupUnits = opt_.stacks.empty() ? opt_.maxGroupUnits : 1;
        p.groupCost = [&](int f, int l) { return bestConfig(f, l).first; };
        const PartitionResult r = solvePartition(p);
        if (!r.feasible)
            return std::nullopt;
        Choice c;
        c.groups = r.groups;
        for (const auto &g : r.groups)
            c.configs.push_back(table_.at({g.first, g.last}).configs[bestConfig(g.first, g.last).second]);
        return c;
    }

    Plan planFrom(const Choice &c, const Plan &allocation, const std::string &name) const
    {
        Plan p;
        p.name = name;
        p.core = allocation.core;
        p.split = allocation.split;
        const auto lblGroupOf = layerByLayer_.groupOfLayer(static_cast<int>(w_.layers.size()));
        for (size_t i = 0; i < c.groups.size(); ++i) {
            if (c.configs[i].kernelsOnly) {
                FusedGroup kernel;
                kernel.tileRows = c.configs[i].tileRows;
                kernel.overlap = c.configs[i].overlap;
                kernel.weights = c.configs[i].weights;
                for (FusedGroup &g : kernelGroups(w_, order_, c.groups[i].first, c.groups[i].last,
                                                  kernelFusionOf(c.configs[i]), kernel, layerByLayer_))
                    p.groups.push_back(std::move(g));
                continue;
            }
            if (c.configs[i].layerByLayer) {
                for (int pos = c.groups[i].first; pos <= c.groups[i].last; ++pos) {
                    FusedGroup g = layerByLayer_.groups[lblGroupOf[order_[pos]]];
                    g.layers = {order_[pos]};
                    p.groups.push_back(std::move(g));
                }
                continue;
            }
            FusedGroup g;
            for (int pos = c.groups[i].first; pos <= c.groups[i].last; ++pos)
                g.layers.push_back(order_[pos]);
            g.tileRows = c.configs[i].tileRows;
            g.overlap = c.configs[i].overlap;
            g.weights = c.configs[i].weights;
            p.groups.push_back(std::move(g));
        }
        return p;
    }

    std::vector<Criterion> criteria() const
    {
        std::vector<Criterion> list{
            {"latency", [](const ScheduleTotals &t) { return double(t.latencyCycles); }},
            {"energy", [](const ScheduleTotals &t) { return t.energyPj; }},
            {"dram", [](const ScheduleTotals &t) { return double(t.dramReadBytes + t.dramWriteBytes); }},
        };
        // Blends of normalised latency and energy: EDP and Pareto candidates.
        for (double lambda : {0.25, 0.5, 0.75}) {
            const double nl = norm_[0], ne = norm_[1];
            list.push_back({"blend " + std::to_string(lambda).substr(0, 4), [=](const ScheduleTotals &t) {
                                return lambda * double(t.latencyCycles) / nl + (1 - lambda) * t.energyPj / ne;
                            }});
        }
        return list;
    }

    void partitionCandidates()
    {
        std::vector<std::pair<Plan, std::string>> plans;
        std::optional<Plan> dramPlan; // the access-based model's choice
        for (const auto &crit : criteria()) {
            auto choice = partitionFor(crit);
            if (!choice)
                continue;
            Plan p = planFrom(*choice, allocation_, "search");
            if (crit.name == "dram")
                dramPlan = p;
            bool seen = false;
            for (const auto &q : plans)
                seen = seen || q.first == p;
            if (!seen)
                plans.push_back({p, "dp " + crit.name});
        }
        const auto evaluated = evaluate(plans);
        std::vector<EvaluatedPlan> fuseOnly;
        for (size_t i = 0; i < plans.size(); ++i)
            if (evaluated[i]) {
                consider(*evaluated[i]);
                fuseOnly.push_back(*evaluated[i]);
                if (dramPlan && plans[i].first == *dramPlan)
                    accessBased_ = *evaluated[i];
            }
        if (!fuseOnly.empty()) {
            const auto best =
                std::min_element(fuseOnly.begin(), fuseOnly.end(), [&](const auto &a, const auto &b) {
                    return primary(a.totals) < primary(b.totals);
                });
            baseline_["fuse_only"] = *best;
        }
        // Joint pin + fuse: pin the boundary tensors of every fused candidate.
        for (const auto &e : fuseOnly) {
            std::vector<EvaluatedPlan> variants;
            addPinVariants(e, e.origin + " + pins", &variants);
            // The access-based model picks by off-chip bytes alone, pins included.
            if (accessBased_ && e.plan == accessBased_->plan)
                for (const auto &v : variants)
                    if (v.totals.dramReadBytes + v.totals.dramWriteBytes <
                        accessBased_->totals.dramReadBytes + accessBased_->totals.dramWriteBytes)
                        accessBased_ = v;
        }
        control_.reportProgress("partition", 1.0, bestSoFar_, true);
    }

    /// Memory a tensor produced on `core` would be pinned in: the memory the core stages
    /// outputs in (-1 if none).
    int pinMemory(int core) const
    {
        return core >= 0 ? acc_.stagingMemory(acc_.cores[core].name, OperandO) : -1;
    }

    /// Plans that pin the group-boundary tensors of `base` by knapsack under three capacity
    /// assumptions (the memory's room beside base's peak, half, a quarter of its size); each
    /// is evaluated exactly and offered as a candidate.
    void addPinVariants(const EvaluatedPlan &base, const std::string &origin, std::vector<EvaluatedPlan> *out)
    {
        const int nl = static_cast<int>(w_.layers.size());
        const auto groupOf = base.plan.groupOfLayer(nl);
        const auto consumers = w_.consumers();
        std::map<int, std::vector<std::pair<TensorId, PinCandidate>>> byMemory;
        for (TensorId t = 0; t < static_cast<int>(w_.tensors.size()); ++t) {
            const LayerId p = w_.tensors[t].producer;
            if (p < 0 || consumers[t].empty() || base.plan.splitOf(p).active())
                continue;
            std::set<int> readers;
            for (LayerId c : consumers[t])
                if (groupOf[c] != groupOf[p])
                    readers.insert(groupOf[c]);
            if (readers.empty())
                continue;
            const int m = pinMemory(base.plan.core[p]);
            if (m < 0 || !(acc_.memories[m].operands & (OperandI | OperandO)))
                continue;
            // Saved: the DRAM write and one DRAM read per consuming group.
            const int64_t bytes = w_.tensors[t].bytes();
            byMemory[m].push_back({t, {bytes, double(bytes) * double(1 + readers.size())}});
        }
        if (byMemory.empty())
            return;
        std::vector<std::pair<Plan, std::string>> plans;
        for (int variant = 0; variant < 3; ++variant) {
            Plan p = base.plan;
            p.name = "search";
            for (const auto &[m, items] : byMemory) {
                const int64_t size = acc_.memories[m].sizeBytes;
                const int64_t peak = m < static_cast<int>(base.totals.peakMemoryBytes.size())
                                         ? base.totals.peakMemoryBytes[m]
                                         : 0;
                const int64_t capacity = variant == 0 ? size - peak : size / (2 * variant);
                if (capacity <= 0)
                    continue;
                std::vector<PinCandidate> list;
                for (const auto &it : items)
                    list.push_back(it.second);
                for (int k : selectPins(list, capacity).chosen)
                    p.pins.push_back({items[k].first, m});
            }
            if (p.pins.empty())
                continue;
            std::sort(p.pins.begin(), p.pins.end(),
                      [](const auto &a, const auto &b) { return a.tensor < b.tensor; });
            bool seen = false;
            for (const auto &q : plans)
                seen = seen || q.first == p;
            if (!seen)
                plans.push_back({p, origin});
        }
        for (auto &e : evaluate(plans))
            if (e) {
                consider(*e);
                if (out)
                    out->push_back(*e);
            }
    }

    // ---- 5. allocation by NSGA-II ------------------------------------------------------------
    void prepareAllocationGenes()
    {
        const int nc = static_cast<int>(acc_.cores.size());
        bool anyChoice = false;
        allocGenes_.assign(w_.layers.size(), {});
        macCores_.assign(w_.layers.size(), {});
        splitDim_.assign(w_.layers.size(), SplitDim::K);
        for (size_t l = 0; l < w_.layers.size(); ++l) {
            const Layer &layer = w_.layers[l];
            const LayerConstraint *c =
                opt_.mapping && l < opt_.mapping->layers.size() ? &opt_.mapping->layers[l] : nullptr;
            if (l < opt_.fixedCore.size() && opt_.fixedCore[l] >= 0) {
                allocGenes_[l].push_back(opt_.fixedCore[l]); // the user's allocation is not searched
                continue;
            }
            for (int k = 0; k < nc; ++k)
                if (coreCanRun(opt_.costModel, layer, acc_.cores[k], acc_) &&
                    (!c || c->cores.empty() || std::find(c->cores.begin(), c->cores.end(), k) != c->cores.end())) {
                    allocGenes_[l].push_back(k);
                    if (acc_.cores[k].kind != CoreKind::Simd && acc_.cores[k].kind != CoreKind::Pool)
                        macCores_[l].push_back(k);
                }
            if (c && (c->fixed || c->split != SplitDim::None)) {
                // A mapping's split: allele nc is that split (the only one when it is fixed); a
                // fixed whole-layer allocation has one core left. Without a split allele the
                // layer stays whole on one core, as in Stream's GA.
                if (c->split != SplitDim::None && c->cores.size() > 1) {
                    macCores_[l] = c->cores;
                    splitDim_[l] = c->split;
                    if (c->fixed)
                        allocGenes_[l].clear();
                    allocGenes_[l].push_back(nc);
                }
            } else if (!c && isMacOp(layer.op) && macCores_[l].size() >= 2 &&
                       layer.dims.k >= int64_t(macCores_[l].size()))
                allocGenes_[l].push_back(nc); // Allele nc: split on K across every MAC core that can run it.
            if (allocGenes_[l].empty())
                allocGenes_[l].push_back(allocation_.core.empty() ? 0 : allocation_.core[l]);
            anyChoice = anyChoice || allocGenes_[l].size() > 1;
        }
        if (!anyChoice)
            allocGenes_.clear();
        // A Stream mapping constrains each layer on its own: its genes stay per layer.
        genes_ = opt_.shareBlockGenes && !opt_.mapping && !allocGenes_.empty()
                     ? shareGenesByRole(w_, allocGenes_, opt_.minSharedBlocks)
                     : genePerLayer(static_cast<int>(w_.layers.size()));
        result_.stats.allocationGenes = allocGenes_.empty() ? 0 : static_cast<int>(genes_.layerOf.size());
    }

    /// The allocation with every layer on the core (and split) of the first layer sharing its
    /// gene: repeated blocks allocated like the first. The group table and the partition DP
    /// use it, so the groups of every block repeat and are scheduled once (groupSignature);
    /// with genes per layer it is `a` itself.
    Plan blocksAlike(const Plan &a) const
    {
        if (genes_.layerOf.size() == w_.layers.size() || a.core.size() != w_.layers.size())
            return a;
        Plan p = a;
        p.split.assign(w_.layers.size(), {});
        bool anySplit = false;
        for (size_t l = 0; l < w_.layers.size(); ++l) {
            const LayerId first = genes_.layerOf[genes_.geneOf[l]];
            p.core[l] = a.core[first];
            p.split[l] = a.splitOf(first);
            anySplit = anySplit || p.split[l].active();
        }
        if (!anySplit)
            p.split.clear();
        return p;
    }

    Plan decode(const Plan &base, const std::vector<int> &shared) const
    {
        const int nc = static_cast<int>(acc_.cores.size());
        std::vector<int> genes(w_.layers.size());
        for (size_t l = 0; l < genes.size(); ++l)
            genes[l] = shared[genes_.geneOf[l]];
        Plan p = base;
        p.name = "search";
        p.split.assign(w_.layers.size(), {});
        bool anySplit = false;
        for (size_t l = 0; l < genes.size(); ++l) {
            if (genes[l] == nc) {
                p.split[l] = {splitDim_[l], macCores_[l]};
                p.core[l] = macCores_[l].front();
            } else {
                p.core[l] = genes[l];
                if (genes[l] == base.core[l])
                    p.split[l] = base.splitOf(LayerId(l));
            }
            anySplit = anySplit || p.split[l].active();
        }
        if (!anySplit)
            p.split.clear();
        // Pins follow their producer's core.
        std::vector<PinnedTensor> pins;
        for (const auto &pin : p.pins) {
            const LayerId producer = w_.tensors[pin.tensor].producer;
            const int m = p.splitOf(producer).active() ? -1 : pinMemory(p.core[producer]);
            if (m >= 0 && w_.tensors[pin.tensor].bytes() <= acc_.memories[m].sizeBytes)
                pins.push_back({pin.tensor, m});
        }
        p.pins = pins;
        return p;
    }

    std::vector<int> encode(const Plan &p) const
    {
        std::vector<int> genes(genes_.layerOf.size());
        for (size_t g = 0; g < genes.size(); ++g) {
            const LayerId l = genes_.layerOf[g]; // a shared gene takes its first layer's core
            genes[g] = p.core[l];
            if (std::find(allocGenes_[l].begin(), allocGenes_[l].end(), genes[g]) == allocGenes_[l].end())
                genes[g] = allocGenes_[l].front();
        }
        return genes;
    }

    void allocationSearch()
    {
        // Nothing scheduled so far (every baseline and partition was rejected): NSGA-II has no
        // plan to start from, and finish() reports why nothing schedules.
        if (candidates_.empty()) {
            result_.warnings.push_back("allocation search: skipped, no plan could be scheduled to start from");
            return;
        }
        const EvaluatedPlan base =
            *std::min_element(candidates_.begin(), candidates_.end(), [&](const auto &a, const auto &b) {
                return primary(a.totals) < primary(b.totals);
            });
        Nsga2Problem problem;
        for (LayerId l : genes_.layerOf)
            problem.allowed.push_back(allocGenes_[l]);
        problem.initial.push_back(encode(base.plan));
        if (baseline_.count("lbl"))
            problem.initial.push_back(encode(baseline_["lbl"].plan));
        const size_t objectives = opt_.pareto.size() == 2 ? 2 : 1;
        problem.evaluate = [&](const std::vector<int> &genes) {
            const auto e = evaluateOne(decode(base.plan, genes), "nsga2", false);
            return e ? objectivesOf(e->totals) : Objectives(objectives, kInf);
        };
        Nsga2Config config;
        config.population = std::max(2, opt_.population);
        config.generations = std::max(0, opt_.generations);
        config.seed = opt_.seed;
        const Nsga2Result r = runNsga2(problem, config, pool_, &control_);
        result_.stats.generations = r.generations;
        std::vector<std::pair<Plan, std::string>> plans;
        for (const auto &ind : r.front)
            plans.push_back({decode(base.plan, ind.genes), "nsga2 allocation"});
        // Re-evaluated for their totals even when stopped: the front is what was found.
        for (const auto &e : evaluate(plans))
            if (e)
                consider(*e);
    }

    // ---- 6. validation and result ------------------------------------------------------
    /// Re-schedules with events and runs both validators.
    /// `cancel`: set when the re-check must give up (the time limit); `*cancelled` then says it did.
    std::optional<Schedule> validated(const EvaluatedPlan &e, const std::atomic<bool> *cancel = nullptr,
                                      bool *cancelled = nullptr)
    {
        if (!validatePlan(e.plan, w_, acc_, opt_.costModel).empty())
            return std::nullopt;
        const auto cache = caches_.lease();
        ScheduleOptions so;
        so.recordEvents = true;
        so.costModel = opt_.costModel;
        so.cache = cache.get();
        so.residentActivations = opt_.residentActivations;
        so.maxCns = opt_.maxCns;
        so.cancel = cancel;
        try {
            Schedule s = schedule(w_, acc_, e.plan, so);
            if (validateSchedule(s, acc_).empty())
                return s;
        } catch (const ScheduleCancelled &) {
            if (cancelled)
                *cancelled = true;
        } catch (const ScheduleError &) {
        } catch (const std::invalid_argument &) {
        }
        return std::nullopt;
    }

    void finish()
    {
        // Baselines: fuse_only, pin_only and access_based fall back to their nearest plan.
        if (!pinOnly_.empty())
            baseline_["pin_only"] =
                *std::min_element(pinOnly_.begin(), pinOnly_.end(), [&](const auto &a, const auto &b) {
                    return primary(a.totals) < primary(b.totals);
                });
        // No tensor can be pinned beside the layer-by-layer plan (none fits the room its peak
        // leaves, or every pinned variant overflows): the best pin-only plan then pins nothing.
        if (pinOnly_.empty() && baseline_.count("lbl")) {
            baseline_["pin_only"] = baseline_["lbl"];
            baseline_["pin_only"].origin = "lbl (no tensor can be pinned)";
        }
        if (accessBased_)
            baseline_["access_based"] = *accessBased_;
        // The plans returned — the best candidate, the baselines, the Pareto front — are
        // re-scheduled with events and validated, distinct plans once each. With a time limit
        // no check starts that would end past it: the plans left are returned with their
        // exact totals and named in `unchecked` (only the best must be checked).
        std::vector<size_t> order(candidates_.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return primary(candidates_[a].totals) < primary(candidates_[b].totals);
        });
        std::vector<const EvaluatedPlan *> checks;
        auto checkIndex = [&](const EvaluatedPlan &e) {
            for (size_t k = 0; k < checks.size(); ++k)
                if (checks[k]->plan == e.plan)
                    return static_cast<int>(k);
            checks.push_back(&e);
            return static_cast<int>(checks.size() - 1);
        };
        if (!order.empty())
            checkIndex(candidates_[order.front()]);
        const std::vector<std::string> names{"lbl", "fused", "fuse_only", "pin_only", "access_based"};
        std::vector<int> baselineCheck(names.size(), -1);
        for (size_t n = 0; n < names.size(); ++n)
            if (auto it = baseline_.find(names[n]); it != baseline_.end())
                baselineCheck[n] = checkIndex(it->second);
        std::vector<int> front, frontCheck;
        if (opt_.pareto.size() == 2) {
            std::vector<Objectives> pts;
            for (const auto &c : candidates_)
                pts.push_back(objectivesOf(c.totals));
            front = paretoFront(pts);
            for (int i : front)
                frontCheck.push_back(checkIndex(candidates_[i]));
        }
        enum : signed char { NotChecked = -1, Failed = 0, Passed = 1 };
        std::vector<signed char> status(checks.size(), NotChecked);
        std::optional<Schedule> bestSchedule;
        // Past the time limit a re-check still running gives up (its plan is then unchecked);
        // the best's never does.
        std::atomic<bool> pastLimit{false};
        auto check = [&](int k) {
            bool cancelled = false;
            auto s = validated(*checks[k], k == 0 ? nullptr : &pastLimit, &cancelled);
            status[k] = cancelled ? NotChecked : s ? Passed : Failed;
            if (k == 0)
                bestSchedule = std::move(s);
        };
        if (!checks.empty()) {
            // The best first (it must be checked); its time, per CN, predicts the others': one
            // that would end past the time limit is not started.
            const auto start = std::chrono::steady_clock::now();
            check(0);
            const double perCn = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                                 double(std::max<int64_t>(1, estimateCnCount(w_, checks[0]->plan).total));
            std::jthread watchdog;
            if (control_.timeLimit() > 0)
                watchdog = std::jthread([&](std::stop_token stop) {
                    while (!stop.stop_requested() && !control_.limitPassed())
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    pastLimit = control_.limitPassed();
                });
            auto checkIfTime = [&](int i) {
                const double predicted = perCn * double(estimateCnCount(w_, checks[i + 1]->plan).total);
                if (control_.timeLimit() <= 0 || control_.elapsedSeconds() + predicted <= control_.timeLimit())
                    check(i + 1);
            };
            // A re-check holds its whole recorded schedule (~1 KiB per CN): plans above the
            // scheduler's default cap are re-checked one at a time, so that memory stays that of
            // one (a Llama-2-7B prefill's are 0.5–1.3M CNs).
            bool large = false;
            for (size_t k = 1; k < checks.size(); ++k)
                large = large || estimateCnCount(w_, checks[k]->plan).total > kDefaultMaxCns;
            if (large) {
                for (int i = 0; i + 1 < static_cast<int>(checks.size()) && !control_.limitPassed(); ++i)
                    checkIfTime(i);
            } else {
                pool_.parallelFor(static_cast<int>(checks.size()) - 1, checkIfTime,
                                  [&] { return control_.limitPassed(); });
            }
        }
        auto unchecked = [&](const std::string &what) {
            result_.unchecked.push_back(what);
            result_.warnings.push_back(what + ": not re-checked with events (time limit); its totals are exact");
        };
        for (size_t n = 0; n < names.size(); ++n) {
            const std::string &name = names[n];
            if (baselineCheck[n] < 0) {
                std::string why = result_.stats.stopped ? "the search stopped before it" : "not computed";
                // The reason the generator or the scheduler gave, if any.
                const std::string prefix = name + ": ";
                for (const auto &warning : result_.warnings)
                    if (warning.compare(0, prefix.size(), prefix) == 0) {
                        why = warning.substr(prefix.size());
                        break;
                    }
                if (name == "pin_only" && !baseline_.count("lbl"))
                    why = "built from the lbl plan, which could not be scheduled";
                result_.missingBaselines.push_back({name, why});
                result_.warnings.push_back(name + ": not computed" + (result_.stats.stopped ? " (search stopped)" : ""));
                continue;
            }
            if (status[baselineCheck[n]] == Failed) {
                result_.missingBaselines.push_back({name, "rejected by the schedule validator"});
                result_.warnings.push_back(name + ": rejected by the schedule validator");
                continue;
            }
            if (status[baselineCheck[n]] == NotChecked)
                unchecked(name);
            EvaluatedPlan b = baseline_.at(name);
            b.plan.name = name;
            result_.baselines.push_back({name, b});
        }
        // Best: candidates by the primary objective (stable: earlier found wins ties).
        bool found = false;
        for (size_t rank = 0; rank < order.size(); ++rank) {
            std::optional<Schedule> s = rank == 0 ? std::move(bestSchedule) : validated(candidates_[order[rank]]);
            if (s) {
                result_.best = candidates_[order[rank]];
                result_.bestSchedule = std::move(*s);
                found = true;
                break;
            }
            ++result_.stats.rejected;
        }
        if (!found) {
            // Say why: the generators' and the scheduler's reasons for the baselines.
            std::string reasons;
            for (const auto &[name, why] : result_.missingBaselines)
                if (name == "lbl" || name == "fused")
                    reasons += (reasons.empty() ? "" : "; ") + name + ": " + why;
            throw ScheduleError("explore: no plan of '" + w_.name + "' on '" + acc_.name + "' can be scheduled" +
                                (candidates_.empty() ? "" : " and passes the validator") +
                                (reasons.empty() ? std::string() : " (" + reasons + ")"));
        }
        for (size_t f = 0; f < front.size(); ++f) {
            if (status[frontCheck[f]] == Failed) {
                ++result_.stats.rejected;
                continue;
            }
            if (status[frontCheck[f]] == NotChecked)
                unchecked("pareto point " + candidates_[front[f]].origin);
            result_.pareto.push_back(candidates_[front[f]]);
        }
        std::sort(result_.pareto.begin(), result_.pareto.end(), [&](const auto &a, const auto &b) {
            return objectivesOf(a.totals) < objectivesOf(b.totals);
        });
        result_.stats.planEvaluations = planEvaluations_.load();
        result_.stats.groupEvaluations = groupEvaluations_.load();
    }

    const Workload &w_;
    const Accelerator &acc_;
    const ExploreOptions &opt_;
    SearchControl &control_;
    WorkerPool pool_;
    ScheduleCachePool caches_; // one per thread that schedules a whole plan
    PlanOptions planOptions_;
    std::vector<LayerId> order_;
    Plan allocation_;
    Plan layerByLayer_; // the lbl baseline: tiling of unfused units
    std::vector<Segment> units_;
    std::vector<bool> cutAllowed_;
    std::map<std::pair<int, int>, GroupEntry> table_;
    std::vector<std::vector<int>> allocGenes_, macCores_;
    std::vector<SplitDim> splitDim_; // per layer: the loop allele nc splits on
    SharedGenes genes_;              // the allocation search's genes → layers
    std::vector<EvaluatedPlan> candidates_;
    std::map<std::string, EvaluatedPlan> baseline_;
    std::vector<EvaluatedPlan> pinOnly_;
    std::optional<EvaluatedPlan> accessBased_;
    double norm_[2] = {1, 1};
    double bestSoFar_ = kInf;
    std::atomic<int64_t> planEvaluations_{0}, groupEvaluations_{0};
    ExploreResult result_;
};

} // namespace

ExploreResult explore(const Workload &w, const Accelerator &acc, const ExploreOptions &options,
                      SearchControl *control)
{
    if (!options.pareto.empty() && options.pareto.size() != 2)
        throw std::invalid_argument("explore: a Pareto front needs exactly two objectives");
    if (w.layers.size() > static_cast<size_t>(kMaxExploreLayers))
        throw InputError("workload '" + w.name + "'", "layers",
                         std::to_string(w.layers.size()) + " layers; the search takes at most " +
                             std::to_string(kMaxExploreLayers) +
                             " (its memory grows with the layer count); schedule a generated plan instead");
    SearchControl local;
    return Explorer(w, acc, options, control ? *control : local).run();
}

} // namespace fuselab
