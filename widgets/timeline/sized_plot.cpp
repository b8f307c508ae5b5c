// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/sized_plot.h"

namespace fuselab::timeline {

bool SizedPlot::hasRoomFor(QSize size) const
{
    const QSize minimum = plotLayout()->minimumOuterSizeHint();
    return size.width() > 0 && size.height() > 0 && size.width() >= minimum.width() &&
           size.height() >= minimum.height();
}

void SizedPlot::updateLayout()
{
    if (hasRoomFor(viewport().size()))
        QCustomPlot::updateLayout();
}

void SizedPlot::resizeEvent(QResizeEvent *event)
{
    if (hasRoomFor(event->size()))
        QCustomPlot::resizeEvent(event);
}

} // namespace fuselab::timeline
