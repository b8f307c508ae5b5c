// SPDX-License-Identifier: GPL-3.0-or-later
// Study figures (`fuselab-cli study NAME --figure`): one panel per chart with grouped bars whose
// heights are the table's values × the chart's scale, no bar for an n/a cell, one legend entry
// per series with the same colour in every panel; written as PNG / SVG offscreen, and through
// the CLI for a real study.
#include "charts/study_figure.h"
#include "qcp_include.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace fuselab;

namespace {
StudyTable table()
{
    StudyTable t;
    t.title = "test: two panels";
    t.labelColumns = {"workload"};
    t.valueColumns = {"a bytes", "b bytes", "a cycles", "b cycles", "c cycles"};
    t.rows = {{{"net1"}, {2e6, 1e6, 300, 200, 250}},
              {{"net2"}, {4e6, std::numeric_limits<double>::quiet_NaN(), 500, 400, 450}}};
    t.charts = {{"Traffic (MB)", {0, 1}, {"single", "fused"}, 1e-6, false},
                {"Latency (cycles)", {2, 3, 4}, {"single", "fused", "recompute"}, 1.0, false}};
    return t;
}

std::vector<QCPBars *> barsOf(QCPAxisRect *rect)
{
    std::vector<QCPBars *> out;
    for (QCPAbstractPlottable *p : rect->plottables())
        if (auto *b = qobject_cast<QCPBars *>(p))
            out.push_back(b);
    return out;
}
} // namespace

class TestGuiStudyFigure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void panelsBarsAndLegend()
    {
        QCustomPlot plot;
        const StudyTable t = table();
        buildStudyFigure(&plot, t);
        QCOMPARE(plot.axisRectCount(), 2);
        const auto traffic = barsOf(plot.axisRect(0));
        QCOMPARE(traffic.size(), size_t(2));
        QCOMPARE(plot.axisRect(0)->axis(QCPAxis::atLeft)->label(), QStringLiteral("Traffic (MB)"));
        // 2e6 bytes at scale 1e-6: 2 MB; the n/a cell of net2 draws no bar.
        QCOMPARE(traffic[0]->data()->size(), 2);
        QCOMPARE(traffic[0]->data()->at(0)->value, 2.0);
        QCOMPARE(traffic[1]->data()->size(), 1);
        QCOMPARE(traffic[1]->data()->at(0)->value, 1.0);
        const auto latency = barsOf(plot.axisRect(1));
        QCOMPARE(latency.size(), size_t(3));
        QCOMPARE(latency[2]->data()->at(1)->value, 450.0);
        // "single" and "fused" keep their colour across panels.
        QCOMPARE(traffic[0]->brush().color(), latency[0]->brush().color());
        QCOMPARE(traffic[1]->brush().color(), latency[1]->brush().color());
        QVERIFY(latency[2]->brush().color() != latency[0]->brush().color());
        // One shared legend: three series, each once.
        QCPLegend *legend = nullptr;
        for (int i = 0; i < plot.plotLayout()->elementCount(); ++i)
            if (auto *l = qobject_cast<QCPLegend *>(plot.plotLayout()->elementAt(i)))
                legend = l;
        QVERIFY(legend);
        QCOMPARE(legend->itemCount(), 3);
        // The last panel's x axis says what the groups are.
        QCOMPARE(plot.axisRect(1)->axis(QCPAxis::atBottom)->label(), QStringLiteral("workload"));
    }

    void writesPngAndSvg()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("s.png")),
                      svg = dir.filePath(QStringLiteral("s.svg"));
        QCOMPARE(renderStudyFigure(table(), png), QString());
        QCOMPARE(renderStudyFigure(table(), svg), QString());
        QFile p(png);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QCOMPARE(p.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QFile s(svg);
        QVERIFY(s.open(QIODevice::ReadOnly));
        QVERIFY(s.readAll().contains("<svg"));
        QVERIFY(!renderStudyFigure(StudyTable{}, png).isEmpty()); // nothing to draw: a reason
    }

    void cliStudyFigure()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("nr.png"));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command must go offscreen by itself
        env.remove(QStringLiteral("DISPLAY"));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"),
                  {QStringLiteral("study"), QStringLiteral("no-recompute"), QStringLiteral("--segments"),
                   QStringLiteral("resnet18:layer1.0.conv1..layer1.0.add"), QStringLiteral("--figure"), png});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(QFile::exists(png));
        // A suffix the exporter does not know is refused before the study runs.
        cli.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"),
                  {QStringLiteral("study"), QStringLiteral("no-recompute"), QStringLiteral("--figure"),
                   dir.filePath(QStringLiteral("x.jpg"))});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);
        QVERIFY(cli.readAllStandardError().contains(".svg, .pdf or .png"));
    }
};

QTEST_MAIN(TestGuiStudyFigure)
#include "tst_gui_study_figure.moc"
