// SPDX-License-Identifier: GPL-3.0-or-later
// Runs are history (issue 15, item 3): every run carries the design (workload and accelerator)
// it ran on, fingerprinted, and the project file keeps a snapshot of every design other than
// the project's own, so a run of an old design reopens with its own cores and memories.
#include "project/design_snapshot.h"
#include "project/project_file.h"
#include "project/run.h"
#include "support/sched_fixtures.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
Project smallProject()
{
    Project p;
    p.name = "designs";
    const TensorId in = addInput(p.workload, "in", 4, 8, 8);
    const TensorId a = addConv(p.workload, "A", in, 4, 3, 1, 1);
    addConv(p.workload, "B", a, 4, 1, 1, 0);
    p.accelerator = singleCore(8, 8, 64 * 1024, 16, 10);
    return p;
}

Run lblRun(const Project &p, const std::string &name)
{
    RunRequest r;
    r.name = name;
    r.strategy = "lbl";
    return computeRun(p.workload, p.accelerator, r);
}

/// Another accelerator: two cores named unlike the single core's, each with its memory.
Accelerator twoCores()
{
    Accelerator a = singleCore(16, 16, 128 * 1024, 32, 5);
    a.name = "two";
    a.cores[0].name = "left";
    a.memories[0].core = "left";
    a.memories[0].name = "left_sram";
    a.cores.push_back(systolicCore("right", 16, 16));
    a.memories.push_back(privateMemory("right_sram", "right", 128 * 1024));
    a.links[0].endpoints = {"left", "dram"};
    a.links.push_back(link("right_link", {"right", "dram"}, 1e9, 0));
    return a;
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

class TestRunDesigns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fingerprintChangesExactlyWithTheDesign()
    {
        const Project p = smallProject();
        const std::string base = designFingerprint(p.workload, p.accelerator);
        QCOMPARE(base.size(), size_t(64)); // SHA-256 in hex
        // An equal copy, and the project renamed: the same design.
        Project renamed = p;
        renamed.name = "another name";
        QCOMPARE(designFingerprint(renamed.workload, renamed.accelerator), base);
        // A run added is not a design change either.
        renamed.runs.push_back(lblRun(p, "lbl"));
        QCOMPARE(designFingerprint(renamed.workload, renamed.accelerator), base);
        // Every kind of design edit changes it: hardware fields, the floorplan, the network.
        auto differs = [&](const Workload &w, const Accelerator &a) { return designFingerprint(w, a) != base; };
        Accelerator rows = p.accelerator;
        rows.cores[0].rows = 16;
        QVERIFY(differs(p.workload, rows));
        Accelerator mem = p.accelerator;
        mem.memories[0].sizeBytes *= 2;
        QVERIFY(differs(p.workload, mem));
        Accelerator moved = p.accelerator;
        moved.cores[0].place.x += 1;
        QVERIFY(differs(p.workload, moved));
        Accelerator dram = p.accelerator;
        dram.dram.bandwidth = 17;
        QVERIFY(differs(p.workload, dram));
        Workload k = p.workload;
        k.layers[1].dims.k = 8;
        QVERIFY(differs(k, p.accelerator));
        Workload name = p.workload;
        name.layers[0].name = "A2";
        QVERIFY(differs(name, p.accelerator));
        // Editing back gives the original fingerprint.
        rows.cores[0].rows = p.accelerator.cores[0].rows;
        QCOMPARE(designFingerprint(p.workload, rows), base);
    }

    void runIsStampedWithItsDesign()
    {
        const Project p = smallProject();
        const Run r = lblRun(p, "lbl");
        QCOMPARE(r.design.fingerprint, designFingerprint(p.workload, p.accelerator));
        QVERIFY(r.design.workload == p.workload);
        QVERIFY(r.design.accelerator == p.accelerator);
        QVERIFY(runOnDesign(r, designFingerprint(p.workload, p.accelerator)));
        QVERIFY(!runOnDesign(r, designFingerprint(p.workload, twoCores())));
    }

    void oldDesignRunKeepsItsCoresAfterAHardwareChange()
    {
        Project p = smallProject();
        p.runs.push_back(lblRun(p, "on single"));
        p.accelerator = twoCores(); // the user imports another accelerator
        p.runs.push_back(lblRun(p, "on two"));
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("d.fuselab")).toStdString();
        saveProject(p, path);
        const Project back = loadProject(path);
        QVERIFY(back == p);
        QCOMPARE(back.runs.size(), size_t(2));
        // The old run: its own single core and memory, not the project's two cores.
        const Run &old = back.runs[0];
        QCOMPARE(old.design.accelerator.cores.size(), size_t(1));
        QCOMPARE(old.design.accelerator.cores[0].name, std::string("core0"));
        QCOMPARE(old.design.accelerator.memories[0].name, std::string("sram"));
        QVERIFY(!runOnDesign(old, designFingerprint(back.workload, back.accelerator)));
        QVERIFY(runOnDesign(back.runs[1], designFingerprint(back.workload, back.accelerator)));
        // One snapshot for the one other design; the project's own is its tables.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "SELECT count(*) FROM designs", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 1);
        sqlite3_finalize(st);
        sqlite3_close(db);
        // Saved again over itself: still the same.
        saveProject(back, path);
        QVERIFY(loadProject(path) == p);
    }

    void schemaTwoUpgradesWithRunsOnTheProjectDesign()
    {
        Project p = smallProject();
        p.runs.push_back(lblRun(p, "lbl"));
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("v2.fuselab")).toStdString();
        saveProject(p, path);
        // What schema 2 wrote: the runs without their designs.
        sql(path, "DROP TABLE run_designs; DROP TABLE designs; DROP TABLE workload_input_shapes; DROP TABLE run_event_energy; DROP TABLE memory_hierarchy; "
                  "DROP TABLE core_unroll_array_dims; DROP TABLE layer_psum; DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; "
                  "UPDATE meta SET value = '2' WHERE key = 'schema_version'; PRAGMA user_version = 2;");
        const Project back = loadProject(path);
        QCOMPARE(back.runs.size(), size_t(1));
        QCOMPARE(back.runs[0].design.fingerprint, designFingerprint(p.workload, p.accelerator));
        QVERIFY(back == p);
    }

    void missingOrDamagedSnapshotIsRefused()
    {
        Project p = smallProject();
        p.runs.push_back(lblRun(p, "old"));
        p.accelerator = twoCores();
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bad.fuselab")).toStdString();
        saveProject(p, path);
        sql(path, "UPDATE designs SET snapshot = x'00010203'");
        try {
            loadProject(path);
            QFAIL("a damaged design snapshot was accepted");
        } catch (const InputError &e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("bad.fuselab") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("designs") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("'old'") != std::string::npos, msg.c_str());
        }
        sql(path, "DELETE FROM designs");
        try {
            loadProject(path);
            QFAIL("a run whose design is missing was accepted");
        } catch (const InputError &e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("run_designs") != std::string::npos, msg.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestRunDesigns)
#include "tst_run_designs.moc"
