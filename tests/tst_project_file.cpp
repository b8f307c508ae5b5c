// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite project file: exact round trips, clear errors on bad files (which stay
// untouched), and atomic saves under SIGKILL.
#include "project/project_file.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <sqlite3.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
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

Project bigProject(int version)
{
    Project p;
    p.name = "v" + std::to_string(version);
    p.workload = chainWorkload(3000, version);
    p.accelerator = sampleAccelerator();
    p.accelerator.cores[0].rows = 1 + version % 64;
    return p;
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

/// Child-process mode: save versions start, start+1, … to `path` until killed.
int saveForever(const char *path, int start)
{
    std::fputs("saving\n", stdout);
    std::fflush(stdout);
    for (int v = start; v < start + 100000; ++v)
        saveProject(bigProject(v), path);
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
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.fuselab"));
        QElapsedTimer timer;
        timer.start();
        saveProject(bigProject(0), path.toStdString());
        saveProject(bigProject(1), path.toStdString());  // the second save is the in-place kind
        const double saveMs = std::max<double>(1.0, timer.elapsed() / 2.0);
        QVERIFY(loadProject(path.toStdString()) == bigProject(1));

        std::mt19937 rng(20261121);  // fixed seed: the same kill moments every run
        std::uniform_real_distribution<double> delay(0.0, 2.5 * saveMs);
        int lastSeen = 1, midSave = 0;
        const int kills = 24;
        for (int k = 0; k < kills; ++k) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--save-forever"), path, QString::number(lastSeen + 1)});
            QVERIFY(child.waitForStarted(20000));
            QVERIFY(child.waitForReadyRead(20000));  // it is about to start saving
            QThread::usleep(static_cast<unsigned long>(delay(rng) * 1000));
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(20000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            if (QFile::exists(path + QStringLiteral("-journal")))
                ++midSave;  // killed inside the transaction: a hot journal is left behind
            const Project loaded = loadProject(path.toStdString());
            const int version = std::stoi(loaded.name.substr(1));
            QVERIFY2(version >= lastSeen, loaded.name.c_str());
            QVERIFY2(loaded == bigProject(version), loaded.name.c_str());
            QVERIFY(loadProject(path.toStdString()) == loaded);  // stable: reading again gives the same
            lastSeen = version;
        }
        qInfo("%d kills, %d of them inside a save transaction; one save takes ~%.0f ms; last version %d", kills,
              midSave, saveMs, lastSeen);
        QVERIFY2(midSave >= kills / 4, "too few kills landed inside a save: the test did not test atomicity");
        QVERIFY(lastSeen > 1);  // some saves completed too
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--save-forever") == 0)
        return saveForever(argv[2], std::atoi(argv[3]));
    QCoreApplication app(argc, argv);
    TestProjectFile test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_project_file.moc"
