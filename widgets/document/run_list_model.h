// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The runs of a project as a list model: one row per run, in the project's order. A run of a
// design other than the project's current one (computed before an edit of the hardware or
// the network, or an import) is marked "other design"; it can still be shown. Editing a
// row's name renames the run (refused when the name is empty or taken).

#include <QAbstractListModel>

#include <string>

namespace fuselab {

class ProjectDocument;
struct Run;

class RunListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole,    ///< QString: the run's name
        OtherDesignRole,            ///< bool: computed on a design other than the project's
        StrategyRole,               ///< QString: lbl, fused, plan, explore
    };

    explicit RunListModel(ProjectDocument *doc, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /// The row of the run named `name`, or -1.
    int rowOf(const QString &name) const;
    const Run *runAt(int row) const;
    /// Whether `run` was computed on the project's current design.
    bool onCurrentDesign(const Run &run) const;

private:
    void markersChanged();

    ProjectDocument *doc_;
    bool renaming_ = false; // our own rename: its runsChanged is one row's dataChanged, not a reset
};

} // namespace fuselab
