// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps: a spec parsed with its errors naming the file and field; a grid run whole equals the
// same grid run as two shards and merged; resuming skips stored points; merge refuses duplicates.
#include "io/sweep_store.h"
#include "search/sweep.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>

using namespace fuselab;

namespace {

// Two tiny workloads × one accelerator × two objectives = 4 points.
std::string tinySpec()
{
    return std::string("workloads: [lenet5, mlp]\nhardware: [") + FUSELAB_SOURCE_DIR +
           "/examples/hardware/tpu_single_core.yaml]\nobjectives: [latency, energy]\ngenerations: 1\npopulation: 4\n";
}

// Every stored column except the wall time, which differs between runs.
void compareRows(const std::vector<SweepRow> &a, const std::vector<SweepRow> &b)
{
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].workload, b[i].workload);
        QCOMPARE(a[i].hardware, b[i].hardware);
        QCOMPARE(a[i].objective, b[i].objective);
        QCOMPARE(a[i].origin, b[i].origin);
        QVERIFY(a[i].best == b[i].best);
        QVERIFY(a[i].baselines == b[i].baselines);
        QCOMPARE(a[i].planYaml, b[i].planYaml);
    }
}

void expectError(const std::string &text, const std::string &field)
{
    try {
        parseSweepSpec(text, "spec.yaml");
        QFAIL(("no error for field " + field).c_str());
    } catch (const InputError &e) {
        QCOMPARE(e.file(), std::string("spec.yaml"));
        QVERIFY2(e.field() == field, (std::string(e.what()) + " / expected field " + field).c_str());
    }
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void specGridOrderAndResolvedPaths()
    {
        const SweepSpec s = parseSweepSpec(
            "workloads: [lenet5, nets/a.onnx]\nhardware: [hw/x.yaml]\nobjectives: [edp, dram]\nseed: 7\n",
            "/tmp/sweeps/spec.yaml");
        QCOMPARE(s.workloads.at(1), std::string("/tmp/sweeps/nets/a.onnx"));
        QCOMPARE(s.hardwarePaths.at(0), std::string("/tmp/sweeps/hw/x.yaml"));
        QCOMPARE(s.seed, uint64_t(7));
        const auto pts = sweepPoints(s);
        QCOMPARE(pts.size(), size_t(4)); // 2 workloads x 1 hardware x 2 objectives
        QVERIFY(pts[1].objective == Objective::Dram);
        QCOMPARE(pts[2].workload, std::string("/tmp/sweeps/nets/a.onnx"));
    }

    void badSpecNamesFileAndField()
    {
        expectError("hardware: [a.yaml]\nobjectives: [latency]\n", "workloads");
        expectError("workloads: []\nhardware: [a.yaml]\nobjectives: [latency]\n", "workloads");
        expectError("workloads: [mlp]\nhardware: [a.yaml]\nobjectives: [latency, speed]\n", "objectives[1]");
        expectError("workloads: [mlp]\nhardware: [a.yaml]\nobjectives: [latency]\ngenerations: -3\n", "generations");
        expectError("workloads: [mlp]\nhardware: [a.yaml]\nobjectives: [latency]\nthreads: 3\n", "threads");
    }

    // Issue 13: a sweep spec's input_shapes give an ONNX workload's symbolic dims, keyed like
    // `workloads` (paths resolved against the spec); a key that is no workload, a bad dim or a
    // non-list is refused naming the field.
    void inputShapesPerWorkload()
    {
        const SweepSpec s = parseSweepSpec("workloads: [nets/a.onnx]\nhardware: [hw/x.yaml]\nobjectives: [edp]\n"
                                           "input_shapes: {nets/a.onnx: {x: [1, 3, 224, 224], len: [1]}}\n",
                                           "/tmp/sweeps/spec.yaml");
        const auto &shapes = s.inputShapes.at("/tmp/sweeps/nets/a.onnx");
        QCOMPARE(shapes.at("x"), (std::vector<int64_t>{1, 3, 224, 224}));
        QCOMPARE(shapes.at("len"), (std::vector<int64_t>{1}));
        const std::string base = "workloads: [a.onnx]\nhardware: [h.yaml]\nobjectives: [edp]\n";
        expectError(base + "input_shapes: {b.onnx: {x: [1]}}\n", "input_shapes.b.onnx");
        expectError(base + "input_shapes: {a.onnx: {x: [1, 0]}}\n", "input_shapes.a.onnx.x");
        expectError(base + "input_shapes: {a.onnx: {x: 3}}\n", "input_shapes.a.onnx.x");
    }

    void shardsMergedEqualWholeRun()
    {
        QTemporaryDir dir;
        const SweepSpec spec = parseSweepSpec(tinySpec(), "tiny.yaml");
        const std::string whole = dir.filePath(QStringLiteral("whole.sqlite")).toStdString();
        const auto st = runSweep(spec, whole, 0, 1, 2, nullptr);
        QCOMPARE(st.ran, 4);
        const std::string s0 = dir.filePath(QStringLiteral("s0.sqlite")).toStdString();
        const std::string s1 = dir.filePath(QStringLiteral("s1.sqlite")).toStdString();
        QCOMPARE(runSweep(spec, s0, 0, 2, 1, nullptr).ran, 2); // points 0 and 2
        QCOMPARE(runSweep(spec, s1, 1, 2, 1, nullptr).ran, 2); // points 1 and 3
        QCOMPARE(SweepStore(s0).rows().size(), size_t(2));
        const std::string merged = dir.filePath(QStringLiteral("merged.sqlite")).toStdString();
        QCOMPARE(mergeSweepFiles(merged, {s0, s1}), 4);
        const auto rows = SweepStore(whole).rows();
        compareRows(SweepStore(merged).rows(), rows);
        // Independent checks of the stored values: lbl is always a stored baseline, and the best
        // plan for the latency objective is never slower than layer-by-layer.
        for (const auto &r : rows) {
            QVERIFY(!r.planYaml.empty());
            QCOMPARE(r.baselines.at(0).first, std::string("lbl"));
            if (r.objective == "latency")
                QVERIFY(r.best.latencyCycles <= r.baselines.at(0).second.latencyCycles);
            QVERIFY(std::abs(r.best.edp - r.best.energyPj * double(r.best.latencyCycles)) <= 1e-6 * r.best.edp);
        }

        // Re-running skips everything already stored.
        const auto again = runSweep(spec, whole, 0, 1, 2, nullptr);
        QCOMPARE(again.ran, 0);
        QCOMPARE(again.skipped, 4);

        // Merging a shard twice is refused, naming the file, and leaves the output unchanged.
        try {
            mergeSweepFiles(merged, {s0});
            QFAIL("duplicate merge accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), s0);
            QVERIFY(std::string(e.what()).find("duplicate") != std::string::npos);
        }
        QCOMPARE(SweepStore(merged).rows().size(), size_t(4));
    }

    void otherSchemaRefused()
    {
        QTemporaryDir dir;
        const std::string bad = dir.filePath(QStringLiteral("bad.sqlite")).toStdString();
        // A file whose sweep_points table has other columns (made with the sqlite3 shell).
        const std::string make = "sqlite3 '" + bad + "' 'CREATE TABLE sweep_points (workload TEXT)' 2>/dev/null";
        if (std::system(make.c_str()) != 0 || !QFile::exists(QString::fromStdString(bad)))
            QSKIP("the sqlite3 shell is not available");
        try {
            SweepStore s(bad);
            QFAIL("another schema accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), bad);
            QCOMPARE(e.field(), std::string("sweep_points"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
