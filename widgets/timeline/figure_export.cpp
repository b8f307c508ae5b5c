// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/figure_export.h"
#include "timeline/print_style.h"
#include "util/figure_file.h"

#include "qcp_include.h"
#include <QFile>
#include <QFileInfo>
#include <QMetaProperty>
#include <QPicture>
#include <QSvgGenerator>

#include <cmath>
#include <functional>
#include <vector>

namespace fuselab {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kScreenDpi = 96.0;
constexpr double kDefaultPaperFontPt = 8.0;
constexpr int kDefaultMinMargin = 15;               ///< QCustomPlot's default minimum margin of an axis rect
const char *const kLabelFontProperty = "labelFont"; ///< plottables that draw text expose this
const char *const kElideProperty = "elideLabels";    ///< plottables that elide labels on screen
constexpr int kMinFontPx = 3;                        ///< smaller than this is not text any more

const QColor &kPrintText = print::kText;
const QColor &kPrintAxis = print::kAxis;
const QColor &kPrintGrid = print::kGrid;
using print::withPixelSize;

// Changes the plot's style for the export and puts everything back when it goes out of scope.
class StyleOverride {
public:
    explicit StyleOverride(QCustomPlot *plot) : plot_(plot) {}

    void apply(int fontPx, bool palette)
    {
        for (QCPAxisRect *rect : plot_->axisRects()) {
            for (QCPAxis *a : rect->axes())
                applyAxis(a, fontPx, palette);
            // A left margin widened to align with another plot on screen is not wanted in a
            // figure: back to QCustomPlot's default minimum.
            const QMargins minimum = rect->minimumMargins();
            rect->setMinimumMargins(QMargins(std::min(minimum.left(), kDefaultMinMargin), minimum.top(),
                                             std::min(minimum.right(), kDefaultMinMargin), minimum.bottom()));
            undo_.push_back([rect, minimum] { rect->setMinimumMargins(minimum); });
            // The screen's minimum sizes (e.g. 8 px per Gantt row) would not let a small
            // figure hold every row: fitToSize() makes the fonts fit instead.
            const QSize size = rect->minimumSize();
            rect->setMinimumSize(std::min(size.width(), 20), 1);
            undo_.push_back([rect, size] { rect->setMinimumSize(size); });
        }
        for (int i = 0; i < plot_->plottableCount(); ++i) {
            QCPAbstractPlottable *p = plot_->plottable(i);
            if (p->metaObject()->indexOfProperty(kElideProperty) < 0)
                continue;
            const bool old = p->property(kElideProperty).toBool();
            p->setProperty(kElideProperty, false); // whole labels or none: nothing cut to "Expl…"
            undo_.push_back([p, old] { p->setProperty(kElideProperty, old); });
        }
        for (QCPLayoutElement *e : plot_->plotLayout()->elements(true)) {
            if (auto *legend = qobject_cast<QCPLegend *>(e))
                applyLegend(legend, fontPx, palette);
            else if (auto *text = qobject_cast<QCPTextElement *>(e))
                applyText(text, fontPx, palette);
        }
        if (fontPx > 0) {
            for (int i = 0; i < plot_->itemCount(); ++i)
                if (auto *t = qobject_cast<QCPItemText *>(plot_->item(i))) {
                    const QFont old = t->font();
                    t->setFont(withPixelSize(old, static_cast<int>(std::lround(fontPx * 0.9))));
                    undo_.push_back([t, old] { t->setFont(old); });
                }
            for (int i = 0; i < plot_->plottableCount(); ++i) {
                QCPAbstractPlottable *p = plot_->plottable(i);
                if (p->metaObject()->indexOfProperty(kLabelFontProperty) < 0)
                    continue;
                const QFont old = p->property(kLabelFontProperty).value<QFont>();
                p->setProperty(kLabelFontProperty,
                               withPixelSize(old, static_cast<int>(std::lround(fontPx * 0.85))));
                undo_.push_back([p, old] { p->setProperty(kLabelFontProperty, old); });
            }
        }
    }

    /// After a layout at the figure's size (a first drawing): shrinks the fonts that do not
    /// fit the room the layout gave them. Tick labels of a vertical axis get at most their
    /// tick spacing (every Gantt row keeps its label), texts inside a plot area at most a third
    /// of its height, and all fonts shrink together while the layout's minimum exceeds the
    /// figure. Returns whether anything changed (then lay out again).
    bool fitToSize(int width, int height)
    {
        bool changed = false;
        for (QCPAxisRect *rect : plot_->axisRects())
            for (QCPAxis *a : rect->axes(QCPAxis::atLeft | QCPAxis::atRight)) {
                if (!a->visible() || !a->tickLabels())
                    continue;
                // The closest two tick labels: that much height each label may take.
                const QVector<double> ticks = a->tickVector();
                double spacing = rect->height();
                for (int i = 1; i < ticks.size(); ++i)
                    spacing = std::min(spacing, std::abs(a->coordToPixel(ticks[i]) - a->coordToPixel(ticks[i - 1])));
                const QFont f = a->tickLabelFont();
                if (QFontMetricsF(f).height() > spacing) {
                    setFont(a, [](QCPAxis *x) { return x->tickLabelFont(); },
                            [](QCPAxis *x, const QFont &font) { x->setTickLabelFont(font); },
                            fontForHeight(f, spacing));
                    changed = true;
                }
            }
        for (int i = 0; i < plot_->itemCount(); ++i) {
            auto *t = qobject_cast<QCPItemText *>(plot_->item(i));
            if (!t || !t->clipAxisRect())
                continue;
            const double room = t->clipAxisRect()->height() / 3.0;
            if (QFontMetricsF(t->font()).height() > room) {
                const QFont old = t->font();
                undo_.push_back([t, old] { t->setFont(old); });
                t->setFont(fontForHeight(old, room));
                changed = true;
            }
        }
        // A legend takes at most a quarter of the figure's height: the rows and panels it
        // describes come first.
        for (QCPLayoutElement *e : plot_->plotLayout()->elements(true))
            if (auto *legend = qobject_cast<QCPLegend *>(e); legend && legend->visible()) {
                const int h = legend->outerRect().height();
                if (h > height / 4 && scaleLegendFonts(legend, static_cast<double>(height) / 4.0 / h))
                    changed = true;
            }
        const QSize minimum = plot_->plotLayout()->minimumOuterSizeHint();
        if (minimum.width() > width || minimum.height() > height) {
            const double scale = std::min(static_cast<double>(width) / std::max(1, minimum.width()),
                                          static_cast<double>(height) / std::max(1, minimum.height()));
            if (scaleAllFonts(scale))
                changed = true;
        }
        return changed;
    }

private:
    static QFont fontForHeight(const QFont &f, double height)
    {
        // A font's line height is about 1.2 × its pixel size.
        return withPixelSize(f, std::max(kMinFontPx, static_cast<int>(std::floor(height / 1.2))));
    }

    static int pixelSizeOf(const QFont &f) { return f.pixelSize() > 0 ? f.pixelSize() : std::lround(f.pointSizeF() * 96.0 / 72.0); }

    template <class Get, class Set>
    void setFont(QCPAxis *a, Get get, Set set, const QFont &font)
    {
        const QFont old = get(a);
        undo_.push_back([a, set, old] { set(a, old); });
        set(a, font);
    }

    bool scaleLegendFonts(QCPLegend *legend, double scale)
    {
        bool changed = false;
        for (int i = 0; i < legend->itemCount(); ++i)
            if (QCPAbstractLegendItem *item = legend->item(i)) {
                const QFont old = item->font();
                const int px = pixelSizeOf(old);
                const int to = std::max(kMinFontPx + 1, static_cast<int>(std::floor(px * scale)));
                if (to >= px)
                    continue;
                undo_.push_back([item, old] { item->setFont(old); });
                item->setFont(withPixelSize(old, to));
                changed = true;
            }
        if (changed) {
            const QSize icon = legend->iconSize();
            undo_.push_back([legend, icon] { legend->setIconSize(icon); });
            const int side = std::max(kMinFontPx, static_cast<int>(std::floor(icon.height() * scale)));
            legend->setIconSize(side, side);
        }
        return changed;
    }

    bool scaleAllFonts(double scale)
    {
        bool changed = false;
        auto scaled = [&](const QFont &f) {
            const int px = pixelSizeOf(f);
            const int to = std::max(kMinFontPx, static_cast<int>(std::floor(px * scale)));
            changed = changed || to < px;
            return withPixelSize(f, to);
        };
        for (QCPAxisRect *rect : plot_->axisRects())
            for (QCPAxis *a : rect->axes()) {
                setFont(a, [](QCPAxis *x) { return x->tickLabelFont(); },
                        [](QCPAxis *x, const QFont &font) { x->setTickLabelFont(font); }, scaled(a->tickLabelFont()));
                setFont(a, [](QCPAxis *x) { return x->labelFont(); },
                        [](QCPAxis *x, const QFont &font) { x->setLabelFont(font); }, scaled(a->labelFont()));
            }
        for (QCPLayoutElement *e : plot_->plotLayout()->elements(true))
            if (auto *legend = qobject_cast<QCPLegend *>(e))
                for (int i = 0; i < legend->itemCount(); ++i)
                    if (QCPAbstractLegendItem *item = legend->item(i)) {
                        const QFont old = item->font();
                        undo_.push_back([item, old] { item->setFont(old); });
                        item->setFont(scaled(old));
                    }
        return changed;
    }

    void applyAxis(QCPAxis *a, int fontPx, bool palette)
    {
        const QFont label = a->labelFont(), tick = a->tickLabelFont();
        const QColor labelColor = a->labelColor(), tickColor = a->tickLabelColor();
        const QPen base = a->basePen(), tickPen = a->tickPen(), sub = a->subTickPen(),
                   grid = a->grid()->pen();
        undo_.push_back([=] {
            a->setLabelFont(label);
            a->setTickLabelFont(tick);
            a->setLabelColor(labelColor);
            a->setTickLabelColor(tickColor);
            a->setBasePen(base);
            a->setTickPen(tickPen);
            a->setSubTickPen(sub);
            a->grid()->setPen(grid);
        });
        if (fontPx > 0) {
            a->setLabelFont(withPixelSize(label, fontPx));
            a->setTickLabelFont(withPixelSize(tick, fontPx));
        }
        if (palette) {
            a->setLabelColor(kPrintText);
            a->setTickLabelColor(kPrintText);
            if (base.style() != Qt::NoPen)
                a->setBasePen(QPen(kPrintAxis, 1));
            if (tickPen.style() != Qt::NoPen)
                a->setTickPen(QPen(kPrintAxis, 1));
            if (sub.style() != Qt::NoPen)
                a->setSubTickPen(QPen(kPrintAxis, 1));
            a->grid()->setPen(QPen(kPrintGrid, 0.5, grid.style()));
        }
    }

    void applyLegend(QCPLegend *legend, int fontPx, bool palette)
    {
        // A wrapped legend's grid may have empty cells: item(i) is null there.
        std::vector<QCPAbstractLegendItem *> items;
        for (int i = 0; i < legend->itemCount(); ++i)
            if (QCPAbstractLegendItem *item = legend->item(i))
                items.push_back(item);
        const QFont font = legend->font();
        const QColor color = legend->textColor();
        const QSize icon = legend->iconSize();
        for (QCPAbstractLegendItem *item : items) {
            const QFont f = item->font();
            const QColor c = item->textColor();
            undo_.push_back([item, f, c] {
                item->setFont(f);
                item->setTextColor(c);
            });
        }
        undo_.push_back([=] {
            legend->setFont(font);
            legend->setTextColor(color);
            legend->setIconSize(icon);
        });
        if (fontPx > 0) {
            legend->setFont(withPixelSize(font, fontPx));
            legend->setIconSize(fontPx, fontPx);
        }
        if (palette)
            legend->setTextColor(kPrintText);
        for (QCPAbstractLegendItem *item : items) {
            if (fontPx > 0)
                item->setFont(withPixelSize(item->font(), fontPx));
            if (palette)
                item->setTextColor(kPrintText);
        }
    }

    void applyText(QCPTextElement *text, int fontPx, bool palette)
    {
        const QFont font = text->font();
        const QColor color = text->textColor();
        undo_.push_back([=] {
            text->setFont(font);
            text->setTextColor(color);
        });
        if (fontPx > 0)
            text->setFont(withPixelSize(font, static_cast<int>(std::lround(fontPx * 1.15))));
        if (palette)
            text->setTextColor(kPrintText);
    }

    QCustomPlot *plot_;
    print::StyleRestore undo_; // declared last: restores before the other members go
};

} // namespace

std::optional<FigureLayout> figureLayout(const FigureOptions &options, int currentWidth, int currentHeight)
{
    const bool mm = options.unit == FigureOptions::Unit::Mm;
    const double toLayout = mm ? kPointsPerMm : 1.0;
    FigureLayout l;
    l.width = options.width > 0 ? static_cast<int>(std::lround(options.width * toLayout)) : currentWidth;
    l.height = options.height > 0 ? static_cast<int>(std::lround(options.height * toLayout)) : currentHeight;
    if (l.width <= 0 || l.height <= 0 || l.width > 20000 || l.height > 20000)
        return std::nullopt;
    l.dpi = options.dpi > 0 ? options.dpi : 300.0;
    // A font size in pt is that many layout px in mm mode; on a px figure, pt at screen resolution.
    // A figure in mm without a font size gets a paper's 8 pt: the screen's fonts are sized for
    // the screen's DPI, not for the page.
    const double pt = options.fontPt > 0 ? options.fontPt : mm ? kDefaultPaperFontPt : 0.0;
    l.fontPx = pt > 0 ? static_cast<int>(std::lround(mm ? pt : pt * kScreenDpi / 72.0)) : 0;
    l.pngScale = mm ? l.dpi / 72.0 : 1.0;
    l.svgResolution = mm ? 72 : static_cast<int>(kScreenDpi);
    return l;
}

std::optional<FigureFormat> figureFormatFromPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("svg"))
        return FigureFormat::Svg;
    if (suffix == QStringLiteral("pdf"))
        return FigureFormat::Pdf;
    if (suffix == QStringLiteral("png"))
        return FigureFormat::Png;
    return std::nullopt;
}

QString exportFigure(QCustomPlot *plot, const QString &path, const FigureOptions &options)
{
    const auto format = figureFormatFromPath(path);
    if (!format)
        return QObject::tr("%1: unknown figure format (use .svg, .pdf or .png)").arg(path);
    return exportFigure(plot, path, *format, options);
}

QString exportFigure(QCustomPlot *plot, const QString &path, FigureFormat format,
                     const FigureOptions &options)
{
    if (!plot)
        return QObject::tr("%1: no plot to export").arg(path);
    const auto layout = figureLayout(options, plot->width(), plot->height());
    if (!layout)
        return QObject::tr("%1: figure size is out of range").arg(path);
    const int w = layout->width, h = layout->height, fontPx = layout->fontPx;
    const double dpi = layout->dpi;

    QString error;
    const QString tmp = figureTempPath(path); // renamed over `path` once complete
    {
        StyleOverride style(plot);
        style.apply(fontPx, options.printPalette);
        if (options.printPalette)
            plot->setBackground(QBrush(Qt::white));
        // Lay out at the figure's size (drawing into a throw-away picture), fit the fonts to
        // the room that layout gives, and repeat until nothing changes: the figure holds every
        // row, axis and title at any size.
        for (int pass = 0; pass < 4; ++pass) {
            QPicture scratch;
            QCPPainter scratchPainter(&scratch);
            plot->toPainter(&scratchPainter, w, h);
            scratchPainter.end();
            if (!style.fitToSize(w, h))
                break;
        }
        bool ok = false;
        switch (format) {
        case FigureFormat::Svg: {
            QSvgGenerator gen;
            gen.setFileName(tmp);
            gen.setSize(QSize(w, h));
            gen.setViewBox(QRect(0, 0, w, h));
            gen.setResolution(layout->svgResolution);
            gen.setTitle(QStringLiteral("FuseLab figure"));
            QCPPainter painter;
            if (painter.begin(&gen)) {
                painter.setMode(QCPPainter::pmVectorized);
                painter.setMode(QCPPainter::pmNoCaching);
                painter.setMode(QCPPainter::pmNonCosmetic);
                plot->toPainter(&painter, w, h);
                ok = painter.end();
            }
            break;
        }
        case FigureFormat::Pdf:
            ok = plot->savePdf(tmp, w, h, QCP::epNoCosmetic, QStringLiteral("FuseLab"),
                               QStringLiteral("FuseLab figure"));
            break;
        case FigureFormat::Png:
            ok = plot->savePng(tmp, w, h, layout->pngScale, -1, static_cast<int>(std::lround(dpi)));
            break;
        }
        if (!ok || !commitFigureFile(tmp, path, format == FigureFormat::Svg)) {
            QFile::remove(tmp);
            error = QObject::tr("%1: could not write the figure").arg(path);
        }
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
    return error;
}

} // namespace fuselab
