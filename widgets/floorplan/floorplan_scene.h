// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "floorplan/floorplan_edits.h"

#include <QGraphicsScene>

class QGraphicsLineItem;
class QGraphicsRectItem;

namespace fuselab {

class ProjectDocument;
class BlockItem;

/// MIME type of a palette block being dragged; the payload is the paletteId().
inline constexpr char kBlockMimeType[] = "application/x-fuselab-block";

/// The floorplan of the document's accelerator: a grid with cores, shared memories and the
/// DRAM as blocks and links as lines. Every change the user makes here (drop a palette
/// block, move, resize, link two blocks by Shift+drag or in link mode) becomes one
/// doc->editAccelerator() call; the scene redraws itself from the accelerator afterwards.
class FloorplanScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit FloorplanScene(ProjectDocument *doc, QObject *parent = nullptr);

    /// The grid cell under a scene position (may be outside the grid).
    static QPoint cellAt(const QPointF &scenePos);
    static QRectF cellRect(const Placement &p);

    /// In link mode a drag from one block to another links them (as Shift+drag always does).
    void setLinkMode(bool on) { linkMode_ = on; }
    bool linkMode() const { return linkMode_; }

    std::vector<BlockRef> selectedRefs() const;
    void selectRefs(const std::vector<BlockRef> &refs);
    BlockItem *blockItem(const std::string &name) const;
    /// Redraws now (normally a change is redrawn on the next event-loop turn, so that no item
    /// is deleted while it handles a mouse event).
    void rebuild();

Q_SIGNALS:
    void message(const QString &text);

protected:
    void drawBackground(QPainter *p, const QRectF &rect) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *e) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *e) override;
    void dragLeaveEvent(QGraphicsSceneDragDropEvent *e) override;
    void dropEvent(QGraphicsSceneDragDropEvent *e) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *e) override;
    /// Arrow keys move the selected blocks by one cell.
    void keyPressEvent(QKeyEvent *e) override;

private:
    void scheduleRebuild();
    BlockItem *blockAt(const QPointF &scenePos) const;
    /// Placement of a palette block dropped at a scene position: top-left cell under the cursor.
    Placement dropPlacement(PaletteBlock b, const QPointF &scenePos) const;
    void commitGeometry();

    ProjectDocument *doc_;
    bool linkMode_ = false;
    bool rebuildPending_ = false;
    std::string linkSource_;
    QGraphicsLineItem *rubberLink_ = nullptr;
    QGraphicsRectItem *dropGhost_ = nullptr;
};

} // namespace fuselab
