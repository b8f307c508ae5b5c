// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Gantt chart of a schedule: one row per core, link and DRAM port; tiles coloured by
// layer or fused group. Navigation follows Perfetto: wheel zooms around the cursor, drag
// pans, W/S zoom, A/D pan, Shift+drag (or right-drag) zooms to a time range, F / Home fits
// all, Alt+Left / Alt+Right walk the zoom history. Click selects a tile.

#include "timeline/gantt_plottable.h"
#include "timeline/zoom_stack.h"

#include <QSharedPointer>
#include <QWidget>

#include <memory>
#include <unordered_map>

class QCustomPlot;
class QCPAxis;
class QAction;
class QComboBox;
class QTimer;

namespace fuselab::timeline {

class TimeTicker;
class FlowLegend;

enum class TimeUnit { Cycles, Microseconds };

class GanttView : public QWidget {
    Q_OBJECT
public:
    explicit GanttView(QWidget *parent = nullptr);
    ~GanttView() override;

    /// Shows a new timeline, fits it and clears selection and zoom history. Tracks whose
    /// slices are not sorted by start are sorted (slice indices in signals follow that order).
    void setTimeline(TimelineData data);
    const TimelineData &timeline() const { return *data_; }

    QCustomPlot *plot() const { return plot_; }
    GanttPlottable *tiles() const { return gantt_; }
    /// The legend's entries as shown (for tests and the app's status texts).
    QStringList legendTexts() const;
    QCPAxis *timeAxis() const;

    /// The user's colouring, kept across timelines; until one is set, a timeline whose blocks
    /// repeat is coloured by role in block, any other by layer.
    void setColorBy(ColorBy by);
    ColorBy colorBy() const { return colorBy_; }
    void setTimeUnit(TimeUnit unit);
    TimeUnit timeUnit() const { return unit_; }
    void setShowDependencies(bool on);
    /// Off: no legend above the plot (the compare view stacks two Gantts whose tiles keep the
    /// colours of the Timeline tab, and the room goes to the tracks).
    void setLegendShown(bool on);
    bool legendShown() const { return legendShown_; }
    bool showDependencies() const { return showDeps_; }

    /// Highlights every tile of `layer` (others fade); -1 clears. Emits nothing (for links).
    void setSelectedLayer(int layer);
    int selectedLayer() const { return selectedLayer_; }
    /// Selects one tile (outline, details, dependency arrows) and its layer; {} clears.
    void selectSlice(SliceRef ref);
    SliceRef selectedSlice() const { return selected_; }

    TimeRange visibleRange() const;
    /// Clamped to the schedule; `record` adds the result to the zoom history.
    void setVisibleRange(TimeRange r, bool record = true);
    void zoomBy(double factor, double aroundX);
    void panBy(double dxPixels);
    void fitAll();
    void zoomBack();
    void zoomForward();
    const ZoomStack &zoomHistory() const { return history_; }

    /// The tile under a point in plot-widget coordinates (tolerance: a few pixels).
    SliceRef hitTest(const QPointF &pos) const;
    /// The hover text of a tile (rich text).
    QString sliceDetails(SliceRef ref) const;
    /// The track row under a y pixel, or -1.
    int trackAt(double y) const;

Q_SIGNALS:
    void sliceSelected(int track, int slice);
    void layerSelected(int layer);
    void visibleRangeChanged(double lo, double hi);
    void timeUnitChanged(fuselab::timeline::TimeUnit unit);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildToolBar();
    void onRangeChanged();
    void onMousePress(QMouseEvent *e);
    void onMouseMove(QMouseEvent *e);
    void onMouseRelease(QMouseEvent *e);
    void onWheel(QWheelEvent *e);
    void onRangeSelected(const QRect &rect);
    void applyRange(TimeRange r);
    void scheduleHistoryPush();
    void flushHistoryPush();
    void updateArrows();
    void updateLegend();
    void updateHistoryActions();
    TimeRange bounds() const;
    TimeAxisMapping mapping() const;

    QCustomPlot *plot_ = nullptr;
    GanttPlottable *gantt_ = nullptr;
    FlowLegend *legend_ = nullptr;
    QSharedPointer<TimeTicker> ticker_;
    std::shared_ptr<const TimelineData> data_;
    std::unordered_map<int, SliceRef> byId_;
    ColorBy colorBy_ = ColorBy::Layer;
    TimeUnit unit_ = TimeUnit::Cycles;
    bool showDeps_ = true;
    bool legendShown_ = true;
    int selectedLayer_ = -1;
    SliceRef selected_;
    ZoomStack history_;
    QTimer *historyTimer_ = nullptr;
    QAction *backAction_ = nullptr;
    QAction *forwardAction_ = nullptr;
    QComboBox *colorCombo_ = nullptr;
    bool colorChosen_ = false; // the user picked a colouring: keep it across runs
    QComboBox *unitCombo_ = nullptr;
    QPoint pressPos_;
    bool pressed_ = false;
    std::vector<int> legendKeys_;
};

} // namespace fuselab::timeline
