// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/search_control.h"

#include <exception>
#include <functional>
#include <memory>
#include <thread>

namespace fuselab {

/// Runs a search body on its own thread so a GUI stays responsive. The body receives the
/// job's SearchControl and must poll shouldStop(); a WorkerPool it creates lives inside the
/// body, so when the body returns every worker has been joined.
/// cancel() asks it to stop; wait() joins and rethrows the body's exception; the destructor
/// cancels and joins, so no thread outlives the job.
class SearchJob {
public:
    using Body = std::function<void(SearchControl &)>;

    /// Callbacks and limits go on control() before start().
    SearchJob() = default;
    ~SearchJob()
    {
        control_.cancel();
        join();
    }
    SearchJob(const SearchJob &) = delete;
    SearchJob &operator=(const SearchJob &) = delete;

    SearchControl &control() { return control_; }

    /// Starts the body (once per job).
    void start(Body body)
    {
        control_.restartClock();
        thread_ = std::thread([this, body = std::move(body)] {
            try {
                body(control_);
            } catch (...) {
                error_ = std::current_exception();
            }
            finished_.store(true, std::memory_order_release);
        });
    }

    void cancel() { control_.cancel(); }
    bool finished() const { return finished_.load(std::memory_order_acquire); }

    /// Joins the thread; rethrows what the body threw.
    void wait()
    {
        join();
        if (error_) {
            auto e = error_;
            error_ = nullptr;
            std::rethrow_exception(e);
        }
    }

private:
    void join()
    {
        if (thread_.joinable())
            thread_.join();
    }
    SearchControl control_;
    std::thread thread_;
    std::atomic<bool> finished_{false};
    std::exception_ptr error_;
};

} // namespace fuselab
