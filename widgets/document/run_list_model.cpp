// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/run_list_model.h"

#include "document/project_document.h"
#include "project/run.h"

#include <QColor>
#include <QLocale>
#include <QPalette>
#include <QGuiApplication>

namespace fuselab {

RunListModel::RunListModel(ProjectDocument *doc, QObject *parent) : QAbstractListModel(parent), doc_(doc)
{
    connect(doc_, &ProjectDocument::runsChanged, this, [this] {
        if (renaming_)
            return;
        beginResetModel();
        endResetModel();
    });
    // An edit or an import changes which runs are of the current design.
    connect(doc_, &ProjectDocument::workloadChanged, this, &RunListModel::markersChanged);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, &RunListModel::markersChanged);
}

void RunListModel::markersChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1),
                           {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, OtherDesignRole});
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(doc_->runs().size());
}

const Run *RunListModel::runAt(int row) const
{
    const auto &runs = doc_->runs();
    return row >= 0 && row < static_cast<int>(runs.size()) ? &runs[static_cast<size_t>(row)] : nullptr;
}

int RunListModel::rowOf(const QString &name) const
{
    const std::string n = name.toStdString();
    const auto &runs = doc_->runs();
    for (size_t i = 0; i < runs.size(); ++i)
        if (runs[i].name == n)
            return static_cast<int>(i);
    return -1;
}

bool RunListModel::onCurrentDesign(const Run &run) const
{
    return runOnDesign(run, doc_->designFingerprint());
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Run *run = runAt(index.row());
    if (!run)
        return {};
    const QString name = QString::fromStdString(run->name);
    const bool other = !onCurrentDesign(*run);
    switch (role) {
    case Qt::DisplayRole:
        return other ? tr("%1 — other design").arg(name) : name;
    case Qt::EditRole:
    case NameRole:
        return name;
    case OtherDesignRole:
        return other;
    case StrategyRole:
        return QString::fromStdString(run->strategy);
    case Qt::ForegroundRole:
        if (other)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole: {
        const ScheduleTotals &t = run->schedule.totals;
        QString tip = tr("%1, %2 cycles, %3 µJ, created %4")
                          .arg(QString::fromStdString(run->strategy),
                               QLocale().toString(static_cast<qlonglong>(t.latencyCycles)))
                          .arg(t.energyPj / 1e6, 0, 'g', 4)
                          .arg(QString::fromStdString(run->created));
        tip += tr("\nOn %1 with %2 (design %3)")
                   .arg(QString::fromStdString(run->design.workload.name),
                        QString::fromStdString(run->design.accelerator.name),
                        QString::fromStdString(run->design.fingerprint.substr(0, 12)));
        if (other)
            tip += tr("\nComputed on another design than the project's current one: its views show the "
                      "cores and memories it ran on");
        return tip;
    }
    default:
        return {};
    }
}

bool RunListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    const Run *run = runAt(index.row());
    const std::string to = value.toString().trimmed().toStdString();
    if (!run || to == run->name)
        return false;
    renaming_ = true;
    const bool ok = doc_->renameRun(run->name, to);
    renaming_ = false;
    if (ok)
        Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole, NameRole});
    return ok;
}

Qt::ItemFlags RunListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

} // namespace fuselab
