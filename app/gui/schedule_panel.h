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

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <optional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QElapsedTimer;
class QTimer;

namespace fuselab {

struct ExploreOptions;
struct FigureOptions;
struct SearchProgress;
class SearchControl;
class SearchProgressRelay;
class ProjectDocument;
class EnergyBreakdownChart;
class ParetoChart;
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
    enum class Export { Gantt, Memory, Breakdown, Pareto, TraceJson, EventsCsv, SummaryJson };

    explicit SchedulePanel(ProjectDocument *doc, QWidget *parent = nullptr);
    ~SchedulePanel() override;

    /// Starts a run on the worker thread (a running one is cancelled: its result is dropped).
    void startRun(const RunRequest &request, bool markModified = true);
    /// The request the run panel's fields describe.
    RunRequest requestFromPanel() const;
    /// Starts a search (explore()) on the worker thread; the best plan becomes the run `name`,
    /// with the explored points. Cancel stops the search and keeps the best plan found so far.
    void startExplore(const ExploreOptions &options, const std::string &name = "explore",
                      bool markModified = true);
    /// The search options the run panel's fields describe (threads, seed, objective, generations).
    ExploreOptions exploreOptionsFromPanel() const;
    void cancelRun();
    bool isRunning() const;
    /// When the project has no run: computes a `fused` run in the background (not marked as
    /// a modification), so a new user sees a real Gantt at once.
    void ensureDefaultRun();

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
    /// Writes the view or the export to `path`; empty string or why it failed.
    QString exportTo(Export what, const QString &path);
    /// The same with the figure's size, resolution, font size and palette (figures only).
    QString exportTo(Export what, const QString &path, const FigureOptions &figure);

    timeline::GanttView *gantt() const { return gantt_; }
    timeline::MemoryView *memory() const { return memory_; }
    EnergyBreakdownChart *breakdown() const { return breakdown_; }
    ParetoChart *pareto() const { return pareto_; }
    QTableWidget *layerTable() const { return table_; }
    QListView *runList() const { return list_; }
    RunCompareView *compareView() const { return compare_; }
    RunPlanView *planView() const { return plan_; }
    QPushButton *planButton() const { return planButton_; }
    QPushButton *compareButton() const { return compareButton_; }
    RunListModel *runModel() const { return runModel_; }
    QLabel *summaryLabel() const { return summary_; }

Q_SIGNALS:
    void runFinished(const QString &name);
    void runFailed(const QString &error);
    void message(const QString &text);
    /// The plan of the run now shown (the network view draws its fused groups).
    void planShown(const fuselab::Plan &plan);
    /// A search's progress, on the GUI thread.
    void searchProgressed(double fraction, qint64 evaluations);

private:
    struct Outcome;
    void onSearchProgress(quint64 generation, const SearchProgress &p);
    void updateStrategyFields();
    void stopSearch();
    void stopPlainRun();
    static void addSearchObjectives(QComboBox *combo); // schedule_panel_explore.cpp
    static QString objectiveUnit(int objective);       // schedule_panel_explore.cpp
    void startExploreFromPanel();
    void onFinished();
    void rerunAfterEdit();
    void refreshRuns();
    void fillViews(const Run &run, std::shared_ptr<Outcome> prepared);
    void fillLayerTable(const Run &run);
    void updateCompare();
    void selectRow(const QString &name);
    QString summaryText(const Run &run) const;
    void deleteSelected();
    void compareSelected();
    void runListMenu(const QPoint &pos);
    void forgetMissingRuns();
    void exportDialog(Export what);
    void setRunning(bool on);
    void cancel(bool quiet);

    ProjectDocument *doc_;
    QComboBox *strategy_ = nullptr;
    QSpinBox *tileRows_ = nullptr;
    QComboBox *overlap_ = nullptr;
    QSpinBox *threads_ = nullptr;
    QSpinBox *seed_ = nullptr;
    QComboBox *objective_ = nullptr;
    QSpinBox *generations_ = nullptr;
    QPushButton *runButton_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QCheckBox *rerun_ = nullptr;
    QTimer *rerunTimer_ = nullptr;
    std::optional<ScheduleTotals> whatIfBase_; // the shown run's totals when a re-run started
    QString lastWhatIf_;
    QListView *list_ = nullptr;
    RunListModel *runModel_ = nullptr;
    QTabWidget *views_ = nullptr;
    timeline::GanttView *gantt_ = nullptr;
    timeline::MemoryView *memory_ = nullptr;
    EnergyBreakdownChart *breakdown_ = nullptr;
    ParetoChart *pareto_ = nullptr;
    QTableWidget *table_ = nullptr;
    QLabel *summary_ = nullptr;
    QPushButton *compareButton_ = nullptr;
    QPushButton *planButton_ = nullptr;
    RunPlanView *plan_ = nullptr;
    QString planned_; // the run the plan view shows
    RunCompareView *compare_ = nullptr;
    QString comparedA_, comparedB_; // the runs the compare view shows

    QThreadPool pool_; // declared before the watcher: destroyed after it, waiting for its worker
    QFutureWatcher<std::shared_ptr<Outcome>> watcher_;
    quint64 generation_ = 0;
    bool markModified_ = true;
    bool running_ = false;
    // The running search's control (cancel) and the relay its threads post progress through;
    // both null when no search runs.
    std::shared_ptr<SearchControl> search_;
    std::shared_ptr<SearchProgressRelay> relay_;
    // The running lbl / fused schedule's stop flag (ScheduleOptions::cancel); null otherwise.
    std::shared_ptr<std::atomic<bool>> runStop_;
    QString current_;
    bool filling_ = false;
    double shownFraction_ = 0.0; // the search's progress as shown: never goes back
    std::unique_ptr<QElapsedTimer> clock_;
    QTimer *tick_ = nullptr;
};

} // namespace fuselab
