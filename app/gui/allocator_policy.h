// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace fuselab {

/// How the desktop app uses glibc's allocator (BENCHMARKS.md, "Soak test"). A run or search
/// allocates and frees tens of MiB of vectors on the GUI thread and the worker threads. With
/// glibc's defaults the resident size crept up for an hour while the live heap stayed flat:
/// glibc raises its mmap threshold after the first large free (up to 32 MiB), so later large
/// vectors were carved out of the heaps and left them fragmented.

/// Called once at start, before the first window: vectors of 1 MiB and more are mapped on
/// their own and returned whole when freed (fixed threshold: no raising); a heap's free top is
/// given back once it exceeds kTrimThresholdBytes, which bounds what a heap keeps between
/// releaseFreeMemory() calls. (1 MiB, like the mmap threshold, would cost the ResNet-50 search
/// 50x the page faults; 4 MiB costs nothing measurable, BENCHMARKS.md "Soak test".)
void configureAllocator();
inline constexpr std::size_t kTrimThresholdBytes = 4u << 20;

/// Hands the allocator's free pages back to the system: called when a run, a search or an
/// opening has finished, never on a hot path.
void releaseFreeMemory();

} // namespace fuselab
