// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace fuselab {

/// Hands the allocator's free pages back to the system. A run or search allocates and frees
/// tens of MiB on the GUI thread and the worker threads; glibc keeps freed memory inside its
/// heaps (it only returns the top of each), so the resident size crept up by a few MiB per
/// minute in the soak test while the live heap stayed flat (BENCHMARKS.md, "Soak test").
/// Called when a run, a search or an opening has finished, never on a hot path.
void releaseFreeMemory();

} // namespace fuselab
