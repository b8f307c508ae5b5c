// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/input_shapes.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QTabWidget;

namespace fuselab {

class ProjectDocument;
class FloorplanEditor;
class BlockInspector;
class SchedulePanel;
class Autosave;
struct NewProjectChoice;

/// The answer to "restore the project from its recovery file?" (MainWindow::offerRecovery).
enum class RecoveryChoice { Restore, Discard };

/// FuseLab's main window: the Floorplan (and, later, Schedule) tabs in the centre, and
/// dockable Network, Properties and Log panels. Owns the open ProjectDocument.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        bool restoreSettings = true;  // window geometry/state, recent files (QSettings "FuseLab")
        bool interactive = true;      // message boxes; false: errors only go to the Log (tests, screenshots)
    };
    explicit MainWindow(Options options, QWidget *parent = nullptr);
    MainWindow() : MainWindow(Options{}) {}
    ~MainWindow() override;

    ProjectDocument *document() const { return doc_; }
    FloorplanEditor *floorplanEditor() const { return floorplan_; }
    QWidget *networkView() const { return network_; }
    BlockInspector *inspector() const { return inspector_; }
    SchedulePanel *schedulePanel() const { return schedule_; }
    /// Shows the Schedule tab (true) or the Floorplan tab.
    void showScheduleTab(bool on);
    QString logText() const;
    /// The last error reported (for the command line), empty if none.
    QString lastError() const { return lastError_; }

    /// Opens a project file; on error shows it (message box and Log) and keeps the current one.
    bool openProject(const QString &path);
    /// Saves to `path` and makes it the document's file. False (and a message) on error.
    bool saveProjectAs(const QString &path);
    bool importHardware(const QString &path);
    /// Replaces the project by a zoo network on a hardware template (File → New).
    bool newProjectFrom(const NewProjectChoice &choice);
    /// Imports an ONNX model. When an input has a symbolic dimension, asks its sizes first
    /// (the input shapes prompt); a cancelled prompt imports nothing and returns false.
    bool importOnnx(const QString &path);
    /// Imports an ONNX model at the given input shapes (no prompt).
    bool importOnnx(const QString &path, const InputShapes &shapes);
    /// Asks the sizes of a model's symbolic input dimensions; nullopt cancels the import.
    /// The default shows an InputShapesDialog when the window is interactive and takes its
    /// proposals (proposedInputShapes) otherwise. Tests inject their answer here.
    using InputShapesPrompt =
        std::function<std::optional<InputShapes>(const QString &path, const std::vector<ModelInput> &inputs)>;
    void setInputShapesPrompt(InputShapesPrompt prompt) { inputShapesPrompt_ = std::move(prompt); }
    bool exportHardware(const QString &path);
    void log(const QString &text, bool warning = false);

    /// Crash recovery (autosave.h): the autosave of the open project.
    Autosave *autosave() const { return autosave_; }
    /// Asks whether to restore a recovery file (arguments: the recovery file and the project
    /// file, empty for the untitled project). The default is a message box with Restore and
    /// Discard when the window is interactive; a non-interactive window without a prompt
    /// leaves recovery files alone. Tests inject their answer here.
    using RecoveryPrompt = std::function<RecoveryChoice(const QString &recoveryFile, const QString &projectPath)>;
    void setRecoveryPrompt(RecoveryPrompt prompt) { recoveryPrompt_ = std::move(prompt); }
    /// If a crash left a recovery file for the open project (newer than the project file),
    /// offers to restore it: Restore loads it as the document's unsaved content (the recovery
    /// file stays until the project is saved), Discard deletes it. True if restored. Called
    /// by openProject and, for the untitled project, by main() at start.
    bool offerRecovery();

public Q_SLOTS:
    void newProject();
    void open();
    bool save();
    bool saveAs();
    void importOnnxDialog();
    void importHardwareDialog();
    void exportHardwareDialog();

    QAction *undoAction() const { return undoAction_; }
    QAction *redoAction() const { return redoAction_; }

protected:
    void closeEvent(QCloseEvent *e) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createDocks();
    void updateTitle();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    bool maybeSave();
    void reportError(const QString &title, const QString &message);
    void logProblems(const QStringList &problems);
    void logWorkloadProblems(const QStringList &problems);
    /// After an import: when no stored run fits the new design, starts a fused run under a
    /// new name ("fused 2" next to an old "fused"), keeping the old runs.
    void runFusedIfNoRunFits();

    Options options_;
    ProjectDocument *doc_;
    QTabWidget *tabs_;
    FloorplanEditor *floorplan_;
    SchedulePanel *schedule_;
    QWidget *network_;
    BlockInspector *inspector_;
    QPlainTextEdit *log_;
    QDockWidget *networkDock_, *propertiesDock_, *layerDock_, *logDock_;
    QMenu *recentMenu_ = nullptr;
    QLabel *statusHardware_, *statusWorkload_;
    QStringList lastProblems_, lastWorkloadProblems_;
    QString lastError_;
    Autosave *autosave_;
    RecoveryPrompt recoveryPrompt_;
    InputShapesPrompt inputShapesPrompt_;
    QAction *undoAction_ = nullptr, *redoAction_ = nullptr;
    // The project file as this window last read or wrote it (projectRevision): a save into
    // it is refused when another process (schedule --project) changed it meanwhile.
    QString revisionPath_;
    uint32_t revision_ = 0;
};

} // namespace fuselab
