// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop app's allocator settings (app/gui/allocator_policy.h), checked against glibc's
// own accounting (mallinfo2): with them, a large block is a mapping of its own that goes back
// to the system whole when freed, instead of a piece of a heap that can only fragment.
#include "gui/allocator_policy.h"

#include <QTest>

#include <cstdlib>
#include <cstring>
#include <vector>
// glibc's own allocator: not under ASan or TSan, which replace malloc.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define FUSELAB_GLIBC_MALLOC 1
#include <malloc.h>
#endif

using namespace fuselab;

#if defined(FUSELAB_GLIBC_MALLOC)
namespace {
/// Keeps the compiler from eliding a malloc/memset/free sequence (it may, as it has no effect).
void *touched(size_t bytes)
{
    void *p = std::malloc(bytes);
    if (p)
        std::memset(p, 1, bytes);
    asm volatile("" : : "g"(p) : "memory");
    return p;
}
} // namespace
#endif

class TestAllocatorPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void largeBlocksAreMappedAndReturnedWhole()
    {
#if !defined(FUSELAB_GLIBC_MALLOC)
        QSKIP("glibc's allocator only (a sanitizer replaces malloc)");
#else
        configureAllocator();
        // glibc raises its threshold after freeing a mapped block; with the policy it stays fixed,
        // so this sequence (free a 4 MiB block, then allocate 2 MiB) still maps the second one.
        void *first = touched(4 << 20);
        QVERIFY(first);
        std::free(first);
        const size_t mappedBefore = mallinfo2().hblkhd;
        void *block = touched(2 << 20);
        QVERIFY(block);
        const size_t mappedWith = mallinfo2().hblkhd;
        QVERIFY2(mappedWith >= mappedBefore + (2u << 20), qPrintable(QString::number(mappedWith - mappedBefore)));
        std::free(block);
        QCOMPARE(mallinfo2().hblkhd, mappedBefore);
        // A block under the threshold comes from the heap.
        void *small = touched(512 << 10);
        QVERIFY(small);
        QCOMPARE(mallinfo2().hblkhd, mappedBefore);
        std::free(small);
#endif
    }

    void freeHeapTopIsBoundedAndReleased()
    {
#if !defined(FUSELAB_GLIBC_MALLOC)
        QSKIP("glibc's allocator only (a sanitizer replaces malloc)");
#else
        configureAllocator();
        // 32 MiB in 64 KiB pieces (below the mmap threshold: heap memory), touched, then freed.
        // They coalesce into the heap's top; glibc gives the top back as soon as it exceeds the
        // trim threshold, keeping at most the threshold plus its default 128 KiB top padding
        // (glibc's own defaults would keep all 32 MiB: its threshold rises with the mmap one).
        std::vector<void *> blocks;
        for (int i = 0; i < 512; ++i)
            blocks.push_back(touched(64 << 10));
        for (void *b : blocks)
            std::free(b);
        const size_t bound = kTrimThresholdBytes + (128u << 10);
        const struct mallinfo2 before = mallinfo2();
        QVERIFY2(before.keepcost <= bound,
                 qPrintable(QStringLiteral("free top %1 bytes, bound %2").arg(before.keepcost).arg(bound)));
        // releaseFreeMemory keeps no padding: what stays at the top is less than a page or two.
        releaseFreeMemory();
        const struct mallinfo2 after = mallinfo2();
        QVERIFY2(after.keepcost <= (16u << 10), qPrintable(QString::number(after.keepcost)));
#endif
    }
};

QTEST_GUILESS_MAIN(TestAllocatorPolicy)
#include "tst_gui_allocator_policy.moc"
