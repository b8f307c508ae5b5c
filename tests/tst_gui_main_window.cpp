// SPDX-License-Identifier: GPL-3.0-or-later
// The app shell: default project, title and modified flag, save / reopen round trip through
// the editors, bad project files, hardware import / export, and --screenshot rendering.
#include "document/project_document.h"
#include "floorplan/block_inspector.h"
#include "floorplan/floorplan_editor.h"
#include "gui/default_project.h"
#include "gui/gui_options.h"
#include "gui/main_window.h"
#include "gui/schedule_panel.h"
#include "graph/layer_properties_panel.h"
#include "gui/screenshot.h"
#include "io/hardware_yaml.h"
#include "project/project_file.h"
#include "project/run.h"
#include "util/error.h"

#include <QApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QSet>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace fuselab;

namespace {
const MainWindow::Options kQuiet{false, false};

/// Distinct colours in an image, sampled on a grid: a blank render has one or two.
int distinctColours(const QImage &img)
{
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            colours.insert(img.pixel(x, y));
    return static_cast<int>(colours.size());
}
} // namespace

class TestGuiMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startsOnDefaultProject()
    {
        MainWindow w(kQuiet);
        const Project &p = w.document()->project();
        // The default: ResNet-18 (zoo) on examples/hardware/quad_core.yaml, compiled in.
        QCOMPARE(p.workload.name, std::string("resnet18"));
        QVERIFY(p.workload.layers.size() > 20);
        QVERIFY(exampleHardwareResources().contains(QStringLiteral(":/fuselab/examples/hardware/quad_core.yaml")));
        QVERIFY(p.accelerator == loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml"));
        QVERIFY(!w.document()->isModified());
        QVERIFY(!w.isWindowModified());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Untitled")));
        // Docks and the schedule placeholder exist.
        for (const char *name : {"networkDock", "propertiesDock", "layerDock", "logDock"})
            QVERIFY2(w.findChild<QWidget *>(QLatin1String(name)), name);
        // The graph editor's layer panel sits in the Layer Properties dock, tabbed with the
        // hardware inspector; selecting a layer shows it there.
        auto *layerDock = w.findChild<QDockWidget *>(QStringLiteral("layerDock"));
        auto *panel = qobject_cast<LayerPropertiesPanel *>(layerDock->widget());
        QVERIFY(panel);
        QCOMPARE(w.tabifiedDockWidgets(layerDock).size(), 1);
        w.document()->selectLayer(1);
        QCOMPARE(panel->layer(), 1);
        QVERIFY(w.findChild<SchedulePanel *>(QStringLiteral("schedulePanel")));
    }

    void editSaveReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("edited.fuselab"));
        Project expected;
        {
            MainWindow w(kQuiet);
            w.show();
            ProjectDocument *doc = w.document();
            // Edit a core through the inspector, the way a user does.
            FloorplanEditor *fp = w.floorplanEditor();
            fp->select({BlockRef::Core, "tpu0"});
            QCoreApplication::processEvents();
            QSpinBox *rows = nullptr;
            for (QLabel *l : w.inspector()->findChildren<QLabel *>())
                if (l->text() == QLatin1String("Array rows") && l->isVisibleTo(w.inspector()))
                    rows = qobject_cast<QSpinBox *>(l->buddy());
            QVERIFY(rows);
            rows->setValue(48);
            // Edit a layer through the graph editor's layer panel (in the Layer Properties dock).
            auto *panel = w.findChild<LayerPropertiesPanel *>();
            QVERIFY(panel);
            doc->selectLayer(0);
            QCOMPARE(doc->workload().layers[0].name, std::string("conv1"));
            panel->field(QStringLiteral("K"))->setValue(96);
            Q_EMIT panel->field(QStringLiteral("K"))->editingFinished();
            QVERIFY(doc->isModified());
            QVERIFY(w.isWindowModified());
            QVERIFY(w.saveProjectAs(path));
            QVERIFY(!w.isWindowModified());
            QVERIFY(w.windowTitle().startsWith(QStringLiteral("edited.fuselab")));
            expected = doc->project();
            QCOMPARE(expected.accelerator.cores[0].rows, 48);
            QCOMPARE(expected.workload.layers[0].dims.k, int64_t{96});
            // An undo after saving makes the document modified again.
            doc->undoStack()->undo();
            QVERIFY(w.isWindowModified());
        }
        MainWindow again(kQuiet);
        QVERIFY(again.openProject(path));
        QVERIFY(again.document()->project() == expected);
        QCOMPARE(again.document()->filePath(), path);
        QVERIFY(!again.isWindowModified());
    }

    // Issue 16: the window keeps the project open while another process (schedule --project)
    // stores a run in the file; saving the window's copy then must not drop that run.
    void saveRefusedWhenAnotherProcessChangedTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.fuselab"));
        MainWindow w(kQuiet);
        QVERIFY(w.saveProjectAs(path));
        QVERIFY(w.openProject(path));
        const std::string file = path.toStdString();
        // Another writer: the same transaction `schedule --project` uses.
        updateProject(file, {}, [](Project &p, bool existed) {
            QVERIFY(existed);
            RunRequest req;
            req.name = "from-cli";
            req.strategy = "lbl";
            p.runs.push_back(computeRun(p.workload, p.accelerator, req));
        });
        QVERIFY(!w.saveProjectAs(path));
        QVERIFY2(w.lastError().contains(QStringLiteral("changed by another process")), qPrintable(w.lastError()));
        QCOMPARE(loadProject(file).runs.size(), size_t(1));
        // Reopened, it saves again.
        QVERIFY(w.openProject(path));
        QVERIFY(w.saveProjectAs(path));
        QCOMPARE(loadProject(file).runs.size(), size_t(1));
        // A read-only file is refused, not replaced (the mode bits, so also when run as root).
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        QVERIFY(!w.saveProjectAs(path));
        QVERIFY2(w.lastError().contains(QStringLiteral("read-only")), qPrintable(w.lastError()));
        QVERIFY(!(QFileInfo(path).permissions() & QFileDevice::WriteOwner)); // still 0444, not replaced
    }

    void closeAsksAboutUnsavedChanges()
    {
        MainWindow w(MainWindow::Options{false, true});
        w.show();
        QVERIFY(w.close());  // nothing changed: closes without asking
        w.show();
        Accelerator a = w.document()->accelerator();
        a.name = "changed";
        w.document()->editAccelerator(a, QStringLiteral("rename"));
        QVERIFY(w.isWindowModified());
        // Answer the question box with the given button, from inside its event loop.
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QVERIFY(box->button(QMessageBox::Save) && box->button(QMessageBox::Discard) &&
                        box->button(QMessageBox::Cancel));
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        answer(QMessageBox::Discard);
        QVERIFY(w.close());
    }

    void badProjectChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.fuselab"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are my notes, not a project\n");
        f.close();
        MainWindow w(kQuiet);
        const Project before = w.document()->project();
        QVERIFY(!w.openProject(path));
        QVERIFY(w.document()->project() == before);
        QVERIFY(w.document()->filePath().isEmpty());
        QVERIFY2(w.logText().contains(path) && w.logText().contains(QStringLiteral("not an SQLite database")),
                 qPrintable(w.logText()));
    }

    void importAndExportHardware()
    {
        MainWindow w(kQuiet);
        ProjectDocument *doc = w.document();
        const Accelerator before = doc->accelerator();
        // A Stream accelerator (relative core files; the project's fixture) imports and is undoable.
        QVERIFY(w.importHardware(QStringLiteral(FUSELAB_SOURCE_DIR "/tests/fixtures/stream/hardware/tiny_quad.yaml")));
        QVERIFY(!(doc->accelerator() == before));
        doc->undoStack()->undo();
        QVERIFY(doc->accelerator() == before);
        // A compiled-in template loads like the file it came from.
        QVERIFY(w.importHardware(QStringLiteral(":/fuselab/examples/hardware/eyeriss_like.yaml")));
        QVERIFY(doc->accelerator() == loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/eyeriss_like.yaml"));
        // Export writes native YAML that loads back equal.
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.yaml"));
        QVERIFY(w.exportHardware(out));
        QVERIFY(loadHardware(out.toStdString()) == doc->accelerator());
        // A broken file: an error in the Log, nothing changes.
        const Accelerator now = doc->accelerator();
        QVERIFY(!w.importHardware(dir.filePath(QStringLiteral("missing.yaml"))));
        QVERIFY(doc->accelerator() == now);
    }

    void screenshotOptions()
    {
        bool exitNow = false;
        const QString app = QStringLiteral("fuselab");
        GuiOptions o = parseGuiOptions({app, QStringLiteral("--screenshot"), QStringLiteral("a.png"),
                                        QStringLiteral("--view"), QStringLiteral("floorplan"),
                                        QStringLiteral("--size"), QStringLiteral("800x600")},
                                       exitNow);
        QCOMPARE(o.view, QStringLiteral("floorplan"));
        QCOMPARE(o.size, QSize(800, 600));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseGuiOptions({app, QStringLiteral("--screenshot"),
                                                              QStringLiteral("a.png"), QStringLiteral("--view"),
                                                              QStringLiteral("timeline")},
                                                             exitNow));
        o = parseGuiOptions({app, QStringLiteral("--screenshot"), QStringLiteral("a.png"), QStringLiteral("--view"),
                             QStringLiteral("pareto"), QStringLiteral("--run"), QStringLiteral("fused"),
                             QStringLiteral("--select"), QStringLiteral("conv1")},
                            exitNow);
        QCOMPARE(o.view, QStringLiteral("pareto"));
        QCOMPARE(o.run, QStringLiteral("fused"));
        QCOMPARE(o.select, QStringLiteral("conv1"));
        // --run and --select only make sense for a screenshot.
        QVERIFY_THROWS_EXCEPTION(UsageError, parseGuiOptions({app, QStringLiteral("--select"), QStringLiteral("x")},
                                                             exitNow));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseGuiOptions({app, QStringLiteral("--screenshot"),
                                                              QStringLiteral("a.png"), QStringLiteral("--size"),
                                                              QStringLiteral("big")},
                                                             exitNow));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseGuiOptions({app, QStringLiteral("--bogus")}, exitNow));
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 parseGuiOptions({app, QStringLiteral("--screenshot"), QStringLiteral("a.jpg")}, exitNow));
    }

    void screenshotRendersEachView_data()
    {
        QTest::addColumn<QString>("view");
        QTest::newRow("main") << QStringLiteral("main");
        QTest::newRow("floorplan") << QStringLiteral("floorplan");
        QTest::newRow("graph") << QStringLiteral("graph");
    }
    void screenshotRendersEachView()
    {
        QFETCH(QString, view);
        QTemporaryDir dir;
        GuiOptions o;
        o.screenshot = dir.filePath(view + QStringLiteral(".png"));
        o.view = view;
        o.size = QSize(900, 640);
        QCOMPARE(renderScreenshot(o), 0);
        const QImage img(o.screenshot);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(900, 640));
        QVERIFY2(distinctColours(img) > 8, "the rendering is blank");
    }

    void screenshotOfBadProjectFails()
    {
        QTemporaryDir dir;
        GuiOptions o;
        o.screenshot = dir.filePath(QStringLiteral("x.png"));
        o.project = dir.filePath(QStringLiteral("missing.fuselab"));
        QCOMPARE(renderScreenshot(o), 1);
        QVERIFY(!QFile::exists(o.screenshot));
    }

    void executableExitCodes()
    {
        const QString exe = QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab");
        if (!QFile::exists(exe))
            QSKIP("the fuselab executable is not built");
        QTemporaryDir dir;
        auto run = [&](const QStringList &args) {
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(exe, args);
            if (!p.waitForFinished(60000))
                return -1;
            return p.exitCode();
        };
        const QString png = dir.filePath(QStringLiteral("main.png"));
        QCOMPARE(run({QStringLiteral("--screenshot"), png, QStringLiteral("--size"), QStringLiteral("640x480")}), 0);
        QCOMPARE(QImage(png).size(), QSize(640, 480));
        QCOMPARE(run({QStringLiteral("--screenshot"), png, QStringLiteral("--view"), QStringLiteral("nope")}), 2);
        QCOMPARE(run({QStringLiteral("--screenshot"), png, QStringLiteral("--project"),
                      dir.filePath(QStringLiteral("missing.fuselab"))}),
                 1);
    }
};

QTEST_MAIN(TestGuiMainWindow)
#include "tst_gui_main_window.moc"
