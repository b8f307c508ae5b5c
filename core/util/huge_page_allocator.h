// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An allocator for the scheduler's big arrays (10^5–10^6 CNs, their inputs and memory
// slices: hundreds of MiB for a Llama-2-7B prefill). Blocks of 4 MiB and more are aligned to
// 2 MiB and, on Linux, advised to use transparent huge pages: a schedule writes every page of
// these arrays once, and with 4 KiB pages the page faults were a third of its time (~7 µs a
// fault on the shared VM, 120k faults for one evaluation). Smaller blocks use operator new.
// Stateless: every instance can free what another allocated.

#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace fuselab {

template <typename T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t kHugePage = std::size_t(2) << 20;
    static constexpr std::size_t kHugeFrom = 2 * kHugePage;

    HugePageAllocator() noexcept = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U> &) noexcept
    {
    }

    T *allocate(std::size_t n)
    {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T))
            throw std::bad_array_new_length();
        const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
        if (bytes >= kHugeFrom) {
            const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
            void *p = std::aligned_alloc(kHugePage, rounded);
            if (!p)
                throw std::bad_alloc();
            madvise(p, rounded, MADV_HUGEPAGE); // advice only: without THP, plain pages
            return static_cast<T *>(p);
        }
#endif
        return static_cast<T *>(::operator new(bytes));
    }

    void deallocate(T *p, std::size_t n) noexcept
    {
#if defined(__linux__)
        if (n * sizeof(T) >= kHugeFrom) {
            std::free(p);
            return;
        }
#endif
        ::operator delete(p);
        (void)n;
    }

    template <typename U>
    friend bool operator==(const HugePageAllocator &, const HugePageAllocator<U> &) noexcept
    {
        return true;
    }
};

/// A std::vector whose large storage uses huge pages (see HugePageAllocator).
template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

} // namespace fuselab
