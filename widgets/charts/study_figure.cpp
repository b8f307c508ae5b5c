// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/study_figure.h"

#include "qcp_include.h"
#include "timeline/timeline_palette.h"

#include <QApplication>

#include <algorithm>
#include <cmath>
#include <memory>

namespace fuselab {

namespace {

std::vector<StudyChart> panelsOf(const StudyTable &t)
{
    if (!t.charts.empty())
        return t.charts;
    StudyChart all;
    for (size_t c = 0; c < t.valueColumns.size(); ++c)
        all.columns.push_back(static_cast<int>(c));
    return {all};
}

// A row's label on the x axis: its label cells, one per line.
QString rowLabel(const StudyTable::Row &r)
{
    QStringList parts;
    for (const auto &l : r.labels)
        parts << QString::fromStdString(l);
    return parts.join(QLatin1Char('\n'));
}

void fillPanel(QCustomPlot *plot, QCPAxisRect *rect, const StudyTable &t, const StudyChart &chart)
{
    QCPAxis *x = rect->axis(QCPAxis::atBottom), *y = rect->axis(QCPAxis::atLeft);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < t.rows.size(); ++i)
        ticker->addTick(static_cast<double>(i), rowLabel(t.rows[i]));
    x->setTicker(ticker);
    x->setSubTicks(false);
    x->grid()->setVisible(false);
    x->setTickLength(0, 4);
    x->setRange(-0.6, static_cast<double>(t.rows.size()) - 0.4);
    if (t.rows.size() > 8)
        x->setTickLabelRotation(t.rows.size() > 20 ? 90 : 45);
    y->setLabel(QString::fromStdString(chart.yLabel));
    y->grid()->setVisible(true);
    if (chart.logY) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }

    auto *group = new QCPBarsGroup(plot);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(1);
    auto *legend = new QCPLegend;
    rect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    legend->setLayer(QStringLiteral("legend"));
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    const double width = 0.8 / static_cast<double>(std::max<size_t>(1, chart.columns.size()));
    for (size_t s = 0; s < chart.columns.size(); ++s) {
        const int column = chart.columns[s];
        auto *bars = new QCPBars(x, y);
        const std::string name = s < chart.legend.size() ? chart.legend[s] : t.valueColumns.at(column);
        bars->setName(QString::fromStdString(name));
        const QColor color = timeline::keyColor(static_cast<int>(s));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(width);
        bars->setBarsGroup(group);
        for (size_t i = 0; i < t.rows.size(); ++i) {
            const double v = t.rows[i].values.at(column) * chart.scale;
            if (std::isnan(v) || (chart.logY && v <= 0))
                continue; // not built: no bar rather than a zero one
            bars->addData(static_cast<double>(i), v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        legend->addItem(new QCPPlottableLegendItem(legend, bars));
    }
    if (chart.logY && hi > 0)
        y->setRange(lo / 2, hi * 4);
    else
        y->setRange(std::min(0.0, std::isfinite(lo) ? lo * 1.1 : 0.0), hi > 0 ? hi * 1.25 : 1.0);
}

} // namespace

void buildStudyFigure(QCustomPlot *plot, const StudyTable &t)
{
    plot->setAutoAddPlottableToLegend(false); // each panel has its own legend
    plot->clearPlottables();
    plot->plotLayout()->clear();
    plot->legend = nullptr; // clear() deleted the default legend with its axis rect
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, QString::fromStdString(t.title), QFont(QStringLiteral("sans"), 11, QFont::Bold)));
    const auto panels = panelsOf(t);
    for (size_t p = 0; p < panels.size(); ++p) {
        auto *rect = new QCPAxisRect(plot);
        plot->plotLayout()->addElement(static_cast<int>(p) + 1, 0, rect);
        fillPanel(plot, rect, t, panels[p]);
    }
    // The x labels are the rows'; the label columns say what they are.
    QStringList what;
    for (const auto &c : t.labelColumns)
        what << QString::fromStdString(c);
    plot->axisRect(static_cast<int>(panels.size()) - 1)->axis(QCPAxis::atBottom)->setLabel(what.join(QStringLiteral(" / ")));
}

QSize studyFigureSize(const StudyTable &t)
{
    const int panels = static_cast<int>(panelsOf(t).size());
    const int rows = static_cast<int>(t.rows.size());
    const int labelLines = static_cast<int>(t.labelColumns.size());
    // Room for the longest label line under each group (about 7 px per character at 9 pt).
    size_t longest = 0;
    for (const auto &r : t.rows)
        for (const auto &l : r.labels)
            longest = std::max(longest, l.size());
    const int perRow = rows > 8 ? 60 : std::max(110, static_cast<int>(longest) * 7 + 16);
    const int labels = rows > 8 ? static_cast<int>(longest) * 7 : 16 * labelLines;
    return {std::clamp(160 + perRow * rows, 1000, 4000), 90 + panels * (300 + labels)};
}

QString renderStudyFigure(const StudyTable &t, const QString &path, FigureOptions options)
{
    if (t.rows.empty())
        return QStringLiteral("the study has no rows to draw");
    auto plot = std::make_unique<QCustomPlot>();
    buildStudyFigure(plot.get(), t);
    const QSize size = studyFigureSize(t);
    if (options.width <= 0 || options.height <= 0) {
        options.unit = FigureOptions::Unit::Px;
        options.width = size.width();
        options.height = size.height();
    }
    plot->setAttribute(Qt::WA_DontShowOnScreen);
    plot->resize(static_cast<int>(options.width), static_cast<int>(options.height));
    plot->show();
    QApplication::processEvents();
    plot->replot();
    return exportFigure(plot.get(), path, options);
}

} // namespace fuselab
