// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/memory_view.h"

#include "timeline/flow_legend.h"
#include "timeline/memory_downsample.h"
#include "timeline/sized_plot.h"
#include "timeline/swatch_legend_item.h"
#include "timeline/time_ticker.h"
#include "timeline/timeline_format.h"
#include "timeline/timeline_palette.h"
#include "timeline/timeline_style.h"

#include "qcp_include.h"
#include <QVBoxLayout>

#include <algorithm>

namespace fuselab::timeline {

namespace {
const QColor kCapacityColor(0xa3, 0x3b, 0x3b);
const QColor kPeakColor(0x22, 0x22, 0x22);
const QColor kTotalLine(0x4a, 0x4f, 0x55);
constexpr double kHeadroom = 1.3; ///< y range above max(capacity, peak): room for the labels
constexpr int kAlignMinMargin = 15; ///< the right margin of both plots when they are equally wide

QString seriesLabel(const std::string &name)
{
    if (name == "I")
        return QObject::tr("Inputs (I)");
    if (name == "W")
        return QObject::tr("Weights (W)");
    if (name == "O")
        return QObject::tr("Outputs (O)");
    return QString::fromStdString(name);
}
} // namespace

MemoryView::MemoryView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *plot = new SizedPlot(this);
    plot_ = plot;
    layout->addWidget(wrapInScrollArea(plot, this));
    plot_->setAutoAddPlottableToLegend(false);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Names and peak labels above the areas and the capacity line, so they stay readable.
    plot_->addLayer(QStringLiteral("labels"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    connect(plot_, &QCustomPlot::afterLayout, this, [this] {
        placePeakLabels();
        equalizePanelHeights();
        fitByteTicks();
    });
    rebuild();
}

MemoryView::~MemoryView() = default;

QCPAxis *MemoryView::timeAxis() const
{
    return panels_.empty() ? nullptr : panels_.back().rect->axis(QCPAxis::atBottom);
}

QCPAxisRect *MemoryView::panel(int memory) const
{
    return panels_.at(static_cast<std::size_t>(memory)).rect;
}

TimeRange MemoryView::bounds() const
{
    return fitRange(static_cast<double>(endCycle_));
}

void MemoryView::setMemories(std::vector<MemoryTrack> memories, int64_t endCycle, double clockMHz)
{
    memories_ = std::move(memories);
    endCycle_ = endCycle;
    clockMHz_ = clockMHz;
    rebuild();
    setVisibleRange(bounds());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryView::rebuild()
{
    // Items and graphs first: they refer to the axes that clearing the layout deletes.
    plot_->clearItems();
    plot_->clearGraphs();
    plot_->plotLayout()->clear(); // deletes the panels, which leave the margin group
    delete margins_;
    margins_ = nullptr;
    panels_.clear();
    tickers_.clear();
    if (memories_.empty()) {
        plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, tr("No memory occupancy to show")));
        return;
    }

    auto *legend = new FlowLegend(8);
    placeLegendOnTop(plot_, legend, 8);
    const auto &series = memories_.front().series;
    for (std::size_t k = 0; k < series.size(); ++k)
        legend->addItem(
            new SwatchLegendItem(legend, operandColor(static_cast<int>(k)), seriesLabel(series[k])));
    legend->addItem(
        new SwatchLegendItem(legend, kCapacityColor, tr("capacity"), SwatchLegendItem::Style::DashedLine));
    plot_->plotLayout()->setRowSpacing(4);

    margins_ = new QCPMarginGroup(plot_);
    QCPMarginGroup *margins = margins_;
    for (std::size_t m = 0; m < memories_.size(); ++m) {
        const MemoryTrack &mem = memories_[m];
        auto *rect = new QCPAxisRect(plot_, false);
        rect->addAxes(QCPAxis::atBottom | QCPAxis::atLeft);
        plot_->plotLayout()->addElement(static_cast<int>(m) + 1, 0, rect); // row 0: legend
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->setMinimumMargins(QMargins(15, 4, 15, 2)); // panels stack closely
        rect->setMinimumSize(50, 20);                    // and may be short in a figure
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        QCPAxis *y = rect->axis(QCPAxis::atLeft);
        rect->setRangeDragAxes(x, nullptr);
        rect->setRangeZoomAxes(x, nullptr);
        for (QCPAxis *a : {x, y}) {
            styleAxis(a);
            a->grid()->setVisible(true);
            a->grid()->setLayer(QStringLiteral("grid"));
        }
        auto ticker = QSharedPointer<TimeTicker>::create();
        ticker->setTickCount(10);
        ticker->setMicroseconds(unit_ == TimeUnit::Microseconds, clockMHz_);
        x->setTicker(ticker);
        tickers_.push_back(ticker);
        const bool last = m + 1 == memories_.size();
        x->setTickLabels(last);
        if (last)
            x->setLabel(unit_ == TimeUnit::Microseconds ? tr("Time (\u00b5s)") : tr("Time (cycles)"));
        auto bytesTicker = QSharedPointer<BytesTicker>::create();
        bytesTicker->setTickCount(2); // panels can be short in a figure: few, round ticks
        y->setTicker(bytesTicker);
        // The memory's name inside the panel's top-left corner: a rotated axis label would be
        // longer than a short panel is high.
        auto *name = new QCPItemText(plot_);
        name->setClipAxisRect(rect);
        name->position->setAxisRect(rect);
        name->position->setType(QCPItemPosition::ptAxisRectRatio);
        name->position->setCoords(0.004, 0.02);
        name->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        name->setBrush(QColor(255, 255, 255, 215)); // the capacity line may pass behind it
        name->setPadding(QMargins(2, 0, 2, 0));
        name->setColor(kTextColor);
        QFont nameFont = name->font();
        nameFont.setBold(true);
        name->setFont(nameFont);
        name->setLayer(QStringLiteral("labels"));
        const QString title = printableName(mem.memory);
        name->setText(mem.capacity > 0
                          ? title + tr(" \u00b7 %1").arg(formatBytes(static_cast<double>(mem.capacity)))
                          : title);

        Panel p;
        p.rect = rect;
        p.name = name;
        for (std::size_t k = 0; k < mem.series.size(); ++k) {
            QCPGraph *g = plot_->addGraph(x, y);
            const QColor c = operandColor(static_cast<int>(k));
            g->setLineStyle(QCPGraph::lsStepLeft);
            g->setPen(Qt::NoPen); // the top series outlines the total below
            g->setBrush(c);
            if (k > 0)
                g->setChannelFillGraph(p.graphs.back());
            g->setAntialiased(false);
            g->setAntialiasedFill(false);
            p.graphs.push_back(g);
        }
        if (!p.graphs.empty())
            p.graphs.back()->setPen(QPen(kTotalLine, 1));

        const auto capacity = static_cast<double>(mem.capacity);
        if (mem.capacity > 0) { // unknown capacity: no line
            auto *cap = new QCPItemStraightLine(plot_);
            cap->setClipAxisRect(rect);
            cap->point1->setAxes(x, y);
            cap->point2->setAxes(x, y);
            cap->point1->setCoords(0, capacity);
            cap->point2->setCoords(1, capacity);
            cap->setPen(QPen(kCapacityColor, 1.2, Qt::DashLine));
        }

        const int peakIndex = peakStep(mem.steps);
        const double peak = peakIndex >= 0
                                ? static_cast<double>(mem.steps[static_cast<std::size_t>(peakIndex)].total())
                                : 0.0;
        if (peakIndex >= 0) {
            p.peak = new QCPItemTracer(plot_);
            p.peak->setClipAxisRect(rect);
            p.peak->position->setAxes(x, y);
            p.peak->position->setCoords(
                static_cast<double>(mem.steps[static_cast<std::size_t>(peakIndex)].cycle), peak);
            p.peak->setStyle(QCPItemTracer::tsCircle);
            p.peak->setSize(6);
            p.peak->setPen(QPen(kPeakColor, 1.2));
            p.peak->setBrush(Qt::white);
            p.peakLabel = new QCPItemText(plot_);
            p.peakLabel->setClipAxisRect(rect);
            p.peakLabel->position->setParentAnchor(p.peak->position);
            p.peakLabel->setBrush(QColor(255, 255, 255, 215)); // readable over the areas
            p.peakLabel->setPadding(QMargins(2, 0, 2, 0));
            p.peakLabel->setColor(kPeakColor);
            p.peakLabel->setLayer(QStringLiteral("labels"));
            p.peakLabel->setText(
                capacity > 0
                    ? tr("peak %1 (%2%)").arg(formatBytes(peak)).arg(100.0 * peak / capacity, 0, 'f', 0)
                    : tr("peak %1").arg(formatBytes(peak)));
        }
        y->setRange(0.0, std::max({capacity, peak, 1.0}) * kHeadroom);
        connect(x, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
                [this, x] { onPanelRangeChanged(x); });
        panels_.push_back(p);
    }
}

TimeRange MemoryView::visibleRange() const
{
    const QCPAxis *x = timeAxis();
    return x ? TimeRange{x->range().lower, x->range().upper} : bounds();
}

void MemoryView::setVisibleRange(TimeRange r)
{
    if (QCPAxis *x = timeAxis()) {
        r = clampRange(r, bounds(), kMinVisibleSpan);
        x->setRange(r.lo, r.hi); // onPanelRangeChanged syncs the other panels
        if (panels_.front().graphs.empty() || panels_.front().graphs.front()->dataCount() == 0)
            refreshData();
    }
}

void MemoryView::onPanelRangeChanged(QCPAxis *source)
{
    if (syncing_)
        return;
    syncing_ = true;
    TimeRange r{source->range().lower, source->range().upper};
    r = clampRange(r, bounds(), kMinVisibleSpan);
    for (const Panel &p : panels_)
        p.rect->axis(QCPAxis::atBottom)->setRange(r.lo, r.hi);
    syncing_ = false;
    refreshData();
    Q_EMIT visibleRangeChanged(r.lo, r.hi);
}

void MemoryView::refreshData()
{
    const TimeRange r = visibleRange();
    for (std::size_t m = 0; m < panels_.size(); ++m) {
        const Panel &p = panels_[m];
        const int buckets = std::max(400, 2 * p.rect->width());
        const std::vector<MemoryStep> steps = downsamplePeaks(memories_[m].steps, r.lo, r.hi, buckets);
        QVector<double> keys;
        keys.reserve(static_cast<int>(steps.size()) + 1);
        std::vector<QVector<double>> values(p.graphs.size());
        for (const MemoryStep &s : steps) {
            keys.push_back(static_cast<double>(s.cycle));
            double cum = 0.0;
            for (std::size_t k = 0; k < p.graphs.size(); ++k) {
                cum += k < s.bytes.size() ? static_cast<double>(s.bytes[k]) : 0.0;
                values[k].push_back(cum);
            }
        }
        if (!steps.empty()) { // extend the last step to the right edge
            keys.push_back(r.hi);
            for (auto &v : values)
                v.push_back(v.back());
        }
        for (std::size_t k = 0; k < p.graphs.size(); ++k)
            p.graphs[k]->setData(keys, values[k], true);
    }
}

void MemoryView::placePeakLabels()
{
    // After the layout, when pixel positions are final. The label goes beside its marker on
    // the side with more room; where that covers the memory's name (top-left corner) or leaves
    // the panel — short panels in a docked window are a few label heights high — the other
    // side, then below or above the marker, then on the top row right of the name.
    for (const Panel &p : panels_) {
        if (!p.peak)
            continue;
        const QRectF area = p.rect->rect();
        const QPointF marker = p.peak->position->pixelPosition();
        const bool preferLeft = marker.x() - area.left() > area.width() / 2.0;
        const QFontMetrics labelMetrics(p.peakLabel->font()), nameMetrics(p.name->font());
        const double w = labelMetrics.horizontalAdvance(p.peakLabel->text()) + 4, h = labelMetrics.height();
        const QRectF name(area.left(), area.top(), nameMetrics.horizontalAdvance(p.name->text()) + 12,
                          nameMetrics.height() + 4);
        struct Spot {
            QPointF offset; // from the marker, in pixels, to the label's anchor point
            Qt::Alignment align;
            QRectF rect;
        };
        std::vector<Spot> spots;
        for (int v : {0, 1, -1})
            for (bool left : {preferLeft, !preferLeft}) {
                const double dx = left ? -8 : 8, dy = v == 0 ? 0 : v > 0 ? 4 : -4;
                const double x = left ? marker.x() + dx - w : marker.x() + dx;
                const double y = v == 0 ? marker.y() - h / 2 : v > 0 ? marker.y() + dy : marker.y() + dy - h;
                const Qt::Alignment va = v == 0 ? Qt::AlignVCenter : v > 0 ? Qt::AlignTop : Qt::AlignBottom;
                spots.push_back({QPointF(dx, dy), (left ? Qt::AlignRight : Qt::AlignLeft) | va, QRectF(x, y, w, h)});
            }
        const QPointF besideName(name.right() + 2, area.top() + 2);
        spots.push_back({besideName - marker, Qt::AlignLeft | Qt::AlignTop, QRectF(besideName, QSizeF(w, h))});
        const Spot *chosen = nullptr;
        for (const Spot &s : spots)
            if (!chosen && area.contains(s.rect) && !s.rect.intersects(name))
                chosen = &s;
        for (const Spot &s : spots) // nothing fits whole: at least keep the name readable
            if (!chosen && !s.rect.intersects(name))
                chosen = &s;
        if (!chosen)
            chosen = &spots.front();
        p.peakLabel->position->setCoords(chosen->offset);
        p.peakLabel->setPositionAlignment(chosen->align);
    }
}

QRectF MemoryView::peakLabelRect(int memory) const
{
    const Panel &p = panels_.at(static_cast<std::size_t>(memory));
    if (!p.peakLabel)
        return {};
    return QRectF(p.peakLabel->topLeft->pixelPosition(), p.peakLabel->bottomRight->pixelPosition());
}

QRectF MemoryView::nameRect(int memory) const
{
    const Panel &p = panels_.at(static_cast<std::size_t>(memory));
    return QRectF(p.name->topLeft->pixelPosition(), p.name->bottomRight->pixelPosition());
}

void MemoryView::equalizePanelHeights()
{
    // Rows share the height by stretch factor, but the bottom panel's row also holds the
    // time axis' labels and title: give that row more, so that every panel plots in the
    // same height. Converges in one extra replot (the factor only changes when it is off).
    if (panels_.size() < 2)
        return;
    const QCPAxisRect *first = panels_.front().rect;
    const QCPAxisRect *last = panels_.back().rect;
    const int outer = first->outerRect().height();
    if (outer <= 0)
        return;
    const int extra = (last->outerRect().height() - last->rect().height()) - (outer - first->rect().height());
    const double want = std::max(1.0, static_cast<double>(outer + extra) / outer);
    const int row = static_cast<int>(panels_.size()); // row 0: the legend
    QCPLayoutGrid *grid = plot_->plotLayout();
    if (row < grid->rowCount() && std::abs(grid->rowStretchFactors().at(row) - want) > 0.02) {
        grid->setRowStretchFactor(row, want);
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void MemoryView::fitByteTicks()
{
    // After the layout, before the axes draw their ticks. A short panel (a docked window with
    // six memories gives each about 25 px) has room for two labels, 0 and one round value near
    // the top; three ran into each other ("2 MiB" over "1 MiB" over "0").
    for (const Panel &p : panels_) {
        QCPAxis *y = p.rect->axis(QCPAxis::atLeft);
        const int labelHeight = QFontMetrics(y->tickLabelFont()).height();
        const int count = p.rect->rect().height() < 4 * labelHeight ? 1 : 2;
        if (y->ticker()->tickCount() != count)
            y->ticker()->setTickCount(count);
    }
}

void MemoryView::setTimeUnit(TimeUnit unit)
{
    unit_ = unit;
    for (const auto &t : tickers_)
        t->setMicroseconds(unit == TimeUnit::Microseconds, clockMHz_);
    if (QCPAxis *x = timeAxis())
        x->setLabel(unit == TimeUnit::Microseconds ? tr("Time (\u00b5s)") : tr("Time (cycles)"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryView::linkTimeAxis(GanttView *gantt)
{
    if (linked_) {
        disconnect(linked_, nullptr, this, nullptr);
        disconnect(this, nullptr, linked_, nullptr);
    }
    linked_ = gantt;
    if (!gantt)
        return;
    connect(gantt, &GanttView::visibleRangeChanged, this, [this](double lo, double hi) {
        setVisibleRange({lo, hi});
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(gantt, &GanttView::timeUnitChanged, this, &MemoryView::setTimeUnit);
    connect(gantt->plot(), &QCustomPlot::afterLayout, this, &MemoryView::alignLeftEdges);
    connect(plot_, &QCustomPlot::afterLayout, gantt, [this] { alignLeftEdges(); });
    connect(this, &MemoryView::visibleRangeChanged, gantt, [this](double lo, double hi) {
        if (linked_ && !(linked_->visibleRange() == TimeRange{lo, hi}))
            linked_->setVisibleRange({lo, hi}, false);
    });
    setTimeUnit(gantt->timeUnit());
    setVisibleRange(gantt->visibleRange());
}

void MemoryView::alignLeftEdges()
{
    // Both plots start at the same x in their splitter. Left: each side's left margin only
    // grows to the other's (a ratchet, reset when the content is replaced), so the layouts
    // settle after one extra replot and never oscillate. Right: a vertical scrollbar may make
    // one plot narrower; the wider one's right margin takes up the difference (from the
    // widgets' widths, not from a layout, so it cannot feed back on itself).
    if (!linked_ || panels_.empty())
        return;
    QCPAxisRect *g = linked_->plot()->axisRect();
    QCPAxisRect *m = panels_.front().rect;
    const int widthDiff = linked_->plot()->width() - plot_->width();
    const int gRight = kAlignMinMargin + std::max(0, widthDiff), mRight = kAlignMinMargin + std::max(0, -widthDiff);
    const int gl = g->left() - g->outerRect().left(), ml = m->left() - m->outerRect().left();
    auto setMargins = [](QCPAxisRect *r, int left, int right) {
        QMargins mg = r->minimumMargins(); // keep QCustomPlot's other minimum margins
        const QMargins before = mg;
        mg.setLeft(std::max(mg.left(), left));
        mg.setRight(right);
        r->setMinimumMargins(mg);
        return mg != before;
    };
    if (setMargins(g, ml, gRight))
        linked_->plot()->replot(QCustomPlot::rpQueuedReplot);
    bool memoryChanged = false;
    for (const Panel &p : panels_)
        memoryChanged = setMargins(p.rect, gl, mRight) || memoryChanged;
    if (memoryChanged)
        plot_->replot(QCustomPlot::rpQueuedReplot);
}

std::vector<std::pair<double, double>> MemoryView::plottedTotal(int memory) const
{
    std::vector<std::pair<double, double>> out;
    const Panel &p = panels_.at(static_cast<std::size_t>(memory));
    if (p.graphs.empty())
        return out;
    const auto data = p.graphs.back()->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it)
        out.emplace_back(it->key, it->value);
    return out;
}

} // namespace fuselab::timeline
