// SPDX-License-Identifier: GPL-3.0-or-later
// Whole networks with the real cost models: the classic fused-layer check on the first five
// VGG16 convs (Alwani et al., MICRO 2016) and ResNet-18 on Stream's tpu_like_quad_core with
// its mapping. Every schedule passes the validator.
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/plan_validate.h"
#include "plan/stream_mapping.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "support/peers.h"
#include "support/sched_fixtures.h"

#include <QTest>

#include <thread>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
int64_t featureMapBytes(const Schedule &s)
{
    int64_t b = 0;
    for (const auto &e : s.events)
        if ((e.kind == EventKind::DramRead && !e.weights) || e.kind == EventKind::DramWrite ||
            e.kind == EventKind::Spill)
            b += e.bytes;
    return b;
}

std::string shared(const std::string &rel)
{
    return peerStream(rel);
}
} // namespace

class TestScheduleNetworks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vgg16FirstFiveConvsFused()
    {
        // conv1_1, conv1_2, pool1, conv2_1, conv2_2, pool2, conv3_1 at 224×224, 8-bit.
        Workload w;
        w.name = "vgg16_head";
        TensorId t = addInput(w, "image", 3, 224, 224);
        t = addConv(w, "conv1_1", t, 64, 3, 1, 1);
        t = addConv(w, "conv1_2", t, 64, 3, 1, 1);
        t = addConv(w, "pool1", t, 64, 2, 2, 0, OpType::MaxPool);
        t = addConv(w, "conv2_1", t, 128, 3, 1, 1);
        t = addConv(w, "conv2_2", t, 128, 3, 1, 1);
        t = addConv(w, "pool2", t, 128, 2, 2, 0, OpType::MaxPool);
        addConv(w, "conv3_1", t, 256, 3, 1, 1);
        QVERIFY(w.validate().empty());
        // A 32×32 systolic core and a pooling unit sharing a 4 MiB scratchpad (it holds the
        // 555 KB of weights and the line buffers of the pyramid), DRAM behind it.
        Accelerator acc;
        acc.name = "spm";
        acc.cores.push_back(systolicCore("mac", 32, 32));
        Core pool;
        pool.name = "pool";
        pool.kind = CoreKind::Pool;
        pool.lanes = 16;
        acc.cores.push_back(pool);
        acc.memories.push_back(privateMemory("spm", "", 4 << 20, 256));
        acc.links.push_back(link("bus", {"mac", "pool", "spm"}, 256, 1));
        acc.links.push_back(link("offchip", {"spm", "dram"}, 16, 1));
        QVERIFY(acc.validate().empty());

        const Plan fused = fusedPlan(w, acc);
        QCOMPARE(fused.groups.size(), size_t(1)); // the whole pyramid is one stack
        QVERIFY(validatePlan(fused, w, acc).empty());
        const Schedule f = schedule(w, acc, fused);
        QCOMPARE(validateSchedule(f, acc), std::string());
        // Fused: only the image (3·224·224 = 150528 B) comes in and conv3_1's output
        // (256·56·56 = 802816 B) goes out.
        QCOMPARE(featureMapBytes(f), int64_t(150528 + 802816));

        const Plan lbl = layerByLayerPlan(w, acc);
        const Schedule l = schedule(w, acc, lbl);
        QCOMPARE(validateSchedule(l, acc), std::string());
        // Layer by layer every tensor goes out and comes back:
        //   inputs  150528 + 3211264 + 3211264 + 802816 + 1605632 + 1605632 + 401408 = 10988544
        //   outputs 3211264 + 3211264 + 802816 + 1605632 + 1605632 + 401408 + 802816 = 11640832
        QCOMPARE(featureMapBytes(l), int64_t(10988544 + 11640832));
        // ≥ 90 % less feature-map traffic (here 95.8 %, the paper's "~95 %").
        QVERIFY(featureMapBytes(f) * 10 <= featureMapBytes(l));
        QCOMPARE(f.totals.extraRecomputeMacs, int64_t(0));
        QCOMPARE(f.totals.spillEvents, 0);
    }

    void resnet18OnStreamQuadCore()
    {
        FUSELAB_REQUIRE_PEERS(); // tst_stream_fixtures schedules on the project's own Stream files
        const Workload w = loadWorkload(shared("workload/resnet18.onnx"));
        const Accelerator acc = loadHardware(shared("hardware/tpu_like_quad_core.yaml"));
        const MappingConstraints m = importStreamMapping(shared("mapping/tpu_like_quad_core.yaml"), w, acc,
                                                           MappingSemantics::FuseLab);
        PlanOptions o;
        o.mapping = &m;
        const Plan lbl = layerByLayerPlan(w, acc, o);
        const Plan fused = fusedPlan(w, acc, o);
        for (const Plan *p : {&lbl, &fused}) {
            const auto errors = validatePlan(*p, w, acc);
            if (!errors.empty())
                QFAIL(errors.front().c_str());
        }
        // Stream's mapping in FuseLab's reading: convs split on K over cores 0-3, pools on core 4, adds on core 5.
        for (LayerId l = 0; l < static_cast<int>(w.layers.size()); ++l) {
            if (w.layers[l].op == OpType::MaxPool)
                QCOMPARE(lbl.core[l], 4);
            if (w.layers[l].op == OpType::Add)
                QCOMPARE(lbl.core[l], 5);
        }
        const Schedule a = schedule(w, acc, lbl);
        const Schedule b = schedule(w, acc, fused);
        QCOMPARE(validateSchedule(a, acc), std::string());
        QCOMPARE(validateSchedule(b, acc), std::string());
        QVERIFY(b.totals.dramReadBytes + b.totals.dramWriteBytes <
                a.totals.dramReadBytes + a.totals.dramWriteBytes);
        QVERIFY(featureMapBytes(b) < featureMapBytes(a));
        QCOMPARE(a.totals.macs, b.totals.macs); // cache mode: the same work
        qInfo("resnet18 on tpu_like_quad_core: lbl %lld cycles %lld DRAM B, fused %lld cycles %lld DRAM B",
              static_cast<long long>(a.totals.latencyCycles),
              static_cast<long long>(a.totals.dramReadBytes + a.totals.dramWriteBytes),
              static_cast<long long>(b.totals.latencyCycles),
              static_cast<long long>(b.totals.dramReadBytes + b.totals.dramWriteBytes));
    }

    void concurrentEvaluationsAgree()
    {
        // The search evaluates plans on worker threads: schedule() shares no mutable state.
        const Workload w = loadWorkload("resnet18");
        const Accelerator acc =
            loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        std::vector<Plan> plans;
        for (int rows : {1, 2, 4, 8}) {
            PlanOptions o;
            o.tileRows = rows;
            plans.push_back(fusedPlan(w, acc, o));
        }
        ScheduleOptions lean;
        lean.recordEvents = false;
        std::vector<int64_t> sequential, parallel(plans.size());
        for (const auto &p : plans)
            sequential.push_back(schedule(w, acc, p, lean).totals.latencyCycles);
        std::vector<std::thread> threads;
        for (size_t i = 0; i < plans.size(); ++i)
            threads.emplace_back([&, i] {
                for (int k = 0; k < 5; ++k)
                    parallel[i] = schedule(w, acc, plans[i], lean).totals.latencyCycles;
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(parallel, sequential);
    }

    void zooNetworksOnTheQuadCoreExample()
    {
        const Accelerator acc =
            loadHardware(std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml");
        for (const char *name : {"resnet18", "mobilenetv2", "vgg16", "lenet5", "mlp"}) {
            const Workload w = loadWorkload(name);
            for (const Plan &p : {layerByLayerPlan(w, acc), fusedPlan(w, acc)}) {
                const auto errors = validatePlan(p, w, acc);
                if (!errors.empty())
                    QFAIL((std::string(name) + ": " + errors.front()).c_str());
                const Schedule s = schedule(w, acc, p);
                const std::string v = validateSchedule(s, acc);
                if (!v.empty())
                    QFAIL((std::string(name) + " " + p.name + ": " + v).c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestScheduleNetworks)
#include "tst_schedule_networks.moc"
