// SPDX-License-Identifier: GPL-3.0-or-later
#include "release_free_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fuselab {

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    // 0: keep no padding at the top; glibc ≥ 2.8 also releases whole free pages inside every
    // arena (madvise), not only at the top.
    malloc_trim(0);
#endif
}

} // namespace fuselab
