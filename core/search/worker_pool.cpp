// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/worker_pool.h"

#include <exception>

namespace fuselab {

struct WorkerPool::Job {
    int n = 0;
    const std::function<void(int)> *fn = nullptr;
    const std::function<bool()> *stop = nullptr;
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    int errorIndex = -1;
    std::exception_ptr error;
};

WorkerPool::WorkerPool(int threads)
{
    const int total = threads > 0 ? threads : defaultThreadCount();
    workers_.reserve(static_cast<size_t>(total - 1));
    for (int i = 1; i < total; ++i)
        workers_.emplace_back([this] { workerLoop(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    for (auto &t : workers_)
        t.join();
}

int WorkerPool::defaultThreadCount()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

void WorkerPool::runJob(Job &job)
{
    for (;;) {
        if (job.failed.load(std::memory_order_relaxed))
            return;
        if (job.stop && *job.stop && (*job.stop)())
            return;
        const int i = job.next.fetch_add(1, std::memory_order_relaxed);
        if (i >= job.n)
            return;
        try {
            (*job.fn)(i);
        } catch (...) {
            std::lock_guard lock(job.errorMutex);
            if (!job.error || i < job.errorIndex) {
                job.error = std::current_exception();
                job.errorIndex = i;
            }
            job.failed = true;
        }
    }
}

void WorkerPool::workerLoop()
{
    unsigned long long seen = 0;
    for (;;) {
        Job *job = nullptr;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
            if (quit_)
                return;
            seen = generation_;
            job = job_;
        }
        runJob(*job);
        {
            std::lock_guard lock(mutex_);
            if (--pending_ == 0)
                done_.notify_all();
        }
    }
}

void WorkerPool::parallelFor(int n, const std::function<void(int)> &fn, const std::function<bool()> &stop)
{
    if (n <= 0)
        return;
    Job job;
    job.n = n;
    job.fn = &fn;
    job.stop = &stop;
    const bool parallel = !workers_.empty() && n > 1 && !busy_.exchange(true);
    if (!parallel) {
        runJob(job);
    } else {
        {
            std::lock_guard lock(mutex_);
            job_ = &job;
            pending_ = static_cast<int>(workers_.size());
            ++generation_;
        }
        wake_.notify_all();
        runJob(job);
        {
            std::unique_lock lock(mutex_);
            done_.wait(lock, [&] { return pending_ == 0; });
            job_ = nullptr;
        }
        busy_ = false;
    }
    if (job.error)
        std::rethrow_exception(job.error);
}

} // namespace fuselab
