// SPDX-License-Identifier: GPL-3.0-or-later
// Pin selection: the exact knapsack equals brute force; the approximate path always fits and
// keeps at least half the optimum.
#include "search/pin_selection.h"

#include <QTest>

#include <random>

using namespace fuselab;

namespace {
// Best benefit over all subsets that fit (n ≤ 16).
double bruteForce(const std::vector<PinCandidate> &items, int64_t capacity)
{
    double best = 0;
    for (unsigned mask = 0; mask < (1u << items.size()); ++mask) {
        int64_t bytes = 0;
        double benefit = 0;
        for (size_t i = 0; i < items.size(); ++i)
            if (mask >> i & 1) {
                bytes += items[i].bytes;
                benefit += items[i].benefit;
            }
        if (bytes <= capacity)
            best = std::max(best, benefit);
    }
    return best;
}

void checkConsistent(const std::vector<PinCandidate> &items, int64_t capacity, const PinChoice &c)
{
    int64_t bytes = 0;
    double benefit = 0;
    for (size_t k = 0; k < c.chosen.size(); ++k) {
        if (k)
            QVERIFY(c.chosen[k - 1] < c.chosen[k]);
        bytes += items[c.chosen[k]].bytes;
        benefit += items[c.chosen[k]].benefit;
    }
    QCOMPARE(c.bytes, bytes);
    QVERIFY(std::abs(c.benefit - benefit) < 1e-9);
    QVERIFY(c.bytes <= capacity);
}
} // namespace

class TestPinSelection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textbookInstance()
    {
        // Capacity 50; (10, 60) (20, 100) (30, 120). Greedy by ratio takes 60+100 = 160;
        // the optimum is 100+120 = 220 (items 1 and 2, 50 bytes).
        const std::vector<PinCandidate> items{{10, 60}, {20, 100}, {30, 120}};
        const auto c = selectPins(items, 50);
        QVERIFY(c.exact);
        QCOMPARE(c.chosen, (std::vector<int>{1, 2}));
        QCOMPARE(c.benefit, 220.0);
        QCOMPARE(c.bytes, int64_t{50});
    }

    void edgeCases()
    {
        // Zero-byte items with benefit are free; useless, negative or oversized items never go in.
        const std::vector<PinCandidate> items{{0, 5}, {10, 0}, {10, -3}, {1000, 99}, {40, 1}};
        const auto c = selectPins(items, 50);
        QCOMPARE(c.chosen, (std::vector<int>{0, 4}));
        QCOMPARE(c.benefit, 6.0);
        QCOMPARE(selectPins({}, 100).chosen.size(), size_t{0});
        QCOMPARE(selectPins(items, 0).chosen, (std::vector<int>{0}));
    }

    void exactMatchesBruteForce()
    {
        // Tensor-like sizes (multiples of 64 B up to 1 MiB, or odd sizes) and capacities.
        std::mt19937_64 rng(5);
        for (int trial = 0; trial < 2000; ++trial) {
            const int n = 1 + static_cast<int>(rng() % 12);
            std::vector<PinCandidate> items(n);
            for (auto &it : items) {
                it.bytes = trial % 2 ? int64_t(64 * (1 + rng() % 16384)) : int64_t(1 + rng() % 5000);
                it.benefit = double(rng() % 1000) / 7.0;
            }
            const int64_t capacity = trial % 2 ? int64_t(64 * (rng() % 40000)) : int64_t(rng() % 15000);
            const auto c = selectPins(items, capacity);
            checkConsistent(items, capacity, c);
            QVERIFY(c.exact);
            QVERIFY2(std::abs(c.benefit - bruteForce(items, capacity)) < 1e-6,
                     qPrintable(QString::number(trial)));
        }
    }

    void approximationFitsAndKeepsHalf()
    {
        // A tiny table forces the approximate path; the answer must fit and be ≥ optimum / 2.
        std::mt19937_64 rng(8);
        PinOptions tiny;
        tiny.maxTableCells = 64;
        int belowOptimum = 0;
        for (int trial = 0; trial < 1000; ++trial) {
            const int n = 2 + static_cast<int>(rng() % 12);
            std::vector<PinCandidate> items(n);
            for (auto &it : items) {
                it.bytes = int64_t(1 + rng() % 100000);
                it.benefit = double(1 + rng() % 1000);
            }
            const int64_t capacity = int64_t(rng() % 300000);
            const auto c = selectPins(items, capacity, tiny);
            checkConsistent(items, capacity, c);
            const double opt = bruteForce(items, capacity);
            QVERIFY(c.benefit >= opt / 2 - 1e-9);
            QVERIFY(c.benefit <= opt + 1e-9);
            belowOptimum += c.benefit < opt - 1e-9 ? 1 : 0;
            if (c.exact) // claiming exactness must be true
                QVERIFY(std::abs(c.benefit - opt) < 1e-9);
        }
        qInfo("approximate path below the optimum in %d of 1000 cases", belowOptimum);
    }
};

QTEST_GUILESS_MAIN(TestPinSelection)
#include "tst_pin_selection.moc"
