// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Peak-keeping downsampling of a memory occupancy step function for plotting: the visible
// range is cut into `buckets` equal time buckets and each bucket is drawn at the highest
// occupancy reached inside it (like heaptrack's "max since the last point"), so a peak
// never disappears however far the user zooms out.

#include "timeline/timeline_data.h"

#include <vector>

namespace fuselab::timeline {

/// Returns a step function over [lo, hi): a step at each bucket start carrying the step with
/// the largest total occupancy active anywhere in that bucket (consecutive equal buckets are
/// merged). When the range holds no more than `buckets` steps they are returned unchanged
/// (with the step active at `lo` moved to `lo`). Steps must be sorted by cycle.
std::vector<MemoryStep> downsamplePeaks(const std::vector<MemoryStep> &steps, double lo, double hi,
                                        int buckets);

/// Index of the step with the largest total (the first one on ties); -1 if there are none.
int peakStep(const std::vector<MemoryStep> &steps);

} // namespace fuselab::timeline
