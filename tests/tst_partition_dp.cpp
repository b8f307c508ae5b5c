// SPDX-License-Identifier: GPL-3.0-or-later
// Group-partition DP: allowed cuts on hand-made graphs, and optimality against brute force over
// every valid partition on thousands of random chains and small DAGs.
#include "search/partition_dp.h"
#include "search/search_control.h"
#include "search/worker_pool.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>

using namespace fuselab;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A layer reading `inputs` and writing a fresh 1×4×8×8 tensor; only the graph matters here.
LayerId add(Workload &w, const std::string &name, std::vector<TensorId> inputs)
{
    const TensorId out = w.addTensor({name + "_out", 1, 4, 8, 8, 8, kNone});
    Layer l;
    l.name = name;
    l.op = inputs.size() > 1 ? OpType::Add : OpType::Conv;
    l.dims = {1, 4, 4, 8, 8, 1, 1};
    l.iy = l.ix = 8;
    l.inputs = std::move(inputs);
    l.output = out;
    return w.addLayer(l);
}

std::vector<LayerId> identity(int n)
{
    std::vector<LayerId> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    return order;
}

struct Brute {
    double cost = kInf;
    std::vector<Segment> groups;
    int optimalCount = 0; // partitions within 1e-9 of the optimum
};

// Every partition whose cuts are all allowed and whose groups respect maxUnits.
Brute bruteForce(int n, const std::vector<bool> &allowed, const std::vector<std::vector<double>> &cost,
                 int maxUnits)
{
    Brute best;
    std::vector<std::pair<std::vector<Segment>, double>> all;
    for (unsigned mask = 0; mask < (1u << (n - 1)); ++mask) {
        bool ok = true;
        for (int c = 0; c + 1 < n; ++c)
            if ((mask >> c & 1) && !allowed[c])
                ok = false;
        if (!ok)
            continue;
        std::vector<Segment> groups;
        int first = 0;
        for (int c = 0; c + 1 < n; ++c)
            if (mask >> c & 1) {
                groups.push_back({first, c});
                first = c + 1;
            }
        groups.push_back({first, n - 1});
        double total = 0;
        for (const auto &g : groups) {
            int units = 1;
            for (int c = g.first; c < g.last; ++c)
                units += allowed[c] ? 1 : 0;
            if (maxUnits > 0 && units > maxUnits)
                total = kInf;
            total += cost[g.first][g.last];
        }
        all.push_back({groups, total});
        if (total < best.cost) {
            best.cost = total;
            best.groups = groups;
        }
    }
    for (const auto &[g, c] : all)
        if (std::isfinite(best.cost) && std::abs(c - best.cost) < 1e-9)
            ++best.optimalCount;
    return best;
}

// Random group costs in [1, 10), some infeasible; optionally infeasible for ever once infeasible.
std::vector<std::vector<double>> randomCosts(int n, std::mt19937 &rng, bool monotoneInfeasible)
{
    std::uniform_real_distribution<double> value(1, 10);
    std::vector<std::vector<double>> cost(n, std::vector<double>(n, kInf));
    for (int f = 0; f < n; ++f) {
        bool dead = false;
        for (int l = f; l < n; ++l) {
            dead = dead || (rng() % 100 < 12);
            cost[f][l] = dead ? kInf : value(rng);
            if (!monotoneInfeasible)
                dead = false;
        }
    }
    return cost;
}

void checkAgainstBruteForce(int n, const std::vector<bool> &allowed,
                            const std::vector<std::vector<double>> &cost, int maxUnits, bool monotone,
                            std::mt19937 &rng, WorkerPool &pool)
{
    const Brute brute = bruteForce(n, allowed, cost, maxUnits);
    // A valid lower bound: a random fraction of the true cost.
    std::vector<std::vector<double>> lb(n, std::vector<double>(n, 0));
    std::uniform_real_distribution<double> frac(0, 1);
    for (int f = 0; f < n; ++f)
        for (int l = f; l < n; ++l)
            lb[f][l] = std::isinf(cost[f][l]) ? (rng() % 2 ? kInf : 3.0) : cost[f][l] * frac(rng);

    PartitionProblem p;
    p.positions = n;
    p.cutAllowed = allowed;
    p.groupCost = [&](int f, int l) { return cost[f][l]; };
    p.maxGroupUnits = maxUnits;
    p.infeasibleStaysInfeasible = monotone;
    std::vector<PartitionResult> results;
    results.push_back(solvePartition(p));
    results.push_back(solvePartition(p, &pool));
    p.lowerBound = [&](int f, int l) { return lb[f][l]; };
    results.push_back(solvePartition(p));
    results.push_back(solvePartition(p, &pool));
    for (const auto &r : results) {
        QCOMPARE(r.feasible, std::isfinite(brute.cost));
        if (!r.feasible) {
            QVERIFY(r.groups.empty());
            continue;
        }
        QVERIFY(std::abs(r.cost - brute.cost) < 1e-9);
        // The groups really cost what the DP says, and tile 0..n-1 in order.
        double sum = 0;
        int next = 0;
        for (const auto &g : r.groups) {
            QCOMPARE(g.first, next);
            next = g.last + 1;
            sum += cost[g.first][g.last];
        }
        QCOMPARE(next, n);
        QVERIFY(std::abs(sum - r.cost) < 1e-9);
        if (brute.optimalCount == 1)
            QCOMPARE(r.groups, brute.groups);
    }
    // Serial and parallel agree exactly, with or without the bound.
    QCOMPARE(results[1].groups, results[0].groups);
    QCOMPARE(results[3].groups, results[2].groups);
}

} // namespace

class TestPartitionDp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void residualBlockIsOneUnit()
    {
        // c1 -> c2 -> c3 -> add(c3, c1) -> c5. Live tensors across each cut, by hand:
        // c1|c2 {c1}, c2|c3 {c1,c2}, c3|add {c1,c3}, add|c5 {add}.
        Workload w;
        const TensorId in = w.addTensor({"in", 1, 4, 8, 8, 8, kNone});
        const LayerId c1 = add(w, "c1", {in});
        const LayerId c2 = add(w, "c2", {w.layers[c1].output});
        const LayerId c3 = add(w, "c3", {w.layers[c2].output});
        const LayerId sum = add(w, "add", {w.layers[c3].output, w.layers[c1].output});
        add(w, "c5", {w.layers[sum].output});
        const auto cuts = allowedCuts(w, identity(5));
        QCOMPARE(cuts, (std::vector<bool>{true, false, false, true}));
        QCOMPARE(cutUnits(cuts), (std::vector<Segment>{{0, 0}, {1, 3}, {4, 4}}));
    }

    void parallelBranchesAreOneUnit()
    {
        // a -> (b1, b2) -> concat -> d; the graph input feeds a and b2 directly (graph inputs
        // come from DRAM, so they never block a cut): a|b1 {a}, b1|b2 {a,b1}, b2|cat {b1,b2}, cat|d {cat}.
        Workload w;
        const TensorId in = w.addTensor({"in", 1, 4, 8, 8, 8, kNone});
        const LayerId a = add(w, "a", {in});
        const LayerId b1 = add(w, "b1", {w.layers[a].output});
        const LayerId b2 = add(w, "b2", {w.layers[a].output, in});
        const LayerId cat = add(w, "cat", {w.layers[b1].output, w.layers[b2].output});
        add(w, "d", {w.layers[cat].output});
        QCOMPARE(allowedCuts(w, identity(5)), (std::vector<bool>{true, false, false, true}));
        // A non-topological order is refused.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, allowedCuts(w, {1, 0, 2, 3, 4}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, allowedCuts(w, {0, 1, 2}));
    }

    void randomChainsMatchBruteForce()
    {
        std::mt19937 rng(1234);
        WorkerPool pool(2);
        for (int trial = 0; trial < 3000; ++trial) {
            const int n = 1 + static_cast<int>(rng() % 8);
            std::vector<bool> allowed(n - 1);
            const bool allCuts = trial % 3 == 0; // a plain chain
            for (int c = 0; c + 1 < n; ++c)
                allowed[c] = allCuts || rng() % 4 != 0;
            const bool monotone = trial % 2 == 1;
            const auto cost = randomCosts(n, rng, monotone);
            const int maxUnits = trial % 5 == 0 ? 1 + static_cast<int>(rng() % 3) : 0;
            checkAgainstBruteForce(n, allowed, cost, maxUnits, monotone, rng, pool);
            if (QTest::currentTestFailed()) {
                qWarning("trial %d", trial);
                return;
            }
        }
    }

    void randomDagsMatchBruteForce()
    {
        // Random DAGs of up to 8 layers: each layer reads 1 or 2 earlier outputs (or the input).
        std::mt19937 rng(99);
        WorkerPool pool(2);
        int restricted = 0;
        for (int trial = 0; trial < 2000; ++trial) {
            const int n = 1 + static_cast<int>(rng() % 8);
            Workload w;
            const TensorId in = w.addTensor({"in", 1, 4, 8, 8, 8, kNone});
            for (int i = 0; i < n; ++i) {
                std::vector<TensorId> inputs;
                const int fanIn = i > 0 && rng() % 3 == 0 ? 2 : 1;
                for (int k = 0; k < fanIn; ++k) {
                    // Mostly the previous layer, sometimes an older one (a skip) or the input.
                    const int back = rng() % 4 == 0 ? static_cast<int>(rng() % (i + 1)) + 1 : 1;
                    const int src = i - back;
                    const TensorId t = src < 0 ? in : w.layers[src].output;
                    if (std::find(inputs.begin(), inputs.end(), t) == inputs.end())
                        inputs.push_back(t);
                }
                add(w, "l" + std::to_string(i), inputs);
            }
            const auto order = w.topologicalOrder();
            const auto allowed = allowedCuts(w, order);
            // Independent check of the rule: count, for each cut, the produced tensors with a
            // consumer on the far side, by direct enumeration.
            std::vector<int> pos(n);
            for (int i = 0; i < n; ++i)
                pos[order[i]] = i;
            for (int c = 0; c + 1 < n; ++c) {
                int live = 0;
                for (const auto &t : w.tensors) {
                    if (t.producer == kNone || pos[t.producer] > c)
                        continue;
                    bool crosses = false;
                    for (const auto &l : w.layers)
                        for (TensorId x : l.inputs)
                            if (&w.tensors[x] == &t && pos[w.layerIndex(l.name)] > c)
                                crosses = true;
                    live += crosses ? 1 : 0;
                }
                QCOMPARE(bool(allowed[c]), live <= 1);
                restricted += live > 1 ? 1 : 0;
            }
            const auto cost = randomCosts(n, rng, false);
            checkAgainstBruteForce(n, allowed, cost, 0, false, rng, pool);
            if (QTest::currentTestFailed()) {
                qWarning("trial %d", trial);
                return;
            }
        }
        QVERIFY(restricted > 100); // the generator really produced multi-tensor cuts
    }

    void exactBoundPrunesEveryLosingCandidate()
    {
        // Chain of 6, cost = 1 + size²: singletons are optimal (6). With lowerBound = cost the
        // DP may only evaluate a group when it can strictly win, so it evaluates few.
        PartitionProblem p;
        p.positions = 6;
        p.cutAllowed = std::vector<bool>(5, true);
        p.groupCost = [](int f, int l) { return 1.0 + double((l - f + 1) * (l - f + 1)); };
        const auto plain = solvePartition(p);
        QCOMPARE(plain.cost, 12.0);                   // 6 groups × (1 + 1)
        QCOMPARE(plain.costEvaluations, int64_t{21}); // all 6·7/2 groups
        p.lowerBound = p.groupCost;
        const auto pruned = solvePartition(p);
        QCOMPARE(pruned.cost, 12.0);
        QCOMPARE(pruned.groups, plain.groups);
        QVERIFY(pruned.pruned > 0);
        QVERIFY(pruned.costEvaluations < 21);
    }

    void infeasibleAndCancelled()
    {
        PartitionProblem p;
        p.positions = 4;
        p.cutAllowed = {true, false, true};
        p.groupCost = [](int, int) { return kInf; };
        const auto r = solvePartition(p);
        QVERIFY(!r.feasible);
        QVERIFY(r.groups.empty());
        p.groupCost = [](int, int) { return 1.0; };
        SearchControl control;
        control.cancel();
        QVERIFY(solvePartition(p, nullptr, &control).stopped);
        WorkerPool pool(2);
        QVERIFY(solvePartition(p, &pool, &control).stopped);
        const auto ok = solvePartition(p, &pool);
        QCOMPARE(ok.cost, 1.0); // a single group (cost 1) beats any split
        QCOMPARE(ok.groups, (std::vector<Segment>{{0, 3}}));
    }
};

QTEST_GUILESS_MAIN(TestPartitionDp)
#include "tst_partition_dp.moc"
