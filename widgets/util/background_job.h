// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One background computation at a time for a GUI object: start(work) runs work(stop) on the
// job's own thread pool and hands its result to `deliver` on the receiver's thread (the GUI
// thread) through a QFutureWatcher. A job started while another runs supersedes it, and
// cancel() abandons it: either way its stop flag is set (a worker that checks it returns
// early) and its result, when it comes, is dropped by generation, so a stale result can never
// overwrite a newer one. The destructor sets the stop flag and waits for the worker (the pool
// is destroyed after the watcher), so the work must own copies of what it reads.

#include <QFutureWatcher>
#include <QObject>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

namespace fuselab {

template <class Result>
class BackgroundJob {
public:
    using Stop = std::atomic<bool>;

    /// `deliver` gets the result of the latest job, on `receiver`'s thread; never after
    /// `receiver` is destroyed.
    BackgroundJob(QObject *receiver, std::function<void(Result)> deliver) : deliver_(std::move(deliver))
    {
        QObject::connect(&watcher_, &QFutureWatcher<Tagged>::finished, receiver, [this] { finished(); });
    }
    ~BackgroundJob()
    {
        watcher_.disconnect();
        if (stop_)
            stop_->store(true);
    }
    BackgroundJob(const BackgroundJob &) = delete;
    BackgroundJob &operator=(const BackgroundJob &) = delete;

    /// Runs `work(const Stop &)` -> Result on a pool thread; returns the job's generation.
    template <class Work>
    quint64 start(Work work)
    {
        cancel();
        auto stop = std::make_shared<Stop>(false);
        stop_ = stop;
        const quint64 gen = generation_;
        watcher_.setFuture(QtConcurrent::run(&pool_, [work = std::move(work), stop, gen]() mutable {
            return Tagged{gen, work(std::as_const(*stop))};
        }));
        pending_ = true;
        return gen;
    }

    /// Abandons the running job (if any): its stop flag is set, its result will be dropped.
    void cancel()
    {
        if (stop_)
            stop_->store(true);
        stop_.reset();
        ++generation_;
        pending_ = false;
    }

    /// A job runs whose result will be delivered.
    bool isPending() const { return pending_; }
    /// The worker of the latest job has not returned yet (also when it was cancelled).
    bool isRunning() const { return watcher_.isRunning(); }
    /// Whether `generation` is that of the job whose result would be delivered.
    bool isCurrent(quint64 generation) const { return pending_ && generation == generation_; }
    /// Blocks until the latest job's worker has returned (its result is delivered later, by
    /// the event loop).
    void waitForFinished() { watcher_.waitForFinished(); }
    /// Called after every job's end on the receiver's thread, delivered or dropped (e.g. to
    /// give freed memory back).
    void setOnSettled(std::function<void()> settled) { settled_ = std::move(settled); }
    QThreadPool &pool() { return pool_; }

private:
    struct Tagged {
        quint64 generation = 0;
        Result result;
    };

    void finished()
    {
        const QFuture<Tagged> f = watcher_.future();
        if (f.resultCount() > 0) {
            Tagged t = f.result();
            if (pending_ && t.generation == generation_) {
                pending_ = false;
                stop_.reset();
                deliver_(std::move(t.result));
            }
        }
        if (settled_)
            settled_();
    }

    std::function<void(Result)> deliver_;
    std::function<void()> settled_;
    QThreadPool pool_; // declared before the watcher: destroyed after it, waiting for its worker
    QFutureWatcher<Tagged> watcher_;
    std::shared_ptr<Stop> stop_;
    quint64 generation_ = 0;
    bool pending_ = false;
};

} // namespace fuselab
