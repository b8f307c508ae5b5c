// SPDX-License-Identifier: GPL-3.0-or-later
// Time budgets of the responsiveness tests. A sanitizer build (ASan, TSan) runs the same code
// several times slower, so there the budgets are multiplied by kTimingSlowdown: still finite,
// the assertions can fail in every build.
#pragma once

namespace fuselab::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr long long kTimingSlowdown = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr long long kTimingSlowdown = 4;
#else
inline constexpr long long kTimingSlowdown = 1;
#endif
#else
inline constexpr long long kTimingSlowdown = 1;
#endif

/// `ms` in a plain build, `ms` × kTimingSlowdown in a sanitizer build.
constexpr long long budgetMs(long long ms)
{
    return ms * kTimingSlowdown;
}

} // namespace fuselab::testing
