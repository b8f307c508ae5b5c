// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/pareto.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>

namespace fuselab {

/// A snapshot of a running search, for a progress bar.
struct SearchProgress {
    std::string phase;                                     // "partition", "allocation", …
    double fraction = 0;                                   // of the whole search, 0…1
    int64_t evaluations = 0;                               // cost evaluations so far (all threads)
    double best = std::numeric_limits<double>::infinity(); // best primary objective so far
    double elapsedSeconds = 0;
    double etaSeconds = -1; // −1 while unknown
};

/// A point the search found that improves on what it had (a new best, or a new Pareto point).
struct ImprovingPoint {
    int64_t evaluation = 0; // evaluation count when it was found
    double elapsedSeconds = 0;
    Objectives objectives;
    std::string label; // what it is, e.g. "generation 12"
};

/// Shared between a running search and whoever watches it (GUI, CLI). Thread-safe.
///
/// Stop: cancel() sets an atomic flag; the search polls shouldStop() between evaluations, so
/// it stops within one evaluation's time. A time limit stops it the same way.
/// Callbacks run on the search's threads, never two at once (a mutex serialises them); a GUI
/// forwards them to its own thread (QMetaObject::invokeMethod with Qt::QueuedConnection).
/// Progress calls are throttled to one per `progressInterval` except the final one.
class SearchControl {
public:
    using ProgressFn = std::function<void(const SearchProgress &)>;
    using PointFn = std::function<void(const ImprovingPoint &)>;

    /// Set callbacks and the time limit before the search starts.
    void setProgressCallback(ProgressFn fn) { progressFn_ = std::move(fn); }
    void setPointCallback(PointFn fn) { pointFn_ = std::move(fn); }
    void setTimeLimit(double seconds) { timeLimit_ = seconds; }
    void setProgressInterval(double seconds) { progressInterval_ = seconds; }

    /// Restarts the clock (the constructor starts it too).
    void restartClock() { start_ = Clock::now(); }

    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelRequested() const { return cancelled_.load(std::memory_order_relaxed); }
    /// Past the time limit less the reserve: the search phases stop here.
    bool timedOut() const
    {
        return timeLimit_ > 0 && elapsedSeconds() >= timeLimit_ - reserve_.load(std::memory_order_relaxed);
    }
    /// Past the whole time limit: what follows the search (re-checking the plans it returns)
    /// stops starting new work here.
    bool limitPassed() const { return timeLimit_ > 0 && elapsedSeconds() >= timeLimit_; }
    double timeLimit() const { return timeLimit_; }
    /// Seconds at the end of the time limit kept for the work that must follow the search
    /// (the explorer's exact re-check of the plans it returns): timedOut() comes that much
    /// earlier, so that the whole run ends near the limit. Settable while the search runs.
    void setReserve(double seconds) { reserve_.store(seconds, std::memory_order_relaxed); }
    bool shouldStop() const { return cancelRequested() || timedOut(); }
    /// A predicate for WorkerPool::parallelFor.
    std::function<bool()> stopPredicate() const
    {
        return [this] { return shouldStop(); };
    }

    double elapsedSeconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

    void addEvaluations(int64_t n) { evaluations_.fetch_add(n, std::memory_order_relaxed); }
    int64_t evaluations() const { return evaluations_.load(std::memory_order_relaxed); }

    /// A search made of phases maps each phase's own 0…1 progress into [lo, hi] of the whole.
    void setPhaseRange(double lo, double hi)
    {
        std::lock_guard lock(mutex_);
        phaseLo_ = lo;
        phaseHi_ = hi;
    }

    /// Reports progress (`fraction` of the current phase); the ETA is extrapolated from the
    /// elapsed time (or the time limit, whichever comes first).
    void reportProgress(const std::string &phase, double fraction, double best, bool force = false)
    {
        std::lock_guard lock(mutex_);
        const double elapsed = elapsedSeconds();
        fraction = fraction < 0 ? 0 : (fraction > 1 ? 1 : fraction);
        fraction = phaseLo_ + fraction * (phaseHi_ - phaseLo_);
        if (!force && fraction < 1 && elapsed - lastProgress_ < progressInterval_)
            return;
        lastProgress_ = elapsed;
        if (!progressFn_)
            return;
        SearchProgress p;
        p.phase = phase;
        p.fraction = fraction;
        p.evaluations = evaluations();
        p.best = best;
        p.elapsedSeconds = elapsed;
        if (p.fraction > 0)
            p.etaSeconds = elapsed * (1 - p.fraction) / p.fraction;
        if (timeLimit_ > 0 && (p.etaSeconds < 0 || elapsed + p.etaSeconds > timeLimit_))
            p.etaSeconds = timeLimit_ > elapsed ? timeLimit_ - elapsed : 0;
        progressFn_(p);
    }

    void reportPoint(Objectives objectives, std::string label)
    {
        std::lock_guard lock(mutex_);
        if (!pointFn_)
            return;
        ImprovingPoint p;
        p.evaluation = evaluations();
        p.elapsedSeconds = elapsedSeconds();
        p.objectives = std::move(objectives);
        p.label = std::move(label);
        pointFn_(p);
    }

private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point start_ = Clock::now();
    std::atomic<bool> cancelled_{false};
    std::atomic<int64_t> evaluations_{0};
    double timeLimit_ = 0;
    std::atomic<double> reserve_{0};
    double progressInterval_ = 0.05;
    double phaseLo_ = 0, phaseHi_ = 1;
    double lastProgress_ = -std::numeric_limits<double>::infinity(); // the first report always passes
    std::mutex mutex_;
    ProgressFn progressFn_;
    PointFn pointFn_;
};

} // namespace fuselab
