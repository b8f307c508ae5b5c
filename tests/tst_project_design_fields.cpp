// SPDX-License-Identifier: GPL-3.0-or-later
// The project file keeps every field of the accelerator and the workload the costs read
// (schema 6 added the memory hierarchy fields, Unroll::arrayDim and Precision::psum, schema 7
// Core::arraySizes and Core::searchUnrolling): a
// design saved and reopened is the same design, with the same fingerprint, so the costs do
// not change and `schedule --project` can add a second run to the project it created.
#include "project/design_snapshot.h"
#include "project/project_file.h"
#include "project/run.h"
#include "support/cli_process.h"
#include "util/error.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <functional>

using namespace fuselab;

namespace {

/// A design with a hand-set value other than the default in every field (values chosen for
/// this test, not read from any file or code under test).
Project handMade()
{
    Project p;
    p.name = "every field";
    Workload &w = p.workload;
    w.name = "wl";
    w.warnings = {"Relu folded into L"};
    w.inputShapes = {{"in", {2, 3, 10, 12}}};
    w.tensors.push_back({"in", 2, 3, 10, 12, 16, kNone});
    w.tensors.push_back({"out", 2, 5, 4, 5, 4, 0});
    Layer l;
    l.name = "L";
    l.op = OpType::ConvTranspose;
    l.sourceOp = "ConvTranspose";
    l.dims = {2, 5, 3, 4, 5, 3, 2};
    l.iy = 10;
    l.ix = 12;
    l.strideY = 2;
    l.strideX = 3;
    l.padTop = 1;
    l.padLeft = 2;
    l.padBottom = 3;
    l.padRight = 4;
    l.dilationY = 2;
    l.dilationX = 3;
    l.groups = 3;
    l.precision = {4, 2, 16, 24};
    l.hasWeights = true;
    l.inputs = {0};
    l.output = 1;
    l.folded = {"Relu", "BatchNormalization"};
    w.layers.push_back(l);

    Accelerator &a = p.accelerator;
    a.name = "hand";
    a.clockMHz = 800;
    a.gridWidth = 20;
    a.gridHeight = 9;
    Core c;
    c.name = "c0";
    c.kind = CoreKind::Spatial;
    c.rows = 4;
    c.cols = 6;
    c.dataflow = Dataflow::OS;
    c.unrollRows = {{LoopDim::K, 2, 1}, {LoopDim::C, 2, 3}};
    c.unrollCols = {{LoopDim::OX, 3, 2}, {LoopDim::FY, 2, 4}};
    c.clockMHz = 750;
    c.macEnergy = 0.3;
    c.lanes = 16;
    c.mvmCycles = 7;
    c.mvmEnergy = 9.5;
    c.programCyclesPerRow = 4;
    c.programEnergyPerRow = 2.5;
    c.place = {5, 6, 2, 3};
    a.cores.push_back(c);
    Core v;
    v.name = "v1";
    v.kind = CoreKind::Simd;
    v.lanes = 8;
    a.cores.push_back(v);
    Memory m;
    m.name = "c0.pe_rf";
    m.core = "c0";
    m.sizeBytes = 12345;
    m.operands = OperandW | OperandO;
    m.readBw = 3.5;
    m.writeBw = 2.25;
    m.readEnergy = 0.125;
    m.writeEnergy = 0.375;
    m.latency = 3;
    m.place = {1, 2, 3, 4};
    m.level = 2;
    m.servedAxes = AxisCols;
    m.servedDims = 0b1010;
    m.readPorts = 2;
    m.writePorts = 3;
    m.rwPorts = 1;
    m.doubleBuffered = false;
    a.memories.push_back(m);
    Memory shared;
    shared.name = "gb";
    shared.sizeBytes = 1 << 20;
    a.memories.push_back(shared);
    a.links.push_back({"l0", {"c0", "v1", "dram"}, 12.5, 4, 0.05});
    a.dram = {"hbm", 40, 77, 60, 70, 2, {0, 0, 3, 1}};
    return p;
}

void sql(const QString &path, const char *statement)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toLocal8Bit().constData(), &db), SQLITE_OK);
    const int rc = sqlite3_exec(db, statement, nullptr, nullptr, nullptr);
    const std::string msg = sqlite3_errmsg(db);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, msg.c_str());
}

std::string sqlText(const QString &path, const char *query)
{
    sqlite3 *db = nullptr;
    std::string out;
    if (sqlite3_open_v2(path.toLocal8Bit().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, query, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            out = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// What schema 5 wrote for `path`: no schema-6 tables, version 5.
void makeSchemaFive(const QString &path)
{
    sql(path, "DROP TABLE memory_hierarchy; DROP TABLE core_unroll_array_dims; DROP TABLE layer_psum; DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; "
              "UPDATE meta SET value = '5' WHERE key = 'schema_version'; PRAGMA user_version = 5;");
}

/// One schema-6 field set back to its default, by name.
struct FieldReset {
    const char *name;
    std::function<void(Project &)> reset;
};

std::vector<FieldReset> schemaSixFields()
{
    return {
        {"Memory::level", [](Project &p) { p.accelerator.memories[0].level = Memory{}.level; }},
        {"Memory::servedAxes", [](Project &p) { p.accelerator.memories[0].servedAxes = Memory{}.servedAxes; }},
        {"Memory::servedDims", [](Project &p) { p.accelerator.memories[0].servedDims = Memory{}.servedDims; }},
        {"Memory::readPorts", [](Project &p) { p.accelerator.memories[0].readPorts = Memory{}.readPorts; }},
        {"Memory::writePorts", [](Project &p) { p.accelerator.memories[0].writePorts = Memory{}.writePorts; }},
        {"Memory::rwPorts", [](Project &p) { p.accelerator.memories[0].rwPorts = Memory{}.rwPorts; }},
        {"Memory::doubleBuffered",
         [](Project &p) { p.accelerator.memories[0].doubleBuffered = Memory{}.doubleBuffered; }},
        {"Unroll::arrayDim (rows)", [](Project &p) { p.accelerator.cores[0].unrollRows[1].arrayDim = 0; }},
        {"Unroll::arrayDim (cols)", [](Project &p) { p.accelerator.cores[0].unrollCols[0].arrayDim = 0; }},
        {"Precision::psum", [](Project &p) { p.workload.layers[0].precision.psum = Precision{}.psum; }},
    };
}

using testing::CliResult;
CliResult cli(const QStringList &args) { return testing::runCli(args); }

} // namespace

class TestProjectDesignFields : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFieldRoundTrips()
    {
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("all.fuselab"));
        const std::string path = qpath.toStdString();
        const Project p = handMade();
        saveProject(p, path);
        const Project back = loadProject(path);
        QCOMPARE(sqlText(qpath, "SELECT value FROM meta WHERE key = 'schema_version'"), std::to_string(kProjectSchemaVersion));

        const Memory &m = back.accelerator.memories[0];
        QCOMPARE(m.level, 2);
        QCOMPARE(m.servedAxes, unsigned(AxisCols));
        QCOMPARE(m.servedDims, 0b1010u);
        QCOMPARE(m.readPorts, 2);
        QCOMPARE(m.writePorts, 3);
        QCOMPARE(m.rwPorts, 1);
        QCOMPARE(m.doubleBuffered, false);
        QCOMPARE(m.sizeBytes, int64_t{12345});
        QCOMPARE(m.operands, unsigned(OperandW | OperandO));
        QCOMPARE(m.place, (Placement{1, 2, 3, 4}));
        const Core &c = back.accelerator.cores[0];
        QCOMPARE(c.unrollRows.size(), size_t{2});
        QCOMPARE(c.unrollRows[0].arrayDim, 1);
        QCOMPARE(c.unrollRows[1].arrayDim, 3);
        QCOMPARE(c.unrollCols[0].arrayDim, 2);
        QCOMPARE(c.unrollCols[1].arrayDim, 4);
        QVERIFY(c.unrollCols[0].dim == LoopDim::OX);
        QCOMPARE(c.unrollCols[1].factor, 2);
        QVERIFY(c.kind == CoreKind::Spatial);
        QVERIFY(c.dataflow == Dataflow::OS);
        QCOMPARE(c.place, (Placement{5, 6, 2, 3}));
        QCOMPARE(back.accelerator.memories[1].level, -1); // a memory left at the defaults
        QCOMPARE(back.accelerator.memories[1].doubleBuffered, true);
        const Layer &l = back.workload.layers[0];
        QCOMPARE(l.precision, (Precision{4, 2, 16, 24}));
        QVERIFY(l.op == OpType::ConvTranspose);
        QCOMPARE(l.dims, (LoopDims{2, 5, 3, 4, 5, 3, 2}));
        QCOMPARE(l.padBottom, 3);
        QCOMPARE(l.dilationX, 3);
        QCOMPARE(l.groups, 3);
        QCOMPARE(l.folded.size(), size_t{2});
        QCOMPARE(back.accelerator.dram, p.accelerator.dram);
        QCOMPARE(back.accelerator.links, p.accelerator.links);
        QCOMPARE(back.workload.tensors, p.workload.tensors);
        // Everything else, struct by struct (operator== compares every member).
        QVERIFY(back.accelerator == p.accelerator);
        QVERIFY(back.workload == p.workload);
        QVERIFY(back == p);
        QCOMPARE(designFingerprint(back.workload, back.accelerator), designFingerprint(p.workload, p.accelerator));
    }

    void everySchemaSixFieldIsStoredAndFingerprinted()
    {
        // Each field alone back at its default: a different design (other fingerprint), and
        // each variant still round-trips.
        const Project full = handMade();
        const std::string fullPrint = designFingerprint(full.workload, full.accelerator);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("v.fuselab")).toStdString();
        for (const FieldReset &f : schemaSixFields()) {
            Project p = handMade();
            f.reset(p);
            QVERIFY2(!(p == full), f.name);
            QVERIFY2(designFingerprint(p.workload, p.accelerator) != fullPrint, f.name);
            saveProject(p, path);
            const Project back = loadProject(path);
            QVERIFY2(back == p, f.name);
            QVERIFY2(designFingerprint(back.workload, back.accelerator) == designFingerprint(p.workload, p.accelerator),
                     f.name);
        }
    }

    void schemaFiveFileFromAnEarlierBuildOpens()
    {
        // Written by FuseLab before schema 6 (`schedule --workload tiny_chain.yaml --hw
        // tiny_quad.yaml --mode fused --project … --run main5`; see tests/fixtures/project/README.md).
        const QString fixture = QStringLiteral(FUSELAB_SOURCE_DIR "/tests/fixtures/project/schema5_tiny_quad.fuselab");
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("old.fuselab"));
        QVERIFY(QFile::copy(fixture, qpath));
        QVERIFY(QFile::setPermissions(qpath, QFile::ReadOwner | QFile::WriteOwner));
        QCOMPARE(sqlText(qpath, "SELECT value FROM meta WHERE key = 'schema_version'"), std::string("5"));
        const std::string storedPrint = sqlText(qpath, "SELECT fingerprint FROM run_designs WHERE run = 0");
        QVERIFY(!storedPrint.empty());
        const QByteArray before = fileBytes(qpath);

        const Project back = loadProject(qpath.toStdString());
        QCOMPARE(fileBytes(qpath), before); // loading does not write
        QCOMPARE(back.runs.size(), size_t{1});
        QCOMPARE(back.runs[0].name, std::string("main5"));
        // The run stays on the project's design: the fingerprint the earlier build stored is
        // the one this build computes for the design it reads.
        QCOMPARE(back.runs[0].design.fingerprint, storedPrint);
        QCOMPARE(designFingerprint(back.workload, back.accelerator), storedPrint);
        // The fields schema 5 did not keep have their defaults.
        for (const Memory &m : back.accelerator.memories) {
            QCOMPARE(m.level, Memory{}.level);
            QCOMPARE(m.servedAxes, Memory{}.servedAxes);
            QCOMPARE(m.servedDims, 0u);
            QCOMPARE(m.readPorts, 1);
            QCOMPARE(m.writePorts, 1);
            QCOMPARE(m.rwPorts, 0);
            QVERIFY(m.doubleBuffered);
        }
        for (const Core &c : back.accelerator.cores)
            for (const auto *list : {&c.unrollRows, &c.unrollCols})
                for (const Unroll &u : *list)
                    QCOMPARE(u.arrayDim, 0);
        for (const Layer &l : back.workload.layers)
            QCOMPARE(l.precision.psum, 0);

        // Saved by this build: the current schema, the same project.
        saveProject(back, qpath.toStdString());
        QCOMPARE(sqlText(qpath, "SELECT value FROM meta WHERE key = 'schema_version'"), std::to_string(kProjectSchemaVersion));
        QVERIFY(loadProject(qpath.toStdString()) == back);
    }

    void schemaFiveLosesOnlyTheNewFields()
    {
        // A schema-5 file of a design with schema-6 values: it opens, those fields at their
        // defaults, everything else as saved.
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("v5.fuselab"));
        const Project p = handMade();
        saveProject(p, qpath.toStdString());
        makeSchemaFive(qpath);
        const Project back = loadProject(qpath.toStdString());
        Project expected = p;
        for (const FieldReset &f : schemaSixFields())
            f.reset(expected);
        for (auto *list : {&expected.accelerator.cores[0].unrollRows, &expected.accelerator.cores[0].unrollCols})
            for (Unroll &u : *list)
                u.arrayDim = 0;
        QVERIFY(back == expected);
    }

    void schemaSevenFieldsRoundTrip()
    {
        // Core::arraySizes and Core::searchUnrolling (schema 7): stored, read back, fingerprinted
        // each on its own; a row pointing at no core is refused.
        Project p = handMade();
        Core &c = p.accelerator.cores[0];
        c.arraySizes = {2, 3, 2, 2}; // D1·D3 = 4 rows, D2·D4 = 6 cols
        c.searchUnrolling = true;
        for (const std::string &e : p.accelerator.validate()) // the hand-made design is no real one; the sizes fit
            QVERIFY2(e.find("array dimensions") == std::string::npos, e.c_str());
        const Project plain = handMade();
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("s7.fuselab"));
        saveProject(p, qpath.toStdString());
        QCOMPARE(sqlText(qpath, "SELECT count(*) FROM core_array_dims"), std::string("4"));
        QCOMPARE(sqlText(qpath, "SELECT core FROM core_search_unrolling"), std::string("0"));
        QVERIFY(loadProject(qpath.toStdString()) == p);
        const std::string print = designFingerprint(p.workload, p.accelerator);
        QVERIFY(print != designFingerprint(plain.workload, plain.accelerator));
        Project onlySizes = p;
        onlySizes.accelerator.cores[0].searchUnrolling = false;
        QVERIFY(designFingerprint(onlySizes.workload, onlySizes.accelerator) != print);
        saveProject(onlySizes, qpath.toStdString());
        QVERIFY(loadProject(qpath.toStdString()) == onlySizes);
        for (const char *bad : {"UPDATE core_array_dims SET core = 9", "UPDATE core_search_unrolling SET core = 9",
                                "UPDATE core_array_dims SET pos = 7 WHERE pos = 1"}) {
            saveProject(p, qpath.toStdString());
            sql(qpath, bad);
            try {
                loadProject(qpath.toStdString());
                QFAIL(bad);
            } catch (const InputError &e) {
                const std::string msg = e.what();
                QVERIFY2(msg.find("s7.fuselab") != std::string::npos && msg.find("core_") != std::string::npos,
                         msg.c_str());
            }
        }
    }

    void schemaSixFileOpens()
    {
        // A schema-6 file (no schema-7 tables, version 6) opens with every core's fixed
        // unrolling, as schema 6 had it; nothing else changes, and its fingerprint is the one
        // schema 6 gave the design, so its runs stay on it. Saved again it becomes schema 7.
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("v6.fuselab"));
        const Project p = handMade();
        saveProject(p, qpath.toStdString());
        const std::string print = designFingerprint(p.workload, p.accelerator);
        sql(qpath, "DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; "
                   "UPDATE meta SET value = '6' WHERE key = 'schema_version'; PRAGMA user_version = 6;");
        const Project back = loadProject(qpath.toStdString());
        QVERIFY(back == p);
        QCOMPARE(designFingerprint(back.workload, back.accelerator), print);
        for (const Core &c : back.accelerator.cores) {
            QVERIFY(!c.searchUnrolling);
            QVERIFY(c.arraySizes.empty());
        }
        saveProject(back, qpath.toStdString());
        QCOMPARE(sqlText(qpath, "SELECT value FROM meta WHERE key = 'schema_version'"), std::string("7"));
        QVERIFY(loadProject(qpath.toStdString()) == p);
    }

    void badSchemaSixRowsAreRefused_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QString>("table");
        QTest::newRow("memory") << "UPDATE memory_hierarchy SET memory = 7" << "memory_hierarchy";
        QTest::newRow("unroll pos") << "UPDATE core_unroll_array_dims SET pos = 5 WHERE axis = 'rows' AND pos = 1"
                                    << "core_unroll_array_dims";
        QTest::newRow("unroll core") << "UPDATE core_unroll_array_dims SET core = 9" << "core_unroll_array_dims";
        QTest::newRow("layer") << "UPDATE layer_psum SET layer = 3" << "layer_psum";
    }

    void badSchemaSixRowsAreRefused()
    {
        QFETCH(QString, statement);
        QFETCH(QString, table);
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("bad.fuselab"));
        saveProject(handMade(), qpath.toStdString());
        sql(qpath, statement.toUtf8().constData());
        try {
            loadProject(qpath.toStdString());
            QFAIL("a row pointing nowhere was accepted");
        } catch (const InputError &e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("bad.fuselab") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find(table.toStdString()) != std::string::npos, msg.c_str());
        }
    }

    void scheduleTwiceIntoOneProjectWithPerPeMemories()
    {
        // hierarchy_core.yaml has a memory per PE (served_axes: []) and levels; before schema 6
        // the second run was refused ("the project holds another workload or accelerator").
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("twice.fuselab"));
        const QString hw = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/hierarchy_core.yaml");
        for (const char *run : {"first", "second"}) {
            const CliResult r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                     QStringLiteral("--hw"), hw, QStringLiteral("--mode"), QStringLiteral("fused"),
                                     QStringLiteral("--project"), project, QStringLiteral("--run"),
                                     QString::fromLatin1(run)});
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const Project p = loadProject(project.toStdString());
        QCOMPARE(p.runs.size(), size_t{2});
        const std::string print = designFingerprint(p.workload, p.accelerator);
        QCOMPARE(p.runs[0].design.fingerprint, print);
        QCOMPARE(p.runs[1].design.fingerprint, print);
        bool perPe = false;
        for (const Memory &m : p.accelerator.memories)
            perPe = perPe || (!m.core.empty() && m.servedAxes == 0);
        QVERIFY2(perPe, "hierarchy_core.yaml has no per-PE memory any more");
    }
};

QTEST_GUILESS_MAIN(TestProjectDesignFields)
#include "tst_project_design_fields.moc"
