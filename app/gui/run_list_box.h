// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The schedule panel's run list: the project's runs (RunListModel: pick, rename in place,
// "other design" marked) with Plan, Compare, Delete and an Export menu the panel fills, and a
// context menu. It says what the user asked for by signals; the panel shows the runs.

#include <QGroupBox>
#include <QStringList>

#include <vector>

class QListView;
class QMenu;
class QPushButton;

namespace fuselab {

class ProjectDocument;
class RunListModel;
struct Run;

class RunListBox : public QGroupBox {
    Q_OBJECT
public:
    explicit RunListBox(ProjectDocument *doc, QWidget *parent = nullptr);

    RunListModel *model() const { return model_; }
    QListView *view() const { return list_; }
    QMenu *exportMenu() const { return exportMenu_; }
    QPushButton *planButton() const { return planButton_; }
    QPushButton *compareButton() const { return compareButton_; }

    /// Makes `name` the current, only selected row without emitting runPicked.
    void select(const QString &name);
    /// The selected runs, in the order they were selected.
    std::vector<const Run *> selectedRuns() const;
    /// Compare enabled for two selected runs, Plan when a run is shown or listed.
    void updateButtons(bool runShown);
    /// Deletes the selected runs (or the current one) from the project.
    void deleteSelected();
    /// Asks to compare the two selected runs (the one higher in the list is the base).
    void compareSelected();

Q_SIGNALS:
    /// The user made `name` the current row.
    void runPicked(const QString &name);
    void selectionChanged();
    void planRequested(const QString &name); ///< empty: the run shown
    void compareRequested(const QString &a, const QString &b);
    void message(const QString &text);

private:
    void contextMenu(const QPoint &pos);
    QStringList selectedNames() const;

    ProjectDocument *doc_;
    RunListModel *model_ = nullptr;
    QListView *list_ = nullptr;
    QMenu *exportMenu_ = nullptr;
    QPushButton *planButton_ = nullptr;
    QPushButton *compareButton_ = nullptr;
    bool selecting_ = false; // select() is moving the current row: not the user's pick
};

} // namespace fuselab
