// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosave.h"

#include "document/project_document.h"
#include "project/project_file.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace fuselab {

Autosave::Autosave(ProjectDocument *doc, QObject *parent)
    : QObject(parent), doc_(doc),
      dir_(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/recovery")),
      job_(this, [this](const QString &error) { finished(error); })
{
    job_.pool().setMaxThreadCount(1);
    timer_.setInterval(kDefaultIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &Autosave::saveNow);
    timer_.start();
    auto changed = [this] { dirty_ = true; };
    connect(doc_, &ProjectDocument::workloadChanged, this, changed);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, changed);
    connect(doc_, &ProjectDocument::runsChanged, this, changed);
    connect(doc_, &ProjectDocument::modifiedChanged, this, changed);
}

Autosave::~Autosave()
{
    waitForIdle();
}

void Autosave::setIntervalMs(int ms)
{
    timer_.start(std::max(ms, 1));
}

QString Autosave::recoveryFileFor(const QString &projectPath, int copy) const
{
    QString name = QStringLiteral("untitled");
    if (!projectPath.isEmpty()) {
        const QFileInfo info(projectPath);
        const QByteArray hash =
            QCryptographicHash::hash(info.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1)
                .toHex()
                .left(12);
        name = info.completeBaseName() + QLatin1Char('-') + QString::fromLatin1(hash);
    }
    if (copy > 1)
        name += QLatin1Char('-') + QString::number(copy);
    return dir_ + QLatin1Char('/') + name + QStringLiteral(".recovery.fuselab");
}

std::unique_ptr<QLockFile> Autosave::tryLock(const QString &file)
{
    auto lock = std::make_unique<QLockFile>(file + QStringLiteral(".lock"));
    lock->setStaleLockTime(0); // held for hours by a live window; stale only when its process is gone
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
}

void Autosave::release()
{
    lock_.reset(); // unlocks: the lock file goes
    ownFile_.clear();
    ownPath_.clear();
}

QString Autosave::recoveryFile()
{
    const QString path = doc_->filePath();
    if (lock_ && ownPath_ == path)
        return ownFile_;
    waitForIdle();
    release();
    QDir().mkpath(dir_);
    const QFileInfo project(path);
    for (int copy = 1; copy <= kMaxCopies; ++copy) {
        const QString file = recoveryFileFor(path, copy);
        const QFileInfo existing(file);
        if (existing.exists() &&
            (path.isEmpty() || !project.exists() || existing.lastModified() > project.lastModified()))
            continue; // another window's copy, or a crashed one's changes not yet offered: kept
        if (auto lock = tryLock(file)) {
            lock_ = std::move(lock);
            ownFile_ = file;
            ownPath_ = path;
            return file;
        }
    }
    return {};
}

void Autosave::adopt(const QString &recoveryFile)
{
    waitForIdle();
    if (auto lock = tryLock(recoveryFile)) {
        release();
        lock_ = std::move(lock);
        ownFile_ = recoveryFile;
        ownPath_ = doc_->filePath();
    }
}

QString Autosave::pendingRecovery(const QString &projectPath) const
{
    const QFileInfo project(projectPath);
    QString newest;
    QDateTime newestTime;
    for (int copy = 1; copy <= kMaxCopies; ++copy) {
        const QString file = recoveryFileFor(projectPath, copy);
        const QFileInfo recovery(file);
        if (!recovery.exists() || file == ownFile_)
            continue;
        if (!projectPath.isEmpty() && project.exists() && recovery.lastModified() <= project.lastModified())
            continue; // the project was saved (by someone) after the autosave: nothing to recover
        if (!tryLock(file))
            continue; // a running window's copy (the lock, if taken, is released at once)
        if (newest.isEmpty() || recovery.lastModified() > newestTime) {
            newest = file;
            newestTime = recovery.lastModified();
        }
    }
    return newest;
}

bool Autosave::saveNow()
{
    if (job_.isRunning() || !dirty_ || !doc_->isModified())
        return false;
    if (!QDir().mkpath(dir_)) {
        Q_EMIT failed(tr("Autosave: cannot create %1").arg(dir_));
        return false;
    }
    runningFile_ = recoveryFile();
    if (runningFile_.isEmpty()) {
        Q_EMIT failed(tr("Autosave: %1 other windows hold recovery copies of this project").arg(kMaxCopies));
        return false;
    }
    dirty_ = false;
    const std::string path = QFile::encodeName(runningFile_).toStdString();
    job_.start([project = doc_->project(), path](const std::atomic<bool> &) -> QString {
        try {
            saveProject(project, path);
            return {};
        } catch (const std::exception &e) {
            return QString::fromStdString(e.what());
        }
    });
    return true;
}

void Autosave::finished(const QString &error)
{
    if (error.isEmpty())
        Q_EMIT saved(runningFile_);
    else {
        dirty_ = true; // try again at the next interval
        Q_EMIT failed(tr("Autosave failed: %1").arg(error));
    }
}

void Autosave::waitForIdle()
{
    job_.waitForFinished();
}

void Autosave::removeFiles(const QString &file)
{
    for (const QString &suffix : {QString(), QStringLiteral("-journal"), QStringLiteral(".saving"),
                                  QStringLiteral(".saving-journal")})
        QFile::remove(file + suffix);
}

void Autosave::discard(const QString &projectPath)
{
    waitForIdle();
    if (lock_ && ownPath_ == projectPath) {
        removeFiles(ownFile_);
        release();
    }
    // Copies crashed windows left; a running window's stays (its lock is live).
    for (int copy = 1; copy <= kMaxCopies; ++copy) {
        const QString file = recoveryFileFor(projectPath, copy);
        if (QFile::exists(file))
            if (auto lock = tryLock(file))
                removeFiles(file);
    }
    if (projectPath == doc_->filePath())
        dirty_ = true; // the next change (or the current unsaved ones) starts a new recovery file
}

} // namespace fuselab
