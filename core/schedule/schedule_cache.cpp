// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/schedule_cache.h"

#include "schedule/scheduler_impl.h"

namespace fuselab {

ScheduleCache::ScheduleCache(const Workload &w, const Accelerator &acc, CostModelLookup costModel)
    : w_(&w), acc_(&acc), costModel_(costModel), topology_(acc), costs_(w.layers.size())
{
}

ScheduleCache::~ScheduleCache() = default;

std::unique_ptr<detail::SchedulerBuffers> ScheduleCache::takeBuffers()
{
    return std::move(spare_);
}

void ScheduleCache::keepBuffers(std::unique_ptr<detail::SchedulerBuffers> buffers)
{
    spare_ = std::move(buffers);
}

} // namespace fuselab
