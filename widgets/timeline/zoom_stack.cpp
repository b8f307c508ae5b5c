// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/zoom_stack.h"

namespace fuselab::timeline {

void ZoomStack::reset(TimeRange fit)
{
    fit_ = fit;
    entries_.assign(1, fit);
    index_ = 0;
}

void ZoomStack::push(TimeRange r)
{
    if (entries_.empty()) {
        reset(r);
        return;
    }
    if (entries_[index_] == r)
        return;
    entries_.resize(index_ + 1);
    entries_.push_back(r);
    if (entries_.size() > kMaxEntries)
        entries_.erase(entries_.begin());
    index_ = entries_.size() - 1;
}

TimeRange ZoomStack::fitAll()
{
    push(fit_);
    return current();
}

TimeRange ZoomStack::back()
{
    if (canGoBack())
        --index_;
    return current();
}

TimeRange ZoomStack::forward()
{
    if (canGoForward())
        ++index_;
    return current();
}

} // namespace fuselab::timeline
