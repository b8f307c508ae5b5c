// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/level_energy_chart.h"

#include "timeline/timeline_format.h"

#include <QPainter>

#include <algorithm>

namespace fuselab {

LevelEnergyChart::LevelEnergyChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void LevelEnergyChart::setBars(const QStringList &names, const std::vector<double> &valuesPj)
{
    names_ = names;
    values_ = valuesPj;
    values_.resize(static_cast<std::size_t>(names_.size()), 0.0);
    updateGeometry();
    update();
}

int LevelEnergyChart::rowHeight() const { return fontMetrics().height() + 6; }

QSize LevelEnergyChart::sizeHint() const
{
    return {240, std::max(1, static_cast<int>(names_.size())) * rowHeight() + 4};
}

QSize LevelEnergyChart::minimumSizeHint() const { return {160, sizeHint().height()}; }

void LevelEnergyChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics fm = fontMetrics();
    int nameW = 0;
    for (const QString &n : names_)
        nameW = std::max(nameW, fm.horizontalAdvance(n));
    int valueW = 0; // the widest value printed, so that the longest bar keeps its label in view
    for (double v : values_)
        valueW = std::max(valueW, fm.horizontalAdvance(timeline::formatEnergyPj(v)) + 4);
    const int barX = nameW + 8;
    const int barW = std::max(10, width() - barX - valueW - 4);
    double max = 0;
    for (double v : values_)
        max = std::max(max, v);
    const int h = rowHeight();
    for (int i = 0; i < static_cast<int>(names_.size()); ++i) {
        const int y = 2 + i * h;
        const double v = values_[static_cast<std::size_t>(i)];
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(0, y, nameW, h), Qt::AlignVCenter | Qt::AlignRight, names_[i]);
        const int w = max > 0 ? static_cast<int>(barW * v / max + 0.5) : 0;
        p.fillRect(QRect(barX, y + 3, std::max(w, v > 0 ? 1 : 0), h - 6), QColor(70, 130, 180));
        p.drawText(QRect(barX + w + 4, y, valueW + barW - w, h), Qt::AlignVCenter | Qt::AlignLeft,
                   timeline::formatEnergyPj(v));
    }
}

} // namespace fuselab
