// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A legend entry that is just a colour swatch and a text (QCustomPlot's own legend items
// belong to plottables; the Gantt's colours belong to layers/groups inside one plottable).
// An invalid colour draws the text alone (e.g. "+12 more").

#include "qcp_include.h"

namespace fuselab::timeline {

class SwatchLegendItem : public QCPAbstractLegendItem {
    Q_OBJECT
public:
    enum class Style { Box, DashedLine };
    SwatchLegendItem(QCPLegend *parent, const QColor &color, const QString &text, Style style = Style::Box);
    QString text() const { return text_; }

protected:
    void draw(QCPPainter *painter) override;
    QSize minimumOuterSizeHint() const override;
    /// As small as it can be, so that a legend row packs its entries to the left.
    QSize maximumOuterSizeHint() const override { return minimumOuterSizeHint(); }

private:
    QColor color_;
    Style style_;
    QString text_;
};

} // namespace fuselab::timeline
