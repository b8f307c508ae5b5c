// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite project file: exact round trips, clear errors on bad files (which stay
// untouched), and atomic saves under SIGKILL.
#include "io/hardware_yaml.h"
#include "project/project_file.h"
#include "project/run.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <sqlite3.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <random>

using namespace fuselab;

namespace {

/// Every kind of block and every field set to a value that differs from the defaults.
Accelerator sampleAccelerator()
{
    Accelerator a;
    a.name = "sample";
    a.clockMHz = 800.5;
    a.gridWidth = 20;
    a.gridHeight = 14;
    Core sys;
    sys.name = "sys0";
    sys.kind = CoreKind::Systolic;
    sys.rows = 16;
    sys.cols = 8;
    sys.dataflow = Dataflow::OS;
    sys.clockMHz = 733.25;
    sys.macEnergy = 0.125;
    sys.place = {1, 2, 3, 4};
    Core sp = sys;
    sp.name = "spatial";
    sp.kind = CoreKind::Spatial;
    sp.unrollRows = {{LoopDim::K, 4}, {LoopDim::OX, 4}};
    sp.unrollCols = {{LoopDim::C, 8}};
    sp.place = {6, 2, 2, 2};
    Core aimc;
    aimc.name = "aimc";
    aimc.kind = CoreKind::Aimc;
    aimc.rows = aimc.cols = 256;
    aimc.mvmCycles = 17;
    aimc.mvmEnergy = 1e-3;
    aimc.programCyclesPerRow = 3;
    aimc.programEnergyPerRow = 2.5e6;
    Core simd;
    simd.name = "simd";
    simd.kind = CoreKind::Simd;
    simd.lanes = 128;
    a.cores = {sys, sp, aimc, simd};
    Memory priv;
    priv.name = "sys0.rf";
    priv.core = "sys0";
    priv.sizeBytes = 4096;
    priv.operands = OperandW;
    priv.readBw = 0.5;
    priv.writeEnergy = 0.0;
    Memory gb;
    gb.name = "gb";
    gb.sizeBytes = int64_t{3} << 33;  // beyond 32 bits on purpose
    gb.operands = OperandI | OperandO;
    gb.place = {10, 0, 4, 2};
    a.memories = {priv, gb};
    a.links = {{"l0", {"sys0", "gb"}, 64, 2, 0.75}, {"bus", {"spatial", "aimc", "simd", "gb", "dram"}, 128, 1, 1.5}};
    a.dram.name = "dram";
    a.dram.bandwidth = 12.5;
    a.dram.latency = 200;
    a.dram.ports = 2;
    a.dram.place = {0, 10, 16, 1};
    return a;
}

/// A chain of `n` convs; `variant` changes every layer so that two versions differ everywhere.
Workload chainWorkload(int n, int variant)
{
    Workload w;
    w.name = "chain" + std::to_string(variant);
    w.warnings = {"folded Relu into every conv", "variant " + std::to_string(variant)};
    TensorId prev = w.addTensor({"input", 1, 16, 32, 32, 8, kNone});
    for (int i = 0; i < n; ++i) {
        const TensorId out = w.addTensor({"t" + std::to_string(i), 1, 16, 32, 32, 8, kNone});
        Layer l;
        l.name = "conv" + std::to_string(i);
        l.sourceOp = "Conv";
        l.dims = {1, 16 + (i + variant) % 5, 16, 32, 32, 3, 3};
        l.iy = l.ix = 32;
        l.padTop = l.padLeft = l.padBottom = l.padRight = 1;
        l.precision = {8, 4 + (i + variant) % 4, 16};
        l.hasWeights = true;
        l.inputs = {prev};
        l.output = out;
        l.folded = {"Relu"};
        w.addLayer(l);
        prev = out;
    }
    return w;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

void sqlExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toLocal8Bit().constData(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    const QString msg = QString::fromUtf8(err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(msg));
}

/// A large project with runs: ResNet-18 on the quad-core example with 12 recorded
/// schedules (~10,000 event rows), so that one save takes long enough for a
/// random kill to land inside it. Built once by the parent and written to `path`; the
/// child reads it back, so both sides derive every version from the same bytes.
Project largeBase()
{
    Project p;
    p.name = "base";
    p.workload = zooModel("resnet18").value();
    p.accelerator = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
    int n = 0;
    for (const char *strategy : {"lbl", "fused"})
        for (int tile : {1, 2, 4}) {
            RunRequest r;
            r.name = std::string(strategy) + "-" + std::to_string(tile) + "-" + std::to_string(n++);
            r.strategy = strategy;
            r.tileRows = tile;
            Run run = computeRun(p.workload, p.accelerator, r);
            run.created = "2026-11-21T00:00:00Z";
            run.pareto = {{1.0 * n, 2.0 * n, true}};
            putRun(p.runs, std::move(run));
        }
    // Copies under other names (the way a user keeps variants): 12 runs in all.
    const std::vector<Run> distinct = p.runs;
    for (int copy = 1; copy < 2; ++copy)
        for (Run r : distinct) {
            r.name += "-copy" + std::to_string(copy);
            p.runs.push_back(std::move(r));
        }
    return p;
}

/// Version `v` of the large project: the tables that hold most rows (events, CNs, slices,
/// occupancy, layers' folded ops) and every table of names and energies get rows that differ
/// from any other version, so a file mixing two versions cannot pass for either. (Indices
/// and tensors stay: the runs' plans must still refer to valid layers, cores and tensors.)
Project largeVersion(const Project &base, int v)
{
    Project p = base;
    p.name = "v" + std::to_string(v);
    p.workload.name = "w" + std::to_string(v);
    for (size_t i = 0; i < p.workload.layers.size(); ++i)
        p.workload.layers[i].folded = {"v" + std::to_string(v)};
    p.accelerator.name = "acc" + std::to_string(v);
    for (Core &c : p.accelerator.cores)
        c.macEnergy += v * 1e-3;
    for (Memory &m : p.accelerator.memories)
        m.readEnergy += v * 1e-3;
    for (Run &r : p.runs) {
        r.name += "@" + std::to_string(v);
        Schedule &s = r.schedule;
        for (ScheduleEvent &e : s.events) {
            e.start += v;
            e.end += v;
            e.bytes += v;
        }
        for (CnTiming &c : s.cns) {
            c.start += v;
            c.end += v;
        }
        for (MemorySlice &m : s.slices)
            m.bytes += v;
        for (auto &mem : s.occupancy)
            for (auto &pt : mem)
                pt.bytes += v;
        for (ParetoPoint &pt : r.pareto)
            pt.energyPj += v;
    }
    return p;
}

/// A digest of every row of every table of an SQLite file (FNV-1a over type tags and
/// values, tables by name, rows by rowid): equal for two files with the same content,
/// whatever their page layout. Independent of the loader: it sees rows the loader might skip.
quint64 sqlDigest(const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toLocal8Bit().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    quint64 h = 1469598103934665603ull;
    auto mix = [&h](const void *data, size_t n) {
        const auto *b = static_cast<const unsigned char *>(data);
        for (size_t i = 0; i < n; ++i)
            h = (h ^ b[i]) * 1099511628211ull;
    };
    std::vector<std::string> tables;
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    for (const std::string &t : tables) {
        mix(t.data(), t.size() + 1);
        const std::string sql = "SELECT * FROM \"" + t + "\" ORDER BY rowid";
        sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const int type = sqlite3_column_type(st, c);
                mix(&type, sizeof type);
                const void *blob = sqlite3_column_blob(st, c);
                mix(blob ? blob : "", static_cast<size_t>(sqlite3_column_bytes(st, c)));
            }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return h;
}

/// Child-process mode: save versions start, start+1, … of the base project to `path` until killed.
int saveForever(const char *path, int start, const char *basePath)
{
    const Project base = loadProject(basePath);
    std::fputs("saving\n", stdout);
    std::fflush(stdout);
    for (int v = start; v < start + 100000; ++v) {
        const Project p = largeVersion(base, v);
        std::printf("begin %d\n", v);
        std::fflush(stdout);
        saveProject(p, path);
        std::printf("done %d\n", v);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

class TestProjectFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripHandMade()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.fuselab")).toStdString();
        Project p;
        p.name = "hand made ü";
        p.workload = chainWorkload(5, 1);
        p.accelerator = sampleAccelerator();
        saveProject(p, path);
        const Project back = loadProject(path);
        QCOMPARE(back.accelerator.memories[1].sizeBytes, int64_t{3} << 33);
        QVERIFY(back == p);
        // Saving over an existing project (the in-place transaction) replaces everything:
        // fewer layers, no links.
        p.workload = chainWorkload(2, 3);
        p.accelerator.links.clear();
        saveProject(p, path);
        QVERIFY(loadProject(path) == p);
    }

    void inputShapesRoundTrip()
    {
        // Workload::inputShapes (schema 3): the sizes given to an ONNX model's symbolic inputs.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("shapes.fuselab")).toStdString();
        Project p;
        p.workload = chainWorkload(3, 0);
        p.workload.inputShapes = {{"pixel_values", {1, 3, 224, 224}}, {"input_ids", {2, 128}}};
        p.accelerator = sampleAccelerator();
        saveProject(p, path);
        const Project back = loadProject(path);
        QCOMPARE(back.workload.inputShapes.size(), size_t{2});
        QVERIFY((back.workload.inputShapes.at("input_ids") == std::vector<int64_t>{2, 128}));
        QVERIFY(back == p);
    }

    void schemaTwoUpgradesWithoutInputShapes()
    {
        // What schema 2 wrote: no workload_input_shapes or run design tables, version 2. It loads (upgraded in
        // memory) with no shapes recorded and the file is not touched by the load.
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("v2.fuselab"));
        const std::string path = qpath.toStdString();
        Project p;
        p.workload = chainWorkload(3, 0);
        p.accelerator = sampleAccelerator();
        saveProject(p, path);
        sqlExec(qpath, "DROP TABLE workload_input_shapes; DROP TABLE run_designs; DROP TABLE designs; DROP TABLE run_event_energy; DROP TABLE memory_hierarchy; "
                       "DROP TABLE core_unroll_array_dims; DROP TABLE layer_psum; DROP TABLE core_array_dims; DROP TABLE core_search_unrolling; UPDATE meta SET value = '2' WHERE key = 'schema_version'; "
                       "PRAGMA user_version = 2;");
        const QByteArray before = fileBytes(qpath);
        const Project back = loadProject(path);
        QVERIFY(back.workload.inputShapes.empty());
        QVERIFY(back == p);
        QCOMPARE(fileBytes(qpath), before);
        // Saving it writes the current schema, shapes included.
        Project edited = back;
        edited.workload.inputShapes = {{"x", {1, 16}}};
        saveProject(edited, path);
        QVERIFY(loadProject(path) == edited);
    }

    void badInputShapeRowsAreRefused()
    {
        QTemporaryDir dir;
        const QString qpath = dir.filePath(QStringLiteral("badshape.fuselab"));
        Project p;
        p.workload = chainWorkload(2, 0);
        p.workload.inputShapes = {{"x", {1, 3, 8, 8}}};
        p.accelerator = sampleAccelerator();
        saveProject(p, qpath.toStdString());
        sqlExec(qpath, "UPDATE workload_input_shapes SET dim = 0 WHERE pos = 2");
        try {
            loadProject(qpath.toStdString());
            QFAIL("a zero input dimension was accepted");
        } catch (const InputError &e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("workload_input_shapes") != std::string::npos && msg.find("'x'") != std::string::npos,
                     msg.c_str());
        }
    }

    void roundTripDefaultProject()
    {
        // The built-in default project is ResNet-18 on the quad core; the accelerator half is
        // exercised by sampleAccelerator (every field non-default).
        const auto resnet = zooModel("resnet18");
        if (!resnet)
            QSKIP("the model zoo is not merged yet (zooModel returns nothing)");
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("d.fuselab")).toStdString();
        Project p;
        p.name = "default";
        p.workload = *resnet;
        p.accelerator = sampleAccelerator();
        saveProject(p, path);
        QVERIFY(loadProject(path) == p);

        // The same with an edited layer: the edit must survive, and differ from the original.
        Layer &l = p.workload.layers.at(3);
        l.dims.k += 13;
        l.strideY = 2;
        l.precision.w = 4;
        l.folded.push_back("Clip");
        saveProject(p, path);
        const Project back = loadProject(path);
        QVERIFY(back == p);
        QVERIFY(!(back.workload == *resnet));
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");  // a word of the reason
        QTest::newRow("missing") << "missing" << "does not exist";
        QTest::newRow("empty") << "empty" << "empty";
        QTest::newRow("text") << "text" << "not an SQLite database";
        QTest::newRow("foreign sqlite") << "foreign" << "not a FuseLab project";
        QTest::newRow("newer schema") << "newer" << "newer FuseLab";
        QTest::newRow("truncated") << "truncated" << "truncated";
        QTest::newRow("garbage pages") << "garbage" << "corrupt";
        QTest::newRow("missing table") << "droptable" << "cores";
    }
    void badFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.fuselab"));
        Project good;
        good.name = "good";
        good.workload = chainWorkload(40, 0);
        good.accelerator = sampleAccelerator();
        if (kind == QLatin1String("empty"))
            writeBytes(path, {});
        else if (kind == QLatin1String("text"))
            writeBytes(path, "name: not a project\nlayers: []\n");
        else if (kind == QLatin1String("foreign"))
            sqlExec(path, "CREATE TABLE songs(title TEXT, artist TEXT); INSERT INTO songs VALUES ('a', 'b');");
        else if (kind != QLatin1String("missing")) {
            saveProject(good, path.toStdString());
            if (kind == QLatin1String("newer"))
                sqlExec(path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
            else if (kind == QLatin1String("droptable"))
                sqlExec(path, "DROP TABLE cores");
            QByteArray bytes = fileBytes(path);
            QVERIFY(bytes.size() > 8192);
            if (kind == QLatin1String("truncated"))
                bytes.truncate(bytes.size() / 2);
            else if (kind == QLatin1String("garbage"))
                for (qsizetype i = 4096; i < bytes.size(); i += 7)  // every page but the header page
                    bytes[i] = static_cast<char>(0xA5 ^ (i & 0xff));
            writeBytes(path, bytes);
        }
        const QByteArray before = fileBytes(path);
        try {
            loadProject(path.toStdString());
            QFAIL("loading a bad file must throw InputError");
        } catch (const InputError &e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(path), qPrintable(msg));
            QVERIFY2(msg.contains(expected, Qt::CaseInsensitive), qPrintable(msg));
        }
        QCOMPARE(fileBytes(path), before);  // a failed load changes nothing
        QCOMPARE(QFile::exists(path), kind != QLatin1String("missing"));
    }

    void killDuringSave()
    {
        // 100 SIGKILLs of a child that saves versions of a large project in a loop, at
        // random moments. After each, the file must load and equal exactly one whole
        // version (deep comparison of every field, and a digest of every table row
        // against a clean save of that version), never a mix, and most kills must have
        // landed inside a save transaction (a hot journal was left behind).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.fuselab"));
        const QString basePath = dir.filePath(QStringLiteral("base.fuselab"));
        const QString refPath = dir.filePath(QStringLiteral("reference.fuselab"));
        saveProject(largeBase(), basePath.toStdString());
        const Project base = loadProject(basePath.toStdString());
        size_t events = 0;
        for (const Run &r : base.runs)
            events += r.schedule.events.size();
        qInfo("%zu runs, %zu event rows", base.runs.size(), events);
        QVERIFY2(events > 8000, "the project is not large enough for saves to take a while");

        std::map<int, quint64> digests; // version → digest of a clean save of that version
        auto digestOf = [&](int v) {
            auto it = digests.find(v);
            if (it == digests.end()) {
                QFile::remove(refPath);
                saveProject(largeVersion(base, v), refPath.toStdString());
                it = digests.emplace(v, sqlDigest(refPath)).first;
            }
            return it->second;
        };

        QElapsedTimer timer;
        timer.start();
        saveProject(largeVersion(base, 0), path.toStdString());
        saveProject(largeVersion(base, 1), path.toStdString()); // the second save is the in-place kind
        const double saveMs = std::max<double>(1.0, timer.elapsed() / 2.0);
        QVERIFY(loadProject(path.toStdString()) == largeVersion(base, 1));
        QVERIFY(digestOf(0) != digestOf(1)); // the digest tells versions apart

        std::mt19937 rng(20261121); // fixed seed: the same kill moments every run
        std::uniform_real_distribution<double> delay(0.0, 2.0 * saveMs);
        int lastSeen = 1, midSave = 0, hotJournal = 0;
        const int kills = 100;
        for (int k = 0; k < kills; ++k) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--save-forever"), path, QString::number(lastSeen + 1), basePath});
            QVERIFY(child.waitForStarted(20000));
            QVERIFY(child.waitForReadyRead(20000)); // it is about to start saving
            QThread::usleep(static_cast<unsigned long>(delay(rng) * 1000));
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(20000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            // The child's last line says where the kill landed: inside saveProject(v) after
            // "begin v", between two saves after "done v".
            const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
            const QList<QByteArray> last = lines.last().split(' ');
            const bool inSave = last.first() == "begin";
            const int v = last.size() == 2 ? last[1].toInt() : lastSeen;
            midSave += inSave ? 1 : 0;
            const QFileInfo journal(path + QStringLiteral("-journal"));
            hotJournal += journal.exists() && journal.size() > 0 ? 1 : 0;

            const Project loaded = loadProject(path.toStdString()); // rolls a hot journal back
            const int version = std::stoi(loaded.name.substr(1));
            // Killed inside save v: the old version v - 1 or the new v; killed after it: v.
            if (inSave)
                QVERIFY2(version == v - 1 || version == v, qPrintable(QStringLiteral("killed in save %1, found version %2").arg(v).arg(version)));
            else
                QCOMPARE(version, v);
            QVERIFY2(loaded == largeVersion(base, version), loaded.name.c_str()); // every field of every row
            QCOMPARE(sqlDigest(path), digestOf(version));                         // every row of every table
            lastSeen = version;
        }
        qInfo("%d kills, %d of them inside a save (%d left a hot journal); one save takes ~%.0f ms; last version %d",
              kills, midSave, hotJournal, saveMs, lastSeen);
        QVERIFY2(midSave > kills / 2, "too few kills landed inside a save: the test did not test atomicity");
        QVERIFY(lastSeen > 10); // many saves completed too
    }
};

int main(int argc, char **argv)
{
    if (argc == 5 && std::strcmp(argv[1], "--save-forever") == 0)
        return saveForever(argv[2], std::atoi(argv[3]), argv[4]);
    QCoreApplication app(argc, argv);
    TestProjectFile test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_project_file.moc"
