// SPDX-License-Identifier: GPL-3.0-or-later
// The pure logic under the timeline views: time <-> pixel mapping, zoom history, hit-testing
// by binary search, per-pixel merging of tiles, peak-keeping downsampling, number formats.
// Expected values are hand calculations written next to each check.
#include "timeline/memory_downsample.h"
#include "timeline/slice_index.h"
#include "timeline/synthetic_timeline.h"
#include "timeline/time_axis_mapping.h"
#include "timeline/timeline_format.h"
#include "timeline/zoom_stack.h"

#include <QTest>

#include <random>
#include <set>

using namespace fuselab::timeline;

namespace {
Slice slice(int64_t a, int64_t b, int layer = 0)
{
    Slice s;
    s.start = a;
    s.end = b;
    s.layer = layer;
    s.group = layer / 2;
    return s;
}

// Value of a step function at t: the last step at or before t (0 before the first).
int64_t valueAt(const std::vector<MemoryStep> &steps, int64_t t)
{
    int64_t v = 0;
    for (const MemoryStep &s : steps) {
        if (s.cycle > t)
            break;
        v = s.total();
    }
    return v;
}
} // namespace

class TestTimelineLogic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapping()
    {
        // 200 cycles over 400 px: 2 px per cycle, cycle 100 at x = 50.
        const TimeAxisMapping m{{100.0, 300.0}, 50.0, 400.0};
        QCOMPARE(m.mapTimeToX(150.0), 150.0); // 50 + 50 * 2
        QCOMPARE(m.mapXToTime(250.0), 200.0); // 100 + 200 / 2
        QCOMPARE(m.timePerPixel(), 0.5);
        for (double t : {100.0, 123.25, 300.0})
            QCOMPARE(m.mapXToTime(m.mapTimeToX(t)), t);
    }

    void zoomKeepsAnchor()
    {
        const TimeAxisMapping m{{100.0, 300.0}, 50.0, 400.0};
        // Zoom x2 around x = 150 (t = 150): distances to 150 halve -> [125, 225].
        const TimeAxisMapping z = m.zoom(2.0, 150.0);
        QCOMPARE(z.time.lo, 125.0);
        QCOMPARE(z.time.hi, 225.0);
        QCOMPARE(z.mapTimeToX(150.0), 150.0);
        // Zoom out x4 around the left edge: lo stays, span 200 -> 800.
        const TimeAxisMapping o = m.zoom(0.25, 50.0);
        QCOMPARE(o.time.lo, 100.0);
        QCOMPARE(o.time.hi, 900.0);
        // Zoom in then out by the same factor around the same x is the identity.
        const TimeAxisMapping back = m.zoom(3.0, 321.0).zoom(1.0 / 3.0, 321.0);
        QVERIFY(std::abs(back.time.lo - 100.0) < 1e-9 && std::abs(back.time.hi - 300.0) < 1e-9);
    }

    void pan()
    {
        const TimeAxisMapping m{{100.0, 300.0}, 50.0, 400.0};
        // 40 px at 0.5 cycles/px = 20 cycles later.
        const TimeAxisMapping p = m.pan(40.0);
        QCOMPARE(p.time.lo, 120.0);
        QCOMPARE(p.time.hi, 320.0);
        QCOMPARE(m.pan(-40.0).time.lo, 80.0);
    }

    void clamp()
    {
        const TimeRange b{0.0, 1000.0};
        QCOMPARE(clampRange({-50.0, 50.0}, b, 10.0), (TimeRange{0.0, 100.0}));      // shifted right
        QCOMPARE(clampRange({990.0, 1010.0}, b, 10.0), (TimeRange{980.0, 1000.0})); // shifted left
        QCOMPARE(clampRange({500.0, 502.0}, b, 10.0), (TimeRange{496.0, 506.0}));   // widened around 501
        QCOMPARE(clampRange({-100.0, 2000.0}, b, 10.0), (TimeRange{0.0, 1000.0}));  // at most everything
        QCOMPARE(clampRange({300.0, 200.0}, b, 10.0), (TimeRange{200.0, 300.0}));   // reversed
        // Fit: 1% margin each side of [0, 5000].
        QCOMPARE(fitRange(5000.0), (TimeRange{-50.0, 5050.0}));
    }

    void zoomStack()
    {
        const TimeRange a{0, 100}, b{10, 50}, c{20, 30}, d{40, 45};
        ZoomStack z;
        z.reset(a);
        QVERIFY(!z.canGoBack() && !z.canGoForward());
        z.push(b);
        z.push(c);
        z.push(c); // same as current: ignored
        QCOMPARE(z.size(), std::size_t(3));
        QCOMPARE(z.back(), b);
        QCOMPARE(z.back(), a);
        QVERIFY(!z.canGoBack());
        QCOMPARE(z.back(), a); // stays at the oldest
        QCOMPARE(z.forward(), b);
        QVERIFY(z.canGoForward());
        z.push(d); // a new place drops the forward entry c
        QVERIFY(!z.canGoForward());
        QCOMPARE(z.size(), std::size_t(3)); // a, b, d
        QCOMPARE(z.back(), b);
        QCOMPARE(z.fitAll(), a); // fit is a new entry after b
        QCOMPARE(z.size(), std::size_t(3));
        QCOMPARE(z.back(), b);
        // The history is bounded.
        for (int i = 0; i < 500; ++i)
            z.push({double(i), double(i) + 5});
        QCOMPARE(z.size(), ZoomStack::kMaxEntries);
        QCOMPARE(z.current(), (TimeRange{499, 504}));
    }

    void hitTestTrack()
    {
        Track t;
        t.slices = {slice(0, 10), slice(10, 20), slice(30, 40), slice(100, 1000)};
        const TrackIndex idx(t);
        QCOMPARE(idx.hitTest(t, 5, 0), 0);
        QCOMPARE(idx.hitTest(t, 10, 0), 1); // boundary belongs to the later slice
        QCOMPARE(idx.hitTest(t, 19.9, 0), 1);
        QCOMPARE(idx.hitTest(t, 25, 0), -1); // in the gap
        QCOMPARE(idx.hitTest(t, 24, 6), 1);  // 4 from the end of [10,20), 6 from [30,40)
        QCOMPARE(idx.hitTest(t, 27, 4), 2);  // 3 from the start of [30,40)
        QCOMPARE(idx.hitTest(t, 500, 0), 3);
        QCOMPARE(idx.hitTest(t, 1001, 0.5), -1);
        QCOMPARE(idx.hitTest(t, -1, 0.5), -1);
        // Visible range [15, 35) intersects slices 1 and 2.
        QCOMPARE(idx.visible(t, 15, 35), (std::pair<std::size_t, std::size_t>{1, 3}));
        QCOMPARE(idx.visible(t, 40, 100), (std::pair<std::size_t, std::size_t>{3, 3})); // nothing
    }

    void hitTestOverlapping()
    {
        // A long slice overlapping later short ones (a DRAM port reading while writing).
        Track t;
        t.slices = {slice(0, 1000), slice(100, 110), slice(500, 510)};
        const TrackIndex idx(t);
        QCOMPARE(idx.hitTest(t, 105, 0), 1); // both contain 105; the later one is on top
        QCOMPARE(idx.hitTest(t, 300, 0), 0); // only the long one contains 300
        QCOMPARE(idx.visible(t, 600, 700).first, std::size_t(0));
    }

    void hitTestLargeTrack()
    {
        // 100,000 one-cycle tiles with a gap of one cycle: tile i covers [2i, 2i+1).
        Track t;
        for (int i = 0; i < 100000; ++i)
            t.slices.push_back(slice(2 * i, 2 * i + 1, i % 7));
        const TrackIndex idx(t);
        QCOMPARE(idx.hitTest(t, 2 * 54321 + 0.5, 0.0), 54321);
        QCOMPARE(idx.hitTest(t, 2 * 54321 + 1.5, 0.0), -1);    // in the gap
        QCOMPARE(idx.hitTest(t, 2 * 54321 + 1.2, 0.5), 54321); // 0.2 after its end
        QCOMPARE(idx.hitTest(t, 2 * 99999 + 0.1, 0.0), 99999); // last
        QCOMPARE(idx.hitTest(t, 0.0, 0.0), 0);                 // first
    }

    void mergeByHand()
    {
        // [0, 100) cycles on 10 px: 10 cycles per pixel.
        Track t;
        t.slices = {slice(0, 3, 0), slice(3, 9, 1), slice(12, 14, 1), slice(20, 60, 2), slice(61, 62, 3)};
        const TrackIndex idx(t);
        const TimeAxisMapping m{{0, 100}, 0, 10};
        const std::vector<DrawRect> r = mergeForDrawing(t, idx, m, ColorBy::Layer);
        QCOMPARE(r.size(), std::size_t(3));
        // Column 0 holds slices 0 (0.3 px) and 1 (0.6 px): slice 1 represents it; column 1 holds
        // slice 2, same layer 1, so columns 0-1 are one rectangle of 3 slices.
        QCOMPARE(r[0].x0, 0.0);
        QCOMPARE(r[0].x1, 2.0);
        QCOMPARE(r[0].slice, 1);
        QCOMPARE(r[0].count, 3);
        // Slice 3 spans 4 px: drawn exactly.
        QCOMPARE(r[1].x0, 2.0);
        QCOMPARE(r[1].x1, 6.0);
        QCOMPARE(r[1].slice, 3);
        QCOMPARE(r[1].count, 1);
        // Slice 4 is 0.1 px inside column 6: the whole column is drawn busy.
        QCOMPARE(r[2].x0, 6.0);
        QCOMPARE(r[2].x1, 7.0);
        QCOMPARE(r[2].slice, 4);

        // By group (layer / 2): slices 0 and 1 are groups 0 and 0, slice 2 group 0: same result;
        // with the selected layer 0 as priority, column 0 is represented by slice 0 and
        // column 1 (layer 1) no longer merges with it.
        const std::vector<DrawRect> p = mergeForDrawing(t, idx, m, ColorBy::Layer, 0);
        QCOMPARE(p[0].slice, 0);
        QCOMPARE(p[0].x1, 1.0);
        QCOMPARE(p[1].slice, 2);
    }

    void mergeKeepsEveryBusyPixel()
    {
        std::mt19937 rng(7);
        for (int round = 0; round < 20; ++round) {
            Track t;
            int64_t now = 0;
            std::uniform_int_distribution<int> len(1, round % 2 ? 400 : 30);
            std::uniform_int_distribution<int> gap(0, 60);
            std::uniform_int_distribution<int> layer(0, 5);
            for (int i = 0; i < 5000; ++i) {
                now += gap(rng);
                const int64_t a = now;
                now += len(rng);
                t.slices.push_back(slice(a, now, layer(rng)));
            }
            const TrackIndex idx(t);
            const double span = static_cast<double>(now) / (1 + round % 5);
            const double lo = static_cast<double>(now) * 0.1 * (round % 3);
            const TimeAxisMapping m{{lo, lo + span}, 30.0, 500.0};
            const std::vector<DrawRect> rects = mergeForDrawing(t, idx, m, ColorBy::Layer);
            // Busy columns, computed directly from the slices.
            std::set<int64_t> busy, covered;
            for (const Slice &s : t.slices) {
                const double x0 = std::max(m.xLeft, m.mapTimeToX(double(s.start)));
                const double x1 = std::min(m.xLeft + m.width, m.mapTimeToX(double(s.end)));
                for (auto c = int64_t(std::floor(x0)); double(c) < x1; ++c)
                    if (std::min(x1, double(c + 1)) - std::max(x0, double(c)) > 1e-9)
                        busy.insert(c);
            }
            std::size_t wide = 0;
            for (const DrawRect &r : rects) {
                wide += r.count == 1 && r.x1 - r.x0 >= 1.0;
                for (auto c = int64_t(std::floor(r.x0)); double(c) < r.x1; ++c)
                    if (c >= 30 && c < 530 &&
                        std::min(r.x1, double(c + 1)) - std::max(r.x0, double(c)) > 1e-9)
                        covered.insert(c);
            }
            for (int64_t c : busy)
                QVERIFY2(covered.count(c), qPrintable(QStringLiteral("busy column %1 not drawn").arg(c)));
            for (int64_t c : covered)
                QVERIFY2(busy.count(c), qPrintable(QStringLiteral("idle column %1 drawn").arg(c)));
            // Bounded by the width, not by the 5000 slices.
            QVERIFY(rects.size() <= wide + 2 * 500 + 2);
        }
    }

    void downsampleByHand()
    {
        // Steps (cycle: total) 0:5, 10:50, 11:7, 30:9 over [0, 40) in 2 buckets of 20 cycles:
        // bucket [0,20) reaches 50, bucket [20,40) starts at 7 and reaches 9.
        std::vector<MemoryStep> s = {{0, {5}}, {10, {50}}, {11, {7}}, {30, {9}}};
        const std::vector<MemoryStep> d = downsamplePeaks(s, 0, 40, 2);
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(d[0].cycle, int64_t(0));
        QCOMPARE(d[0].total(), int64_t(50));
        QCOMPARE(d[1].cycle, int64_t(20));
        QCOMPARE(d[1].total(), int64_t(9));
        // Few steps: returned as they are.
        QCOMPARE(downsamplePeaks(s, 0, 40, 10).size(), std::size_t(4));
        // Range starting mid-step: the active step (11:7) is moved to the range start.
        const std::vector<MemoryStep> mid = downsamplePeaks(s, 15, 40, 10);
        QCOMPARE(mid.front().cycle, int64_t(15));
        QCOMPARE(mid.front().total(), int64_t(7));
        QCOMPARE(peakStep(s), 1);
    }

    void downsampleNeverLosesTheMaximum()
    {
        std::mt19937 rng(11);
        std::uniform_int_distribution<int> dt(1, 50);
        std::uniform_int_distribution<int64_t> delta(-3000, 3000);
        for (int round = 0; round < 10; ++round) {
            std::vector<MemoryStep> steps;
            int64_t cycle = 0, i = 0, w = 0;
            for (int k = 0; k < 20000; ++k) {
                cycle += dt(rng);
                i = std::max<int64_t>(0, i + delta(rng));
                w = std::max<int64_t>(0, w + delta(rng) / 3);
                steps.push_back({cycle, {i, w}});
            }
            // A lone spike one cycle long must survive.
            steps[12345].bytes = {10'000'000, 0};
            const double lo = double(cycle) * 0.05 * round;
            const double hi = double(cycle);
            const std::vector<MemoryStep> d = downsamplePeaks(steps, lo, hi, 300);
            QVERIFY(d.size() <= 300);
            int64_t trueMax = 0;
            for (const MemoryStep &s : steps) {
                if (double(s.cycle) >= hi)
                    break;
                const bool active = double(s.cycle) >= lo;
                if (active) {
                    QVERIFY2(valueAt(d, s.cycle) >= s.total(), "a plotted value is below the real occupancy");
                    trueMax = std::max(trueMax, s.total());
                }
            }
            int64_t plottedMax = 0;
            for (const MemoryStep &s : d)
                plottedMax = std::max(plottedMax, s.total());
            QVERIFY(plottedMax >= trueMax);
            if (lo <= double(steps[12345].cycle))
                QCOMPARE(plottedMax, int64_t(10'000'000));
        }
    }

    void formats()
    {
        QCOMPARE(formatBytes(512), QStringLiteral("512 B"));
        QCOMPARE(formatBytes(1536), QStringLiteral("1.5 KiB")); // 1536 / 1024
        QCOMPARE(formatBytes(3.0 * 1024 * 1024), QStringLiteral("3 MiB"));
        QCOMPARE(formatCount(950), QStringLiteral("950"));
        QCOMPARE(formatCount(1'234'000), QStringLiteral("1.23 M"));
        QCOMPARE(formatEnergyPj(1500), QStringLiteral("1.5 nJ"));
        QCOMPARE(formatTimeTick(1'500'000, 500'000, false), QStringLiteral("1500k")); // step < 1M: k
        QCOMPARE(formatTimeTick(5'000'000, 2'500'000, false), QStringLiteral("5.0M"));
        QCOMPARE(formatTimeTick(2000, 500, false), QStringLiteral("2000"));
        QCOMPARE(formatTimeTick(12.5, 2.5, true), QStringLiteral("12.5"));
        QCOMPARE(formatTimeTick(0.75, 0.25, true), QStringLiteral("0.75"));
        QCOMPARE(formatTimeTick(0, 0.25, true), QStringLiteral("0"));
    }

    void syntheticIsScheduleLike()
    {
        const SyntheticSchedule s = makeSyntheticSchedule(6, 600, 3);
        QCOMPARE(s.timeline.tracks.size(), std::size_t(6));
        QCOMPARE(s.timeline.tracks[4].kind, Track::Link);
        QCOMPARE(s.timeline.tracks[5].kind, Track::Dram);
        QCOMPARE(s.timeline.layerGroup.size(), s.timeline.layerNames.size());
        for (const Track &t : s.timeline.tracks) {
            QVERIFY(!t.slices.empty());
            for (std::size_t i = 1; i < t.slices.size(); ++i) {
                QVERIFY(t.slices[i - 1].start <= t.slices[i].start);
                if (t.kind == Track::Compute) // a core does one thing at a time
                    QVERIFY(t.slices[i - 1].end <= t.slices[i].start);
            }
        }
        // Cores process layers in order.
        for (std::size_t i = 1; i < s.timeline.tracks[0].slices.size(); ++i)
            QVERIFY(s.timeline.tracks[0].slices[i - 1].group <= s.timeline.tracks[0].slices[i].group);
        for (const MemoryTrack &m : s.memories)
            for (const MemoryStep &st : m.steps) {
                QVERIFY(st.total() <= m.capacity);
                for (int64_t b : st.bytes)
                    QVERIFY(b >= 0);
            }
        QCOMPARE(s.memories.back().steps.back().total(), int64_t(0)); // everything freed at the end
    }
};

QTEST_GUILESS_MAIN(TestTimelineLogic)
#include "tst_gui_timeline_logic.moc"
