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

    void releaseFreeMemoryShrinksTheHeap()
    {
#if !defined(FUSELAB_GLIBC_MALLOC)
        QSKIP("glibc's allocator only (a sanitizer replaces malloc)");
#else
        configureAllocator();
        // 32 MiB in 64 KiB pieces (below the mmap threshold: heap memory), touched, then freed:
        // with a 64 MiB trim threshold the heap keeps them until releaseFreeMemory.
        std::vector<void *> blocks;
        for (int i = 0; i < 512; ++i)
            blocks.push_back(touched(64 << 10));
        for (void *b : blocks)
            std::free(b);
        const struct mallinfo2 before = mallinfo2();
        QVERIFY2(before.fordblks >= (32u << 20), qPrintable(QString::number(before.fordblks)));
        releaseFreeMemory();
        // malloc_trim gives the free top of the heap back to the system: the heap shrinks by
        // at least a quarter of the 32 MiB freed (the rest may sit below blocks still in use).
        const struct mallinfo2 after = mallinfo2();
        QVERIFY2(after.arena + (8u << 20) <= before.arena,
                 qPrintable(QStringLiteral("heap %1 -> %2 bytes").arg(before.arena).arg(after.arena)));
#endif
    }
};

QTEST_GUILESS_MAIN(TestAllocatorPolicy)
#include "tst_gui_allocator_policy.moc"
