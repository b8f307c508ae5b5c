// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/chart_export.h"
#include "timeline/print_style.h"
#include "util/figure_file.h"

#include "charts/chart_canvas.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImage>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QXYSeries>

#include <cmath>
#include <functional>
#include <vector>

namespace fuselab {

namespace {

const QColor &kPrintText = print::kText;
const QColor &kPrintAxis = print::kAxis;
const QColor &kPrintGrid = print::kGrid;
using print::withPixelSize;

// Changes the charts' style for the export and puts everything back when it goes out of scope.
class ChartStyleOverride {
public:
    void apply(QChart *c, int fontPx, bool palette)
    {
        const QBrush background = c->backgroundBrush(), plotBackground = c->plotAreaBackgroundBrush(),
                     title = c->titleBrush();
        const QPen backgroundPen = c->backgroundPen();
        const QFont titleFont = c->titleFont();
        const bool shadow = c->isDropShadowEnabled();
        const qreal roundness = c->backgroundRoundness();
        undo_.push_back([=] {
            c->setBackgroundBrush(background);
            c->setBackgroundPen(backgroundPen);
            c->setPlotAreaBackgroundBrush(plotBackground);
            c->setTitleBrush(title);
            c->setTitleFont(titleFont);
            c->setDropShadowEnabled(shadow);
            c->setBackgroundRoundness(roundness);
        });
        if (palette) {
            c->setBackgroundBrush(Qt::white);
            c->setBackgroundPen(Qt::NoPen);
            c->setPlotAreaBackgroundBrush(Qt::white);
            c->setTitleBrush(kPrintText);
            c->setDropShadowEnabled(false);
            c->setBackgroundRoundness(0);
        }
        if (fontPx > 0)
            c->setTitleFont(withPixelSize(titleFont, static_cast<int>(std::lround(fontPx * 1.15))));
        applyLegend(c->legend(), fontPx, palette);
        for (QAbstractAxis *a : c->axes())
            applyAxis(a, fontPx, palette);
        for (QAbstractSeries *s : c->series())
            applySeries(s, fontPx, palette);
    }

private:
    void applyLegend(QLegend *legend, int fontPx, bool palette)
    {
        const QFont font = legend->font();
        const QBrush label = legend->labelBrush();
        undo_.push_back([=] {
            legend->setFont(font);
            legend->setLabelBrush(label);
        });
        if (fontPx > 0)
            legend->setFont(withPixelSize(font, fontPx));
        if (palette)
            legend->setLabelBrush(kPrintText);
    }

    void applyAxis(QAbstractAxis *a, int fontPx, bool palette)
    {
        const QFont labels = a->labelsFont(), title = a->titleFont();
        const QBrush labelsBrush = a->labelsBrush(), titleBrush = a->titleBrush();
        const QPen line = a->linePen(), grid = a->gridLinePen(), minor = a->minorGridLinePen();
        undo_.push_back([=] {
            a->setLabelsFont(labels);
            a->setTitleFont(title);
            a->setLabelsBrush(labelsBrush);
            a->setTitleBrush(titleBrush);
            a->setLinePen(line);
            a->setGridLinePen(grid);
            a->setMinorGridLinePen(minor);
        });
        if (fontPx > 0) {
            a->setLabelsFont(withPixelSize(labels, fontPx));
            a->setTitleFont(withPixelSize(title, fontPx));
        }
        // A figure shows whole labels ("explore", not "Expl…"): category labels that would not
        // fit side by side are drawn slanted instead of truncated.
        const bool truncate = a->truncateLabels();
        const int angle = a->labelsAngle();
        undo_.push_back([=] {
            a->setTruncateLabels(truncate);
            a->setLabelsAngle(angle);
        });
        a->setTruncateLabels(false);
        if (a->type() == QAbstractAxis::AxisTypeBarCategory && a->orientation() == Qt::Horizontal)
            a->setLabelsAngle(-30);
        if (palette) {
            a->setLabelsBrush(kPrintText);
            a->setTitleBrush(kPrintText);
            a->setLinePen(QPen(kPrintAxis, 1));
            a->setGridLinePen(QPen(kPrintGrid, 0.5));
            a->setMinorGridLinePen(QPen(kPrintGrid, 0.5, Qt::DotLine));
        }
    }

    void applySeries(QAbstractSeries *s, int fontPx, bool palette)
    {
        const int labelPx = static_cast<int>(std::lround(fontPx * 0.9));
        if (auto *xy = qobject_cast<QXYSeries *>(s)) {
            const QFont font = xy->pointLabelsFont();
            const QColor color = xy->pointLabelsColor();
            undo_.push_back([=] {
                xy->setPointLabelsFont(font);
                xy->setPointLabelsColor(color);
            });
            if (fontPx > 0)
                xy->setPointLabelsFont(withPixelSize(font, labelPx));
            if (palette)
                xy->setPointLabelsColor(kPrintText);
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s)) {
            for (QBarSet *set : bars->barSets()) {
                const QFont font = set->labelFont();
                undo_.push_back([=] { set->setLabelFont(font); });
                if (fontPx > 0)
                    set->setLabelFont(withPixelSize(font, labelPx));
            }
        }
    }

    print::StyleRestore undo_;
};

// Lays the canvas out at the figure's size for the life of the object.
class CanvasLayoutOverride {
public:
    CanvasLayoutOverride(ChartCanvas *canvas, QSizeF size) : canvas_(canvas)
    {
        canvas_->layoutCharts(size);
        settle();
    }
    ~CanvasLayoutOverride()
    {
        canvas_->layoutCharts(canvas_->viewport()->size());
        settle();
    }
    CanvasLayoutOverride(const CanvasLayoutOverride &) = delete;
    CanvasLayoutOverride &operator=(const CanvasLayoutOverride &) = delete;

    // Qt Charts lays its axes, legend and plot area out on a posted LayoutRequest.
    void settle()
    {
        for (QChart *c : canvas_->charts())
            if (c->layout())
                c->layout()->activate();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }

private:
    ChartCanvas *canvas_;
};

bool render(QGraphicsScene *scene, QPainter &painter, int w, int h, const QBrush &background)
{
    if (!painter.isActive())
        return false;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QRectF area(0, 0, w, h);
    painter.fillRect(area, background);
    scene->render(&painter, area, area, Qt::IgnoreAspectRatio);
    return painter.end();
}

} // namespace

QString exportChartFigure(ChartCanvas *canvas, const QString &path, const FigureOptions &options)
{
    if (!canvas || canvas->charts().isEmpty())
        return QObject::tr("%1: no chart to export").arg(path);
    const auto format = figureFormatFromPath(path);
    if (!format)
        return QObject::tr("%1: unknown figure format (use .svg, .pdf or .png)").arg(path);
    const QSize current = canvas->isVisible() ? canvas->viewport()->size() : kHiddenChartFigureSize;
    const auto layout = figureLayout(options, current.width(), current.height());
    if (!layout)
        return QObject::tr("%1: figure size is out of range").arg(path);
    const int w = layout->width, h = layout->height;

    bool ok = false;
    const QString tmp = figureTempPath(path); // renamed over `path` once complete
    {
        ChartStyleOverride style;
        for (QChart *c : canvas->charts())
            style.apply(c, layout->fontPx, options.printPalette);
        CanvasLayoutOverride sized(canvas, QSizeF(w, h));
        const QBrush background =
            options.printPalette ? QBrush(Qt::white) : canvas->charts().front()->backgroundBrush();
        QGraphicsScene *scene = canvas->scene();
        switch (*format) {
        case FigureFormat::Svg: {
            QSvgGenerator gen;
            gen.setFileName(tmp);
            gen.setSize(QSize(w, h));
            gen.setViewBox(QRect(0, 0, w, h));
            gen.setResolution(layout->svgResolution);
            gen.setTitle(QStringLiteral("FuseLab figure"));
            QPainter painter(&gen);
            ok = render(scene, painter, w, h, background);
            break;
        }
        case FigureFormat::Pdf: {
            // 1 layout px = 1 pt on the page, like QCustomPlot's savePdf.
            QPdfWriter pdf(tmp);
            pdf.setCreator(QStringLiteral("FuseLab"));
            pdf.setTitle(QStringLiteral("FuseLab figure"));
            pdf.setResolution(72);
            pdf.setPageSize(QPageSize(QSizeF(w, h), QPageSize::Point, QString(), QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Point);
            QPainter painter(&pdf);
            ok = render(scene, painter, w, h, background);
            break;
        }
        case FigureFormat::Png: {
            QImage image(static_cast<int>(std::lround(w * layout->pngScale)),
                         static_cast<int>(std::lround(h * layout->pngScale)), QImage::Format_ARGB32_Premultiplied);
            const int dpm = static_cast<int>(std::lround(layout->dpi / 0.0254));
            image.setDotsPerMeterX(dpm);
            image.setDotsPerMeterY(dpm);
            image.fill(Qt::white);
            QPainter painter(&image);
            painter.scale(layout->pngScale, layout->pngScale);
            ok = render(scene, painter, w, h, background) && image.save(tmp, "PNG");
            break;
        }
        }
    }
    if (!ok || !commitFigureFile(tmp, path, *format == FigureFormat::Svg)) {
        QFile::remove(tmp);
        return QObject::tr("%1: could not write the figure").arg(path);
    }
    return {};
}

} // namespace fuselab
