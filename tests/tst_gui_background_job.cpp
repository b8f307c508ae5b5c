// SPDX-License-Identifier: GPL-3.0-or-later
// BackgroundJob (widgets/util/background_job.h), the helper behind the schedule panel's runs
// and the autosave: the work runs off the GUI thread and its result arrives on it; a job
// superseded by a newer one or cancelled has its stop flag set and its result dropped, even
// when it finishes last; destroying the job stops and waits for a running worker.
#include "util/background_job.h"

#include <QCoreApplication>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace fuselab;

namespace {
/// Spins until `flag` is set (or 10 s pass): a worker that the test releases.
void waitFor(const std::atomic<bool> &flag)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!flag.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
} // namespace

class TestGuiBackgroundJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultArrivesOnTheGuiThread()
    {
        QObject receiver;
        QThread *deliveredOn = nullptr;
        QThread *workedOn = nullptr;
        int delivered = 0;
        BackgroundJob<int> job(&receiver, [&](int v) {
            deliveredOn = QThread::currentThread();
            delivered = v;
        });
        job.start([&](const std::atomic<bool> &) {
            workedOn = QThread::currentThread();
            return 6 * 7;
        });
        QVERIFY(job.isPending());
        QTRY_COMPARE(delivered, 42);
        QCOMPARE(deliveredOn, QCoreApplication::instance()->thread());
        QVERIFY(workedOn != nullptr && workedOn != QCoreApplication::instance()->thread());
        QVERIFY(!job.isPending());
    }

    void aSupersededJobsResultIsDropped()
    {
        QObject receiver;
        std::vector<int> delivered;
        int settled = 0;
        BackgroundJob<int> job(&receiver, [&](int v) { delivered.push_back(v); });
        job.setOnSettled([&] { ++settled; });
        job.pool().setMaxThreadCount(2); // both workers run at once: the first finishes last
        std::atomic<bool> release{false}, firstSawStop{false};
        const quint64 first = job.start([&](const std::atomic<bool> &stop) {
            waitFor(release);
            firstSawStop = stop.load();
            return 1;
        });
        const quint64 second = job.start([](const std::atomic<bool> &) { return 2; });
        QVERIFY(second != first);
        QVERIFY(job.isCurrent(second));
        QVERIFY(!job.isCurrent(first));
        QTRY_VERIFY(delivered == std::vector<int>{2});
        release = true;
        job.waitForFinished();
        job.pool().waitForDone(10000);
        QTest::qWait(50); // a late delivery of the first result would come now
        QVERIFY(delivered == std::vector<int>{2});
        QVERIFY(firstSawStop.load()); // superseded: told to stop
        QVERIFY(settled >= 1);
    }

    void cancelSetsTheStopFlagAndDropsTheResult()
    {
        QObject receiver;
        int delivered = 0;
        int settled = 0;
        BackgroundJob<int> job(&receiver, [&](int) { ++delivered; });
        job.setOnSettled([&] { ++settled; });
        std::atomic<bool> started{false};
        job.start([&](const std::atomic<bool> &stop) {
            started = true;
            waitFor(stop); // a long computation that checks its stop flag
            return stop.load() ? -1 : 1;
        });
        waitFor(started);
        job.cancel();
        QVERIFY(!job.isPending());
        job.waitForFinished(); // returns: the worker saw the flag
        QTRY_COMPARE(settled, 1);
        QCOMPARE(delivered, 0);
        // The job can be used again after a cancel.
        job.start([](const std::atomic<bool> &) { return 3; });
        QTRY_COMPARE(delivered, 1);
    }

    void destroyingTheJobStopsAndWaitsForItsWorker()
    {
        QObject receiver;
        std::atomic<bool> started{false}, returned{false};
        {
            BackgroundJob<int> job(&receiver, [](int) { QFAIL("no delivery after destruction"); });
            job.start([&](const std::atomic<bool> &stop) {
                started = true;
                waitFor(stop);
                returned = true;
                return 0;
            });
            waitFor(started);
        }
        QVERIFY(returned.load()); // the destructor waited for the worker, which saw the flag
        QTest::qWait(20);
    }
};

QTEST_MAIN(TestGuiBackgroundJob)
#include "tst_gui_background_job.moc"
