// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/background_job.h"

#include <QLockFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace fuselab {

class ProjectDocument;

/// Crash recovery for the open project. Every interval, when the document has unsaved
/// changes made since the last autosave, a copy of it is written to a recovery file in
/// `directory()` — never to the user's file — with saveProject, i.e. the same one-transaction
/// save as File › Save (a crash during an autosave leaves the previous recovery file whole).
/// The write runs on a worker thread so the window does not stall. The recovery file of a
/// project is removed when the project is saved, closed cleanly or its changes discarded;
/// one that outlives the program (a crash) is offered back by MainWindow::offerRecovery.
/// Each window holds a lock file beside the recovery file it writes (QLockFile: a crashed
/// process's lock is stale), so two windows on one project — or two untitled ones — write
/// separate copies, never delete each other's, and a running window's copy is never offered.
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

    /// Copies of one project's recovery file that may exist at once (one per running window).
    static constexpr int kMaxCopies = 16;
    /// The recovery file of a project file (empty path: the untitled project). Named after the
    /// project and a hash of its absolute path, so two projects of the same name do not collide;
    /// copy n > 1 (a second window on the same project) gets "-n" appended.
    QString recoveryFileFor(const QString &projectPath, int copy = 1) const;
    /// The recovery file this window writes for its project: the first copy no other running
    /// window holds and that holds no crashed window's changes not yet offered; locked from
    /// the first call until discard() or a change of project path. Empty if all are taken.
    QString recoveryFile();
    /// The newest recovery file a crash left for `projectPath` (no running window holds it)
    /// that is newer than the project file (for the untitled project: that exists); empty
    /// otherwise.
    QString pendingRecovery(const QString &projectPath) const;
    /// Makes a crashed window's recovery file (after Restore) the one this window writes.
    void adopt(const QString &recoveryFile);

    /// Starts an autosave now if there are unsaved changes not yet autosaved (the timer calls
    /// this); false if there was nothing to save or one is still being written.
    bool saveNow();
    /// Blocks until a running autosave has finished.
    void waitForIdle();
    /// Removes this window's recovery file of `projectPath` and those crashed windows left for
    /// it (after waiting for a running autosave); other running windows' copies stay.
    void discard(const QString &projectPath);

Q_SIGNALS:
    void saved(const QString &recoveryFile);
    void failed(const QString &message);

private:
    void finished(const QString &error);
    void release();
    /// A lock on `file` if no running window holds one (a crashed window's lock is stale).
    static std::unique_ptr<QLockFile> tryLock(const QString &file);
    static void removeFiles(const QString &file);

    ProjectDocument *doc_;
    QTimer timer_;
    QString dir_;
    bool dirty_ = false;       // changed since the last autosave
    // The write, on one thread of its own (a search keeping the global pool busy cannot delay
    // it); its result is the error message, empty on success.
    BackgroundJob<QString> job_;
    QString runningFile_;
    std::unique_ptr<QLockFile> lock_; // on ownFile_, which is the recovery file for ownPath_
    QString ownFile_, ownPath_;
};

} // namespace fuselab
