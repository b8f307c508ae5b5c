// SPDX-License-Identifier: GPL-3.0-or-later
// A search killed mid-run loses no stored runs: `fuselab-cli explore --project P --run NAME`
// on a project that already holds runs is SIGKILLed while it searches; the project must
// still open and hold exactly the runs it held before (the explore writes the project only
// once, at the end, in one transaction — see project_file.cpp).
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"
#include "project/project_file.h"
#include "project/run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace fuselab;

namespace {
const QString kCli = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli");
const char *const kQuad = FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml";

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Threads of a process, from /proc/PID/status (0 when it is gone).
int threadCount(qint64 pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Threads:", 0) == 0)
            return std::stoi(line.substr(8));
    return 0;
}

/// CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
double cpuSeconds(qint64 pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')'); // the command name may hold spaces
    if (close == std::string::npos)
        return 0;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15)
            stime = std::stoll(field);
    }
    return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}
} // namespace

class TestCliExploreKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedSearchLosesNoStoredRuns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.fuselab"));
        Project p;
        p.name = "p";
        p.workload = loadWorkload("resnet18");
        p.accelerator = loadHardware(kQuad);
        for (const char *strategy : {"lbl", "fused"}) {
            RunRequest r;
            r.name = std::string("kept-") + strategy;
            r.strategy = strategy;
            r.tileRows = 2;
            putRun(p.runs, computeRun(p.workload, p.accelerator, r));
        }
        saveProject(p, path.toStdString());
        const Project before = loadProject(path.toStdString());
        QCOMPARE(before.runs.size(), size_t(2));
        const QByteArray bytes = fileBytes(path);

        // Three kills at different depths of the search (it cannot finish: a million generations).
        // The search has begun once its worker threads exist (the CLI is single-threaded until
        // explore starts its pool of --threads 2); the kill comes waitMs later.
        for (int waitMs : {50, 500, 1500}) {
            QProcess child;
            child.start(kCli,
                        {QStringLiteral("explore"), QStringLiteral("--workload"), QStringLiteral("resnet18"),
                         QStringLiteral("--hw"), QString::fromLatin1(kQuad), QStringLiteral("--threads"),
                         QStringLiteral("2"), QStringLiteral("--generations"), QStringLiteral("1000000"),
                         QStringLiteral("--population"), QStringLiteral("32"), QStringLiteral("--project"),
                         path, QStringLiteral("--run"), QStringLiteral("searching")});
            QVERIFY(child.waitForStarted(20000));
            QTRY_VERIFY_WITH_TIMEOUT(
                threadCount(child.processId()) >= 2 || child.state() != QProcess::Running, 30000);
            QThread::msleep(static_cast<unsigned long>(waitMs));
            QCOMPARE(child.state(), QProcess::Running); // still searching, not finished or failed
            const double cpu = cpuSeconds(child.processId());
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(20000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            qInfo("killed %d ms into the search (%.2f CPU s)", waitMs, cpu);

            const Project after = loadProject(path.toStdString());
            QCOMPARE(after.runs.size(), size_t(2));
            QVERIFY(after == before); // every run, event for event
            QVERIFY(!findRun(after.runs, "searching"));
            QCOMPARE(fileBytes(path), bytes); // not even touched
        }
    }
};

QTEST_GUILESS_MAIN(TestCliExploreKill)
#include "tst_cli_explore_kill.moc"
