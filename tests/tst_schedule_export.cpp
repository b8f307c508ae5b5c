// SPDX-License-Identifier: GPL-3.0-or-later
// Exports of a schedule (Perfetto trace, CSV, JSON summary) and the `fuselab-cli schedule`
// command end to end.
#include "io/hardware_yaml.h"
#include "io/schedule_export.h"
#include "io/workload_loader.h"
#include "plan/plan_generators.h"
#include "plan/plan_yaml.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "support/peers.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace fuselab;

namespace {
const std::string kQuad = std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/quad_core.yaml";

struct Run {
    int code = -1;
    std::string out, err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"), args);
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

class TestScheduleExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void traceLoadsAndTracksDoNotOverlap()
    {
        const Workload w = loadWorkload("resnet18");
        const Accelerator acc = loadHardware(kQuad);
        const Plan p = fusedPlan(w, acc);
        const Schedule s = schedule(w, acc, p);
        std::ostringstream os;
        writeChromeTrace(os, s, w, acc);
        const auto j = nlohmann::json::parse(os.str()); // valid JSON
        QVERIFY(j["otherData"]["clock_mhz"].get<double>() == acc.clockMHz);
        std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> tracks;
        std::map<std::pair<int, int>, std::string> names;
        int counters = 0, flowsStart = 0, flowsEnd = 0, computes = 0;
        double computeEnergy = 0; // Σ energy_pj of compute slices (each CN once)
        for (const auto &e : j["traceEvents"]) {
            const std::string ph = e["ph"];
            if (ph == "X") {
                QVERIFY(e["dur"].get<double>() > 0);
                tracks[{e["pid"], e["tid"]}].push_back(
                    {e["ts"].get<double>(), e["ts"].get<double>() + e["dur"].get<double>()});
                computes += e["cat"] == "compute";
                if (e["cat"] == "compute")
                    computeEnergy += e["args"]["energy_pj"].get<double>();
            } else if (ph == "M" && e["name"] == "thread_name") {
                names[{e["pid"], e["tid"]}] = e["args"]["name"];
            } else if (ph == "C") {
                ++counters;
                QVERIFY(e["args"].contains("bytes"));
            } else if (ph == "s") {
                ++flowsStart;
            } else if (ph == "f") {
                ++flowsEnd;
                QCOMPARE(std::string(e["bp"]), std::string("e"));
            }
        }
        QCOMPARE(
            computes, s.totals.cnCount - [&] {
                int loads = 0;
                for (const auto &c : s.cns)
                    loads += c.load;
                return loads;
            }());
        double expected = 0; // the recorded energies of the compute events, all non-zero
        for (const ScheduleEvent &e : s.events)
            if (e.kind == EventKind::Compute && e.end > e.start) {
                QVERIFY(e.energy.total() > 0);
                expected += e.energy.total();
            }
        QVERIFY(std::abs(computeEnergy - expected) <= 1e-9 * expected);
        QVERIFY(counters > 0);
        QVERIFY(flowsStart > 0);
        QCOMPARE(flowsStart, flowsEnd);
        for (auto &[track, spans] : tracks) {
            QVERIFY2(names.count(track), "every track has a thread_name");
            std::sort(spans.begin(), spans.end());
            for (size_t i = 1; i < spans.size(); ++i)
                QVERIFY2(spans[i].first >= spans[i - 1].second - 1e-9, names[track].c_str());
        }
        const std::pair<int, int> firstCore{1, 0};
        QCOMPARE(names[firstCore], std::string("tpu0"));
    }

    void csvHasOneRowPerEvent()
    {
        const Workload w = loadWorkload("lenet5");
        const Accelerator acc = loadHardware(kQuad);
        const Schedule s = schedule(w, acc, layerByLayerPlan(w, acc));
        std::ostringstream os;
        writeEventsCsv(os, s, w, acc);
        std::istringstream in(os.str());
        std::string line;
        std::getline(in, line);
        QCOMPARE(line,
                 std::string("kind,resource,start_cycle,end_cycle,bytes,layer,cn,producer_cn,tile,src_memory,"
                             "dst_memory,weights,spill_read,energy_pj"));
        size_t rows = 0;
        double energy = 0; // the last column: each event's energy, adding up to the total
        while (std::getline(in, line)) {
            ++rows;
            energy += std::stod(line.substr(line.rfind(',') + 1));
        }
        QCOMPARE(rows, s.events.size());
        QVERIFY(s.totals.energyPj > 0);
        QVERIFY(std::abs(energy - s.totals.energyPj) <= 1e-9 * s.totals.energyPj);
    }

    void cliScheduleSummaryAndValidation()
    {
        QTemporaryDir dir;
        const std::string trace = dir.filePath(QStringLiteral("t.json")).toStdString();
        const std::string csv = dir.filePath(QStringLiteral("e.csv")).toStdString();
        const std::string plan = dir.filePath(QStringLiteral("p.yaml")).toStdString();
        Run r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                     QStringLiteral("--hw"), q(kQuad), QStringLiteral("--mode"), QStringLiteral("fused"),
                     QStringLiteral("--validate"), QStringLiteral("--json"), QStringLiteral("-"),
                     QStringLiteral("--trace"), q(trace), QStringLiteral("--csv"), q(csv),
                     QStringLiteral("--save-plan"), q(plan)});
        QVERIFY2(r.code == 0, r.err.c_str());
        const auto j = nlohmann::json::parse(r.out);
        for (const char *key :
             {"latency_cycles", "latency_s", "energy_pj", "energy_breakdown", "edp", "dram_read_bytes",
              "dram_write_bytes", "link_bytes", "core_utilization", "peak_memory_bytes", "cn_count", "plan"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(j["energy_breakdown"].contains("mac") && j["energy_breakdown"].contains("dram"));
        QVERIFY(j["peak_memory_bytes"].contains("tpu0.sram"));
        QVERIFY(j["cn_count"].get<int>() > 100);
        QVERIFY(std::ifstream(trace).good() && std::ifstream(csv).good());

        // The saved plan schedules to the same result.
        Run again = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                         QStringLiteral("--hw"), q(kQuad), QStringLiteral("--plan"), q(plan),
                         QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(again.code == 0, again.err.c_str());
        QCOMPARE(nlohmann::json::parse(again.out)["latency_cycles"].get<int64_t>(),
                 j["latency_cycles"].get<int64_t>());

        // A bad plan: exit 1 naming the file and the reason.
        {
            std::ofstream bad(plan);
            bad << "fuselab_plan: 1\ngroups:\n  - layers: [conv1, conv1]\n";
        }
        Run b = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                     QStringLiteral("--hw"), q(kQuad), QStringLiteral("--plan"), q(plan)});
        QCOMPARE(b.code, 1);
        QVERIFY2(b.err.find("p.yaml") != std::string::npos &&
                     b.err.find("in two groups") != std::string::npos,
                 b.err.c_str());
        // Bad arguments: exit 2.
        Run u = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                     QStringLiteral("--hw"), q(kQuad), QStringLiteral("--mode"), QStringLiteral("sideways")});
        QCOMPARE(u.code, 2);
        QVERIFY(u.err.find("--mode") != std::string::npos);
    }

    void cliStreamMapping()
    {
        // The project's own Stream-format files: workload YAML, accelerator, mapping.
        const std::string s = std::string(FUSELAB_SOURCE_DIR) + "/tests/fixtures/stream/";
        for (const char *mode : {"lbl", "fused"}) {
            Run r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"),
                         q(s + "workload/tiny_resnet.yaml"), QStringLiteral("--hw"),
                         q(s + "hardware/tiny_quad.yaml"), QStringLiteral("--mapping"),
                         q(s + "mapping/tiny_quad.yaml"), QStringLiteral("--mode"), QLatin1String(mode),
                         QStringLiteral("--validate")});
            QVERIFY2(r.code == 0, r.err.c_str());
            QVERIFY(r.out.find("validation      ok") != std::string::npos);
        }
    }

    void cliStreamMappingOnPeerFiles()
    {
        FUSELAB_REQUIRE_PEERS();
        const std::string s = fuselab::testing::peerStream();
        for (const char *mode : {"lbl", "fused"}) {
            Run r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"),
                         q(s + "workload/resnet18.onnx"), QStringLiteral("--hw"),
                         q(s + "hardware/tpu_like_quad_core.yaml"), QStringLiteral("--mapping"),
                         q(s + "mapping/tpu_like_quad_core.yaml"), QStringLiteral("--mode"),
                         QLatin1String(mode), QStringLiteral("--validate")});
            QVERIFY2(r.code == 0, r.err.c_str());
            QVERIFY(r.out.find("validation      ok") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestScheduleExport)
#include "tst_schedule_export.moc"
