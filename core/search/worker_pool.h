// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fuselab {

/// A fixed pool of std::threads for data-parallel loops. The thread that calls parallelFor()
/// works too, so a pool of N threads starts N-1 workers (a pool of 1 runs everything inline).
/// The destructor joins every worker: no thread outlives the pool.
class WorkerPool {
public:
    /// `threads` ≤ 0 means defaultThreadCount().
    explicit WorkerPool(int threads = 0);
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    /// std::thread::hardware_concurrency(), at least 1.
    static int defaultThreadCount();
    int threadCount() const { return static_cast<int>(workers_.size()) + 1; }

    /// Calls fn(i) once for every i in [0, n), on any thread, and returns when all started calls
    /// have returned. `stop` (optional) is polled before each index: once it returns true, the
    /// indices not yet started are skipped, so a caller whose calls are short returns promptly.
    /// If a call throws, the rest is skipped and the exception of the lowest failing index is
    /// rethrown here. Results must be written by index (not pushed) to stay deterministic.
    /// A call made while the pool is busy (from inside fn, or from another thread) runs inline.
    void parallelFor(int n, const std::function<void(int)> &fn, const std::function<bool()> &stop = {});

private:
    struct Job;
    void workerLoop();
    static void runJob(Job &job);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    Job *job_ = nullptr;
    unsigned long long generation_ = 0;
    int pending_ = 0; // workers still inside the current job
    bool quit_ = false;
    std::atomic<bool> busy_{false};
};

} // namespace fuselab
