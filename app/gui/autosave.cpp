// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosave.h"

#include "document/project_document.h"
#include "project/project_file.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace fuselab {

Autosave::Autosave(ProjectDocument *doc, QObject *parent)
    : QObject(parent), doc_(doc),
      dir_(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/recovery"))
{
    pool_.setMaxThreadCount(1);
    timer_.setInterval(kDefaultIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &Autosave::saveNow);
    connect(&watcher_, &QFutureWatcher<QString>::finished, this, &Autosave::finished);
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

QString Autosave::recoveryFileFor(const QString &projectPath) const
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
    return dir_ + QLatin1Char('/') + name + QStringLiteral(".recovery.fuselab");
}

QString Autosave::recoveryFile() const
{
    return recoveryFileFor(doc_->filePath());
}

QString Autosave::pendingRecovery(const QString &projectPath) const
{
    const QString file = recoveryFileFor(projectPath);
    const QFileInfo recovery(file);
    if (!recovery.exists())
        return {};
    const QFileInfo project(projectPath);
    if (!projectPath.isEmpty() && project.exists() && recovery.lastModified() <= project.lastModified())
        return {}; // the project was saved (by someone) after the autosave: nothing to recover
    return file;
}

bool Autosave::saveNow()
{
    if (running_.isRunning() || !dirty_ || !doc_->isModified())
        return false;
    if (!QDir().mkpath(dir_)) {
        Q_EMIT failed(tr("Autosave: cannot create %1").arg(dir_));
        return false;
    }
    dirty_ = false;
    runningFile_ = recoveryFile();
    const std::string path = QFile::encodeName(runningFile_).toStdString();
    running_ = QtConcurrent::run(&pool_, [project = doc_->project(), path]() -> QString {
        try {
            saveProject(project, path);
            return {};
        } catch (const std::exception &e) {
            return QString::fromStdString(e.what());
        }
    });
    watcher_.setFuture(running_);
    return true;
}

void Autosave::finished()
{
    const QString error = running_.result();
    if (error.isEmpty())
        Q_EMIT saved(runningFile_);
    else {
        dirty_ = true; // try again at the next interval
        Q_EMIT failed(tr("Autosave failed: %1").arg(error));
    }
}

void Autosave::waitForIdle()
{
    if (running_.isValid())
        running_.waitForFinished();
}

void Autosave::discard(const QString &projectPath)
{
    waitForIdle();
    const QString file = recoveryFileFor(projectPath);
    for (const QString &suffix : {QString(), QStringLiteral("-journal"), QStringLiteral(".saving"),
                                  QStringLiteral(".saving-journal")})
        QFile::remove(file + suffix);
    if (projectPath == doc_->filePath())
        dirty_ = true; // the next change (or the current unsaved ones) starts a new recovery file
}

} // namespace fuselab
