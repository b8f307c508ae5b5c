// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli explore end to end: JSON keys and baselines, the written plan schedules and
// validates, bad arguments exit 2, SIGINT stops cleanly and still writes the best plan,
// --project/--run stores the best plan's run with the explored points, and --max-cns below
// every baseline exits 1 at once.
#include "io/hardware_yaml.h"
#include "plan/plan_validate.h"
#include "project/project_file.h"
#include "workload/zoo.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
const QString kCli = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli");
const QString kQuad = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");

struct Result {
    int code = -1;
    QByteArray out, err;
};

Result cli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
} // namespace

class TestCliExplore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonHasSummaryBaselinesParetoAndStatistics()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("best.yaml"));
        const Result r =
            cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                 QStringLiteral("--hw"), kQuad, QStringLiteral("--objective"), QStringLiteral("edp"),
                 QStringLiteral("--pareto"), QStringLiteral("latency,energy"), QStringLiteral("--threads"),
                 QStringLiteral("2"), QStringLiteral("--generations"), QStringLiteral("5"),
                 QStringLiteral("--population"), QStringLiteral("8"), QStringLiteral("--json"),
                 QStringLiteral("-"), QStringLiteral("--plan-out"), plan});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        // The schedule --json keys for the best point.
        for (const char *key :
             {"latency_cycles", "energy_pj", "edp", "dram_read_bytes", "dram_write_bytes", "plan"})
            QVERIFY2(doc.contains(QLatin1String(key)), key);
        const QJsonObject baselines = doc.value(QStringLiteral("baselines")).toObject();
        for (const char *name : {"lbl", "fused", "fuse_only", "pin_only", "access_based"}) {
            QVERIFY2(baselines.contains(QLatin1String(name)), name);
            QVERIFY(
                baselines.value(QLatin1String(name)).toObject().contains(QStringLiteral("latency_cycles")));
        }
        // The best plan is at least as good on EDP as every baseline (they are candidates too).
        const double best = doc.value(QStringLiteral("edp")).toDouble();
        for (const auto &b : baselines)
            QVERIFY(best <= b.toObject().value(QStringLiteral("edp")).toDouble() * (1 + 1e-12));
        QVERIFY(!doc.value(QStringLiteral("pareto")).toArray().isEmpty());
        const QJsonObject search = doc.value(QStringLiteral("search")).toObject();
        QCOMPARE(search.value(QStringLiteral("threads")).toInt(), 2);
        QVERIFY(search.value(QStringLiteral("evaluations")).toInt() > 0);
        QVERIFY(search.contains(QStringLiteral("wall_s")));
        // The written plan schedules and passes the validator.
        const Result s =
            cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                 QStringLiteral("--hw"), kQuad, QStringLiteral("--plan"), plan, QStringLiteral("--validate"),
                 QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(s.code == 0, s.err.constData());
        QCOMPARE(QJsonDocument::fromJson(s.out).object().value(QStringLiteral("latency_cycles")).toDouble(),
                 doc.value(QStringLiteral("latency_cycles")).toDouble());
    }

    // Regression: on the TPU example (outputs in a 64 KiB accumulator) lbl and pin_only used to
    // be missing from the JSON without a word; every baseline is there now, and the JSON has a
    // (here empty) object naming any baseline that could not be built, with the reason.
    void tpuJsonHasEveryBaseline()
    {
        const Result r = cli({QStringLiteral("explore"), QStringLiteral("--workload"),
                              QStringLiteral("resnet18"), QStringLiteral("--hw"),
                              QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/tpu_single_core.yaml"),
                              QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--json"),
                              QStringLiteral("-")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        const QJsonObject baselines = doc.value(QStringLiteral("baselines")).toObject();
        for (const char *name : {"lbl", "fused", "fuse_only", "pin_only", "access_based"})
            QVERIFY2(baselines.contains(QLatin1String(name)), name);
        QVERIFY(doc.value(QStringLiteral("missing_baselines")).isObject());
        QVERIFY(doc.value(QStringLiteral("missing_baselines")).toObject().isEmpty());
    }

    void projectRunStoresTheBestPlanAndItsExploredPoints()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const Result r =
            cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                 QStringLiteral("--hw"), kQuad, QStringLiteral("--generations"), QStringLiteral("3"),
                 QStringLiteral("--population"), QStringLiteral("8"), QStringLiteral("--json"),
                 QStringLiteral("-"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                 QStringLiteral("best")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        const fuselab::Project p = fuselab::loadProject(project.toStdString());
        // A new project takes the workload and accelerator given.
        QVERIFY(p.workload == *fuselab::zooModel("lenet5"));
        QVERIFY(p.accelerator == fuselab::loadHardware(kQuad.toStdString()));
        const fuselab::Run *run = fuselab::findRun(p.runs, "best");
        QVERIFY(run);
        QCOMPARE(run->strategy, std::string("explore"));
        QVERIFY(fuselab::validatePlan(run->plan, p.workload, p.accelerator).empty());
        QVERIFY(!run->schedule.events.empty()); // recorded: the views reopen it without scheduling
        // The stored run is the best point the JSON reports.
        QCOMPARE(static_cast<double>(run->schedule.totals.latencyCycles),
                 doc.value(QStringLiteral("latency_cycles")).toDouble());
        // Explored points: the best plan and the five baselines at least, some of them on the front,
        // and no point on the front dominated by another point.
        QVERIFY(!run->pareto.empty());
        bool best = false, anyFront = false;
        for (const auto &a : run->pareto) {
            best = best || (a.latencyCycles == static_cast<double>(run->schedule.totals.latencyCycles) &&
                            a.energyPj == run->schedule.totals.energyPj);
            anyFront = anyFront || a.onFront;
            for (const auto &b : run->pareto)
                if (a.onFront)
                    QVERIFY(!(b.latencyCycles <= a.latencyCycles && b.energyPj <= a.energyPj &&
                              (b.latencyCycles < a.latencyCycles || b.energyPj < a.energyPj)));
        }
        QVERIFY(best);
        QVERIFY(anyFront);
        // The figure command draws the project's Pareto view from it.
        const QString svg = dir.filePath(QStringLiteral("x.svg"));
        const Result f = cli({QStringLiteral("figure"), QStringLiteral("--project"), project,
                              QStringLiteral("--run"), QStringLiteral("best"), QStringLiteral("--view"),
                              QStringLiteral("pareto"), QStringLiteral("--out"), svg});
        QVERIFY2(f.code == 0, f.err.constData());
        QFile out(svg);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(out.readAll().contains("<svg"));
        // --run alone is a usage error.
        QCOMPARE(cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                      QStringLiteral("--hw"), kQuad, QStringLiteral("--run"), QStringLiteral("x")})
                     .code,
                 2);
    }

    // Issue 13: nothing schedulable on a multi-core accelerator crashed explore (SIGSEGV in the
    // allocation search). Now: exit 1 with the reason, the sizes that do not fit.
    void nothingSchedulesExits1WithTheReason()
    {
        QFile in(kQuad);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString yaml = QString::fromUtf8(in.readAll());
        yaml.replace(QRegularExpression(QStringLiteral("size: \\d+ [KM]iB")), QStringLiteral("size: 64"));
        QTemporaryDir dir;
        const QString hw = dir.filePath(QStringLiteral("tiny.yaml"));
        QFile out(hw);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(yaml.toUtf8());
        out.close();
        const Result r = cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--hw"), hw, QStringLiteral("--threads"), QStringLiteral("2"),
                              QStringLiteral("--generations"), QStringLiteral("2"), QStringLiteral("--population"),
                              QStringLiteral("4")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("can be scheduled"), r.err.constData());
        QVERIFY2(r.err.contains("capacity 64 bytes"), r.err.constData());
    }

    // Issue 14: every baseline above --max-cns (the Llama-2-7B prefill at the default cap):
    // exit 1 before any search, naming the limit and the option that raises it.
    void maxCnsBelowEveryBaselineExits1()
    {
        const Result r = cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                              QStringLiteral("--hw"), kQuad, QStringLiteral("--threads"), QStringLiteral("2"),
                              QStringLiteral("--max-cns"), QStringLiteral("10")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("limit of 10 "), r.err.constData());
        QVERIFY2(r.err.contains("--max-cns"), r.err.constData());
        QVERIFY2(r.err.contains("lbl up to"), r.err.constData());
        QCOMPARE(cli({QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                      QStringLiteral("--hw"), kQuad, QStringLiteral("--max-cns"), QStringLiteral("0")})
                     .code,
                 2);
    }

    void badArgumentsExit2()
    {
        const QStringList base{QStringLiteral("explore"), QStringLiteral("--workload"),
                               QStringLiteral("lenet5"), QStringLiteral("--hw"), kQuad};
        Result r = cli(base + QStringList{QStringLiteral("--objective"), QStringLiteral("speed")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--objective"));
        r = cli(base + QStringList{QStringLiteral("--pareto"), QStringLiteral("latency")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--pareto"));
        r = cli(base + QStringList{QStringLiteral("--time-limit"), QStringLiteral("-3")});
        QCOMPARE(r.code, 2);
        QCOMPARE(cli({QStringLiteral("explore"), QStringLiteral("--hw"), kQuad}).code, 2); // no workload
    }

    void interruptStillWritesTheBestPlan()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("best.yaml"));
        QProcess p;
        p.start(kCli, {QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                       QStringLiteral("--hw"), kQuad, QStringLiteral("--generations"),
                       QStringLiteral("1000000"), QStringLiteral("--plan-out"), plan});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500); // well into the allocation search
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(p.readAllStandardError().contains("interrupted"));
        QVERIFY(QFile::exists(plan));
        const Result s = cli({QStringLiteral("schedule"), QStringLiteral("--workload"),
                              QStringLiteral("resnet18"), QStringLiteral("--hw"), kQuad,
                              QStringLiteral("--plan"), plan, QStringLiteral("--validate")});
        QVERIFY2(s.code == 0, s.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliExplore)
#include "tst_cli_explore.moc"
