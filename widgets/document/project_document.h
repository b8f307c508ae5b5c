// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "project/project.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

namespace fuselab {

/// The open project, shared by the editors and views of one window. It owns the value
/// (a plain Project) and the undo stack; editors change it only by pushing undo commands
/// (see SnapshotCommand) so that every edit is undoable, and views listen to the signals.
class ProjectDocument : public QObject {
    Q_OBJECT
public:
    explicit ProjectDocument(QObject *parent = nullptr);
    /// Silent: the undo stack's destructor clears it, which would emit indexChanged and
    /// cleanChanged (and so modifiedChanged) to listeners that may be half destroyed already
    /// (the main window owns the document and is its parent).
    ~ProjectDocument() override;

    const Project &project() const { return project_; }
    const Workload &workload() const { return project_.workload; }
    const Accelerator &accelerator() const { return project_.accelerator; }
    /// designFingerprint() of the current workload and accelerator (computed once per change).
    const std::string &designFingerprint() const;
    QUndoStack *undoStack() { return &undo_; }

    /// Replaces everything (open, new): clears the undo history and marks the document clean.
    void resetProject(Project p, const QString &filePath = {});
    QString filePath() const { return filePath_; }
    void setFilePath(const QString &path) { filePath_ = path; }
    bool isModified() const { return !undo_.isClean() || runsModified_ || otherModified_; }
    void markSaved();
    /// Unsaved changes that are not on the undo stack (a project restored from a recovery
    /// file differs from its file on disk). Cleared by markSaved and resetProject.
    void markModified();
    /// Runs (not undoable: they are results, not edits). `markModified` false for runs the
    /// app computes by itself (the default run), so that they never ask to be saved.
    const std::vector<Run> &runs() const { return project_.runs; }
    void putRun(Run run, bool markModified = true);
    bool removeRun(const std::string &name);
    /// False if `to` is empty or taken.
    bool renameRun(const std::string &from, const std::string &to);

    /// For undo commands only: install a new value and notify the views.
    void applyWorkload(const Workload &w);
    void applyAccelerator(const Accelerator &a);

    /// Edits through the undo stack: a snapshot command from the current value to `w` / `a`.
    void editWorkload(const Workload &w, const QString &text);
    void editAccelerator(const Accelerator &a, const QString &text);

    /// The selection shared by the views (graph ↔ Gantt ↔ properties). -1: nothing.
    int selectedLayer() const { return selectedLayer_; }
    void selectLayer(int layer);

Q_SIGNALS:
    void projectReset();
    void workloadChanged();
    void acceleratorChanged();
    void selectedLayerChanged(int layer);
    void runsChanged();
    /// Before the runsChanged of a rename.
    void runRenamed(const QString &from, const QString &to);
    void modifiedChanged(bool modified);

private:
    Project project_;
    QUndoStack undo_;
    QString filePath_;
    int selectedLayer_ = -1;
    bool runsModified_ = false;
    bool otherModified_ = false;
    mutable std::string fingerprint_; // empty: not computed since the last change
    void setRunsModified(bool on);
};

} // namespace fuselab
