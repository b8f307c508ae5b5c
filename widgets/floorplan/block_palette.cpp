// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/block_palette.h"

#include "floorplan/floorplan_scene.h"
#include "floorplan/floorplan_style.h"
#include "util/qt_strings.h"

#include <QMimeData>
#include <QPainter>

namespace fuselab {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QIcon swatch(const QColor &c)
{
    QPixmap pm(28, 20);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(c.darker(170), 1));
    p.setBrush(c);
    p.drawRoundedRect(QRectF(1.5, 1.5, 25, 17), 4, 4);
    return QIcon(pm);
}
} // namespace

BlockPalette::BlockPalette(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("blockPalette"));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setIconSize(QSize(28, 20));
    setSpacing(2);
    for (PaletteBlock b : paletteBlocks()) {
        auto *item = new QListWidgetItem(swatch(paletteColor(b)), toQString(paletteTitle(b)), this);
        item->setData(kIdRole, toQString(paletteId(b)));
    }
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(this, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT blockActivated(item->data(kIdRole).toString()); });
    setToolTip(tr("Drag a block onto the floorplan (or double-click it to add it at the first free place)"));
    setFixedWidth(sizeHintForColumn(0) + 2 * frameWidth() + 8);
}

QStringList BlockPalette::mimeTypes() const { return {QLatin1String(kBlockMimeType)}; }

QMimeData *BlockPalette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(kBlockMimeType), items.front()->data(kIdRole).toString().toUtf8());
    return mime;
}

} // namespace fuselab
