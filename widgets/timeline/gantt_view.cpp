// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/gantt_view.h"

#include "timeline/flow_legend.h"
#include "timeline/sized_plot.h"
#include "timeline/swatch_legend_item.h"
#include "timeline/time_ticker.h"
#include "timeline/timeline_format.h"
#include "timeline/timeline_palette.h"
#include "timeline/timeline_style.h"

#include "qcp_include.h"
#include "workload/repeated_blocks.h"

#include <QAction>
#include <QComboBox>
#include <QSignalBlocker>
#include <QKeyEvent>
#include <QLabel>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fuselab::timeline {

namespace {
constexpr double kWheelZoomStep = 1.2;
constexpr double kKeyZoomStep = 1.25;
constexpr double kKeyPanFraction = 0.1;
constexpr double kHitTolerancePx = 3.0;
constexpr int kHistoryDelayMs = 400;
constexpr int kMaxLegendEntries = 16;
constexpr int kLegendColumns = 8;
constexpr int kMaxArrows = 64;
constexpr int kMinMargin = 15; ///< QCustomPlot's default minimum margin of an axis rect
constexpr int kMinRowPx = 8;   ///< below this a row's label is unreadable: the pane scrolls
constexpr int kMinPlotWidthPx = 160;

} // namespace

GanttView::GanttView(QWidget *parent) : QWidget(parent), data_(std::make_shared<TimelineData>())
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    buildToolBar();
    layout->addWidget(findChild<QToolBar *>());

    auto *plot = new SizedPlot(this);
    plot_ = plot;
    layout->addWidget(wrapInScrollArea(plot, this), 1);
    plot_->setFocusPolicy(Qt::StrongFocus);
    plot_->installEventFilter(this);
    plot_->setAutoAddPlottableToLegend(false);
    plot_->setInteractions(QCP::iRangeDrag);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeDragAxes(plot_->xAxis, nullptr);
    plot_->selectionRect()->setPen(QPen(QColor(0x4e, 0x79, 0xa7), 1, Qt::DashLine));
    plot_->selectionRect()->setBrush(QColor(0x4e, 0x79, 0xa7, 40));

    ticker_ = QSharedPointer<TimeTicker>::create();
    ticker_->setTickCount(10);
    plot_->xAxis->setTicker(ticker_);
    plot_->xAxis->setLabel(tr("Time (cycles)"));
    styleAxis(plot_->xAxis);
    styleAxis(plot_->yAxis);
    plot_->yAxis->setRangeReversed(true); // first track on top
    plot_->yAxis->grid()->setVisible(false);
    plot_->yAxis->setBasePen(Qt::NoPen);
    plot_->yAxis->setTickLength(0, 0);
    plot_->yAxis->setSubTicks(false);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());

    gantt_ = new GanttPlottable(plot_->xAxis, plot_->yAxis);

    plot_->axisRect()->insetLayout()->remove(plot_->legend); // replaced by one that re-flows
    legend_ = new FlowLegend(kLegendColumns);
    placeLegendOnTop(plot_, legend_, kLegendColumns);

    historyTimer_ = new QTimer(this);
    historyTimer_->setSingleShot(true);
    historyTimer_->setInterval(kHistoryDelayMs);
    connect(historyTimer_, &QTimer::timeout, this, [this] {
        history_.push(visibleRange());
        updateHistoryActions();
    });

    connect(plot_->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this] { onRangeChanged(); });
    connect(plot_, &QCustomPlot::mousePress, this, &GanttView::onMousePress);
    connect(plot_, &QCustomPlot::mouseMove, this, &GanttView::onMouseMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, &GanttView::onMouseRelease);
    connect(plot_, &QCustomPlot::mouseWheel, this, &GanttView::onWheel);
    connect(plot_->selectionRect(), &QCPSelectionRect::accepted, this,
            [this](const QRect &rect, QMouseEvent *) { onRangeSelected(rect); });

    setTimeline(TimelineData{});
}

GanttView::~GanttView() = default;

void GanttView::buildToolBar()
{
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    backAction_ = bar->addAction(tr("Back"), this, &GanttView::zoomBack);
    backAction_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    backAction_->setToolTip(tr("Previous zoom (Alt+Left)"));
    forwardAction_ = bar->addAction(tr("Forward"), this, &GanttView::zoomForward);
    forwardAction_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    forwardAction_->setToolTip(tr("Next zoom (Alt+Right)"));
    QAction *fit = bar->addAction(tr("Fit"), this, &GanttView::fitAll);
    fit->setToolTip(tr("Show the whole schedule (F, Home)"));
    for (QAction *a : {backAction_, forwardAction_})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(backAction_);
    addAction(forwardAction_);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Colour by "), bar));
    colorCombo_ = new QComboBox(bar);
    colorCombo_->addItems({tr("Layer"), tr("Fused group"), tr("Role in block")});
    colorCombo_->setItemData(2, tr("The same layer of every repeated block in one colour (layers.*.attn.q_proj)"),
                             Qt::ToolTipRole);
    bar->addWidget(colorCombo_);
    connect(colorCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
        setColorBy(i == 1 ? ColorBy::Group : i == 2 ? ColorBy::Role : ColorBy::Layer);
    });
    bar->addWidget(new QLabel(tr("  Time in "), bar));
    unitCombo_ = new QComboBox(bar);
    unitCombo_->addItems({tr("cycles"), tr("\u00b5s")});
    bar->addWidget(unitCombo_);
    connect(unitCombo_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setTimeUnit(i == 1 ? TimeUnit::Microseconds : TimeUnit::Cycles); });
    bar->addSeparator();
    QAction *deps = bar->addAction(tr("Dependencies"));
    deps->setCheckable(true);
    deps->setChecked(showDeps_);
    deps->setToolTip(tr("Draw the dependency arrows of the selected tile"));
    connect(deps, &QAction::toggled, this, &GanttView::setShowDependencies);
}

QCPAxis *GanttView::timeAxis() const
{
    return plot_->xAxis;
}

void GanttView::setTimeline(TimelineData data)
{
    historyTimer_->stop();
    // The search structures need each track sorted by start; an adapter that forgot gets it
    // sorted here (stable, so equal starts keep their order; signals use these indices).
    for (Track &t : data.tracks)
        if (!std::is_sorted(t.slices.begin(), t.slices.end(),
                            [](const Slice &a, const Slice &b) { return a.start < b.start; }))
            std::stable_sort(t.slices.begin(), t.slices.end(),
                             [](const Slice &a, const Slice &b) { return a.start < b.start; });
    auto shared = std::make_shared<const TimelineData>(std::move(data));
    data_ = shared;
    byId_.clear();
    for (std::size_t t = 0; t < data_->tracks.size(); ++t)
        for (std::size_t i = 0; i < data_->tracks[t].slices.size(); ++i)
            if (const int id = data_->tracks[t].slices[i].id; id >= 0)
                byId_[id] = {static_cast<int>(t), static_cast<int>(i)};
    gantt_->setTimeline(shared);
    QMargins minimum = plot_->axisRect()->minimumMargins(); // a linked view may widen it again
    minimum.setLeft(kMinMargin);
    minimum.setRight(kMinMargin);
    plot_->axisRect()->setMinimumMargins(minimum);
    selected_ = {};
    selectedLayer_ = -1;
    gantt_->setSelectedLayer(-1);

    auto ticks = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t t = 0; t < data_->tracks.size(); ++t)
        ticks->addTick(static_cast<double>(t), printableName(data_->tracks[t].name));
    plot_->yAxis->setTicker(ticks);
    plot_->yAxis->setRange(-0.5, std::max<double>(1.0, static_cast<double>(data_->tracks.size())) - 0.5);
    plot_->axisRect()->setMinimumSize(kMinPlotWidthPx,
                                      kMinRowPx * std::max(1, static_cast<int>(data_->tracks.size())));
    ticker_->setMicroseconds(unit_ == TimeUnit::Microseconds, data_->clockMHz);

    history_.reset(bounds());
    legendKeys_.clear();
    // Until the user picks a colouring: by role on a big network whose blocks repeat (at least
    // kFoldFromLayers layers, at most half as many roles: a decoder's hundreds of layers are a
    // few dozen roles), else by layer.
    if (!colorChosen_) {
        const bool repeated = data_->layerNames.size() >= static_cast<std::size_t>(kFoldFromLayers) &&
                              !data_->roleNames.empty() && data_->roleNames.size() * 2 <= data_->layerNames.size();
        colorBy_ = repeated ? ColorBy::Role : ColorBy::Layer;
        gantt_->setColorBy(colorBy_);
        const QSignalBlocker block(colorCombo_);
        colorCombo_->setCurrentIndex(repeated ? 2 : 0);
    }
    applyRange(bounds());
    updateLegend();
    updateHistoryActions();
}

void GanttView::setColorBy(ColorBy by)
{
    colorChosen_ = true;
    colorBy_ = by;
    gantt_->setColorBy(by);
    const int index = by == ColorBy::Group ? 1 : by == ColorBy::Role ? 2 : 0;
    if (colorCombo_->currentIndex() != index)
        colorCombo_->setCurrentIndex(index);
    legendKeys_.clear();
    updateLegend();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::setTimeUnit(TimeUnit unit)
{
    const bool changed = unit != unit_;
    unit_ = unit;
    ticker_->setMicroseconds(unit == TimeUnit::Microseconds, data_->clockMHz);
    plot_->xAxis->setLabel(unit == TimeUnit::Microseconds ? tr("Time (\u00b5s)") : tr("Time (cycles)"));
    if (unitCombo_->currentIndex() != (unit == TimeUnit::Microseconds ? 1 : 0))
        unitCombo_->setCurrentIndex(unit == TimeUnit::Microseconds ? 1 : 0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    if (changed)
        Q_EMIT timeUnitChanged(unit);
}

void GanttView::setShowDependencies(bool on)
{
    showDeps_ = on;
    updateArrows();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::setLegendShown(bool on)
{
    legendShown_ = on;
    legendKeys_.clear();
    updateLegend();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::setSelectedLayer(int layer)
{
    selectedLayer_ = layer;
    if (selected_.valid() && (layer < 0 || data_->tracks[static_cast<std::size_t>(selected_.track)]
                                                   .slices[static_cast<std::size_t>(selected_.slice)]
                                                   .layer != layer)) {
        selected_ = {};
        gantt_->setSelectedSlice({});
        updateArrows();
    }
    gantt_->setSelectedLayer(layer);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::selectSlice(SliceRef ref)
{
    const bool ok =
        ref.valid() && ref.track < static_cast<int>(data_->tracks.size()) &&
        ref.slice < static_cast<int>(data_->tracks[static_cast<std::size_t>(ref.track)].slices.size());
    selected_ = ok ? ref : SliceRef{};
    gantt_->setSelectedSlice(selected_);
    selectedLayer_ = ok ? data_->tracks[static_cast<std::size_t>(ref.track)]
                              .slices[static_cast<std::size_t>(ref.slice)]
                              .layer
                        : -1;
    gantt_->setSelectedLayer(selectedLayer_);
    updateArrows();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::updateArrows()
{
    std::vector<std::pair<SliceRef, SliceRef>> arrows;
    if (showDeps_ && selected_.valid()) {
        const Slice &sel = data_->tracks[static_cast<std::size_t>(selected_.track)]
                               .slices[static_cast<std::size_t>(selected_.slice)];
        for (int dep : sel.deps)
            if (auto it = byId_.find(dep); it != byId_.end() && arrows.size() < kMaxArrows)
                arrows.push_back({it->second, selected_});
        // Consumers: a linear scan on click is cheaper than keeping a reverse index for all tiles.
        if (sel.id >= 0)
            for (std::size_t t = 0; t < data_->tracks.size(); ++t)
                for (std::size_t i = 0; i < data_->tracks[t].slices.size(); ++i) {
                    const auto &deps = data_->tracks[t].slices[i].deps;
                    if (std::find(deps.begin(), deps.end(), sel.id) != deps.end() &&
                        arrows.size() < kMaxArrows)
                        arrows.push_back({selected_, {static_cast<int>(t), static_cast<int>(i)}});
                }
    }
    gantt_->setArrows(std::move(arrows));
}

TimeRange GanttView::bounds() const
{
    return fitRange(static_cast<double>(data_->endCycle));
}

TimeAxisMapping GanttView::mapping() const
{
    const QRect r = plot_->axisRect()->rect();
    return {visibleRange(), static_cast<double>(r.left()), static_cast<double>(std::max(1, r.width()))};
}

TimeRange GanttView::visibleRange() const
{
    return {plot_->xAxis->range().lower, plot_->xAxis->range().upper};
}

void GanttView::applyRange(TimeRange r)
{
    r = clampRange(r, bounds(), kMinVisibleSpan);
    plot_->xAxis->setRange(r.lo, r.hi);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::setVisibleRange(TimeRange r, bool record)
{
    historyTimer_->stop();
    applyRange(r);
    if (record)
        history_.push(visibleRange());
    updateHistoryActions();
}

void GanttView::zoomBy(double factor, double aroundX)
{
    applyRange(mapping().zoom(factor, aroundX).time);
    scheduleHistoryPush();
}

void GanttView::panBy(double dxPixels)
{
    applyRange(mapping().pan(dxPixels).time);
    scheduleHistoryPush();
}

void GanttView::fitAll()
{
    flushHistoryPush();
    applyRange(history_.fitAll());
    updateHistoryActions();
}

void GanttView::zoomBack()
{
    flushHistoryPush();
    applyRange(history_.back());
    updateHistoryActions();
}

void GanttView::zoomForward()
{
    flushHistoryPush();
    applyRange(history_.forward());
    updateHistoryActions();
}

void GanttView::scheduleHistoryPush()
{
    historyTimer_->start();
}

void GanttView::flushHistoryPush()
{
    if (!historyTimer_->isActive())
        return;
    historyTimer_->stop();
    history_.push(visibleRange());
}

void GanttView::updateHistoryActions()
{
    backAction_->setEnabled(history_.canGoBack());
    forwardAction_->setEnabled(history_.canGoForward());
}

void GanttView::onRangeChanged()
{
    const TimeRange r = visibleRange();
    const TimeRange c = clampRange(r, bounds(), kMinVisibleSpan);
    if (!(c == r)) { // drag-panning past the ends: stay inside (this re-enters once)
        plot_->xAxis->setRange(c.lo, c.hi);
        return;
    }
    updateLegend();
    Q_EMIT visibleRangeChanged(r.lo, r.hi);
}

int GanttView::trackAt(double y) const
{
    const double v = plot_->yAxis->pixelToCoord(y);
    const auto row = static_cast<int>(std::lround(v));
    if (row < 0 || row >= static_cast<int>(data_->tracks.size()))
        return -1;
    // Accept the tile's height plus a couple of pixels, not the gap between rows.
    const double pxPerRow = std::abs(plot_->yAxis->coordToPixel(1.0) - plot_->yAxis->coordToPixel(0.0));
    const double slack = pxPerRow > 0 ? 2.0 / pxPerRow : 0.0;
    return std::abs(v - row) <= GanttPlottable::kRowHalfHeight + slack ? row : -1;
}

SliceRef GanttView::hitTest(const QPointF &pos) const
{
    if (!plot_->axisRect()->rect().contains(pos.toPoint()))
        return {};
    const int track = trackAt(pos.y());
    if (track < 0)
        return {};
    const double t = plot_->xAxis->pixelToCoord(pos.x());
    const double tol = kHitTolerancePx * mapping().timePerPixel();
    const int slice =
        gantt_->trackIndex(track).hitTest(data_->tracks[static_cast<std::size_t>(track)], t, tol);
    return slice >= 0 ? SliceRef{track, slice} : SliceRef{};
}

QString GanttView::sliceDetails(SliceRef ref) const
{
    if (!ref.valid())
        return {};
    const Track &track = data_->tracks[static_cast<std::size_t>(ref.track)];
    const Slice &s = track.slices[static_cast<std::size_t>(ref.slice)];
    const QString layer = s.layer >= 0 && s.layer < static_cast<int>(data_->layerNames.size())
                              ? printableName(data_->layerNames[static_cast<std::size_t>(s.layer)])
                              : tr("(no layer)");
    QString head = QStringLiteral("<b>") + layer.toHtmlEscaped() + QStringLiteral("</b>");
    if (s.tile >= 0)
        head += tr(" \u2014 tile %1").arg(s.tile);
    QString where = printableName(track.name).toHtmlEscaped();
    if (s.group >= 0)
        where += tr(" \u00b7 group %1").arg(s.group);
    if (s.operand >= 0)
        where += tr(" \u00b7 operand %1").arg(QLatin1String(operandName(s.operand)));
    const double mhz = data_->clockMHz > 0 ? data_->clockMHz : 1.0;
    const QLocale loc = QLocale::c();
    const QString cycles =
        tr("cycles %1 \u2013 %2 (%3)")
            .arg(loc.toString(static_cast<qlonglong>(s.start)), loc.toString(static_cast<qlonglong>(s.end)),
                 loc.toString(static_cast<qlonglong>(s.end - s.start)));
    const QString micro = tr("%1 \u2013 %2 \u00b5s")
                              .arg(QString::number(static_cast<double>(s.start) / mhz, 'f', 3),
                                   QString::number(static_cast<double>(s.end) / mhz, 'f', 3));
    QStringList costs;
    if (s.macs > 0)
        costs << tr("%1 MACs").arg(formatCount(static_cast<double>(s.macs)));
    costs << formatBytes(static_cast<double>(s.bytes)) << formatEnergyPj(s.energyPj);
    return head + QStringLiteral("<br>") + where + QStringLiteral("<br>") + cycles + QStringLiteral("<br>") +
           micro + QStringLiteral("<br>") + costs.join(QStringLiteral(" \u00b7 "));
}

void GanttView::updateLegend()
{
    // Entries for the colour keys visible now (all of them on a small schedule).
    const TimeRange r = visibleRange();
    std::vector<char> seen;
    for (std::size_t t = 0; t < data_->tracks.size(); ++t) {
        const Track &track = data_->tracks[t];
        const auto [first, last] = gantt_->trackIndex(static_cast<int>(t)).visible(track, r.lo, r.hi);
        for (std::size_t i = first; i < last; ++i) {
            const int k = colorKey(track.slices[i], colorBy_, data_.get());
            if (k < 0)
                continue;
            if (static_cast<std::size_t>(k) >= seen.size())
                seen.resize(static_cast<std::size_t>(k) + 1, 0);
            seen[static_cast<std::size_t>(k)] = 1;
        }
    }
    std::vector<int> keys;
    for (std::size_t k = 0; k < seen.size(); ++k)
        if (seen[k])
            keys.push_back(static_cast<int>(k));
    if (!legendShown_) {
        legend_->clearItems();
        legendKeys_.clear();
        return;
    }
    if (keys == legendKeys_ && legend_->itemCount() > 0)
        return;
    legendKeys_ = keys;
    legend_->clearItems();
    const std::size_t shown = keys.size() > kMaxLegendEntries ? kMaxLegendEntries - 1 : keys.size();
    for (std::size_t i = 0; i < shown; ++i) {
        const int k = keys[i];
        QString text;
        if (colorBy_ == ColorBy::Layer) {
            text = k < static_cast<int>(data_->layerNames.size())
                       ? printableName(data_->layerNames[static_cast<std::size_t>(k)])
                       : tr("layer %1").arg(k);
        } else if (colorBy_ == ColorBy::Role) {
            text = k < static_cast<int>(data_->roleNames.size())
                       ? QString::fromStdString(data_->roleNames[static_cast<std::size_t>(k)])
                       : tr("role %1").arg(k);
        } else {
            // A group is named by its first layer, which is what a user recognises.
            const auto it = std::find(data_->layerGroup.begin(), data_->layerGroup.end(), k);
            text = tr("G%1").arg(k);
            if (it != data_->layerGroup.end())
                text += QStringLiteral(" ") +
                        printableName(data_->layerNames[static_cast<std::size_t>(it - data_->layerGroup.begin())]) +
                        QStringLiteral("\u2026");
        }
        legend_->addItem(new SwatchLegendItem(legend_, keyColor(k), text));
    }
    if (shown < keys.size())
        legend_->addItem(new SwatchLegendItem(legend_, QColor(), tr("+%1 more").arg(keys.size() - shown)));
}

QStringList GanttView::legendTexts() const
{
    QStringList out;
    for (int i = 0; i < legend_->itemCount(); ++i)
        if (const auto *item = qobject_cast<const SwatchLegendItem *>(legend_->item(i)))
            out << item->text();
    return out;
}

void GanttView::onMousePress(QMouseEvent *e)
{
    pressPos_ = e->pos();
    pressed_ = true;
    QToolTip::hideText();
    const bool rangeSelect = (e->modifiers() & Qt::ShiftModifier) || e->button() == Qt::RightButton;
    plot_->setSelectionRectMode(rangeSelect ? QCP::srmCustom : QCP::srmNone);
}

void GanttView::onMouseMove(QMouseEvent *e)
{
    if (e->buttons() != Qt::NoButton)
        return;
    const SliceRef hit = hitTest(e->position());
    if (hit.valid())
        QToolTip::showText(e->globalPosition().toPoint(), sliceDetails(hit), plot_);
    else
        QToolTip::hideText();
}

void GanttView::onMouseRelease(QMouseEvent *e)
{
    if (!pressed_)
        return;
    pressed_ = false;
    const bool wasRangeSelect = plot_->selectionRectMode() != QCP::srmNone;
    if (wasRangeSelect)
        return; // handled by onRangeSelected (or cancelled)
    if ((e->pos() - pressPos_).manhattanLength() < 4) {
        if (e->button() != Qt::LeftButton)
            return;
        const SliceRef hit = hitTest(e->position());
        selectSlice(hit);
        Q_EMIT sliceSelected(hit.track, hit.slice);
        Q_EMIT layerSelected(selectedLayer_);
    } else { // a drag-pan ended: remember where it went
        historyTimer_->stop();
        history_.push(visibleRange());
        updateHistoryActions();
    }
}

void GanttView::onWheel(QWheelEvent *e)
{
    const QPoint d = e->angleDelta();
    if (d.x() != 0 || (e->modifiers() & Qt::ShiftModifier)) { // horizontal wheel / Shift: pan
        const int steps = d.x() != 0 ? d.x() : d.y();
        panBy(-steps / 120.0 * kKeyPanFraction * mapping().width);
        return;
    }
    zoomBy(std::pow(kWheelZoomStep, d.y() / 120.0), e->position().x());
}

void GanttView::onRangeSelected(const QRect &rect)
{
    plot_->setSelectionRectMode(QCP::srmNone);
    if (rect.width() < 3)
        return;
    const double a = plot_->xAxis->pixelToCoord(rect.left());
    const double b = plot_->xAxis->pixelToCoord(rect.right());
    setVisibleRange({std::min(a, b), std::max(a, b)}, true);
}

bool GanttView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == plot_ && event->type() == QEvent::KeyPress) {
        const auto *k = static_cast<QKeyEvent *>(event);
        if (k->modifiers() & (Qt::AltModifier | Qt::ControlModifier))
            return QWidget::eventFilter(watched, event);
        const QRect area = plot_->axisRect()->rect();
        const QPoint cursor = plot_->mapFromGlobal(QCursor::pos());
        const double x = area.contains(cursor) ? cursor.x() : area.center().x();
        switch (k->key()) {
        case Qt::Key_W:
            zoomBy(kKeyZoomStep, x);
            return true;
        case Qt::Key_S:
            zoomBy(1.0 / kKeyZoomStep, x);
            return true;
        case Qt::Key_A:
            panBy(-kKeyPanFraction * area.width());
            return true;
        case Qt::Key_D:
            panBy(kKeyPanFraction * area.width());
            return true;
        case Qt::Key_F:
        case Qt::Key_Home:
            fitAll();
            return true;
        case Qt::Key_Escape:
            selectSlice({});
            Q_EMIT sliceSelected(-1, -1);
            Q_EMIT layerSelected(-1);
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace fuselab::timeline
