// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

namespace fuselab {

class ProjectDocument;

/// Crash recovery for the open project. Every interval, when the document has unsaved
/// changes made since the last autosave, a copy of it is written to a recovery file in
/// `directory()` — never to the user's file — with saveProject, i.e. the same one-transaction
/// save as File › Save (a crash during an autosave leaves the previous recovery file whole).
/// The write runs on a worker thread so the window does not stall. The recovery file of a
/// project is removed when the project is saved, closed cleanly or its changes discarded;
/// one that outlives the program (a crash) is offered back by MainWindow::offerRecovery.
class Autosave : public QObject {
    Q_OBJECT
public:
    /// Default interval: three minutes (MainWindow reads "autosave/intervalSeconds" from its settings).
    static constexpr int kDefaultIntervalMs = 3 * 60 * 1000;

    explicit Autosave(ProjectDocument *doc, QObject *parent = nullptr);
    ~Autosave() override;

    /// Where recovery files go; the default is <app data>/recovery.
    void setDirectory(const QString &dir) { dir_ = dir; }
    QString directory() const { return dir_; }
    void setIntervalMs(int ms);
    int intervalMs() const { return timer_.interval(); }

    /// The recovery file of a project file (empty path: the untitled project). Named after the
    /// project and a hash of its absolute path, so two projects of the same name do not collide.
    QString recoveryFileFor(const QString &projectPath) const;
    QString recoveryFile() const;
    /// The recovery file a crash left for `projectPath`, if it is newer than the project file
    /// (for the untitled project: if it exists); empty otherwise.
    QString pendingRecovery(const QString &projectPath) const;

    /// Starts an autosave now if there are unsaved changes not yet autosaved (the timer calls
    /// this); false if there was nothing to save or one is still being written.
    bool saveNow();
    /// Blocks until a running autosave has finished.
    void waitForIdle();
    /// Removes the recovery file of `projectPath` (after waiting for a running autosave).
    void discard(const QString &projectPath);

Q_SIGNALS:
    void saved(const QString &recoveryFile);
    void failed(const QString &message);

private:
    void finished();

    ProjectDocument *doc_;
    QTimer timer_;
    QString dir_;
    bool dirty_ = false;       // changed since the last autosave
    QThreadPool pool_;         // one thread of its own: a search keeping the global pool busy cannot delay it
    QFuture<QString> running_; // the error message, empty on success
    QFutureWatcher<QString> watcher_;
    QString runningFile_;
};

} // namespace fuselab
