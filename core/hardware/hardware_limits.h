// SPDX-License-Identifier: GPL-3.0-or-later
// Bounds on hardware values, checked by Accelerator::validate() (so by every loader: native
// YAML, Stream YAML, the editors) and relied on by the scheduler. They are far outside any
// real design and chosen so that a schedule's time and byte arithmetic cannot leave int64:
// the slowest transfer of the largest memory, 2^50 bytes at 1e-3 bytes/cycle, takes 1.1e18
// cycles, below kMaxScheduleCycles; a clock ratio of at most 1e9 keeps a core's cycles in
// range the same way. README.md ("Input limits") lists them.
#pragma once

#include <cstdint>

namespace fuselab {

constexpr double kMinClockMHz = 1e-3;        // 1 kHz
constexpr double kMaxClockMHz = 1e6;         // 1 THz
constexpr double kMinBandwidth = 1e-3;       // bytes per cycle (links, memories, DRAM)
constexpr double kMaxBandwidth = 1e15;       // bytes per cycle
constexpr int kMaxDramPorts = 1024;          // the scheduler keeps one timeline per port
constexpr int64_t kMaxMemoryBytes = int64_t(1) << 50; // 1 PiB
constexpr int kMaxLatencyCycles = 1'000'000'000;
/// The scheduler refuses (ScheduleError) a schedule whose events would end later than this.
constexpr int64_t kMaxScheduleCycles = int64_t(1) << 62;

} // namespace fuselab
