// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Carries a search's progress reports from its threads to a QObject's event loop (queued). The
// owner detaches it before it goes away, so a late report is dropped; a report already queued
// is dropped by Qt when its target is destroyed.

#include "search/search_control.h"

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <mutex>

namespace fuselab {

class SearchProgressRelay {
public:
    /// `deliver` runs on `target`'s thread.
    SearchProgressRelay(QObject *target, std::function<void(const SearchProgress &)> deliver)
        : target_(target), deliver_(std::move(deliver))
    {
    }

    /// Called on a search thread.
    void post(const SearchProgress &p)
    {
        std::lock_guard lock(mutex_);
        if (!target_)
            return;
        QMetaObject::invokeMethod(target_, [deliver = deliver_, p] { deliver(p); }, Qt::QueuedConnection);
    }

    void detach()
    {
        std::lock_guard lock(mutex_);
        target_ = nullptr;
    }

private:
    std::mutex mutex_;
    QObject *target_;
    std::function<void(const SearchProgress &)> deliver_;
};

} // namespace fuselab
