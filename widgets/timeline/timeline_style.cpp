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

} // namespace fuselab::timeline
