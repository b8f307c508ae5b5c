// SPDX-License-Identifier: GPL-3.0-or-later
// Explorer on real networks: beats layer by layer on EDP on the quad core, joint pin+fuse is
// never worse than fuse-only, every returned plan passes the validators, same seed ⇒ same
// result at 1 and 2 threads, the Pareto front is non-dominated, cancel is prompt.
#include "io/hardware_yaml.h"
#include "plan/plan_validate.h"
#include "schedule/validator.h"
#include "search/explorer.h"
#include "search/pareto.h"
#include "search/search_job.h"
#include "support/timing_budget.h"
#include "workload/zoo.h"

#include <QTest>

#include <chrono>

using namespace fuselab;

namespace {
Accelerator hardware(const char *file)
{
    return loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/" + file);
}

const EvaluatedPlan *baseline(const ExploreResult &r, const std::string &name)
{
    for (const auto &[n, b] : r.baselines)
        if (n == name)
            return &b;
    return nullptr;
}

// Independent check: schedule again with events and run both validators.
bool passesValidators(const Workload &w, const Accelerator &acc, const Plan &p)
{
    if (!validatePlan(p, w, acc).empty())
        return false;
    return validateSchedule(schedule(w, acc, p), acc).empty();
}

ExploreOptions small(Objective o, int threads)
{
    ExploreOptions opt;
    opt.objective = o;
    opt.threads = threads;
    opt.generations = 8;
    opt.population = 12;
    opt.seed = 7;
    return opt;
}
} // namespace

class TestExplorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resnet18QuadCoreBeatsLayerByLayerOnEdp()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = hardware("quad_core.yaml");
        const ExploreResult r = explore(w, acc, small(Objective::Edp, 2));
        const EvaluatedPlan *lbl = baseline(r, "lbl");
        QVERIFY(lbl);
        const double best = objectiveValue(r.best.totals, Objective::Edp);
        const double ref = objectiveValue(lbl->totals, Objective::Edp);
        qInfo("EDP: search %.4g (%s), lbl %.4g, ratio %.2f", best, r.best.origin.c_str(), ref, ref / best);
        QVERIFY(best < ref);
        // The best plan's totals are what the scheduler says for it.
        QCOMPARE(schedule(w, acc, r.best.plan).totals.latencyCycles, r.best.totals.latencyCycles);
        QVERIFY(validateSchedule(r.bestSchedule, acc).empty());
        // All five baselines are there and every returned plan passes the validators.
        for (const char *name : {"lbl", "fused", "fuse_only", "pin_only", "access_based"})
            QVERIFY2(baseline(r, name), name);
        QVERIFY(passesValidators(w, acc, r.best.plan));
        for (const auto &[name, b] : r.baselines)
            QVERIFY2(passesValidators(w, acc, b.plan), name.c_str());
        QVERIFY(r.stats.planEvaluations > 0 && r.stats.groupEvaluations > 0);
        QVERIFY(r.stats.generations == 8);
        // The phase times partition the wall time, and every phase ran (this search has all five).
        double phases = 0;
        for (double t : r.stats.phaseSeconds) {
            QVERIFY(t > 0);
            phases += t;
        }
        QVERIFY2(phases <= r.stats.wallSeconds * 1.0001, qPrintable(QString::number(phases)));
        QVERIFY(phases >= r.stats.wallSeconds * 0.9);
    }

    void jointPinFuseNeverWorseThanFuseOnly_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("hw");
        QTest::addColumn<int>("objective");
        QTest::newRow("mobilenetv2 quad dram") << "mobilenetv2"
                                               << "quad_core.yaml" << int(Objective::Dram);
        QTest::newRow("mobilenetv1 quad latency") << "mobilenetv1"
                                                  << "quad_core.yaml" << int(Objective::Latency);
        QTest::newRow("resnet18 quad energy") << "resnet18"
                                              << "quad_core.yaml" << int(Objective::Energy);
    }
    void jointPinFuseNeverWorseThanFuseOnly()
    {
        QFETCH(QString, model);
        QFETCH(QString, hw);
        QFETCH(int, objective);
        const Workload w = *zooModel(model.toStdString());
        const Accelerator acc = hardware(hw.toLatin1().constData());
        ExploreOptions opt = small(Objective(objective), 2);
        opt.allocationSearch = false; // same allocation (and capacity) for both
        const ExploreResult r = explore(w, acc, opt);
        const EvaluatedPlan *fuseOnly = baseline(r, "fuse_only");
        QVERIFY(fuseOnly);
        QVERIFY(fuseOnly->plan.pins.empty());
        const double joint = objectiveValue(r.best.totals, opt.objective);
        const double fuse = objectiveValue(fuseOnly->totals, opt.objective);
        qInfo("%s: joint %.4g (%zu pins, %s) vs fuse-only %.4g", qPrintable(model), joint,
              r.best.plan.pins.size(), r.best.origin.c_str(), fuse);
        QVERIFY(joint <= fuse);
        QVERIFY(passesValidators(w, acc, r.best.plan));
    }

    void sameSeedSameResultAtOneAndTwoThreads()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = hardware("quad_core.yaml");
        ExploreOptions opt = small(Objective::Latency, 1);
        opt.pareto = {Objective::Latency, Objective::Energy};
        const ExploreResult one = explore(w, acc, opt);
        opt.threads = 2;
        const ExploreResult two = explore(w, acc, opt);
        QCOMPARE(two.best.plan, one.best.plan);
        QCOMPARE(two.pareto.size(), one.pareto.size());
        for (size_t i = 0; i < one.pareto.size(); ++i)
            QCOMPARE(two.pareto[i].plan, one.pareto[i].plan);
        QCOMPARE(two.stats.planEvaluations, one.stats.planEvaluations);
        QCOMPARE(one.stats.threads, 1);
        QCOMPARE(two.stats.threads, 2);
        // The Pareto front is non-dominated in (latency, energy) and every point validates.
        QVERIFY(!one.pareto.empty());
        for (const auto &a : one.pareto) {
            const Objectives oa{double(a.totals.latencyCycles), a.totals.energyPj};
            for (const auto &b : one.pareto)
                QVERIFY(!dominates({double(b.totals.latencyCycles), b.totals.energyPj}, oa));
            QVERIFY(passesValidators(w, acc, a.plan));
        }
    }

    void cancelReturnsPromptlyWithABestPlan()
    {
        const Workload w = *zooModel("resnet18");
        const Accelerator acc = hardware("quad_core.yaml");
        for (int cycle = 0; cycle < 5; ++cycle) {
            SearchJob job;
            ExploreResult r;
            ExploreOptions opt = small(Objective::Edp, 2);
            opt.generations = 100000;
            job.start([&](SearchControl &c) { r = explore(w, acc, opt, &c); });
            std::this_thread::sleep_for(std::chrono::milliseconds(50 + 40 * cycle));
            const auto t0 = std::chrono::steady_clock::now();
            job.cancel();
            job.wait();
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            QVERIFY(r.stats.stopped);
            // The final validation of the returned plans is included in this time.
            QVERIFY2(ms < fuselab::testing::budgetMs(100), qPrintable(QString::number(ms)));
            QVERIFY(passesValidators(w, acc, r.best.plan));
        }
    }
};

QTEST_GUILESS_MAIN(TestExplorer)
#include "tst_explorer.moc"
