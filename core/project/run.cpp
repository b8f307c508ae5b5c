// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/run.h"

#include "io/json_text.h"
#include "project/design_snapshot.h"
#include "io/schedule_export.h"
#include "plan/plan_generators.h"

#include <chrono>
#include <ctime>
#include <stdexcept>

namespace fuselab {

Plan planForRequest(const Workload &w, const Accelerator &acc, const RunRequest &request)
{
    PlanOptions po;
    po.mapping = request.mapping;
    po.tileRows = request.tileRows;
    po.overlap = request.overlap;
    if (request.strategy == "lbl")
        return layerByLayerPlan(w, acc, po);
    if (request.strategy == "fused")
        return fusedPlan(w, acc, po);
    throw std::invalid_argument("unknown strategy '" + request.strategy + "' (lbl or fused)");
}

Run packRun(const std::string &name, const std::string &strategy, const Workload &w, const Accelerator &acc,
            const Plan &plan, Schedule schedule)
{
    Run r;
    r.name = name;
    r.strategy = strategy;
    r.created = utcTimestamp();
    r.plan = plan;
    r.summaryJson = jsonText(scheduleSummaryJson(schedule, w, acc, plan), 2);
    r.schedule = std::move(schedule);
    r.design = {designFingerprint(w, acc), w, acc};
    return r;
}

Run makeRun(const std::string &name, const std::string &strategy, const Workload &w, const Accelerator &acc,
            const Plan &plan, const std::atomic<bool> *cancel, int64_t maxCns)
{
    ScheduleOptions so;
    so.recordEvents = true;
    so.cancel = cancel;
    so.maxCns = maxCns;
    return packRun(name, strategy, w, acc, plan, schedule(w, acc, plan, so));
}

Run computeRun(const Workload &w, const Accelerator &acc, const RunRequest &request)
{
    return makeRun(request.name, request.strategy, w, acc, planForRequest(w, acc, request), request.cancel,
                   request.maxCns);
}

void putRun(std::vector<Run> &runs, Run run)
{
    for (Run &r : runs)
        if (r.name == run.name) {
            r = std::move(run);
            return;
        }
    runs.push_back(std::move(run));
}

const Run *findRun(const std::vector<Run> &runs, const std::string &name)
{
    for (const Run &r : runs)
        if (r.name == name)
            return &r;
    return nullptr;
}

bool runFits(const Run &run, const Workload &w, const Accelerator &acc)
{
    const int layers = static_cast<int>(w.layers.size());
    const int cores = static_cast<int>(acc.cores.size());
    const int memories = static_cast<int>(acc.memories.size());
    const int tensors = static_cast<int>(w.tensors.size());
    const Plan &p = run.plan;
    if (p.core.size() != w.layers.size())
        return false;
    for (int c : p.core)
        if (c < 0 || c >= cores)
            return false;
    for (const FusedGroup &g : p.groups)
        for (LayerId l : g.layers)
            if (l < 0 || l >= layers)
                return false;
    for (const LayerSplit &s : p.split)
        for (int c : s.cores)
            if (c < 0 || c >= cores)
                return false;
    if (!p.split.empty() && p.split.size() != w.layers.size())
        return false;
    for (const PinnedTensor &pin : p.pins)
        if (pin.tensor < 0 || pin.tensor >= tensors || pin.memory < 0 || pin.memory >= memories)
            return false;
    return run.schedule.occupancy.size() <= acc.memories.size();
}

bool runOnDesign(const Run &run, const std::string &fingerprint)
{
    return !fingerprint.empty() && run.design.fingerprint == fingerprint;
}

std::string utcTimestamp()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace fuselab
