// SPDX-License-Identifier: GPL-3.0-or-later
// Timeline (schedule/timeline.h): the scheduler's busy intervals of one resource. Its searches
// start where the previous question landed (a hint), so the answers are checked against a
// plain scan of a bitmap of busy cycles, for questions far before, at and after the hint.
#include "schedule/timeline.h"

#include <QTest>

#include <cstdint>
#include <random>
#include <vector>

using namespace fuselab;

namespace {
/// Earliest t' ≥ t with `d` free cycles in a row from t' on (cycles past the end are free).
int64_t scan(const std::vector<char> &busy, int64_t t, int64_t d)
{
    for (int64_t s = t;; ++s) {
        int64_t k = 0;
        while (k < d && s + k < static_cast<int64_t>(busy.size()) && !busy[static_cast<size_t>(s + k)])
            ++k;
        if (k == d || s + k >= static_cast<int64_t>(busy.size()))
            return s;
    }
}
} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyAndGaps()
    {
        Timeline tl;
        QCOMPARE(tl.earliest(5, 10), int64_t(5));
        tl.book(10, 20);
        tl.book(30, 40);
        QCOMPARE(tl.earliest(0, 10), int64_t(0));  // fits before the first interval
        QCOMPARE(tl.earliest(0, 11), int64_t(40)); // the gap [20, 30) is too short
        QCOMPARE(tl.earliest(15, 10), int64_t(20));
        QCOMPARE(tl.earliest(35, 1), int64_t(40));
        QCOMPARE(tl.earliest(5, 0), int64_t(5)); // nothing to fit
        tl.book(20, 30);                          // joins both neighbours
        QCOMPARE(tl.busyCycles(), int64_t(30));
        QCOMPARE(tl.earliest(12, 1), int64_t(40));
    }

    // Random bookings at the earliest time the timeline gives (as the scheduler books), and
    // questions at random times: every answer equals the scan's, however far it is from the
    // previous question.
    void matchesScan()
    {
        std::mt19937_64 rng(14);
        for (int round = 0; round < 20; ++round) {
            Timeline tl;
            std::vector<char> busy(4000, 0);
            int64_t booked = 0;
            for (int i = 0; i < 300; ++i) {
                const int64_t span = round % 2 ? 3500 : 200; // far jumps, or questions near each other
                const int64_t t = static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
                const int64_t d = 1 + static_cast<int64_t>(rng() % 12);
                const int64_t s = tl.earliest(t, d);
                QCOMPARE(s, scan(busy, t, d));
                const int64_t q = static_cast<int64_t>(rng() % 3900), qd = 1 + static_cast<int64_t>(rng() % 30);
                QCOMPARE(tl.earliest(q, qd), scan(busy, q, qd));
                if (s + d > static_cast<int64_t>(busy.size()))
                    continue;
                tl.book(s, s + d);
                for (int64_t k = s; k < s + d; ++k)
                    busy[static_cast<size_t>(k)] = 1;
                booked += d;
            }
            QCOMPARE(tl.busyCycles(), booked);
            tl.clear();
            QCOMPARE(tl.earliest(7, 3), int64_t(7));
        }
    }
};

QTEST_APPLESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
