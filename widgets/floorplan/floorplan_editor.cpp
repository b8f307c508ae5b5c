// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_editor.h"

#include "document/project_document.h"
#include "floorplan/block_palette.h"
#include "floorplan/floorplan_scene.h"
#include "floorplan/floorplan_view.h"
#include "floorplan/hardware_summary.h"
#include "util/qt_strings.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolBar>
#include <QVBoxLayout>

namespace fuselab {

FloorplanEditor::FloorplanEditor(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), doc_(doc), scene_(new FloorplanScene(doc, this)), view_(new FloorplanView(scene_, this)),
      palette_(new BlockPalette(this)), summary_(new QLabel(this))
{
    setObjectName(QStringLiteral("floorplanEditor"));
    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *tools = new QActionGroup(this);
    selectTool_ = bar->addAction(tr("Select"));
    selectTool_->setCheckable(true);
    selectTool_->setChecked(true);
    selectTool_->setToolTip(tr("Select, move (drag) and resize (corner handle) blocks"));
    linkTool_ = bar->addAction(tr("Link"));
    linkTool_->setCheckable(true);
    linkTool_->setShortcut(QKeySequence(Qt::Key_L));
    linkTool_->setToolTip(tr("Drag from one block to another to link them (Shift+drag does this in any mode)"));
    tools->addAction(selectTool_);
    tools->addAction(linkTool_);
    connect(linkTool_, &QAction::toggled, this, [this](bool on) {
        scene_->setLinkMode(on);
        view_->setDragMode(on ? QGraphicsView::NoDrag : QGraphicsView::RubberBandDrag);
    });
    bar->addSeparator();
    bus_ = bar->addAction(tr("Connect as bus"), this, &FloorplanEditor::connectSelectionAsBus);
    bus_->setToolTip(tr("Join the selected blocks with one shared bus"));
    duplicate_ = bar->addAction(tr("Duplicate"), this, &FloorplanEditor::duplicateSelection);
    duplicate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    copy_ = new QAction(tr("Copy"), this);
    copy_->setShortcut(QKeySequence::Copy);
    connect(copy_, &QAction::triggered, this, &FloorplanEditor::copySelection);
    paste_ = new QAction(tr("Paste"), this);
    paste_->setShortcut(QKeySequence::Paste);
    connect(paste_, &QAction::triggered, this, &FloorplanEditor::paste);
    delete_ = bar->addAction(tr("Delete"), this, &FloorplanEditor::deleteSelection);
    delete_->setShortcut(QKeySequence::Delete);
    bar->addSeparator();
    fit_ = bar->addAction(tr("Fit"), view_, &FloorplanView::fit);
    fit_->setShortcut(QKeySequence(Qt::Key_F));
    for (QAction *a : {selectTool_, linkTool_, bus_, duplicate_, copy_, paste_, delete_, fit_}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    summary_->setObjectName(QStringLiteral("floorplanSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setToolTip(tr("Peak MAC/s: Σ rows·cols·clock over systolic and spatial cores (AIMC: divided by the "
                            "MVM cycles).\nOn-chip: all private and shared memories.\nBisection: bandwidth of the "
                            "links crossing the dashed middle line (the smaller of the vertical and horizontal "
                            "cuts; a bus counts once)."));

    auto *canvas = new QHBoxLayout;
    canvas->setContentsMargins(0, 0, 0, 0);
    canvas->addWidget(palette_);
    canvas->addWidget(view_, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addLayout(canvas, 1);
    layout->addWidget(summary_);
    summary_->setContentsMargins(6, 2, 6, 4);

    connect(scene_, &QGraphicsScene::selectionChanged, this, [this] {
        updateActions();
        Q_EMIT currentChanged(current());
    });
    connect(scene_, &FloorplanScene::message, this, &FloorplanEditor::message);
    connect(palette_, &BlockPalette::blockActivated, this, [this](const QString &id) {
        PaletteBlock b;
        if (parsePaletteId(id.toStdString(), b))
            addBlockAtFreePlace(b);
    });
    connect(doc_, &ProjectDocument::acceleratorChanged, this, &FloorplanEditor::updateSummary);
    updateSummary();
    updateActions();
}

FloorplanEditor::~FloorplanEditor()
{
    // Destroying the scene deselects its items: that must not reach the (maybe already
    // half-destroyed) inspector through currentChanged().
    scene_->blockSignals(true);
}

QString FloorplanEditor::summaryText() const { return summary_->text(); }

BlockRef FloorplanEditor::current() const
{
    const auto refs = scene_->selectedRefs();
    return refs.empty() ? BlockRef{} : refs.front();
}

void FloorplanEditor::select(BlockRef ref)  // by value: callers pass references into objects the rebuild changes
{
    scene_->rebuild();
    scene_->selectRefs({ref});
}

void FloorplanEditor::updateSummary()
{
    const Accelerator &acc = doc_->accelerator();
    summary_->setText(toQString(formatSummary(summarize(acc))));
    QStringList problems;
    for (const auto &p : acc.validate())
        problems << toQString(p);
    Q_EMIT problemsChanged(problems);
}

void FloorplanEditor::updateActions()
{
    const auto refs = scene_->selectedRefs();
    int blocks = 0;
    for (const auto &r : refs)
        blocks += r.kind != BlockRef::Link;
    bus_->setEnabled(blocks >= 2);
    duplicate_->setEnabled(blocks >= 1);
    copy_->setEnabled(blocks >= 1);
    delete_->setEnabled(!refs.empty());
}

void FloorplanEditor::connectSelectionAsBus()
{
    std::vector<std::string> names;
    for (const auto &r : scene_->selectedRefs())
        if (r.kind != BlockRef::Link)
            names.push_back(r.name);
    Accelerator acc = doc_->accelerator();
    const auto name = connectBlocks(acc, names);
    if (!name) {
        Q_EMIT message(tr("Select two or more blocks that are not joined yet to connect them"));
        return;
    }
    doc_->editAccelerator(acc, tr("Connect %1").arg(toQString(*name)));
    select({BlockRef::Link, *name});
}

void FloorplanEditor::copySelection()
{
    clipboard_.clear();
    pasteCount_ = 0;
    for (const auto &r : scene_->selectedRefs()) {
        BlockClipboard clip = copyBlock(doc_->accelerator(), r);
        if (!clip.empty())
            clipboard_.push_back(std::move(clip));
    }
}

void FloorplanEditor::paste()
{
    if (clipboard_.empty())
        return;
    ++pasteCount_;
    Accelerator acc = doc_->accelerator();
    std::vector<BlockRef> added;
    for (const auto &clip : clipboard_)
        added.push_back(pasteBlock(acc, clip, pasteCount_, pasteCount_));
    doc_->editAccelerator(acc, added.size() == 1 ? tr("Paste %1").arg(toQString(added.front().name))
                                                 : tr("Paste %1 blocks").arg(added.size()));
    scene_->rebuild();
    scene_->selectRefs(added);
}

void FloorplanEditor::duplicateSelection()
{
    copySelection();
    paste();
}

void FloorplanEditor::addBlockAtFreePlace(PaletteBlock block)
{
    Accelerator acc = doc_->accelerator();
    const Placement size = defaultPlacement(block, 0, 0);
    const auto place = freePlacement(acc, size.w, size.h);
    if (!place) {
        Q_EMIT message(tr("No free place on the grid for a %1: make the grid larger (select nothing, then "
                          "Properties)").arg(toQString(paletteTitle(block))));
        return;
    }
    const BlockRef ref = addBlock(acc, block, place->x, place->y);
    doc_->editAccelerator(acc, tr("Add %1").arg(toQString(ref.name)));
    select(ref);
    Q_EMIT message(tr("Added %1 at cell (%2, %3)").arg(toQString(ref.name)).arg(place->x).arg(place->y));
}

void FloorplanEditor::deleteSelection()
{
    const auto refs = scene_->selectedRefs();
    if (refs.empty())
        return;
    Accelerator acc = doc_->accelerator();
    int deleted = 0;
    for (const auto &r : refs)
        deleted += deleteBlock(acc, r);
    if (!deleted) {
        Q_EMIT message(tr("The DRAM cannot be deleted (an accelerator always has one)"));
        return;
    }
    doc_->editAccelerator(acc, refs.size() == 1 ? tr("Delete %1").arg(toQString(refs.front().name))
                                                : tr("Delete %1 items").arg(deleted));
}

} // namespace fuselab
