// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QListWidget>

namespace fuselab {

/// The blocks one can drag onto the floorplan. A drag carries kBlockMimeType with the
/// block's paletteId(); the floorplan scene creates the block where it is dropped.
class BlockPalette : public QListWidget {
    Q_OBJECT
public:
    explicit BlockPalette(QWidget *parent = nullptr);
    /// The drag payload for the given rows (public so tests can drop it without a real drag).
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
    QStringList mimeTypes() const override;

Q_SIGNALS:
    /// Double-click or Enter on an entry: add that block without dragging.
    void blockActivated(const QString &paletteId);
};

} // namespace fuselab
