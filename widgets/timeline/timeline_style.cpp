// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/timeline_style.h"

#include "qcp_include.h"

namespace fuselab::timeline {

void styleAxis(QCPAxis *axis)
{
    axis->setBasePen(QPen(kAxisColor, 1));
    axis->setTickPen(QPen(kAxisColor, 1));
    axis->setSubTickPen(QPen(kAxisColor, 1));
    axis->setTickLabelColor(kTextColor);
    axis->setLabelColor(kTextColor);
    axis->grid()->setPen(QPen(kGridColor, 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void placeLegendOnTop(QCustomPlot *plot, QCPLegend *legend, int columns)
{
    // The legend sits left in a sub-grid whose second cell is an empty stretchable spacer;
    // the legend items are only as wide as their text, so the entries pack to the left.
    auto *row = new QCPLayoutGrid;
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, row);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    row->addElement(0, 0, legend);
    row->addElement(0, 1, new QCPLayoutElement(plot));
    row->setColumnStretchFactor(0, 0.001);
    legend->setLayer(QStringLiteral("legend"));
    legend->setVisible(true);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setWrap(columns);
    legend->setIconSize(11, 11);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(16);
    legend->setMargins(QMargins(8, 6, 8, 0));
    legend->setTextColor(kTextColor);
}

} // namespace fuselab::timeline
