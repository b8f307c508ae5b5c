// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/project_document.h"

#include "document/snapshot_command.h"

namespace fuselab {

ProjectDocument::ProjectDocument(QObject *parent) : QObject(parent)
{
    connect(&undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

void ProjectDocument::resetProject(Project p, const QString &filePath)
{
    project_ = std::move(p);
    filePath_ = filePath;
    selectedLayer_ = -1;
    undo_.clear();
    undo_.setClean();
    Q_EMIT projectReset();
    Q_EMIT workloadChanged();
    Q_EMIT acceleratorChanged();
    Q_EMIT selectedLayerChanged(-1);
}

void ProjectDocument::applyWorkload(const Workload &w)
{
    project_.workload = w;
    if (selectedLayer_ >= static_cast<int>(w.layers.size()))
        selectLayer(-1);
    Q_EMIT workloadChanged();
}

void ProjectDocument::applyAccelerator(const Accelerator &a)
{
    project_.accelerator = a;
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
