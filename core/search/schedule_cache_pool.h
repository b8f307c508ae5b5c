// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "schedule/schedule_cache.h"

#include <memory>
#include <mutex>
#include <vector>

namespace fuselab {

/// ScheduleCaches for the threads of a search: lease() hands out an idle cache (a new one if
/// every cache is in use), which returns to the pool when the lease ends. So there are never
/// more caches than threads that schedule at once, and no cache is used by two at a time.
/// Thread-safe; the lock is held only to take or return a pointer (twice per schedule).
class ScheduleCachePool {
public:
    ScheduleCachePool(const Workload &w, const Accelerator &acc, CostModelLookup costModel)
        : w_(w), acc_(acc), costModel_(costModel)
    {
    }

    class Lease {
    public:
        Lease(ScheduleCachePool &pool, std::unique_ptr<ScheduleCache> cache) : pool_(pool), cache_(std::move(cache)) {}
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        ~Lease() { pool_.giveBack(std::move(cache_)); }
        ScheduleCache *get() const { return cache_.get(); }

    private:
        ScheduleCachePool &pool_;
        std::unique_ptr<ScheduleCache> cache_;
    };

    Lease lease()
    {
        std::unique_ptr<ScheduleCache> c;
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                c = std::move(idle_.back());
                idle_.pop_back();
            } else {
                ++made_;
            }
        }
        if (!c) // built outside the lock: it computes the accelerator's routes
            c = std::make_unique<ScheduleCache>(w_, acc_, costModel_);
        return Lease(*this, std::move(c));
    }

    /// Caches made so far (each in use or idle).
    int size() const
    {
        std::lock_guard lock(mutex_);
        return made_;
    }

private:
    void giveBack(std::unique_ptr<ScheduleCache> c)
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(c));
    }

    const Workload &w_;
    const Accelerator &acc_;
    CostModelLookup costModel_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<ScheduleCache>> idle_;
    int made_ = 0;
};

} // namespace fuselab
