// SPDX-License-Identifier: GPL-3.0-or-later
// Checked time arithmetic for the scheduler: a duration computed in double (bytes over a
// bandwidth, cycles times a clock ratio) becomes int64 cycles only when it is finite and
// below kMaxScheduleCycles, and an event's end is start + duration only when that stays
// below it too. Otherwise the schedule is refused (ScheduleError naming what overflowed)
// instead of wrapping to a negative time that looks like a normal latency.
#pragma once

#include "hardware/hardware_limits.h"
#include "schedule/schedule.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace fuselab {

/// ceil(value) as cycles; throws ScheduleError naming `what` when it does not fit.
inline int64_t checkedCycles(double value, const char *what)
{
    if (!(value > -1) || !std::isfinite(value) || value >= static_cast<double>(kMaxScheduleCycles))
        throw ScheduleError(std::string(what) + ": " + std::to_string(value) +
                            " cycles does not fit a schedule's 64-bit time (check the bandwidths and clocks)");
    return static_cast<int64_t>(std::ceil(value));
}

/// a + b for non-negative cycle counts; throws ScheduleError naming `what` past kMaxScheduleCycles.
inline int64_t checkedEnd(int64_t start, int64_t duration, const char *what)
{
    if (start < 0 || duration < 0 || duration > kMaxScheduleCycles - start)
        throw ScheduleError(std::string(what) + ": the event would end after " + std::to_string(kMaxScheduleCycles) +
                            " cycles (64-bit time overflow)");
    return start + duration;
}

} // namespace fuselab
