// SPDX-License-Identifier: GPL-3.0-or-later
// Pareto utilities: dominance, front extraction, non-dominated sorting, crowding, hypervolume.
#include "search/pareto.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>

using namespace fuselab;

class TestPareto : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dominance()
    {
        QVERIFY(dominates({1, 2}, {2, 2}));
        QVERIFY(dominates({1, 1}, {2, 2}));
        QVERIFY(!dominates({1, 2}, {1, 2})); // equal: neither dominates
        QVERIFY(!dominates({1, 3}, {2, 2})); // trade-off
        QVERIFY(!dominates({2, 2}, {1, 2}));
        QVERIFY(!dominates({1}, {2, 2})); // different lengths
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(dominates({1, 5}, {1, nan})); // NaN counts as +inf
        QVERIFY(!dominates({1, nan}, {1, 5}));
    }

    void frontByHand()
    {
        // (1,5) (2,3) (3,4) (4,1) (2,3) (5,5): (3,4) is dominated by (2,3), (5,5) by all,
        // the second (2,3) duplicates the first.
        const std::vector<Objectives> pts{{1, 5}, {2, 3}, {3, 4}, {4, 1}, {2, 3}, {5, 5}};
        QCOMPARE(paretoFront(pts), (std::vector<int>{0, 1, 3}));
        const auto fronts = nonDominatedSort(pts);
        // front 0: 0,1,3,4 (duplicates share a rank); front 1: 2; front 2: 5.
        QCOMPARE(fronts.size(), size_t{3});
        QCOMPARE(fronts[0], (std::vector<int>{0, 1, 3, 4}));
        QCOMPARE(fronts[1], (std::vector<int>{2}));
        QCOMPARE(fronts[2], (std::vector<int>{5}));
    }

    void sortMatchesDefinitionOnRandomSets()
    {
        // Invariants of a non-dominated sort: a partition; nobody in front k is dominated by
        // anyone in front ≥ k; everybody in front k > 0 is dominated by someone in front k-1.
        std::mt19937 rng(7);
        for (int trial = 0; trial < 300; ++trial) {
            const int n = 1 + static_cast<int>(rng() % 30), m = 2 + static_cast<int>(rng() % 2);
            std::vector<Objectives> pts(n, Objectives(m));
            for (auto &p : pts)
                for (auto &v : p)
                    v = static_cast<double>(rng() % 6);
            const auto fronts = nonDominatedSort(pts);
            std::vector<int> rank(n, -1);
            for (int k = 0; k < static_cast<int>(fronts.size()); ++k)
                for (int i : fronts[k]) {
                    QCOMPARE(rank[i], -1);
                    rank[i] = k;
                }
            for (int i = 0; i < n; ++i) {
                QVERIFY(rank[i] >= 0);
                bool dominatedByPrevious = rank[i] == 0;
                for (int j = 0; j < n; ++j) {
                    if (dominates(pts[j], pts[i])) {
                        QVERIFY(rank[j] < rank[i]);
                    }
                    if (rank[j] == rank[i] - 1 && dominates(pts[j], pts[i]))
                        dominatedByPrevious = true;
                }
                QVERIFY(dominatedByPrevious);
            }
            // paretoFront = front 0 without duplicates.
            for (int i : paretoFront(pts))
                QCOMPARE(rank[i], 0);
        }
    }

    void crowding()
    {
        // Front on a line: (0,4) (1,3) (3,1) (4,0). Ranges are 4 in both objectives.
        // (1,3): neighbours (0,4),(3,1) -> (3-0)/4 + (4-1)/4 = 1.5; (3,1): (4-1)/4 + (3-0)/4 = 1.5.
        const std::vector<Objectives> pts{{0, 4}, {1, 3}, {3, 1}, {4, 0}};
        const auto d = crowdingDistance(pts, {0, 1, 2, 3});
        QVERIFY(std::isinf(d[0]) && std::isinf(d[3]));
        QCOMPARE(d[1], 1.5);
        QCOMPARE(d[2], 1.5);
        // Two or fewer points are all extremes.
        const auto d2 = crowdingDistance(pts, {1, 2});
        QVERIFY(std::isinf(d2[0]) && std::isinf(d2[1]));
    }

    void hypervolume()
    {
        // Reference (4,4); points (1,3) and (3,1): union of [1,4]x[3,4] (3) and [3,4]x[1,4] (3)
        // minus overlap [3,4]x[3,4] (1) = 5. A dominated point (3,3) adds nothing.
        QCOMPARE(hypervolume2D({{1, 3}, {3, 1}}, {4, 4}), 5.0);
        QCOMPARE(hypervolume2D({{1, 3}, {3, 1}, {3, 3}}, {4, 4}), 5.0);
        QCOMPARE(hypervolume2D({{5, 1}}, {4, 4}), 0.0); // outside the reference box
    }
};

QTEST_GUILESS_MAIN(TestPareto)
#include "tst_pareto.moc"
