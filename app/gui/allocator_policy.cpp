// SPDX-License-Identifier: GPL-3.0-or-later
#include "allocator_policy.h"

#include <cstdlib> // defines __GLIBC__ on glibc systems, which the checks below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fuselab {

void configureAllocator()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes);
#endif
}

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    // 0: keep no padding at the top; glibc ≥ 2.8 also releases whole free pages inside every
    // arena (madvise), not only at the top.
    malloc_trim(0);
#endif
}

} // namespace fuselab
