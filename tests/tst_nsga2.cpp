// SPDX-License-Identifier: GPL-3.0-or-later
// NSGA-II: known optima on toy problems, a non-dominated archive, determinism across thread
// counts, and prompt cancellation.
#include "search/nsga2.h"
#include "search/search_job.h"
#include "search/worker_pool.h"
#include "support/timing_budget.h"

#include <QTest>

#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace fuselab;

namespace {

std::vector<std::vector<int>> range(int genes, int values)
{
    std::vector<int> all(values);
    for (int v = 0; v < values; ++v)
        all[v] = v;
    return std::vector<std::vector<int>>(genes, all);
}

// Bi-objective discrete ZDT-like problem: x0 ∈ 0..10 trades f1 against f2, every other gene
// only adds to f2. Pareto front by hand: x1..x5 = 0, x0 = 0..10, i.e. the 11 points
// (f1, f2) = (x0, 10 - x0).
Nsga2Problem zdtLike()
{
    Nsga2Problem p;
    p.allowed = range(6, 5);
    p.allowed[0] = range(1, 11)[0];
    p.evaluate = [](const std::vector<int> &g) {
        double tail = 0;
        for (size_t i = 1; i < g.size(); ++i)
            tail += g[i];
        return Objectives{double(g[0]), double(10 - g[0]) + 10 * tail};
    };
    return p;
}

int threadsNow()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key)
        if (key == "Threads:") {
            int n = 0;
            status >> n;
            return n;
        }
    return -1;
}

} // namespace

class TestNsga2 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findsSeparableOptimum()
    {
        // Single objective Σ|g_i − t_i| with t_i = 3i mod 8: the optimum is 0 at g = t.
        Nsga2Problem p;
        p.allowed = range(12, 8);
        p.evaluate = [](const std::vector<int> &g) {
            double s = 0;
            for (size_t i = 0; i < g.size(); ++i)
                s += std::abs(g[i] - int(3 * i % 8));
            return Objectives{s};
        };
        Nsga2Config c;
        c.population = 32;
        c.generations = 80;
        c.seed = 11;
        WorkerPool pool(2);
        const auto r = runNsga2(p, c, pool);
        QCOMPARE(r.front.size(), size_t{1});
        QCOMPARE(r.front[0].objectives[0], 0.0);
        for (size_t i = 0; i < 12; ++i)
            QCOMPARE(r.front[0].genes[i], int(3 * i % 8));
        QCOMPARE(r.generations, 80);
        QVERIFY(!r.stopped);
        QVERIFY(r.evaluations <= 32 * 81); // cached: never more than one per individual
    }

    void findsWholeKnownFront()
    {
        Nsga2Config c;
        c.population = 24;
        c.generations = 60;
        c.seed = 3;
        WorkerPool pool(2);
        const auto r = runNsga2(zdtLike(), c, pool);
        std::set<std::pair<double, double>> found;
        for (const auto &ind : r.front)
            found.insert({ind.objectives[0], ind.objectives[1]});
        std::set<std::pair<double, double>> expected;
        for (int x0 = 0; x0 <= 10; ++x0)
            expected.insert({double(x0), double(10 - x0)});
        QCOMPARE(found, expected);
    }

    void frontIsTheNonDominatedSetOfEverythingEvaluated()
    {
        // Three noisy-looking but deterministic objectives; record every evaluation.
        Nsga2Problem p;
        p.allowed = range(8, 4);
        std::mutex m;
        std::vector<Objectives> seen;
        p.evaluate = [&](const std::vector<int> &g) {
            Objectives o{0, 0, 0};
            for (size_t i = 0; i < g.size(); ++i) {
                o[0] += (g[i] * 7 + i) % 5;
                o[1] += (g[i] * 3 + 2 * i) % 4;
                o[2] += g[i] == int(i % 4) ? 0 : 1;
            }
            std::lock_guard lock(m);
            seen.push_back(o);
            return o;
        };
        Nsga2Config c;
        c.population = 20;
        c.generations = 15;
        WorkerPool pool(2);
        const auto r = runNsga2(p, c, pool);
        QVERIFY(!r.front.empty());
        QCOMPARE(int64_t(seen.size()), r.evaluations);
        for (const auto &a : r.front)
            for (const auto &b : r.front)
                QVERIFY(!dominates(a.objectives, b.objectives));
        for (const auto &s : seen) {
            bool covered = false;
            for (const auto &f : r.front) {
                QVERIFY(!dominates(s, f.objectives));
                covered = covered || f.objectives == s || dominates(f.objectives, s);
            }
            QVERIFY(covered);
        }
        // The front's objectives are the fitness of its genes.
        for (const auto &f : r.front)
            QCOMPARE(p.evaluate(f.genes), f.objectives);
    }

    void sameSeedSameResultAtAnyThreadCount()
    {
        Nsga2Config c;
        c.population = 16;
        c.generations = 25;
        c.seed = 42;
        Nsga2Result results[3];
        const int threads[3] = {1, 2, 3};
        for (int k = 0; k < 3; ++k) {
            WorkerPool pool(threads[k]);
            auto p = zdtLike();
            auto plain = p.evaluate;
            // Uneven work so that threads finish out of order.
            p.evaluate = [plain](const std::vector<int> &g) {
                if (g[1] % 2)
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                return plain(g);
            };
            results[k] = runNsga2(p, c, pool);
        }
        for (int k = 1; k < 3; ++k) {
            QCOMPARE(results[k].front, results[0].front);
            QCOMPARE(results[k].population, results[0].population);
            QCOMPARE(results[k].evaluations, results[0].evaluations);
        }
        // Another seed explores differently (the final populations differ).
        c.seed = 43;
        WorkerPool pool(1);
        QVERIFY(runNsga2(zdtLike(), c, pool).population != results[0].population);
    }

    void initialIndividualsAreKept()
    {
        // Seed the optimum of the separable problem; with 0 generations it must be returned.
        Nsga2Problem p;
        p.allowed = range(5, 6);
        p.evaluate = [](const std::vector<int> &g) {
            double s = 0;
            for (int v : g)
                s += std::abs(v - 4);
            return Objectives{s};
        };
        p.initial = {{4, 4, 4, 4, 4}};
        Nsga2Config c;
        c.population = 4;
        c.generations = 0;
        WorkerPool pool(1);
        const auto r = runNsga2(p, c, pool);
        QCOMPARE(r.front.size(), size_t{1});
        QCOMPARE(r.front[0].genes, (std::vector<int>{4, 4, 4, 4, 4}));
        p.initial = {{4, 4, 9, 4, 4}}; // 9 is not allowed
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runNsga2(p, c, pool));
    }

    void improvingPointsAndProgressAreReported()
    {
        SearchControl control;
        std::vector<ImprovingPoint> points;
        std::vector<SearchProgress> progress;
        control.setPointCallback([&](const ImprovingPoint &p) { points.push_back(p); });
        control.setProgressInterval(0);
        control.setProgressCallback([&](const SearchProgress &p) { progress.push_back(p); });
        Nsga2Config c;
        c.population = 8;
        c.generations = 10;
        WorkerPool pool(2);
        const auto r = runNsga2(zdtLike(), c, pool, &control);
        QVERIFY(!points.empty());
        QCOMPARE(progress.size(), size_t{10}); // one per generation
        QCOMPARE(progress.back().fraction, 1.0);
        QCOMPARE(progress.back().evaluations, r.evaluations);
        // Every front point was announced when it entered the archive.
        for (const auto &f : r.front) {
            bool announced = false;
            for (const auto &p : points)
                announced = announced || p.objectives == f.objectives;
            QVERIFY(announced);
        }
    }

    void cancelIsPromptAndLeavesNoThread()
    {
        // 100 start/cancel cycles of a search whose evaluations take 2 ms: cancel must return
        // (thread joined) within 100 ms, and the thread count must come back to where it was.
        const int before = threadsNow();
        auto problem = zdtLike();
        auto plain = problem.evaluate;
        problem.evaluate = [plain](const std::vector<int> &g) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            return plain(g);
        };
        double worstMs = 0;
        for (int cycle = 0; cycle < 100; ++cycle) {
            SearchJob job;
            Nsga2Result result;
            job.start([&](SearchControl &control) {
                WorkerPool pool(2);
                Nsga2Config c;
                c.population = 16;
                c.generations = 1000000;
                c.seed = uint64_t(cycle);
                result = runNsga2(problem, c, pool, &control);
            });
            std::this_thread::sleep_for(std::chrono::microseconds(200 * (cycle % 10)));
            const auto t0 = std::chrono::steady_clock::now();
            job.cancel();
            job.wait();
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            worstMs = std::max(worstMs, ms);
            QVERIFY(result.stopped);
        }
        QVERIFY2(worstMs < fuselab::testing::budgetMs(100), qPrintable(QStringLiteral("worst cancel %1 ms").arg(worstMs)));
        QTRY_COMPARE_WITH_TIMEOUT(threadsNow(), before, 2000); // /proc may lag join() briefly
    }

    void timeLimitStops()
    {
        SearchControl control;
        control.setTimeLimit(0.05);
        auto problem = zdtLike();
        auto plain = problem.evaluate;
        problem.evaluate = [plain](const std::vector<int> &g) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return plain(g);
        };
        Nsga2Config c;
        c.generations = 1000000;
        WorkerPool pool(2);
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = runNsga2(problem, c, pool, &control);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        QVERIFY(r.stopped);
        QVERIFY(s < 0.5);
        QVERIFY(!r.front.empty()); // what it found before the limit is returned
    }
};

QTEST_GUILESS_MAIN(TestNsga2)
#include "tst_nsga2.moc"
