// SPDX-License-Identifier: GPL-3.0-or-later
// Worker pool: every index exactly once, errors and stop requests, no thread left behind.
#include "search/search_control.h"
#include "search/worker_pool.h"

#include <QTest>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace fuselab;

namespace {
// Threads of this process, from /proc (Linux).
int threadsNow()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "Threads:") {
            int n = 0;
            status >> n;
            return n;
        }
    }
    return -1;
}
} // namespace

class TestWorkerPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyIndexOnce_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("n");
        for (int threads : {1, 2, 4})
            for (int n : {0, 1, 7, 1000})
                QTest::addRow("%d threads, %d items", threads, n) << threads << n;
    }
    void everyIndexOnce()
    {
        QFETCH(int, threads);
        QFETCH(int, n);
        WorkerPool pool(threads);
        QCOMPARE(pool.threadCount(), threads);
        for (int round = 0; round < 3; ++round) { // the pool is reusable
            std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
            pool.parallelFor(n, [&](int i) { hits[i].fetch_add(1); });
            for (int i = 0; i < n; ++i)
                QCOMPARE(hits[i].load(), 1);
        }
    }

    void usesSeveralThreads()
    {
        // With 2 threads and calls that wait for each other, both threads must take part,
        // otherwise the first call would wait forever (bounded here by a timeout).
        WorkerPool pool(2);
        std::atomic<int> arrived{0};
        std::atomic<bool> metPartner{true};
        pool.parallelFor(2, [&](int) {
            arrived.fetch_add(1);
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (arrived.load() < 2 && std::chrono::steady_clock::now() < until)
                std::this_thread::yield();
            if (arrived.load() < 2)
                metPartner = false;
        });
        QVERIFY(metPartner.load());
    }

    void lowestFailingIndexIsRethrown()
    {
        // Indices are handed out in increasing order, so 3 always starts before 7: the
        // exception of index 3 must be the one that surfaces.
        for (int threads : {1, 2, 3}) {
            WorkerPool pool(threads);
            try {
                pool.parallelFor(100, [](int i) {
                    if (i == 3 || i == 7)
                        throw std::runtime_error("index " + std::to_string(i));
                });
                QFAIL("no exception");
            } catch (const std::runtime_error &e) {
                QCOMPARE(std::string(e.what()), std::string("index 3"));
            }
            // Still usable afterwards.
            std::atomic<int> count{0};
            pool.parallelFor(10, [&](int) { count.fetch_add(1); });
            QCOMPARE(count.load(), 10);
        }
    }

    void stopSkipsRemainingIndices()
    {
        // The stop predicate turns true once 10 calls have been made. A thread polls it before
        // taking each index, and each thread has at most one call between its poll and that
        // call's count; so, however the threads are preempted, 10 <= calls <= 9 + threads.
        // (The first version stopped from inside index 10 and bounded the calls by 13; under
        // TSan on a loaded machine the other thread ran 26 more indices before index 10's call.)
        WorkerPool pool(2);
        std::atomic<int> calls{0};
        pool.parallelFor(
            100000, [&](int) { calls.fetch_add(1); }, [&] { return calls.load() >= 10; });
        QVERIFY(calls.load() >= 10);
        QVERIFY2(calls.load() <= 9 + pool.threadCount(), qPrintable(QString::number(calls.load())));
    }

    void nestedCallRunsInline()
    {
        WorkerPool pool(2);
        std::atomic<int> inner{0};
        pool.parallelFor(4, [&](int) { pool.parallelFor(5, [&](int) { inner.fetch_add(1); }); });
        QCOMPARE(inner.load(), 20);
    }

    void destructorJoinsEveryWorker()
    {
        const int before = threadsNow();
        QVERIFY(before > 0);
        {
            WorkerPool pool(4);
            QCOMPARE(threadsNow(), before + 3); // the caller is the fourth thread
            pool.parallelFor(10, [](int) {});
        }
        // A joined thread's /proc task entry can outlive join() by a moment (the kernel wakes
        // the joiner before it releases the task), so wait briefly for the count to settle.
        QTRY_COMPARE_WITH_TIMEOUT(threadsNow(), before, 2000);
        QVERIFY(WorkerPool::defaultThreadCount() >= 1);
    }

    void progressIsThrottledAndEtaExtrapolated()
    {
        SearchControl control;
        control.setProgressInterval(3600); // only forced and final reports get through
        std::vector<SearchProgress> seen;
        control.setProgressCallback([&](const SearchProgress &p) { seen.push_back(p); });
        control.reportProgress("x", 0.1, 5); // first one passes (nothing reported yet)
        control.reportProgress("x", 0.2, 4); // throttled
        control.reportProgress("x", 0.5, 3, true);
        control.reportProgress("x", 1.0, 2);
        QCOMPARE(seen.size(), size_t{3});
        QCOMPARE(seen[1].fraction, 0.5);
        // At half-way the ETA equals the elapsed time.
        QVERIFY(std::abs(seen[1].etaSeconds - seen[1].elapsedSeconds) < 1e-9);
        QCOMPARE(seen[2].etaSeconds, 0.0);
        QCOMPARE(seen[2].best, 2.0);
        control.setTimeLimit(1e-9);
        QVERIFY(control.shouldStop());
        QVERIFY(!control.cancelRequested());
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_worker_pool.moc"
