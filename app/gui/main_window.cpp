// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "autosave.h"
#include "schedule_panel.h"

#include "default_project.h"
#include "input_shapes_dialog.h"
#include "new_project_dialog.h"
#include "allocator_policy.h"
#include "document/project_document.h"
#include "floorplan/block_inspector.h"
#include "floorplan/floorplan_editor.h"
#include "graph/layer_properties_panel.h"
#include "graph/network_view.h"
#include "graph/network_view_factory.h"
#include "io/hardware_yaml.h"
#include "io/onnx_import.h"
#include "project/project_file.h"
#include "project/run_names.h"
#include "util/error.h"
#include "util/qt_strings.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

// resources.qrc lives in a static library: its initializer must be referenced explicitly
// (outside any namespace, as Q_INIT_RESOURCE requires).
static void initFuselabResources() { Q_INIT_RESOURCE(resources); }

namespace fuselab {

namespace {
constexpr int kMaxRecent = 8;
const QString kProjectFilter = QObject::tr("FuseLab projects (*.fuselab);;All files (*)");
const QString kYamlFilter = QObject::tr("Hardware YAML (*.yaml *.yml);;All files (*)");

QSettings settings() { return QSettings(QStringLiteral("FuseLab"), QStringLiteral("FuseLab")); }

QString exceptionText(const std::exception &e) { return QString::fromStdString(e.what()); }
} // namespace

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent), options_(options), doc_(new ProjectDocument(this)), tabs_(new QTabWidget(this))
{
    initFuselabResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/fuselab/fuselab.svg")));
    setDockNestingEnabled(true);

    QStringList notes;
    doc_->resetProject(defaultProject(&notes));

    floorplan_ = new FloorplanEditor(doc_, this);
    tabs_->setObjectName(QStringLiteral("centralTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(floorplan_, tr("Floorplan"));
    schedule_ = new SchedulePanel(doc_, this);
    tabs_->addTab(schedule_, tr("Schedule"));
    setCentralWidget(tabs_);

    createDocks();
    createActions();

    statusHardware_ = new QLabel(this);
    statusWorkload_ = new QLabel(this);
    statusBar()->addPermanentWidget(statusWorkload_);
    statusBar()->addPermanentWidget(statusHardware_);

    autosave_ = new Autosave(doc_, this);
    if (options_.restoreSettings)
        autosave_->setIntervalMs(std::max(10, settings()
                                                  .value(QStringLiteral("autosave/intervalSeconds"),
                                                         Autosave::kDefaultIntervalMs / 1000)
                                                  .toInt()) *
                                 1000); // not more often than every 10 s, whatever the setting says
    connect(autosave_, &Autosave::failed, this, [this](const QString &m) { log(m, true); });

    connect(doc_, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(doc_, &ProjectDocument::projectReset, this, &MainWindow::updateTitle);
    connect(doc_, &ProjectDocument::workloadChanged, this, &MainWindow::updateTitle);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, &MainWindow::updateTitle);
    connect(floorplan_, &FloorplanEditor::message, this, [this](const QString &m) {
        statusBar()->showMessage(m, 5000);
        log(m);
    });
    connect(floorplan_, &FloorplanEditor::problemsChanged, this, &MainWindow::logProblems);
    connect(schedule_, &SchedulePanel::message, this, [this](const QString &m) {
        statusBar()->showMessage(m, 5000);
        log(m);
    });
    if (NetworkView *graph = networkViewOf(network_)) {
        connect(graph, &NetworkView::problemsFound, this, &MainWindow::logWorkloadProblems);
        // The shown run's fused groups (two layers or more) and pins, drawn on the graph.
        connect(schedule_, &SchedulePanel::planShown, graph, [graph](const Plan &plan) {
            std::vector<std::vector<int>> groups;
            for (const FusedGroup &g : plan.groups)
                if (g.layers.size() > 1)
                    groups.emplace_back(g.layers.begin(), g.layers.end());
            std::vector<int> pinned;
            for (const PinnedTensor &p : plan.pins)
                pinned.push_back(p.tensor);
            graph->setGroups(groups, pinned);
        });
    }
    connect(floorplan_, &FloorplanEditor::currentChanged, inspector_, &BlockInspector::setTarget);
    connect(inspector_, &BlockInspector::targetRenamed, floorplan_, &FloorplanEditor::select);
    connect(doc_->undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (const QUndoCommand *c = doc_->undoStack()->command(doc_->undoStack()->index() - 1))
            statusBar()->showMessage(c->text(), 3000);
    });

    resize(1600, 1000);
    if (options_.restoreSettings) {
        QSettings s = settings();
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    }
    for (const QString &n : notes)
        log(n, true);
    log(tr("Started on the default project: %1 on %2")
            .arg(toQString(doc_->workload().name), toQString(doc_->accelerator().name)));
    logProblems({});
    updateTitle();
    schedule_->ensureDefaultRun(); // a new user sees a real Gantt as soon as it is computed
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *w, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    network_ = createNetworkView(doc_, this);
    networkDock_ = dock(tr("Network"), QStringLiteral("networkDock"), network_, Qt::LeftDockWidgetArea);
    inspector_ = new BlockInspector(doc_, this);
    propertiesDock_ = dock(tr("Hardware Properties"), QStringLiteral("propertiesDock"), inspector_,
                           Qt::RightDockWidgetArea);
    // The graph editor's layer panel joins the hardware inspector as a tab of one Properties
    // area, so the Network dock can give all its width to the graph; the tab of whatever was
    // selected last comes to the front.
    layerDock_ = nullptr;
    if (auto *panel = network_->findChild<LayerPropertiesPanel *>()) {
        layerDock_ = dock(tr("Layer Properties"), QStringLiteral("layerDock"), panel, Qt::RightDockWidgetArea);
        tabifyDockWidget(propertiesDock_, layerDock_);
        connect(doc_, &ProjectDocument::selectedLayerChanged, this, [this](int layer) {
            if (layer >= 0)
                layerDock_->raise();
        });
        connect(floorplan_, &FloorplanEditor::currentChanged, this, [this](const BlockRef &ref) {
            if (ref.kind != BlockRef::None)
                propertiesDock_->raise();
        });
    }
    propertiesDock_->raise();
    log_ = new QPlainTextEdit(this);
    log_->setObjectName(QStringLiteral("log"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    logDock_ = dock(tr("Log / Warnings"), QStringLiteral("logDock"), log_, Qt::BottomDockWidgetArea);
    resizeDocks({networkDock_, propertiesDock_}, {400, 380}, Qt::Horizontal);
    resizeDocks({logDock_}, {110}, Qt::Vertical);
}

void MainWindow::createActions()
{
    QStyle *st = style();
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newA = file->addAction(st->standardIcon(QStyle::SP_FileIcon), tr("&New"), this, &MainWindow::newProject);
    newA->setShortcut(QKeySequence::New);
    newA->setToolTip(tr("Start a new project: a network of the model zoo on a hardware template"));
    QAction *openA =
        file->addAction(st->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this, &MainWindow::open);
    openA->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    QAction *saveA =
        file->addAction(st->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this, &MainWindow::save);
    saveA->setShortcut(QKeySequence::Save);
    QAction *saveAsA = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    saveAsA->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction *onnxA = file->addAction(tr("Import &ONNX…"), this, &MainWindow::importOnnxDialog);
    QAction *hwA = file->addAction(tr("Import &Hardware…"), this, &MainWindow::importHardwareDialog);
    hwA->setToolTip(tr("Load an accelerator: FuseLab's native YAML or Stream's accelerator YAML"));
    QMenu *templates = file->addMenu(tr("Hardware &Templates"));
    const QStringList examples = exampleHardwareResources();
    for (const QString &ex : examples)
        templates->addAction(QFileInfo(ex).completeBaseName(), this, [this, ex] { importHardware(ex); });
    if (examples.isEmpty())
        templates->addAction(tr("(no examples in this build)"))->setEnabled(false);
    file->addAction(tr("&Export Hardware YAML…"), this, &MainWindow::exportHardwareDialog);
    file->addSeparator();
    QAction *quitA = file->addAction(tr("&Quit"), this, &QWidget::close);
    quitA->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undoA = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
    undoA->setShortcut(QKeySequence::Undo);
    undoA->setIcon(st->standardIcon(QStyle::SP_ArrowBack));
    QAction *redoA = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
    redoA->setShortcut(QKeySequence::Redo);
    redoA->setIcon(st->standardIcon(QStyle::SP_ArrowForward));
    edit->addAction(undoA);
    edit->addAction(redoA);
    edit->addSeparator();
    for (QAction *a : {floorplan_->copyAction(), floorplan_->pasteAction(), floorplan_->duplicateAction(),
                       floorplan_->deleteAction(), floorplan_->busAction(), floorplan_->linkToolAction()})
        edit->addAction(a);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : {networkDock_, propertiesDock_, layerDock_, logDock_})
        if (d)
            view->addAction(d->toggleViewAction());

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(newA);
    bar->addAction(openA);
    bar->addAction(saveA);
    bar->addSeparator();
    bar->addAction(undoA);
    bar->addAction(redoA);
    bar->addSeparator();
    bar->addAction(onnxA);
    bar->addAction(hwA);
    view->addSeparator();
    view->addAction(bar->toggleViewAction());
    // Undo / Redo show icons only on the tool bar: their text names the command ("Undo Move
    // core0"), and a button that changes width pushed every button after it (the menu keeps the text).
    for (QAction *a : {undoA, redoA})
        if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
            b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    undoAction_ = undoA;
    redoAction_ = redoA;
    // Ctrl+Z / Ctrl+Shift+Z reach the project from any focus: a text field that has nothing of
    // its own to undo lets the shortcut through (eventFilter).
    qApp->installEventFilter(this);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto *w = qobject_cast<QWidget *>(watched);
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool undo = key->matches(QKeySequence::Undo), redo = key->matches(QKeySequence::Redo);
        if (w && w->window() == this && (undo || redo)) {
            auto *edit = qobject_cast<QLineEdit *>(w);
            if (!edit)
                edit = w->findChild<QLineEdit *>(); // a spin box's editor
            const bool own = edit && !edit->isReadOnly() && (undo ? edit->isUndoAvailable() : edit->isRedoAvailable());
            if (!own && !qobject_cast<QPlainTextEdit *>(w) && !qobject_cast<QTextEdit *>(w))
                return true; // not accepted: the window's Undo / Redo shortcut runs
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

QString MainWindow::logText() const { return log_->toPlainText(); }

void MainWindow::log(const QString &text, bool warning)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    const QString escaped = text.toHtmlEscaped();
    log_->appendHtml(warning ? QStringLiteral("<span style='color:#c0392b'>%1 ⚠ %2</span>").arg(time, escaped)
                             : QStringLiteral("<span style='color:#555'>%1</span> %2").arg(time, escaped));
}

void MainWindow::logProblems(const QStringList &problems)
{
    // Log each hardware problem once, when it appears; and say when all are fixed.
    for (const QString &p : problems)
        if (!lastProblems_.contains(p))
            log(tr("Hardware: %1").arg(p), true);
    if (problems.isEmpty() && !lastProblems_.isEmpty())
        log(tr("Hardware: all problems fixed"));
    lastProblems_ = problems;
}

void MainWindow::logWorkloadProblems(const QStringList &problems)
{
    // As for the hardware: each problem once, when it appears.
    for (const QString &p : problems)
        if (!lastWorkloadProblems_.contains(p))
            log(tr("Network: %1").arg(p), true);
    if (problems.isEmpty() && !lastWorkloadProblems_.isEmpty())
        log(tr("Network: all problems fixed"));
    lastWorkloadProblems_ = problems;
}

void MainWindow::showScheduleTab(bool on) { tabs_->setCurrentWidget(on ? static_cast<QWidget *>(schedule_) : floorplan_); }

void MainWindow::updateTitle()
{
    const QString path = doc_->filePath();
    const QString name = path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
    setWindowTitle(name + QStringLiteral("[*] — FuseLab"));
    setWindowModified(doc_->isModified());
    const Workload &w = doc_->workload();
    statusWorkload_->setText(tr("Network: %1 · %2 layers · %3 GMAC")
                                 .arg(toQString(w.name))
                                 .arg(w.layers.size())
                                 .arg(static_cast<double>(w.totalMacs()) / 1e9, 0, 'f', 2));
    const Accelerator &a = doc_->accelerator();
    statusHardware_->setText(tr("Hardware: %1 · %2 cores").arg(toQString(a.name)).arg(a.cores.size()));
}

void MainWindow::reportError(const QString &title, const QString &message)
{
    lastError_ = message;
    log(title + QStringLiteral(": ") + message, true);
    statusBar()->showMessage(title, 5000);
    if (options_.interactive)
        QMessageBox::warning(this, title, message);
}

bool MainWindow::maybeSave()
{
    if (!doc_->isModified() || !options_.interactive)
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("The project has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    if (answer != QMessageBox::Discard)
        return false;
    autosave_->discard(doc_->filePath()); // the changes are dropped: so is their recovery copy
    return true;
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    if (options_.restoreSettings) {
        QSettings s = settings();
        s.setValue(QStringLiteral("window/geometry"), saveGeometry());
        s.setValue(QStringLiteral("window/state"), saveState());
    }
    autosave_->discard(doc_->filePath()); // a clean close: nothing to recover
    e->accept();
}

void MainWindow::newProject()
{
    if (!maybeSave())
        return;
    if (!options_.interactive) { // tests, screenshots: the default project
        newProjectFrom(NewProjectChoice{});
        return;
    }
    NewProjectDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        newProjectFrom(dialog.choice());
}

bool MainWindow::newProjectFrom(const NewProjectChoice &choice)
{
    try {
        doc_->resetProject(projectFromChoice(choice));
    } catch (const std::exception &e) {
        reportError(tr("Cannot create the project"), exceptionText(e));
        return false;
    }
    log(tr("New project: %1 on %2")
            .arg(toQString(doc_->workload().name), toQString(doc_->accelerator().name)));
    schedule_->ensureDefaultRun(); // as at start: the new project shows a real Gantt
    return true;
}

bool MainWindow::openProject(const QString &path)
{
    try {
        const std::string file = QFile::encodeName(path).toStdString();
        Project p = loadProject(file);
        revision_ = projectRevision(file);
        revisionPath_ = path;
        doc_->resetProject(std::move(p), path);
    } catch (const std::exception &e) {
        reportError(tr("Cannot open project"), exceptionText(e));
        return false;
    }
    addRecent(path);
    log(tr("Opened %1").arg(path));
    offerRecovery();
    releaseFreeMemory(); // the previous project's runs are gone
    return true;
}

bool MainWindow::offerRecovery()
{
    const QString path = doc_->filePath();
    const QString recovery = autosave_->pendingRecovery(path);
    if (recovery.isEmpty())
        return false;
    RecoveryChoice choice = RecoveryChoice::Discard;
    if (recoveryPrompt_)
        choice = recoveryPrompt_(recovery, path);
    else if (!options_.interactive)
        return false;
    else {
        const QString what = path.isEmpty() ? tr("the untitled project") : QFileInfo(path).fileName();
        QMessageBox box(QMessageBox::Question, tr("Recover unsaved changes"),
                        tr("FuseLab did not close cleanly. An autosaved copy of %1 from %2 holds changes that "
                           "were not saved.")
                            .arg(what, QFileInfo(recovery).lastModified().toString(Qt::TextDate)),
                        QMessageBox::NoButton, this);
        QPushButton *restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
        box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(restore);
        box.exec();
        choice = box.clickedButton() == restore ? RecoveryChoice::Restore : RecoveryChoice::Discard;
    }
    if (choice == RecoveryChoice::Discard) {
        autosave_->discard(path);
        log(tr("Discarded the autosaved copy %1").arg(recovery));
        return false;
    }
    try {
        Project p = loadProject(QFile::encodeName(recovery).toStdString());
        doc_->resetProject(std::move(p), path);
        doc_->markModified(); // differs from the file on disk until saved
    } catch (const std::exception &e) {
        reportError(tr("Cannot restore the autosaved copy"), exceptionText(e));
        return false;
    }
    autosave_->adopt(recovery); // this window's autosaves now go there
    log(tr("Restored unsaved changes from %1").arg(recovery), true);
    updateTitle();
    return true;
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(), kProjectFilter);
    if (!path.isEmpty())
        openProject(path);
}

bool MainWindow::saveProjectAs(const QString &path)
{
    try {
        const std::string file = QFile::encodeName(path).toStdString();
        if (path == revisionPath_ && QFileInfo::exists(path))
            saveProject(doc_->project(), file, revision_); // refused if another process wrote it
        else
            saveProject(doc_->project(), file);
        revision_ = projectRevision(file);
        revisionPath_ = path;
    } catch (const std::exception &e) {
        reportError(tr("Cannot save project"), exceptionText(e));
        return false;
    }
    autosave_->discard(doc_->filePath()); // saved: the recovery copy is obsolete
    doc_->setFilePath(path);
    doc_->markSaved();
    autosave_->discard(path);
    addRecent(path);
    log(tr("Saved %1").arg(path));
    updateTitle();
    return true;
}

bool MainWindow::save()
{
    if (doc_->filePath().isEmpty())
        return saveAs();
    return saveProjectAs(doc_->filePath());
}

bool MainWindow::saveAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), doc_->filePath(), kProjectFilter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".fuselab");
    return saveProjectAs(path);
}

bool MainWindow::importOnnx(const QString &path)
{
    InputShapes shapes;
    try {
        const std::vector<ModelInput> inputs = onnxInputs(QFile::encodeName(path).toStdString());
        if (!proposedInputShapes(inputs).empty()) {
            std::optional<InputShapes> answer;
            if (inputShapesPrompt_) {
                answer = inputShapesPrompt_(path, inputs);
            } else if (options_.interactive) {
                InputShapesDialog dialog(QFileInfo(path).fileName(), inputs, this);
                if (dialog.exec() == QDialog::Accepted)
                    answer = dialog.shapes();
            } else {
                answer = proposedInputShapes(inputs);
            }
            if (!answer) {
                log(tr("Import of %1 cancelled").arg(path));
                return false;
            }
            shapes = *answer;
        }
    } catch (const std::exception &e) {
        reportError(tr("Cannot import ONNX model"), exceptionText(e));
        return false;
    }
    return importOnnx(path, shapes);
}

bool MainWindow::importOnnx(const QString &path, const InputShapes &shapes)
{
    try {
        Workload w = fuselab::importOnnx(QFile::encodeName(path).toStdString(), {}, shapes);
        if (NetworkView *graph = networkViewOf(network_))
            graph->frameNextLayout(); // a new network: start at its top, not where the old one was
        doc_->editWorkload(w, tr("Import %1").arg(QFileInfo(path).fileName()));
        for (const auto &warning : w.warnings)
            log(tr("ONNX import: %1").arg(toQString(warning)), true);
        for (const auto &[name, dims] : w.inputShapes)
            log(tr("ONNX import: input shape %1").arg(toQString(inputShapeString(name, dims))));
    } catch (const std::exception &e) {
        reportError(tr("Cannot import ONNX model"), exceptionText(e));
        return false;
    }
    log(tr("Imported network %1 (%2 layers)").arg(path).arg(doc_->workload().layers.size()));
    runFusedIfNoRunFits();
    return true;
}

void MainWindow::runFusedIfNoRunFits()
{
    if (doc_->workload().layers.empty() || doc_->accelerator().cores.empty())
        return;
    for (const Run &r : doc_->runs())
        if (runFits(r, doc_->workload(), doc_->accelerator()))
            return;
    RunRequest r;
    r.name = nextRunName(doc_->runs(), "fused");
    r.strategy = "fused";
    schedule_->startRun(r);
    log(tr("Scheduling run '%1' (fused) for the new design").arg(toQString(r.name)));
}

void MainWindow::importOnnxDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import ONNX model"), QString(), tr("ONNX models (*.onnx);;All files (*)"));
    if (!path.isEmpty())
        importOnnx(path);
}

bool MainWindow::importHardware(const QString &path)
{
    try {
        const Accelerator a = loadHardwareFile(path);
        doc_->editAccelerator(a, tr("Import hardware %1").arg(QFileInfo(path).fileName()));
    } catch (const std::exception &e) {
        reportError(tr("Cannot import hardware"), exceptionText(e));
        return false;
    }
    log(tr("Imported hardware %1 (%2 cores)").arg(path).arg(doc_->accelerator().cores.size()));
    runFusedIfNoRunFits();
    return true;
}

void MainWindow::importHardwareDialog()
{
    // Start where the examples are: installed next to the program, else in the source tree.
    QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/fuselab/examples/hardware");
#ifdef FUSELAB_SOURCE_DIR
    if (!QFileInfo::exists(dir))
        dir = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware");
#endif
    const QString path = QFileDialog::getOpenFileName(this, tr("Import hardware (native or Stream YAML)"), dir, kYamlFilter);
    if (!path.isEmpty())
        importHardware(path);
}

bool MainWindow::exportHardware(const QString &path)
{
    try {
        saveNativeHardware(doc_->accelerator(), QFile::encodeName(path).toStdString());
    } catch (const std::exception &e) {
        reportError(tr("Cannot export hardware"), exceptionText(e));
        return false;
    }
    log(tr("Exported hardware to %1").arg(path));
    return true;
}

void MainWindow::exportHardwareDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export hardware as native YAML"),
                                                toQString(doc_->accelerator().name) + QStringLiteral(".yaml"),
                                                kYamlFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".yaml");
    exportHardware(path);
}

void MainWindow::addRecent(const QString &path)
{
    if (!options_.restoreSettings)
        return;
    QSettings s = settings();
    QStringList recent = s.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    s.setValue(QStringLiteral("recentFiles"), recent);
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent =
        options_.restoreSettings ? settings().value(QStringLiteral("recentFiles")).toStringList() : QStringList();
    for (const QString &path : recent)
        recentMenu_->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + path, this, [this, path] {
            if (maybeSave())
                openProject(path);
        });
    if (recent.isEmpty())
        recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

} // namespace fuselab
