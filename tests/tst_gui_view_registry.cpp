// SPDX-License-Identifier: GPL-3.0-or-later
// The view registry (widgets/views/view_registry.h) is the one list of view names: every
// registered name is accepted by `fuselab --screenshot --view`, every figure of a run by
// `fuselab-cli figure --view` and offered by the schedule panel's Export menu; an unknown
// name is refused by both with the list of names. Each figure factory builds the view its
// export kind says (a QCustomPlot or a chart canvas).
#include "charts/chart_canvas.h"
#include "document/project_document.h"
#include "gui/gui_options.h"
#include "gui/schedule_panel.h"
#include "io/hardware_yaml.h"
#include "project/project_file.h"
#include "project/run.h"
#include "qcp_include.h"
#include "support/cli_process.h"
#include "util/error.h"
#include "views/view_registry.h"
#include "workload/zoo.h"

#include <QMenu>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace fuselab;

namespace {
using testing::CliResult;
CliResult cli(const QStringList &args) { return testing::runCli(args); }

/// The Usage error parseGuiOptions throws for these arguments, or empty if it accepts them.
QString screenshotError(const QString &view)
{
    bool exitNow = false;
    try {
        const GuiOptions o = parseGuiOptions({QStringLiteral("fuselab"), QStringLiteral("--screenshot"),
                                              QStringLiteral("a.png"), QStringLiteral("--view"), view},
                                             exitNow);
        return o.view == view ? QString() : QStringLiteral("parsed as %1").arg(o.view);
    } catch (const UsageError &e) {
        return QString::fromUtf8(e.what());
    }
}

const QString kHw = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
} // namespace

class TestGuiViewRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void namesAreUniqueAndFound()
    {
        QSet<QString> seen;
        for (const ViewInfo &v : allViews()) {
            const QString name = QLatin1String(v.name);
            QVERIFY2(!seen.contains(name), v.name);
            seen.insert(name);
            QCOMPARE(findView(name), &v);
            // A figure of a run has an export kind and shows a run; the rest are screenshots only.
            QCOMPARE(v.makeFigure != nullptr, v.exportKind != ExportKind::None);
            if (v.makeFigure)
                QVERIFY(v.needsRun);
        }
        QCOMPARE(findView(u"timeline"), nullptr);
        QVERIFY(viewNames(true).size() >= 4);
    }

    void everyViewIsAcceptedByTheScreenshotOption()
    {
        for (const QString &name : viewNames())
            QVERIFY2(screenshotError(name).isEmpty(), qPrintable(name + QStringLiteral(": ") + screenshotError(name)));
        const QString refused = screenshotError(QStringLiteral("timeline"));
        QVERIFY(refused.contains(QStringLiteral("timeline")));
        for (const QString &name : viewNames())
            QVERIFY2(refused.contains(name), qPrintable(refused));
    }

    void everyFigureIsBuiltAsItsExportKindSays()
    {
        Project p;
        p.workload = *zooModel("lenet5");
        p.accelerator = loadHardware(kHw.toStdString());
        RunRequest r;
        p.runs.push_back(computeRun(p.workload, p.accelerator, r));
        for (const ViewInfo &v : allViews()) {
            if (!v.makeFigure)
                continue;
            const FigureWidget f = v.makeFigure(p, p.runs.front());
            QVERIFY(f.widget);
            QCOMPARE(f.plot != nullptr, v.exportKind == ExportKind::Plot);
            QCOMPARE(f.canvas != nullptr, v.exportKind == ExportKind::Chart);
        }
    }

    void theExportMenuOffersEveryFigure()
    {
        ProjectDocument doc;
        SchedulePanel panel(&doc);
        QMenu *menu = nullptr;
        for (auto *b : panel.findChildren<QToolButton *>())
            if (b->menu())
                menu = b->menu();
        QVERIFY(menu);
        QStringList texts;
        for (QAction *a : menu->actions())
            texts << a->text();
        for (const ViewInfo &v : allViews()) {
            QCOMPARE(panel.viewWidget(v.id) != nullptr || v.id == ViewId::Window || v.id == ViewId::Graph ||
                         v.id == ViewId::Floorplan,
                     true);
            if (v.makeFigure)
                QVERIFY2(texts.contains(QStringLiteral("%1 figure…").arg(QLatin1String(v.title))),
                         qPrintable(texts.join(QStringLiteral(" | "))));
        }
    }

    void everyFigureIsAcceptedByTheCli()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        CliResult r = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                           QStringLiteral("--hw"), kHw, QStringLiteral("--project"), project});
        QVERIFY2(r.code == 0, r.err.constData());
        for (const QString &name : viewNames(true)) {
            const QString svg = dir.filePath(name + QStringLiteral(".svg"));
            r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--view"), name,
                     QStringLiteral("--out"), svg, QStringLiteral("--size"), QStringLiteral("600x400")});
            QVERIFY2(r.code == 0, qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(r.err)));
            QVERIFY(QFile::exists(svg));
        }
        // An unknown name and a view that is not a figure of a run: refused with the figures' names.
        for (const QString &bad : {QStringLiteral("timeline"), QStringLiteral("floorplan")}) {
            r = cli({QStringLiteral("figure"), QStringLiteral("--project"), project, QStringLiteral("--view"), bad,
                     QStringLiteral("--out"), dir.filePath(QStringLiteral("x.svg"))});
            QCOMPARE(r.code, 2);
            const QString err = QString::fromUtf8(r.err);
            QVERIFY2(err.contains(bad), r.err.constData());
            for (const QString &name : viewNames(true))
                QVERIFY2(err.contains(name), r.err.constData());
        }
        // The help names every figure.
        r = cli({QStringLiteral("figure"), QStringLiteral("--help")});
        for (const QString &name : viewNames(true))
            QVERIFY2(r.out.contains(name.toUtf8()) || r.err.contains(name.toUtf8()), r.out.constData());
    }
};

QTEST_MAIN(TestGuiViewRegistry)
#include "tst_gui_view_registry.moc"
