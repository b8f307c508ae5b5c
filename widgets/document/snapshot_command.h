// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "document/project_document.h"

#include <QUndoCommand>

namespace fuselab {

/// An undoable edit that stores the value before and after. Whole-value snapshots make undo
/// exact by construction (a workload of a few hundred layers copies in microseconds).
template <typename T>
class SnapshotCommand : public QUndoCommand {
public:
    using Apply = void (ProjectDocument::*)(const T &);
    SnapshotCommand(ProjectDocument *doc, Apply apply, T before, T after, const QString &text)
        : QUndoCommand(text), doc_(doc), apply_(apply), before_(std::move(before)), after_(std::move(after))
    {
    }
    void redo() override { (doc_->*apply_)(after_); }
    void undo() override { (doc_->*apply_)(before_); }

private:
    ProjectDocument *doc_;
    Apply apply_;
    T before_, after_;
};

} // namespace fuselab
