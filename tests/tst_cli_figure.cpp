// SPDX-License-Identifier: GPL-3.0-or-later
// `fuselab-cli schedule --project --run` stores runs in a project file (created if missing)
// and `fuselab-cli figure` renders them headlessly as valid SVG / PDF / PNG.
#include "project/project_file.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {
struct Result {
    int code = -1;
    QByteArray out, err;
};

Result cli(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command must go offscreen by itself
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

const QString kHw = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
} // namespace

class TestCliFigure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduleStoresRunsThenFigures()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("batch.fuselab"));
        for (const char *mode : {"lbl", "fused"}) {
            const Result r =
                cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                     QStringLiteral("--hw"), kHw, QStringLiteral("--mode"), QString::fromLatin1(mode),
                     QStringLiteral("--project"), project, QStringLiteral("--run"),
                     QStringLiteral("my_") + QString::fromLatin1(mode)});
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const fuselab::Project p = fuselab::loadProject(project.toStdString());
        QCOMPARE(p.runs.size(), size_t(2));
        QCOMPARE(p.runs[0].name, std::string("my_lbl"));
        QCOMPARE(p.runs[0].strategy, std::string("lbl"));
        QCOMPARE(p.runs[1].name, std::string("my_fused"));
        QVERIFY(!p.runs[1].schedule.events.empty());
        QVERIFY(p.runs[1].summaryJson.find("latency_cycles") != std::string::npos);

        // Gantt as SVG: well-formed XML naming the quad-core's cores as track labels.
        const QString svg = dir.filePath(QStringLiteral("gantt.svg"));
        Result r =
            cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                 QStringLiteral("my_fused"), QStringLiteral("--view"), QStringLiteral("gantt"),
                 QStringLiteral("--out"), svg, QStringLiteral("--size"), QStringLiteral("1200x600")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray xml = f.readAll();
        QXmlStreamReader reader(xml);
        QString root;
        while (!reader.atEnd())
            if (reader.readNext() == QXmlStreamReader::StartElement && root.isEmpty())
                root = reader.name().toString();
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        for (const auto &core : p.accelerator.cores)
            QVERIFY2(xml.contains(QByteArray::fromStdString(core.name)), core.name.c_str());

        for (const char *view : {"memory", "breakdown", "pareto", "gantt"}) {
            const QString pdf = dir.filePath(QString::fromLatin1(view) + QStringLiteral(".pdf"));
            r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                     QStringLiteral("my_lbl"), QStringLiteral("--view"), QString::fromLatin1(view),
                     QStringLiteral("--out"), pdf});
            QVERIFY2(r.code == 0, r.err.constData());
            QFile pf(pdf);
            QVERIFY(pf.open(QIODevice::ReadOnly));
            QVERIFY2(pf.read(5) == "%PDF-", view);
        }
        // The charts (Qt Charts) as SVG hold their series: both runs in the Pareto scatter,
        // each energy category in the breakdown.
        const QString paretoSvg = dir.filePath(QStringLiteral("pareto.svg"));
        r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--view"),
                 QStringLiteral("pareto"), QStringLiteral("--out"), paretoSvg});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile ps(paretoSvg);
        QVERIFY(ps.open(QIODevice::ReadOnly));
        const QByteArray paretoXml = ps.readAll();
        QVERIFY(paretoXml.contains("<svg") && paretoXml.contains(">my_lbl<") && paretoXml.contains(">my_fused<") &&
                paretoXml.contains("Pareto front"));
        // A size in mm: the PDF page is that size in points (120 mm = 340.2 pt, 80 mm = 226.8 pt).
        const QString mmPdf = dir.filePath(QStringLiteral("breakdown_mm.pdf"));
        r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--view"),
                 QStringLiteral("breakdown"), QStringLiteral("--out"), mmPdf, QStringLiteral("--size"),
                 QStringLiteral("120x80mm"), QStringLiteral("--font"), QStringLiteral("7")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile mp(mmPdf);
        QVERIFY(mp.open(QIODevice::ReadOnly));
        const QByteArray mmBytes = mp.readAll();
        QVERIFY2(mmBytes.contains("/MediaBox [0 0 340.000000 227.000000]"),
                 mmBytes.mid(mmBytes.indexOf("/MediaBox"), 40).constData());
        QCOMPARE(cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--out"),
                      mmPdf, QStringLiteral("--size"), QStringLiteral("120x80cm")})
                     .code,
                 2);
        const QString png = dir.filePath(QStringLiteral("b.png"));
        r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--view"),
                 QStringLiteral("breakdown"), QStringLiteral("--out"), png});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile pngFile(png);
        QVERIFY(pngFile.open(QIODevice::ReadOnly));
        QCOMPARE(pngFile.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    }

    void unknownRunNamesTheRuns()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        Result r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                        QStringLiteral("--hw"), kHw, QStringLiteral("--project"), project});
        QVERIFY2(r.code == 0, r.err.constData());
        r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                 QStringLiteral("nope"), QStringLiteral("--out"), dir.filePath(QStringLiteral("x.svg"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("nope") && r.err.contains("fused"), r.err.constData());
        r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--out"),
                 dir.filePath(QStringLiteral("x.txt"))});
        QCOMPARE(r.code, 2);
        // A run of another workload cannot join the project (its indices would be wrong).
        r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("mlp"),
                 QStringLiteral("--hw"), kHw, QStringLiteral("--project"), project});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("p.fuselab") && r.err.contains("another workload"), r.err.constData());
        QCOMPARE(fuselab::loadProject(project.toStdString()).runs.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestCliFigure)
#include "tst_cli_figure.moc"
