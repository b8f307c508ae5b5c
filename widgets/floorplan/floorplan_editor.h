// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "floorplan/floorplan_edits.h"

#include <QWidget>

class QAction;
class QLabel;

namespace fuselab {

class ProjectDocument;
class FloorplanScene;
class FloorplanView;
class BlockPalette;

/// The hardware floorplan editor: palette, canvas, tool bar (select / link tool, connect as
/// bus, duplicate, copy, paste, delete, fit) and the live summary line. The property
/// inspector is a separate widget (BlockInspector) that follows currentChanged().
class FloorplanEditor : public QWidget {
    Q_OBJECT
public:
    explicit FloorplanEditor(ProjectDocument *doc, QWidget *parent = nullptr);
    ~FloorplanEditor() override;

    FloorplanScene *scene() const { return scene_; }
    FloorplanView *view() const { return view_; }
    BlockPalette *palette() const { return palette_; }
    QString summaryText() const;
    /// The first selected block or link (BlockRef::None when nothing is selected).
    BlockRef current() const;
    void select(BlockRef ref);

    QAction *linkToolAction() const { return linkTool_; }
    QAction *busAction() const { return bus_; }
    QAction *duplicateAction() const { return duplicate_; }
    QAction *copyAction() const { return copy_; }
    QAction *pasteAction() const { return paste_; }
    QAction *deleteAction() const { return delete_; }

public Q_SLOTS:
    void connectSelectionAsBus();
    void duplicateSelection();
    void copySelection();
    void paste();
    void deleteSelection();
    /// Adds a palette block at the first free place of the grid (keyboard alternative to a drop).
    void addBlockAtFreePlace(PaletteBlock block);

Q_SIGNALS:
    void currentChanged(const BlockRef &ref);
    /// Status / log lines (what was added, why an action did nothing).
    void message(const QString &text);
    /// Accelerator::validate() after every change; the main window logs new problems.
    void problemsChanged(const QStringList &problems);

private:
    void updateSummary();
    void updateActions();

    ProjectDocument *doc_;
    FloorplanScene *scene_;
    FloorplanView *view_;
    BlockPalette *palette_;
    QLabel *summary_;
    QAction *selectTool_, *linkTool_, *bus_, *duplicate_, *copy_, *paste_, *delete_, *fit_;
    std::vector<BlockClipboard> clipboard_;
    int pasteCount_ = 0;
};

} // namespace fuselab
