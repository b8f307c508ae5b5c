// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 16 ("hardening, round 2"), the file side, with real processes and real SQLite files:
// concurrent writers of one project (1), hostile schema objects (4), merge and sweep --out
// never writing into foreign files (6), read-only projects (7), sweep points keyed by their
// settings (8), output to a full device (9), and the GUI's --help/--version/bad options
// without a display (10).
#include "io/hardware_yaml.h"
#include "io/sweep_store.h"
#include "project/project_file.h"
#include "project/run.h"
#include "search/sweep.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace fuselab;

namespace {

const QString kCli = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli");
const QString kGui = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab");
const QString kTpu = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/tpu_single_core.yaml");

struct Result {
    int code = -1;
    QString out, err;
};

QProcess *start(const QString &program, const QStringList &args, const QProcessEnvironment &env = {})
{
    auto *p = new QProcess;
    if (!env.isEmpty())
        p->setProcessEnvironment(env);
    p->start(program, args);
    return p;
}

Result finish(QProcess *p, int ms = 60000)
{
    Result r;
    if (!p->waitForFinished(ms)) {
        p->kill();
        p->waitForFinished();
        r.err = QStringLiteral("timed out");
    } else {
        r.code = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -p->exitCode() - 1000;
    }
    r.out = QString::fromUtf8(p->readAllStandardOutput());
    r.err += QString::fromUtf8(p->readAllStandardError());
    delete p;
    return r;
}

Result cli(const QStringList &args)
{
    return finish(start(kCli, args));
}

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A small real project: lenet5 on the TPU example, no runs.
Project smallProject()
{
    Project p;
    p.name = "small";
    p.workload = *zooModel("lenet5", {});
    p.accelerator = loadHardware(kTpu.toStdString());
    return p;
}

void sql(const std::string &file, const std::string &statements)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    char *msg = nullptr;
    const int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &msg);
    const std::string text = msg ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, text.c_str());
}

bool hasTable(const std::string &file, const std::string &table)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_stmt *st = nullptr;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &st, nullptr) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return found;
}

mode_t modeOf(const std::string &path)
{
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 07777;
}

std::string tinySpec(int seed)
{
    return "workloads: [mlp]\nhardware: [" + kTpu.toStdString() +
           "]\nobjectives: [latency]\ngenerations: 1\npopulation: 4\nseed: " + std::to_string(seed) + "\n";
}

} // namespace

class TestHardeningFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!QFile::exists(kCli))
            QSKIP("fuselab-cli is not built");
    }

    // ----------------------------------------------------------------- 1: concurrent writers
    void twoProcessesStoringRunsKeepBoth()
    {
        // The red-team run: two `schedule --project P --run a|b` started together; in 15 of 20
        // rounds one run was lost. Each round here starts both at once on a fresh file (the
        // create race) and then two more on the existing file (the update race).
        QTemporaryDir dir;
        for (int round = 0; round < 4; ++round) {
            const QString project = dir.filePath(QStringLiteral("p%1.fuselab").arg(round));
            auto scheduleInto = [&](const QString &run) {
                return start(kCli, {QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                    QStringLiteral("--hw"), kTpu, QStringLiteral("--mode"), QStringLiteral("lbl"),
                                    QStringLiteral("--project"), project, QStringLiteral("--run"), run});
            };
            for (const auto &[a, b] : {std::pair{QStringLiteral("a"), QStringLiteral("b")},
                                       {QStringLiteral("c"), QStringLiteral("d")}}) {
                QProcess *pa = scheduleInto(a);
                QProcess *pb = scheduleInto(b);
                const Result ra = finish(pa), rb = finish(pb);
                QVERIFY2(ra.code == 0, qPrintable(ra.err));
                QVERIFY2(rb.code == 0, qPrintable(rb.err));
            }
            const Project p = loadProject(project.toStdString());
            std::vector<std::string> names;
            for (const auto &r : p.runs)
                names.push_back(r.name);
            std::sort(names.begin(), names.end());
            QCOMPARE(names, (std::vector<std::string>{"a", "b", "c", "d"}));
        }
    }

    void aWriterHoldingTheLockMakesTheOtherWaitThenRefuse()
    {
        // Another process holds the project's write lock (an open write transaction) for
        // longer than a writer waits: the writer is refused with the clear message, and the
        // project keeps what the other process wrote.
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("p.fuselab")).toStdString();
        saveProject(smallProject(), file);
        sqlite3 *holder = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &holder), SQLITE_OK);
        QCOMPARE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        QElapsedTimer t;
        t.start();
        try {
            updateProject(file, {}, [](Project &p, bool) { p.name = "changed"; }, 1500);
            QFAIL("wrote while another connection held the write lock");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), file);
            QVERIFY2(std::string(e.what()).find("being written by another process") != std::string::npos, e.what());
        }
        QVERIFY(t.elapsed() >= 1400); // it waited before refusing
        sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(holder);
        QCOMPARE(loadProject(file).name, std::string("small"));
        // Free again: the update goes through.
        updateProject(file, {}, [](Project &p, bool existed) {
            QVERIFY(existed);
            p.name = "changed";
        });
        QCOMPARE(loadProject(file).name, std::string("changed"));
    }

    void theAppsSaveDoesNotDropARunAnotherProcessStored()
    {
        // The app keeps a project open for hours and saves it whole. It remembers the file's
        // revision; a save after `schedule --project` (a real second process) stored a run is
        // refused, so that run is not silently dropped.
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("open.fuselab")).toStdString();
        Project inApp = smallProject();
        saveProject(inApp, file);
        const uint32_t opened = projectRevision(file);
        QVERIFY(opened > 0);
        const Result r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--hw"), kTpu, QStringLiteral("--mode"), QStringLiteral("lbl"),
                              QStringLiteral("--project"), QString::fromStdString(file), QStringLiteral("--run"),
                              QStringLiteral("from-cli")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(projectRevision(file) != opened);
        inApp.name = "edited in the app";
        try {
            saveProject(inApp, file, opened);
            QFAIL("the app's save overwrote a run another process stored");
        } catch (const InputError &e) {
            QVERIFY2(std::string(e.what()).find("changed by another process") != std::string::npos, e.what());
        }
        const Project stored = loadProject(file);
        QCOMPARE(stored.runs.size(), size_t(1));
        QCOMPARE(stored.runs[0].name, std::string("from-cli"));
        // Saving at the current revision goes through (and moves the revision on).
        const uint32_t now = projectRevision(file);
        saveProject(inApp, file, now);
        QVERIFY(projectRevision(file) != now);
        QCOMPARE(loadProject(file).name, std::string("edited in the app"));
    }

    // ----------------------------------------------------------------- 4: hostile schema
    void viewsTriggersAndForeignTablesAreRefusedWithoutRunningThem_data()
    {
        QTest::addColumn<QString>("statements");
        QTest::addColumn<QString>("expected");
        QTest::newRow("runs is an unbounded recursive view")
            << "DROP TABLE runs; CREATE VIEW runs AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
               "SELECT x AS id, 'r' AS name, '' AS strategy, '' AS created, '' AS plan_yaml, '{}' AS summary_json, "
               "'{}' AS totals_json, 1.0 AS clock_mhz, 0 AS route_count, 0 AS memory_count FROM c;"
            << "contains a view 'runs'";
        QTest::newRow("trigger") << "CREATE TRIGGER t AFTER INSERT ON runs BEGIN DELETE FROM layers; END;"
                                 << "contains a trigger 't'";
        QTest::newRow("foreign table") << "CREATE TABLE evil(x);" << "contains a table 'evil'";
    }
    void viewsTriggersAndForeignTablesAreRefusedWithoutRunningThem()
    {
        QFETCH(QString, statements);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("hostile.fuselab")).toStdString();
        saveProject(smallProject(), file);
        sql(file, statements.toStdString());
        QElapsedTimer t;
        t.start();
        try {
            loadProject(file);
            QFAIL("hostile project accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), file);
            QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
        }
        QVERIFY(t.elapsed() < 5000); // refused up front, not after spinning
        // The CLI too (the app opens projects through the same loadProject).
        const Result r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--hw"), kTpu, QStringLiteral("--project"), QString::fromStdString(file)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }

    // ----------------------------------------------------------------- 6: merge / sweep --out
    void mergeNeverWritesIntoItsInputs()
    {
        QTemporaryDir dir;
        const std::string project = dir.filePath(QStringLiteral("p.fuselab")).toStdString();
        saveProject(smallProject(), project);
        const std::string projectBytes = slurp(project);
        const std::string empty = dir.filePath(QStringLiteral("empty.sqlite")).toStdString();
        std::ofstream{empty};
        const QString out = dir.filePath(QStringLiteral("out.sqlite"));

        Result r = cli({QStringLiteral("merge"), out, QString::fromStdString(project)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a FuseLab project")), qPrintable(r.err));
        QCOMPARE(slurp(project), projectBytes); // byte for byte: no sweep_points table created
        QVERIFY(!hasTable(project, "sweep_points"));

        r = cli({QStringLiteral("merge"), out, QString::fromStdString(empty)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("empty")), qPrintable(r.err));
        QCOMPARE(std::filesystem::file_size(empty), uintmax_t(0));
        QVERIFY(!QFile::exists(out)); // a refused merge creates nothing
    }

    void aProjectIsNeverASweepOutput()
    {
        QTemporaryDir dir;
        const std::string project = dir.filePath(QStringLiteral("p.fuselab")).toStdString();
        saveProject(smallProject(), project);
        const std::string projectBytes = slurp(project);
        // merge OUT = a project.
        const std::string shard = dir.filePath(QStringLiteral("s.sqlite")).toStdString();
        { SweepStore s(shard); }
        Result r = cli({QStringLiteral("merge"), QString::fromStdString(project), QString::fromStdString(shard)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a FuseLab project")), qPrintable(r.err));
        // sweep --out = a project.
        const QString spec = dir.filePath(QStringLiteral("spec.yaml"));
        std::ofstream(spec.toStdString()) << tinySpec(1);
        r = cli({QStringLiteral("sweep"), spec, QStringLiteral("--out"), QString::fromStdString(project)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a FuseLab project")), qPrintable(r.err));
        QCOMPARE(slurp(project), projectBytes);
        QVERIFY(!hasTable(project, "sweep_points"));
    }

    // ----------------------------------------------------------------- 8: sweep settings
    void sweepPointsAreKeyedByEverySettingAndMergeRefusesMismatches()
    {
        QTemporaryDir dir;
        const std::string a = dir.filePath(QStringLiteral("a.sqlite")).toStdString();
        const SweepSpec seed1 = parseSweepSpec(tinySpec(1), "seed1.yaml");
        const SweepSpec seed2 = parseSweepSpec(tinySpec(2), "seed2.yaml");
        QCOMPARE(runSweep(seed1, a, 0, 1, 1, nullptr).ran, 1);
        QCOMPARE(runSweep(seed1, a, 0, 1, 1, nullptr).skipped, 1); // same settings: resumed
        // Another seed is another point (the red-team run reported "0 explored, already present").
        const SweepRunStats again = runSweep(seed2, a, 0, 1, 1, nullptr);
        QCOMPARE(again.ran, 1);
        QCOMPARE(again.skipped, 0);
        const auto rows = SweepStore(a, SweepStore::Mode::ReadOnly).rows();
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[0].settings, std::string("generations=1 population=4 seed=1"));
        QCOMPARE(rows[1].settings, std::string("generations=1 population=4 seed=2"));
        // An edited hardware file is another point too.
        const std::string hw = dir.filePath(QStringLiteral("hw.yaml")).toStdString();
        std::filesystem::copy_file(kTpu.toStdString(), hw);
        SweepSpec edited = seed1;
        edited.hardwarePaths = {hw};
        const std::string before = sweepInputsDigest(edited, sweepPoints(edited)[0]);
        std::ofstream(hw, std::ios::app) << "# edited\n";
        QVERIFY(sweepInputsDigest(edited, sweepPoints(edited)[0]) != before);

        // Shards computed with different settings are not merged.
        const std::string s1 = dir.filePath(QStringLiteral("s1.sqlite")).toStdString();
        const std::string s2 = dir.filePath(QStringLiteral("s2.sqlite")).toStdString();
        const std::string out = dir.filePath(QStringLiteral("out.sqlite")).toStdString();
        SweepStore(s1).insert(rows[0]);
        SweepStore(s2).insert(rows[1]);
        try {
            mergeSweepFiles(out, {s1, s2});
            QFAIL("merged shards of different seeds");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), s2);
            QCOMPARE(e.field(), std::string("sweep_points.settings"));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(out)));
        QCOMPARE(mergeSweepFiles(out, {s1}), 1);
    }

    // ----------------------------------------------------------------- 7: read-only project
    void aReadOnlyProjectIsRefusedNotReplaced()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("ro.fuselab")).toStdString();
        saveProject(smallProject(), file);
        QCOMPARE(::chmod(file.c_str(), 0444), 0);
        // Root may write a 0444 file (the kernel ignores the bits for it); FuseLab checks the
        // bits themselves, so the outcome is the same for root and for the owner.
        QCOMPARE(modeOf(file), mode_t(0444));
        const std::string bytes = slurp(file);
        struct stat before {};
        ::stat(file.c_str(), &before);
        Project changed = smallProject();
        changed.name = "changed";
        try {
            saveProject(changed, file);
            QFAIL("saved over a read-only project");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), file);
            QVERIFY2(std::string(e.what()).find("read-only (mode 0444)") != std::string::npos, e.what());
        }
        // The CLI path (schedule --project) too.
        const Result r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--hw"), kTpu, QStringLiteral("--project"), QString::fromStdString(file)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("read-only")), qPrintable(r.err));
        struct stat after {};
        ::stat(file.c_str(), &after);
        QCOMPARE(modeOf(file), mode_t(0444)); // not a new 0644 file renamed over it
        QCOMPARE(after.st_ino, before.st_ino);
        QCOMPARE(slurp(file), bytes);
        ::chmod(file.c_str(), 0644);
    }

    // ----------------------------------------------------------------- 9: output failures
    void outputToAFullDeviceFails()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("/dev/full does not exist on this system");
        auto *p = new QProcess;
        p->setStandardOutputFile(QStringLiteral("/dev/full"));
        p->start(kCli, {QStringLiteral("info"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                        QStringLiteral("--json")});
        const Result r = finish(p);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("standard output")), qPrintable(r.err));
        // --json FILE into a folder that does not exist: exit 1, no partial file.
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("no/such/dir/out.json"));
        const Result w = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--hw"), kTpu, QStringLiteral("--json"), target});
        QCOMPARE(w.code, 1);
        QVERIFY2(w.err.contains(target), qPrintable(w.err));
    }

    // ----------------------------------------------------------------- 10: GUI without display
    void guiAnswersHelpVersionAndBadOptionsWithoutADisplay()
    {
        if (!QFile::exists(kGui))
            QSKIP("the GUI (fuselab) is not built");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(v));
        Result r = finish(start(kGui, {QStringLiteral("--help")}, env));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("--screenshot")), qPrintable(r.out));
        r = finish(start(kGui, {QStringLiteral("--version")}, env));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("fuselab " FUSELAB_VERSION "\n"));
        r = finish(start(kGui, {QStringLiteral("--no-such-option")}, env));
        QCOMPARE(r.code, 2); // bad arguments, not SIGABRT in the xcb plugin
        QVERIFY2(r.err.contains(QStringLiteral("no-such-option")), qPrintable(r.err));
        r = finish(start(kGui, {}, env));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no display")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestHardeningFiles)
#include "tst_hardening_files.moc"
