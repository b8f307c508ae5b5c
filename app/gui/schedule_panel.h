// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Schedule area of the main window: a run panel (strategy, tiling, Run / Cancel with a
// progress bar; the schedule is computed on a worker thread and comes back by a queued
// signal, so the window never blocks), the runs of the project (pick, rename, delete, compare)
// and the views of the current run: Gantt and memory occupancy with linked time axes, the
// energy breakdown of the selected runs, a per-layer table and the runs over two objectives.
// Clicking a tile selects its layer in the whole window, and selecting a layer highlights
// its tiles.

#include "project/run.h"
#include "timeline/timeline_data.h"
#include "util/background_job.h"
#include "views/view_registry.h"

#include <QWidget>

#include <atomic>
#include <optional>
#include <memory>

class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace fuselab {

struct ExploreOptions;
struct FigureOptions;
struct SearchProgress;
class SearchControl;
class SearchProgressRelay;
class ProjectDocument;
class EnergyBreakdownChart;
class LayerStatisticsModel;
class ParetoChart;
class RunForm;
class RunListBox;
class RunListModel;
class RunCompareView;
class RunPlanView;
namespace timeline {
class GanttView;
class MemoryView;
} // namespace timeline

class SchedulePanel : public QWidget {
    Q_OBJECT
public:
    enum class View { Timeline, Energy, Layers, Pareto, Compare, Plan };
    /// The current run's data files (figures: exportFigureTo).
    enum class Export { TraceJson, EventsCsv, SummaryJson };

    explicit SchedulePanel(ProjectDocument *doc, QWidget *parent = nullptr);
    ~SchedulePanel() override;

    /// Starts a run on the worker thread (a running one is cancelled: its result is dropped).
    void startRun(const RunRequest &request, bool markModified = true);
    /// The request the run panel's fields describe.
    RunRequest requestFromPanel() const;
    /// Starts a search (explore()) on the worker thread; the best plan becomes the run `name`,
    /// with the explored points. Cancel stops the search and keeps the best plan found so far.
    /// `preview`: a plan (the shown run's, at a what-if re-run) that the worker schedules on
    /// the edited design first and shows at once, before the search's result is in.
    void startExplore(const ExploreOptions &options, const std::string &name = "explore",
                      bool markModified = true, std::optional<Plan> preview = std::nullopt);
    /// The search options the run panel's fields describe (threads, seed, objective, generations).
    ExploreOptions exploreOptionsFromPanel() const;
    void cancelRun();
    bool isRunning() const;
    /// When the project has no run: computes a `fused` run in the background (not marked as
    /// a modification), so a new user sees a real Gantt at once.
    void ensureDefaultRun();

    /// What-if: an edit re-runs this long after the last one (a burst of edits, typing a
    /// value, re-runs once).
    static constexpr int kRerunDebounceMs = 250;
    /// What-if: with "Re-run on edit" checked, an edit re-runs the current strategy (debounced)
    /// and reports the change against the run shown ("latency −12.0 %").
    void setRerunOnEdit(bool on);
    bool rerunOnEdit() const;
    QString lastWhatIf() const { return lastWhatIf_; }

    /// Shows a stored run in the views; false if there is none of that name.
    bool showRun(const QString &name);
    /// Shows the compare view of run `a` (the base) and run `b`; false if either is missing.
    bool compareRuns(const QString &a, const QString &b);
    /// Shows the plan view of a run; false if there is none of that name.
    bool showPlan(const QString &name);
    QString currentRun() const { return current_; }
    void setView(View v);
    /// Writes the current run's data file to `path`; empty string or why it failed.
    QString exportTo(Export what, const QString &path);
    /// Writes the figure of a view (a registry view with a figure: Gantt, memory, breakdown,
    /// Pareto) with the figure's size, resolution, font size and palette (default: the view's
    /// current size and zoom, print palette); empty string or why it failed.
    QString exportFigureTo(ViewId view, const QString &path, const FigureOptions &figure);
    QString exportFigureTo(ViewId view, const QString &path);
    /// The panel's widget of a registry view (the panel itself for "schedule"), or null.
    QWidget *viewWidget(ViewId view) const;

    timeline::GanttView *gantt() const { return gantt_; }
    timeline::MemoryView *memory() const { return memory_; }
    EnergyBreakdownChart *breakdown() const { return breakdown_; }
    ParetoChart *pareto() const { return pareto_; }
    /// The Layers tab: a sorting proxy over layerModel().
    QTableView *layerTable() const { return table_; }
    LayerStatisticsModel *layerModel() const { return layerModel_; }
    RunForm *runForm() const { return form_; }
    QListView *runList() const;
    RunCompareView *compareView() const { return compare_; }
    RunPlanView *planView() const { return plan_; }
    QPushButton *planButton() const;
    QPushButton *compareButton() const;
    RunListModel *runModel() const { return runModel_; }
    QLabel *summaryLabel() const { return summary_; }

Q_SIGNALS:
    void runFinished(const QString &name);
    void runFailed(const QString &error);
    void message(const QString &text);
    /// The plan of the run now shown (the network view draws its fused groups).
    void planShown(const fuselab::Plan &plan);
    /// What-if with explore: the shown run's plan, re-evaluated on the edited design, is in the
    /// views (`report`: its change against the shown run) while the search goes on.
    void whatIfPreviewShown(const QString &report);
    /// A search's progress, on the GUI thread.
    void searchProgressed(double fraction, qint64 evaluations);

private:
    struct Outcome;
    void onSearchProgress(quint64 search, const SearchProgress &p);
    void showPreview(quint64 search, const std::shared_ptr<Outcome> &preview);
    /// "What-if NAME: latency −12.0 %, …" against whatIfBase_ (empty without one).
    QString whatIfText(const QString &name, const ScheduleTotals &after) const;
    void stopSearch();
    void startExploreFromPanel();
    void onFinished(std::shared_ptr<Outcome> out);
    void rerunAfterEdit();
    void refreshRuns();
    void fillViews(const Run &run, std::shared_ptr<Outcome> prepared);
    void updateCompare();
    void selectRow(const QString &name);
    QString summaryText(const Run &run) const;
    void forgetMissingRuns();
    // schedule_panel_export.cpp
    void addExportActions(QMenu *menu);
    QWidget *figureSource(ViewId view) const; // the plot or chart canvas a figure draws
    void exportDialog(const ViewInfo *figureView, Export data);
    void setRunning(bool on);
    void cancel(bool quiet);

    ProjectDocument *doc_;
    RunForm *form_ = nullptr;
    QTimer *rerunTimer_ = nullptr;
    std::optional<ScheduleTotals> whatIfBase_; // the shown run's totals when a re-run started
    QString lastWhatIf_;
    RunListBox *runs_ = nullptr;
    RunListModel *runModel_ = nullptr; // runs_'s
    QTabWidget *views_ = nullptr;
    timeline::GanttView *gantt_ = nullptr;
    timeline::MemoryView *memory_ = nullptr;
    EnergyBreakdownChart *breakdown_ = nullptr;
    ParetoChart *pareto_ = nullptr;
    LayerStatisticsModel *layerModel_ = nullptr;
    QTableView *table_ = nullptr;
    QLabel *summary_ = nullptr;
    RunPlanView *plan_ = nullptr;
    QString planned_; // the run the plan view shows
    RunCompareView *compare_ = nullptr;
    QString comparedA_, comparedB_; // the runs the compare view shows

    // The running plain run or search; a superseded or cancelled one's result is dropped.
    BackgroundJob<std::shared_ptr<Outcome>> job_;
    bool markModified_ = true;
    bool running_ = false;
    // The running search's control (cancel) and the relay its threads post progress through;
    // both null when no search runs.
    std::shared_ptr<SearchControl> search_;
    std::shared_ptr<SearchProgressRelay> relay_;
    quint64 searches_ = 0; // counts searches: a report of an earlier one is dropped
    QString current_;
};

} // namespace fuselab
