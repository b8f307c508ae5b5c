// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/project_document.h"

#include "document/snapshot_command.h"
#include "project/design_snapshot.h"

#include <algorithm>

namespace fuselab {

ProjectDocument::ProjectDocument(QObject *parent) : QObject(parent)
{
    connect(&undo_, &QUndoStack::cleanChanged, this,
            [this](bool) { Q_EMIT modifiedChanged(isModified()); });
}

ProjectDocument::~ProjectDocument()
{
    // Found by UBSan: clearing the stack notified MainWindow after its own destructor had run.
    undo_.blockSignals(true);
    blockSignals(true);
}

const std::string &ProjectDocument::designFingerprint() const
{
    if (fingerprint_.empty())
        fingerprint_ = fuselab::designFingerprint(project_.workload, project_.accelerator);
    return fingerprint_;
}

void ProjectDocument::markSaved()
{
    undo_.setClean();
    otherModified_ = false;
    setRunsModified(false);
    Q_EMIT modifiedChanged(isModified());
}

void ProjectDocument::markModified()
{
    otherModified_ = true;
    Q_EMIT modifiedChanged(true);
}

void ProjectDocument::setRunsModified(bool on)
{
    if (runsModified_ == on)
        return;
    runsModified_ = on;
    Q_EMIT modifiedChanged(isModified());
}

void ProjectDocument::putRun(Run run, bool markModified)
{
    fuselab::putRun(project_.runs, std::move(run));
    Q_EMIT runsChanged();
    if (markModified)
        setRunsModified(true);
}

bool ProjectDocument::removeRun(const std::string &name)
{
    auto &runs = project_.runs;
    const auto it = std::find_if(runs.begin(), runs.end(), [&](const Run &r) { return r.name == name; });
    if (it == runs.end())
        return false;
    runs.erase(it);
    Q_EMIT runsChanged();
    setRunsModified(true);
    return true;
}

bool ProjectDocument::renameRun(const std::string &from, const std::string &to)
{
    if (to.empty() || findRun(project_.runs, to))
        return false;
    for (Run &r : project_.runs)
        if (r.name == from) {
            r.name = to;
            Q_EMIT runRenamed(QString::fromStdString(from), QString::fromStdString(to));
            Q_EMIT runsChanged();
            setRunsModified(true);
            return true;
        }
    return false;
}

void ProjectDocument::resetProject(Project p, const QString &filePath)
{
    project_ = std::move(p);
    fingerprint_.clear();
    filePath_ = filePath;
    selectedLayer_ = -1;
    undo_.clear();
    undo_.setClean();
    runsModified_ = false;
    otherModified_ = false;
    Q_EMIT projectReset();
    Q_EMIT workloadChanged();
    Q_EMIT acceleratorChanged();
    Q_EMIT selectedLayerChanged(-1);
    Q_EMIT runsChanged();
}

void ProjectDocument::applyWorkload(const Workload &w)
{
    project_.workload = w;
    fingerprint_.clear();
    if (selectedLayer_ >= static_cast<int>(w.layers.size()))
        selectLayer(-1);
    Q_EMIT workloadChanged();
}

void ProjectDocument::applyAccelerator(const Accelerator &a)
{
    project_.accelerator = a;
    fingerprint_.clear();
    Q_EMIT acceleratorChanged();
}

void ProjectDocument::editWorkload(const Workload &w, const QString &text)
{
    undo_.push(new SnapshotCommand<Workload>(this, &ProjectDocument::applyWorkload, project_.workload, w, text));
}

void ProjectDocument::editAccelerator(const Accelerator &a, const QString &text)
{
    undo_.push(
        new SnapshotCommand<Accelerator>(this, &ProjectDocument::applyAccelerator, project_.accelerator, a, text));
}

void ProjectDocument::selectLayer(int layer)
{
    if (layer == selectedLayer_)
        return;
    selectedLayer_ = layer;
    Q_EMIT selectedLayerChanged(layer);
}

} // namespace fuselab
