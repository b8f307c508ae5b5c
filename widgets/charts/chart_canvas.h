// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One or more Qt Charts side by side in one graphics scene, e.g. the energy breakdown with
// the latency beside it. A QChartView holds a single chart; this view lays several out by
// stretch factor and is what chart_export renders, so a figure shows the same arrangement.

#include <QGraphicsView>
#include <QList>

#include <vector>

class QChart;

namespace fuselab {

class ChartCanvas : public QGraphicsView {
    Q_OBJECT
public:
    explicit ChartCanvas(QWidget *parent = nullptr);

    /// Adds `chart` (taking ownership) to the right of the others; `stretch` is its share
    /// of the width.
    void addChart(QChart *chart, int stretch = 1);
    QList<QChart *> charts() const;
    /// Places the charts in a `size` scene area (the view's size on screen; the figure's
    /// size while exporting).
    void layoutCharts(const QSizeF &size);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Slot {
        QChart *chart;
        int stretch;
    };
    std::vector<Slot> slots_;
};

} // namespace fuselab
