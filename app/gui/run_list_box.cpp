// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_list_box.h"

#include "document/project_document.h"
#include "document/run_list_model.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fuselab {

RunListBox::RunListBox(ProjectDocument *doc, QWidget *parent) : QGroupBox(tr("Runs"), parent), doc_(doc)
{
    auto *layout = new QVBoxLayout(this);
    model_ = new RunListModel(doc_, this);
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("runList"));
    list_->setModel(model_);
    list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setToolTip(tr("Click to show a run; Ctrl/Shift-click to compare several; double-click to rename. "
                         "\"other design\": computed before an edit or import, shown with the cores it ran on"));
    layout->addWidget(list_);
    auto *buttons = new QHBoxLayout;
    auto *deleteButton = new QPushButton(tr("Delete"), this);
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportMenu_ = new QMenu(exportButton);
    exportButton->setMenu(exportMenu_);
    compareButton_ = new QPushButton(tr("Compare"), this);
    compareButton_->setObjectName(QStringLiteral("compareButton"));
    compareButton_->setToolTip(tr("Compare the two selected runs: totals, layers and their Gantts on one time axis"));
    planButton_ = new QPushButton(tr("Plan"), this);
    planButton_->setObjectName(QStringLiteral("planButton"));
    planButton_->setToolTip(tr("The current run's plan: fused groups, tiles, pins and cores on its graph and floorplan"));
    buttons->addWidget(planButton_);
    buttons->addWidget(compareButton_);
    buttons->addWidget(deleteButton);
    buttons->addWidget(exportButton);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(deleteButton, &QPushButton::clicked, this, &RunListBox::deleteSelected);
    connect(compareButton_, &QPushButton::clicked, this, &RunListBox::compareSelected);
    connect(planButton_, &QPushButton::clicked, this, [this] { Q_EMIT planRequested(QString()); });
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list_, &QListView::customContextMenuRequested, this, &RunListBox::contextMenu);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (index.isValid() && !selecting_)
            Q_EMIT runPicked(index.data(RunListModel::NameRole).toString());
    });
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunListBox::selectionChanged);
}

void RunListBox::select(const QString &name)
{
    const int row = model_->rowOf(name);
    if (row < 0 || list_->currentIndex().row() == row)
        return;
    selecting_ = true;
    list_->selectionModel()->setCurrentIndex(model_->index(row), QItemSelectionModel::ClearAndSelect);
    selecting_ = false;
}

std::vector<const Run *> RunListBox::selectedRuns() const
{
    std::vector<const Run *> runs;
    for (const QModelIndex &index : list_->selectionModel()->selectedRows())
        if (const Run *r = model_->runAt(index.row()))
            runs.push_back(r);
    return runs;
}

QStringList RunListBox::selectedNames() const
{
    QModelIndexList rows = list_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList names;
    for (const QModelIndex &index : rows)
        names << index.data(RunListModel::NameRole).toString();
    return names;
}

void RunListBox::updateButtons(bool runShown)
{
    compareButton_->setEnabled(list_->selectionModel()->selectedRows().size() == 2);
    planButton_->setEnabled(runShown || model_->rowCount() > 0);
}

void RunListBox::compareSelected()
{
    const QStringList names = selectedNames(); // A: the one higher in the list (the earlier run)
    if (names.size() != 2) {
        Q_EMIT message(tr("Select two runs to compare (Ctrl-click the second)"));
        return;
    }
    Q_EMIT compareRequested(names[0], names[1]);
}

void RunListBox::deleteSelected()
{
    QStringList names = selectedNames();
    if (names.isEmpty() && list_->currentIndex().isValid())
        names << list_->currentIndex().data(RunListModel::NameRole).toString();
    for (const QString &n : names)
        doc_->removeRun(n.toStdString());
}

void RunListBox::contextMenu(const QPoint &pos)
{
    const QModelIndex index = list_->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        const QString name = index.data(RunListModel::NameRole).toString();
        menu.addAction(tr("Show plan of %1").arg(name), this, [this, name] { Q_EMIT planRequested(name); });
    }
    QAction *compare = menu.addAction(tr("Compare the two selected runs"), this, &RunListBox::compareSelected);
    compare->setEnabled(list_->selectionModel()->selectedRows().size() == 2);
    menu.exec(list_->viewport()->mapToGlobal(pos));
}

} // namespace fuselab
