// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_scene.h"

#include "document/project_document.h"
#include "floorplan/floorplan_items.h"
#include "floorplan/floorplan_style.h"
#include "util/qt_strings.h"

#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

namespace fuselab {

namespace {

/// Where the segment from the centre of `r` towards `to` leaves `r` (links start at block edges).
QPointF edgePoint(const QRectF &r, const QPointF &to)
{
    const QPointF c = r.center();
    const QPointF d = to - c;
    if (d.isNull())
        return c;
    const qreal sx = d.x() != 0 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
    const qreal sy = d.y() != 0 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
    return c + d * std::min({sx, sy, qreal(1)});
}

bool mentions(const std::vector<std::string> &problems, const std::string &name)
{
    const std::string quoted = "'" + name + "'";
    for (const auto &p : problems)
        if (p.find(quoted) != std::string::npos)
            return true;
    return false;
}

} // namespace

FloorplanScene::FloorplanScene(ProjectDocument *doc, QObject *parent) : QGraphicsScene(parent), doc_(doc)
{
    connect(doc_, &ProjectDocument::acceleratorChanged, this, &FloorplanScene::scheduleRebuild);
    rebuild();
}

QPoint FloorplanScene::cellAt(const QPointF &pos)
{
    return QPoint(static_cast<int>(std::floor(pos.x() / kFloorplanCell)),
                  static_cast<int>(std::floor(pos.y() / kFloorplanCell)));
}

QRectF FloorplanScene::cellRect(const Placement &p)
{
    return QRectF(p.x * kFloorplanCell, p.y * kFloorplanCell, p.w * kFloorplanCell, p.h * kFloorplanCell);
}

void FloorplanScene::scheduleRebuild()
{
    if (rebuildPending_)
        return;
    rebuildPending_ = true;
    QTimer::singleShot(0, this, [this] {
        if (rebuildPending_)
            rebuild();
    });
}

void FloorplanScene::rebuild()
{
    rebuildPending_ = false;
    const std::vector<BlockRef> selected = selectedRefs();
    QSignalBlocker block(this);  // the selection is restored below; no flicker of signals
    clear();
    rubberLink_ = nullptr;
    dropGhost_ = nullptr;
    linkSource_.clear();

    const Accelerator &acc = doc_->accelerator();
    const QSize grid(std::max(1, acc.gridWidth), std::max(1, acc.gridHeight));
    setSceneRect(-kFloorplanCell / 2, -kFloorplanCell / 2, (grid.width() + 1) * kFloorplanCell,
                 (grid.height() + 1) * kFloorplanCell);
    const std::vector<std::string> problems = acc.validate();

    std::map<std::string, QRectF> rects;
    auto addBlock = [&](const BlockRef &ref, const Placement &pl) {
        auto *item = new BlockItem(ref, pl, grid);
        item->setText(blockLines(acc, ref));
        item->setColor(blockColor(acc, ref));
        item->setProblem(mentions(problems, ref.name));
        item->setToolTip(blockLines(acc, ref).join(QLatin1Char('\n')));
        addItem(item);
        rects[ref.name] = cellRect(pl);
    };
    for (const auto &c : acc.cores)
        addBlock({BlockRef::Core, c.name}, c.place);
    for (const auto &m : acc.memories)
        if (m.core.empty())
            addBlock({BlockRef::Memory, m.name}, m.place);
    addBlock({BlockRef::Dram, acc.dram.name}, acc.dram.place);
    for (const auto &m : acc.memories)  // a link may name a core's private memory: draw it to the core
        if (!m.core.empty() && rects.count(m.core) && !rects.count(m.name))
            rects[m.name] = rects[m.core];

    // Labels slide along their link until they do not cover another label.
    std::vector<QRectF> labels;
    auto placeLabel = [&labels](const QPointF &a, const QPointF &b, const QString &text) {
        const QSizeF size = LinkItem::labelSize(text);
        auto rectAt = [&](double t) {
            const QPointF c = a + (b - a) * t;
            return QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height());
        };
        for (double t : {0.5, 0.35, 0.65, 0.22, 0.78, 0.1, 0.9}) {
            const QRectF r = rectAt(t);
            if (std::none_of(labels.begin(), labels.end(), [&](const QRectF &o) { return o.intersects(r); })) {
                labels.push_back(r);
                return r.center();
            }
        }
        labels.push_back(rectAt(0.5));
        return labels.back().center();
    };
    for (const auto &l : acc.links) {
        std::vector<QPointF> pts;
        std::vector<QRectF> boxes;
        for (const auto &e : l.endpoints)
            if (auto it = rects.find(e); it != rects.end()) {
                pts.push_back(it->second.center());
                boxes.push_back(it->second);
            }
        if (pts.size() < 2)
            continue;
        QPainterPath path;
        QPointF label;
        const QString bw = QStringLiteral("%1 B/cy").arg(l.bandwidth);
        QString text = bw;
        if (pts.size() == 2) {
            const QPointF a = edgePoint(boxes[0], pts[1]), b = edgePoint(boxes[1], pts[0]);
            path.moveTo(a);
            path.lineTo(b);
            label = placeLabel(a, b, text);
        } else {
            // A bus: a horizontal spine on the grid line that crosses the fewest blocks (and
            // needs the shortest stubs), with a vertical stub from every endpoint's edge.
            qreal minX = pts[0].x(), maxX = minX;
            for (const auto &p : pts) {
                minX = std::min(minX, p.x());
                maxX = std::max(maxX, p.x());
            }
            qreal y = pts[0].y(), best = std::numeric_limits<qreal>::max();
            for (int k = 0; k <= grid.height(); ++k) {
                const qreal cy = k * kFloorplanCell;
                qreal cost = 0;
                for (const auto &[name, r] : rects)
                    if (r.top() < cy - 1 && r.bottom() > cy + 1 && r.right() > minX && r.left() < maxX)
                        cost += 1000;  // the spine would run through a block
                for (size_t i = 0; i < boxes.size(); ++i) {
                    const qreal from = cy < boxes[i].center().y() ? boxes[i].top() : boxes[i].bottom();
                    cost += std::abs(cy - from) / kFloorplanCell;
                    for (const auto &[name, r] : rects)  // stubs through other blocks
                        if (r != boxes[i] && r.left() < pts[i].x() && r.right() > pts[i].x() &&
                            std::min(from, cy) < r.bottom() - 1 && std::max(from, cy) > r.top() + 1)
                            cost += 100;
                }
                if (cost < best) {
                    best = cost;
                    y = cy;
                }
            }
            // Each stub leaves its block at the centre, or nearer a side when the centre line
            // would run through another block on its way to the spine.
            std::vector<qreal> stubX(boxes.size());
            for (size_t i = 0; i < boxes.size(); ++i) {
                const QRectF &b = boxes[i];
                const qreal from = y < b.center().y() ? b.top() : b.bottom();
                stubX[i] = b.center().x();
                for (qreal x : {b.center().x(), b.left() + b.width() / 4, b.right() - b.width() / 4,
                                b.left() + 10, b.right() - 10}) {
                    const bool blocked = std::any_of(rects.begin(), rects.end(), [&](const auto &nr) {
                        const QRectF &r = nr.second;
                        return r != b && r.left() < x && r.right() > x && std::min(from, y) < r.bottom() - 1 &&
                               std::max(from, y) > r.top() + 1;
                    });
                    if (!blocked) {
                        stubX[i] = x;
                        break;
                    }
                }
                minX = std::min(minX, stubX[i]);
                maxX = std::max(maxX, stubX[i]);
                path.moveTo(stubX[i], from);
                path.lineTo(stubX[i], y);
            }
            path.moveTo(minX, y);
            path.lineTo(maxX, y);
            text = toQString(l.name) + QStringLiteral(" · ") + bw;
            label = placeLabel(QPointF(minX, y), QPointF(maxX, y), text);
        }
        auto *item = new LinkItem({BlockRef::Link, l.name}, path, label, text);
        item->setProblem(mentions(problems, l.name));
        item->setToolTip(QStringLiteral("%1: %2 bytes/cycle, %3 cycles/hop, %4 pJ/bit")
                             .arg(toQString(l.name))
                             .arg(l.bandwidth)
                             .arg(l.latency)
                             .arg(l.energyPerBit));
        addItem(item);
    }
    selectRefs(selected);
    block.unblock();
    Q_EMIT selectionChanged();
}

std::vector<BlockRef> FloorplanScene::selectedRefs() const
{
    std::vector<BlockRef> out;
    for (QGraphicsItem *it : selectedItems()) {
        if (auto *b = dynamic_cast<BlockItem *>(it))
            out.push_back(b->ref());
        else if (auto *l = dynamic_cast<LinkItem *>(it))
            out.push_back(l->ref());
    }
    // Stable order (selectedItems() is not): blocks in the order they were drawn.
    std::sort(out.begin(), out.end(), [](const BlockRef &a, const BlockRef &b) {
        return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
    });
    return out;
}

void FloorplanScene::selectRefs(const std::vector<BlockRef> &refs)
{
    for (QGraphicsItem *it : items()) {
        BlockRef r;
        if (auto *b = dynamic_cast<BlockItem *>(it))
            r = b->ref();
        else if (auto *l = dynamic_cast<LinkItem *>(it))
            r = l->ref();
        else
            continue;
        it->setSelected(std::find(refs.begin(), refs.end(), r) != refs.end());
    }
}

BlockItem *FloorplanScene::blockItem(const std::string &name) const
{
    for (QGraphicsItem *it : items())
        if (auto *b = dynamic_cast<BlockItem *>(it); b && b->ref().name == name)
            return b;
    return nullptr;
}

BlockItem *FloorplanScene::blockAt(const QPointF &pos) const
{
    for (QGraphicsItem *it : items(pos))
        if (auto *b = dynamic_cast<BlockItem *>(it))
            return b;
    return nullptr;
}

void FloorplanScene::drawBackground(QPainter *p, const QRectF &rect)
{
    const Accelerator &acc = doc_->accelerator();
    const int gw = std::max(1, acc.gridWidth), gh = std::max(1, acc.gridHeight);
    p->fillRect(rect, QColor(236, 238, 242));
    const QRectF grid(0, 0, gw * kFloorplanCell, gh * kFloorplanCell);
    p->fillRect(grid, Qt::white);
    p->setPen(QPen(QColor(225, 228, 234), 1));
    for (int x = 1; x < gw; ++x)
        p->drawLine(QPointF(x * kFloorplanCell, 0), QPointF(x * kFloorplanCell, grid.bottom()));
    for (int y = 1; y < gh; ++y)
        p->drawLine(QPointF(0, y * kFloorplanCell), QPointF(grid.right(), y * kFloorplanCell));
    // The cut the bisection bandwidth is measured across (see hardware_summary.h).
    p->setPen(QPen(QColor(150, 170, 210), 1, Qt::DashLine));
    p->drawLine(QPointF(grid.center().x(), 0), QPointF(grid.center().x(), grid.bottom()));
    p->setPen(QPen(QColor(160, 165, 175), 1.5));
    p->setBrush(Qt::NoBrush);
    p->drawRect(grid);
}

Placement FloorplanScene::dropPlacement(PaletteBlock b, const QPointF &pos) const
{
    const QPoint cell = cellAt(pos);
    return clampToGrid(doc_->accelerator(), defaultPlacement(b, cell.x(), cell.y()));
}

void FloorplanScene::dragEnterEvent(QGraphicsSceneDragDropEvent *e)
{
    if (e->mimeData()->hasFormat(QLatin1String(kBlockMimeType))) {
        e->setDropAction(Qt::CopyAction);
        e->accept();
    } else {
        e->ignore();
    }
}

void FloorplanScene::dragMoveEvent(QGraphicsSceneDragDropEvent *e)
{
    PaletteBlock b;
    if (!e->mimeData()->hasFormat(QLatin1String(kBlockMimeType)) ||
        !parsePaletteId(e->mimeData()->data(QLatin1String(kBlockMimeType)).toStdString(), b)) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
    if (!dropGhost_) {
        dropGhost_ = addRect(QRectF(), QPen(QColor(30, 100, 220), 2, Qt::DashLine), QColor(30, 100, 220, 40));
        dropGhost_->setZValue(10);
    }
    dropGhost_->setRect(cellRect(dropPlacement(b, e->scenePos())));
}

void FloorplanScene::dragLeaveEvent(QGraphicsSceneDragDropEvent *e)
{
    delete dropGhost_;
    dropGhost_ = nullptr;
    e->accept();
}

void FloorplanScene::dropEvent(QGraphicsSceneDragDropEvent *e)
{
    delete dropGhost_;
    dropGhost_ = nullptr;
    PaletteBlock b;
    const QByteArray id = e->mimeData()->data(QLatin1String(kBlockMimeType));
    if (!parsePaletteId(id.toStdString(), b)) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
    Accelerator acc = doc_->accelerator();
    const Placement p = dropPlacement(b, e->scenePos());
    const BlockRef ref = addBlock(acc, b, p.x, p.y);
    doc_->editAccelerator(acc, QStringLiteral("Add %1").arg(toQString(ref.name)));
    rebuild();
    selectRefs({ref});
    Q_EMIT message(QStringLiteral("Added %1 at cell (%2, %3)").arg(toQString(ref.name)).arg(p.x).arg(p.y));
}

void FloorplanScene::mousePressEvent(QGraphicsSceneMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && (linkMode_ || (e->modifiers() & Qt::ShiftModifier))) {
        if (BlockItem *from = blockAt(e->scenePos())) {
            linkSource_ = from->ref().name;
            const QPointF c = from->mapToScene(from->boundingRect().center());
            rubberLink_ = addLine(QLineF(c, e->scenePos()), QPen(QColor(30, 100, 220), 2, Qt::DashLine));
            rubberLink_->setZValue(20);
            e->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(e);
}

void FloorplanScene::mouseMoveEvent(QGraphicsSceneMouseEvent *e)
{
    if (rubberLink_) {
        QLineF l = rubberLink_->line();
        l.setP2(e->scenePos());
        rubberLink_->setLine(l);
        e->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(e);
}

void FloorplanScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *e)
{
    if (rubberLink_) {
        delete rubberLink_;
        rubberLink_ = nullptr;
        const std::string from = std::exchange(linkSource_, {});
        BlockItem *to = blockAt(e->scenePos());
        e->accept();
        if (!to || to->ref().name == from)
            return;
        Accelerator acc = doc_->accelerator();
        if (const auto name = connectBlocks(acc, {from, to->ref().name})) {
            doc_->editAccelerator(acc, QStringLiteral("Link %1").arg(toQString(*name)));
            Q_EMIT message(QStringLiteral("Linked %1 and %2").arg(toQString(from), toQString(to->ref().name)));
        } else {
            Q_EMIT message(QStringLiteral("%1 and %2 are already linked").arg(toQString(from), toQString(to->ref().name)));
        }
        return;
    }
    QGraphicsScene::mouseReleaseEvent(e);
    commitGeometry();
}

void FloorplanScene::keyPressEvent(QKeyEvent *e)
{
    int dx = 0, dy = 0;
    switch (e->key()) {
    case Qt::Key_Left: dx = -1; break;
    case Qt::Key_Right: dx = 1; break;
    case Qt::Key_Up: dy = -1; break;
    case Qt::Key_Down: dy = 1; break;
    default: QGraphicsScene::keyPressEvent(e); return;
    }
    Accelerator acc = doc_->accelerator();
    int moved = 0;
    for (const BlockRef &r : selectedRefs())
        if (auto p = placementOf(acc, r)) {
            Placement next = *p;
            next.x += dx;
            next.y += dy;
            moved += setPlacement(acc, r, next) && !(*placementOf(acc, r) == *p);
        }
    e->accept();
    if (moved)
        doc_->editAccelerator(acc, moved == 1 ? QStringLiteral("Move block") : QStringLiteral("Move %1 blocks").arg(moved));
}

void FloorplanScene::commitGeometry()
{
    Accelerator acc = doc_->accelerator();
    int moved = 0;
    for (QGraphicsItem *it : items()) {
        auto *b = dynamic_cast<BlockItem *>(it);
        if (!b)
            continue;
        const auto before = placementOf(acc, b->ref());
        const Placement now = b->placement();
        if (before && !(*before == now) && setPlacement(acc, b->ref(), now))
            ++moved;
    }
    if (moved)
        doc_->editAccelerator(acc, moved == 1 ? QStringLiteral("Move or resize block")
                                               : QStringLiteral("Move %1 blocks").arg(moved));
}

} // namespace fuselab
