// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsView>

namespace fuselab {

/// The floorplan canvas: Ctrl+wheel zooms, the view fits the grid until the user zooms.
class FloorplanView : public QGraphicsView {
    Q_OBJECT
public:
    explicit FloorplanView(QGraphicsScene *scene, QWidget *parent = nullptr);
    void fit();

protected:
    void wheelEvent(QWheelEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    bool userZoomed_ = false;
};

} // namespace fuselab
