// SPDX-License-Identifier: GPL-3.0-or-later
// Time budgets of the responsiveness tests. The budgets hold on a machine that runs nothing
// else (the CI box: the tests' own threads are the only load). They are multiplied
//  - by kTimingSlowdown in a sanitizer build (ASan, TSan), which runs the same code several
//    times slower (GUI work under ASan: about 5×);
//  - by the load that other processes put on the machine when the budget is asked for
//    (1-minute load average per core, between 1 and 6): on a box shared by several builds the
//    GUI thread gets a fraction of a core, and every stall stretches by that much.
// Both factors are finite: the assertions can fail in every build and on every machine.
#pragma once

#include <algorithm>
#include <cstdio>
#include <thread>

namespace fuselab::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr long long kTimingSlowdown = 8;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr long long kTimingSlowdown = 8;
#else
inline constexpr long long kTimingSlowdown = 1;
#endif
#else
inline constexpr long long kTimingSlowdown = 1;
#endif

/// 1-minute load average per hardware thread (/proc/loadavg), clamped to [1, 6].
inline double machineLoadFactor()
{
    double load = 0;
    if (FILE *f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1)
            load = 0;
        std::fclose(f);
    }
    const double cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp(load / cores, 1.0, 6.0);
}

/// `ms` scaled by the sanitizer slowdown and the machine's load (see above).
inline long long budgetMs(long long ms)
{
    return static_cast<long long>(static_cast<double>(ms * kTimingSlowdown) * machineLoadFactor() + 0.5);
}

} // namespace fuselab::testing
