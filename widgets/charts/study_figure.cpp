// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/study_figure.h"

#include "qcp_include.h"
#include "timeline/timeline_palette.h"

#include <QApplication>

#include <algorithm>
#include <cmath>
#include <map>
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

// Above this many rows the x labels are turned and written on one line.
constexpr size_t kManyRows = 8;

// A row's label on the x axis: its label cells, one per line (one line when turned).
QString rowLabel(const StudyTable &t, const StudyTable::Row &r)
{
    QStringList parts;
    for (const auto &l : r.labels)
        parts << QString::fromStdString(l);
    return parts.join(t.rows.size() > kManyRows ? QLatin1Char(' ') : QLatin1Char('\n'));
}

// Series names in order of first appearance over the panels: one colour and one legend entry
// per name, so a series keeps its colour in every panel.
QStringList seriesNames(const StudyTable &t, const std::vector<StudyChart> &panels)
{
    QStringList names;
    for (const auto &chart : panels)
        for (size_t s = 0; s < chart.columns.size(); ++s) {
            const QString name = QString::fromStdString(
                s < chart.legend.size() ? chart.legend[s] : t.valueColumns.at(chart.columns[s]));
            if (!names.contains(name))
                names << name;
        }
    return names;
}

// Fills one panel; returns its bars by series name (for the shared legend).
std::map<QString, QCPBars *> fillPanel(QCustomPlot *plot, QCPAxisRect *rect, const StudyTable &t,
                                       const StudyChart &chart, const QStringList &names)
{
    QCPAxis *x = rect->axis(QCPAxis::atBottom), *y = rect->axis(QCPAxis::atLeft);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < t.rows.size(); ++i)
        ticker->addTick(static_cast<double>(i), rowLabel(t, t.rows[i]));
    x->setTicker(ticker);
    x->setSubTicks(false);
    x->grid()->setVisible(false);
    x->setTickLength(0, 4);
    x->setRange(-0.6, static_cast<double>(t.rows.size()) - 0.4);
    if (t.rows.size() > kManyRows)
        x->setTickLabelRotation(90);
    y->setLabel(QString::fromStdString(chart.yLabel));
    y->grid()->setVisible(true);
    if (chart.logY) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        y->setNumberFormat(QStringLiteral("eb")); // 10^n
        y->setNumberPrecision(0);
    }

    auto *group = new QCPBarsGroup(plot);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(1);
    std::map<QString, QCPBars *> out;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    const double width = 0.8 / static_cast<double>(std::max<size_t>(1, chart.columns.size()));
    for (size_t s = 0; s < chart.columns.size(); ++s) {
        const int column = chart.columns[s];
        auto *bars = new QCPBars(x, y);
        const QString name =
            QString::fromStdString(s < chart.legend.size() ? chart.legend[s] : t.valueColumns.at(column));
        bars->setName(name);
        const QColor color = timeline::keyColor(static_cast<int>(names.indexOf(name)));
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
        out.emplace(name, bars);
    }
    if (chart.logY && hi > 0)
        y->setRange(lo / 2, hi * 2);
    else
        y->setRange(std::min(0.0, std::isfinite(lo) ? lo * 1.1 : 0.0), hi > 0 ? hi * 1.08 : 1.0);
    return out;
}

} // namespace

void buildStudyFigure(QCustomPlot *plot, const StudyTable &t)
{
    plot->setAutoAddPlottableToLegend(false); // one shared legend, filled below
    plot->clearPlottables();
    plot->plotLayout()->clear();
    plot->legend = nullptr; // clear() deleted the default legend with its axis rect
    // A long title on two lines, broken after its first colon.
    QString title = QString::fromStdString(t.title);
    if (title.size() > 90 && title.indexOf(QStringLiteral(": ")) > 0)
        title.replace(title.indexOf(QStringLiteral(": ")), 2, QStringLiteral(":\n"));
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(QStringLiteral("sans"), 11, QFont::Bold)));
    // The legend under the title, in one row, over no bar.
    auto *legend = new QCPLegend;
    plot->plotLayout()->addElement(1, 0, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setWrap(4);
    legend->setBorderPen(Qt::NoPen);
    legend->setMaximumSize(QWIDGETSIZE_MAX, 90);
    const auto panels = panelsOf(t);
    const QStringList names = seriesNames(t, panels);
    std::map<QString, QCPBars *> bars;
    for (size_t p = 0; p < panels.size(); ++p) {
        auto *rect = new QCPAxisRect(plot);
        plot->plotLayout()->addElement(static_cast<int>(p) + 2, 0, rect);
        for (const auto &[name, b] : fillPanel(plot, rect, t, panels[p], names))
            bars.emplace(name, b);
    }
    for (const QString &name : names)
        legend->addItem(new QCPPlottableLegendItem(legend, bars.at(name)));
    plot->plotLayout()->setRowStretchFactor(0, 0.01);
    plot->plotLayout()->setRowStretchFactor(1, 0.01);
    // The x labels are the rows'; the label columns say what they are.
    QStringList what;
    for (const auto &c : t.labelColumns)
        what << QString::fromStdString(c);
    plot->axisRect(static_cast<int>(panels.size()) - 1)
        ->axis(QCPAxis::atBottom)
        ->setLabel(what.join(QStringLiteral(" / ")));
}

QSize studyFigureSize(const StudyTable &t)
{
    const int panels = static_cast<int>(panelsOf(t).size());
    const int rows = static_cast<int>(t.rows.size());
    const bool turned = t.rows.size() > kManyRows;
    // Room for the labels under each group (about 7 px per character at 9 pt): the longest
    // line's width when upright, the whole label's length as height when turned.
    int longestLine = 0, longestLabel = 0;
    for (const auto &r : t.rows) {
        const int length = static_cast<int>(rowLabel(t, r).size());
        longestLabel = std::max(longestLabel, length);
        for (const auto &l : r.labels)
            longestLine = std::max(longestLine, static_cast<int>(l.size()));
    }
    const int labelLines = static_cast<int>(t.labelColumns.size());
    const int perRow = turned ? 34 : std::max(110, longestLine * 7 + 16);
    const int labels = turned ? longestLabel * 7 : 16 * labelLines;
    return {std::clamp(400 + perRow * rows, 1100, 4200), 120 + panels * (300 + labels)};
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
