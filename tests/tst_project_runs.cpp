// SPDX-License-Identifier: GPL-3.0-or-later
// Runs in the project file: a scheduled run survives save and reopen unchanged (so the views
// reopen it without scheduling again), an old schema-1 file upgrades with no runs, and a
// damaged run table is refused with the file and table named.
#include "io/hardware_yaml.h"
#include "project/project_file.h"
#include "project/run.h"
#include "support/sched_fixtures.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cmath>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
Project smallProject()
{
    Project p;
    p.name = "runs";
    const TensorId in = addInput(p.workload, "in", 4, 8, 8);
    const TensorId a = addConv(p.workload, "A", in, 4, 3, 1, 1);
    addConv(p.workload, "B", a, 4, 1, 1, 0);
    p.accelerator = singleCore(8, 8, 64 * 1024, 16, 10);
    return p;
}

void sql(const std::string &path, const char *statement)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const int rc = sqlite3_exec(db, statement, nullptr, nullptr, nullptr);
    const std::string msg = sqlite3_errmsg(db);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, msg.c_str());
}
} // namespace

class TestProjectRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsSurviveSaveAndReopen()
    {
        Project p = smallProject();
        RunRequest lbl;
        lbl.name = "lbl";
        lbl.strategy = "lbl";
        putRun(p.runs, computeRun(p.workload, p.accelerator, lbl));
        RunRequest fused;
        fused.name = "fused";
        fused.tileRows = 4;
        Run f = computeRun(p.workload, p.accelerator, fused);
        f.pareto = {{715.5, 1.25e5, true}, {800, 1e5, false}};
        putRun(p.runs, f);
        // Recorded: events, CNs, dependencies, memory slices, occupancy, routes.
        QVERIFY(!p.runs[1].schedule.events.empty());
        QVERIFY(!p.runs[1].schedule.dependencies.empty());
        QVERIFY(!p.runs[1].schedule.slices.empty());
        QVERIFY(!p.runs[1].schedule.routes.empty());

        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.fuselab")).toStdString();
        saveProject(p, path);
        const Project back = loadProject(path);
        QCOMPARE(back.runs.size(), size_t(2));
        QVERIFY(back.runs[0].plan == p.runs[0].plan);
        QVERIFY(back.runs[1].schedule.totals == p.runs[1].schedule.totals);
        QVERIFY(back.runs[1].schedule == p.runs[1].schedule);
        QVERIFY(back == p);
        // Saved again over itself: still the same.
        saveProject(back, path);
        QVERIFY(loadProject(path) == p);
    }

    void putRunReplacesByName()
    {
        std::vector<Run> runs;
        Run a;
        a.name = "x";
        a.strategy = "lbl";
        putRun(runs, a);
        a.strategy = "fused";
        putRun(runs, a);
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].strategy, std::string("fused"));
        QVERIFY(findRun(runs, "x"));
        QVERIFY(!findRun(runs, "y"));
    }

    void schemaOneUpgradesWithoutRuns()
    {
        const Project p = smallProject();
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("old.fuselab")).toStdString();
        saveProject(p, path);
        // Make it what schema 1 wrote: no run tables, version 1.
        sql(path, "DROP TABLE runs; DROP TABLE run_events; DROP TABLE run_cns; DROP TABLE run_dependencies; "
                  "DROP TABLE run_memory_slices; DROP TABLE run_occupancy; DROP TABLE run_routes; "
                  "DROP TABLE run_pareto; DROP TABLE workload_input_shapes; DROP TABLE run_designs; DROP TABLE designs; DROP TABLE run_event_energy; DROP TABLE memory_hierarchy; "
                  "DROP TABLE core_unroll_array_dims; DROP TABLE layer_psum; DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; UPDATE meta SET value = '1' WHERE key = 'schema_version'; "
                  "PRAGMA user_version = 1;");
        const Project back = loadProject(path);
        QVERIFY(back == p);
        QVERIFY(back.runs.empty());
    }

    void schemaFourRunsGetTheirEventEnergies()
    {
        // A schema-4 file (runs, no run_event_energy) made by hand from a saved one: its run's
        // events get energies on loading — the moves what the scheduler charged them, and all
        // of them together the run's total energy.
        Project p = smallProject();
        RunRequest fused;
        fused.name = "fused";
        fused.tileRows = 4;
        putRun(p.runs, computeRun(p.workload, p.accelerator, fused));
        const Schedule &fresh = p.runs[0].schedule;
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("v2.fuselab")).toStdString();
        saveProject(p, path);
        // Schema 4, the last without them.
        sql(path, "DROP TABLE run_event_energy; DROP TABLE memory_hierarchy; "
                  "DROP TABLE core_unroll_array_dims; DROP TABLE layer_psum; DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; UPDATE meta SET value = '4' WHERE key = 'schema_version'; "
                  "PRAGMA user_version = 4;");
        const Project back = loadProject(path);
        QCOMPARE(back.runs.size(), size_t(1));
        const Schedule &s = back.runs[0].schedule;
        QCOMPARE(s.events.size(), fresh.events.size());
        double sum = 0;
        int computes = 0;
        for (size_t i = 0; i < s.events.size(); ++i) {
            const ScheduleEvent &e = s.events[i];
            sum += e.energy.total();
            if (e.kind == EventKind::Compute) {
                ++computes;
                QVERIFY(e.energy.mac > 0);
            } else {
                QVERIFY(std::abs(e.energy.total() - fresh.events[i].energy.total()) <=
                        1e-9 * fresh.events[i].energy.total());
            }
        }
        QVERIFY(computes > 0);
        QVERIFY(std::abs(sum - s.totals.energyPj) <= 1e-9 * s.totals.energyPj);
        // Saved again, it is a current file holding those energies.
        saveProject(back, path);
        QVERIFY(loadProject(path) == back);
    }

    void damagedRunTableIsRefused()
    {
        Project p = smallProject();
        RunRequest r;
        r.strategy = "lbl";
        putRun(p.runs, computeRun(p.workload, p.accelerator, r));
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bad.fuselab")).toStdString();
        saveProject(p, path);
        sql(path, "UPDATE run_events SET run = 7 WHERE pos = 0");
        try {
            loadProject(path);
            QFAIL("a run event of a missing run was accepted");
        } catch (const InputError &e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("bad.fuselab") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("run_events") != std::string::npos, msg.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestProjectRuns)
#include "tst_project_runs.moc"
