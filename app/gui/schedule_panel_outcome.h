// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the schedule panel's translation units (schedule_panel*.cpp).

#include "schedule_panel.h"
#include "timeline/timeline_data.h"

namespace fuselab {

/// What the worker hands back: the run and its view data, prepared off the GUI thread so
/// that showing a large schedule costs the event loop as little as possible.
struct SchedulePanel::Outcome {
    Run run;
    QString error;
    bool keptPrevious = false; // a what-if search found nothing better than the previous plan
    timeline::TimelineData timeline;
    std::vector<timeline::MemoryTrack> memories;
};

} // namespace fuselab
