// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule_panel.h"

#include "allocator_policy.h"
#include "charts/chart_canvas.h"
#include "charts/chart_export.h"
#include "charts/run_charts.h"
#include "compare/run_compare_view.h"
#include "plan/run_plan_view.h"
#include "document/project_document.h"
#include "document/run_list_model.h"
#include "export_file_name.h"
#include "io/schedule_export.h"
#include "project/run_names.h"
#include "schedule/layer_statistics.h"
#include "qcp_include.h"
#include "schedule_panel_outcome.h"
#include "search_progress_relay.h"
#include "timeline/figure_export.h"
#include "timeline/figure_options_dialog.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QItemSelectionModel>
#include <QListView>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <fstream>
#include <map>

namespace fuselab {

namespace {

/// A table cell that sorts by its number.
QTableWidgetItem *numberItem(double v, int decimals = 0)
{
    auto *item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, decimals == 0 ? QVariant(static_cast<qlonglong>(v)) : QVariant(v));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

constexpr int kRerunDebounceMs = 250; ///< a burst of edits (typing a value) re-runs once

/// "latency −12.3 %" (the change from `before` to `after`), or "latency unchanged".
QString relativeChange(const QString &what, double before, double after)
{
    if (before <= 0)
        return {};
    const double pct = 100.0 * (after - before) / before;
    if (std::abs(pct) < 0.05)
        return QObject::tr("%1 unchanged").arg(what);
    return QObject::tr("%1 %2%3 %").arg(what, pct < 0 ? QStringLiteral("\u2212") : QStringLiteral("+"))
        .arg(std::abs(pct), 0, 'f', 1);
}

QString fmtCycles(int64_t c)
{
    return QLocale().toString(static_cast<qlonglong>(c));
}

} // namespace

SchedulePanel::SchedulePanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), doc_(doc), clock_(std::make_unique<QElapsedTimer>())
{
    setObjectName(QStringLiteral("schedulePanel"));
    // Workers below the GUI thread's priority: the window stays responsive on a busy machine.
    pool_.setThreadPriority(QThread::LowPriority);
    auto *root = new QHBoxLayout(this);
    root->setContentsMargins(4, 4, 4, 4);
    auto *split = new QSplitter(Qt::Horizontal, this);
    root->addWidget(split);

    // Left: the run panel and the runs.
    auto *side = new QWidget(split);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *runBox = new QGroupBox(tr("Run"), side);
    auto *form = new QFormLayout(runBox);
    strategy_ = new QComboBox(runBox);
    strategy_->setObjectName(QStringLiteral("strategyCombo"));
    strategy_->addItem(tr("fused (greedy stack cut)"), QStringLiteral("fused"));
    strategy_->addItem(tr("lbl (layer by layer)"), QStringLiteral("lbl"));
    strategy_->addItem(tr("explore (search fusion, tiles, pins, cores)"), QStringLiteral("explore"));
    form->addRow(tr("Strategy"), strategy_);
    tileRows_ = new QSpinBox(runBox);
    tileRows_->setRange(1, 4096);
    tileRows_->setValue(1);
    tileRows_->setToolTip(tr("Rows of each fused group's last output per tile"));
    form->addRow(tr("Tile rows"), tileRows_);
    overlap_ = new QComboBox(runBox);
    overlap_->addItem(tr("cache"), static_cast<int>(OverlapMode::Cache));
    overlap_->addItem(tr("recompute"), static_cast<int>(OverlapMode::Recompute));
    form->addRow(tr("Overlap"), overlap_);
    threads_ = new QSpinBox(runBox);
    threads_->setRange(1, 256);
    threads_->setValue(QThread::idealThreadCount());
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setToolTip(tr("Worker threads of the search (lbl and fused evaluate one plan)"));
    form->addRow(tr("Threads"), threads_);
    seed_ = new QSpinBox(runBox);
    seed_->setObjectName(QStringLiteral("seedSpin"));
    seed_->setRange(0, 1 << 30);
    seed_->setValue(1);
    seed_->setToolTip(tr("Seed of the search: the same seed gives the same plan at any thread count"));
    form->addRow(tr("Seed"), seed_);
    objective_ = new QComboBox(runBox);
    objective_->setObjectName(QStringLiteral("objectiveCombo"));
    addSearchObjectives(objective_);
    objective_->setToolTip(tr("What the search minimises (DRAM: bytes read and written)"));
    form->addRow(tr("Objective"), objective_);
    generations_ = new QSpinBox(runBox);
    generations_->setObjectName(QStringLiteral("generationsSpin"));
    generations_->setRange(0, 100000);
    generations_->setValue(100);
    generations_->setToolTip(tr("NSGA-II generations of the core allocation search"));
    form->addRow(tr("Generations"), generations_);
    auto *buttons = new QHBoxLayout;
    runButton_ = new QPushButton(tr("Run"), runBox);
    runButton_->setObjectName(QStringLiteral("runButton"));
    cancelButton_ = new QPushButton(tr("Cancel"), runBox);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setEnabled(false);
    buttons->addWidget(runButton_);
    buttons->addWidget(cancelButton_);
    form->addRow(buttons);
    progress_ = new QProgressBar(runBox);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(false);
    form->addRow(progress_);
    rerun_ = new QCheckBox(tr("Re-run on edit"), runBox);
    rerun_->setObjectName(QStringLiteral("rerunOnEdit"));
    rerun_->setToolTip(tr("After an edit to the hardware or the network, run the current strategy again in the "
                          "background and report the change against the run shown"));
    form->addRow(rerun_);
    rerunTimer_ = new QTimer(this);
    rerunTimer_->setSingleShot(true);
    rerunTimer_->setInterval(kRerunDebounceMs);
    connect(rerunTimer_, &QTimer::timeout, this, &SchedulePanel::rerunAfterEdit);
    status_ = new QLabel(tr("Idle"), runBox);
    status_->setObjectName(QStringLiteral("runStatus"));
    status_->setWordWrap(true);
    form->addRow(status_);
    sideLayout->addWidget(runBox);

    auto *runsBox = new QGroupBox(tr("Runs"), side);
    auto *runsLayout = new QVBoxLayout(runsBox);
    runModel_ = new RunListModel(doc_, this);
    list_ = new QListView(runsBox);
    list_->setObjectName(QStringLiteral("runList"));
    list_->setModel(runModel_);
    list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setToolTip(tr("Click to show a run; Ctrl/Shift-click to compare several; double-click to rename. "
                         "\"other design\": computed before an edit or import, shown with the cores it ran on"));
    runsLayout->addWidget(list_);
    auto *runButtons = new QHBoxLayout;
    auto *deleteButton = new QPushButton(tr("Delete"), runsBox);
    auto *exportButton = new QToolButton(runsBox);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    const std::pair<QString, Export> exports[] = {{tr("Gantt figure…"), Export::Gantt},
                                                  {tr("Memory figure…"), Export::Memory},
                                                  {tr("Energy breakdown figure…"), Export::Breakdown},
                                                  {tr("Pareto figure…"), Export::Pareto},
                                                  {tr("Perfetto trace JSON…"), Export::TraceJson},
                                                  {tr("Events CSV…"), Export::EventsCsv},
                                                  {tr("Summary JSON…"), Export::SummaryJson}};
    for (const auto &[text, what] : exports) {
        const Export w = what;
        exportMenu->addAction(text, this, [this, w] { exportDialog(w); });
    }
    exportButton->setMenu(exportMenu);
    compareButton_ = new QPushButton(tr("Compare"), runsBox);
    compareButton_->setObjectName(QStringLiteral("compareButton"));
    compareButton_->setToolTip(tr("Compare the two selected runs: totals, layers and their Gantts on one time axis"));
    planButton_ = new QPushButton(tr("Plan"), runsBox);
    planButton_->setObjectName(QStringLiteral("planButton"));
    planButton_->setToolTip(tr("The current run's plan: fused groups, tiles, pins and cores on its graph and floorplan"));
    runButtons->addWidget(planButton_);
    runButtons->addWidget(compareButton_);
    runButtons->addWidget(deleteButton);
    runButtons->addWidget(exportButton);
    runButtons->addStretch();
    runsLayout->addLayout(runButtons);
    sideLayout->addWidget(runsBox, 1);
    summary_ = new QLabel(side);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLayout->addWidget(summary_);
    split->addWidget(side);

    // Right: the views.
    views_ = new QTabWidget(split);
    views_->setObjectName(QStringLiteral("scheduleViews"));
    auto *timelineSplit = new QSplitter(Qt::Vertical, views_);
    gantt_ = new timeline::GanttView(timelineSplit);
    gantt_->setObjectName(QStringLiteral("ganttView"));
    memory_ = new timeline::MemoryView(timelineSplit);
    memory_->setObjectName(QStringLiteral("memoryView"));
    memory_->linkTimeAxis(gantt_);
    timelineSplit->addWidget(gantt_);
    timelineSplit->addWidget(memory_);
    timelineSplit->setStretchFactor(0, 3);
    timelineSplit->setStretchFactor(1, 2);
    timelineSplit->setSizes({560, 400});
    views_->addTab(timelineSplit, tr("Timeline"));
    breakdown_ = new EnergyBreakdownChart(views_);
    views_->addTab(breakdown_, tr("Energy"));
    table_ = new QTableWidget(views_);
    table_->setObjectName(QStringLiteral("layerTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setDefaultSectionSize(120);
    views_->addTab(table_, tr("Layers"));
    pareto_ = new ParetoChart(views_);
    views_->addTab(pareto_, tr("Runs scatter"));
    compare_ = new RunCompareView(views_);
    views_->addTab(compare_, tr("Compare"));
    plan_ = new RunPlanView(views_);
    views_->addTab(plan_, tr("Plan"));
    split->addWidget(views_);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({260, 1300});

    tick_ = new QTimer(this);
    tick_->setInterval(200);
    connect(tick_, &QTimer::timeout, this, [this] {
        if (search_)
            return; // a search reports its own progress
        status_->setText(
            tr("Scheduling… %1 s").arg(static_cast<double>(clock_->elapsed()) / 1000.0, 0, 'f', 1));
    });
    connect(runButton_, &QPushButton::clicked, this, [this] {
        if (strategy_->currentData().toString() == QStringLiteral("explore"))
            startExploreFromPanel();
        else
            startRun(requestFromPanel());
    });
    connect(strategy_, &QComboBox::currentIndexChanged, this, &SchedulePanel::updateStrategyFields);
    updateStrategyFields();
    connect(cancelButton_, &QPushButton::clicked, this, &SchedulePanel::cancelRun);
    connect(&watcher_, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, &SchedulePanel::onFinished);
    connect(deleteButton, &QPushButton::clicked, this, &SchedulePanel::deleteSelected);
    connect(compareButton_, &QPushButton::clicked, this, &SchedulePanel::compareSelected);
    connect(planButton_, &QPushButton::clicked, this, [this] {
        if (!current_.isEmpty())
            showPlan(current_);
    });
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list_, &QListView::customContextMenuRequested, this, &SchedulePanel::runListMenu);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (index.isValid() && !filling_)
            showRun(index.data(RunListModel::NameRole).toString());
    });
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchedulePanel::updateCompare);
    // A renamed run shown keeps being shown under its new name.
    connect(doc_, &ProjectDocument::runRenamed, this, [this](const QString &from, const QString &to) {
        for (QString *shown : {&current_, &comparedA_, &comparedB_, &planned_})
            if (*shown == from)
                *shown = to;
    });
    connect(pareto_, &ParetoChart::runClicked, this, [this](const QString &name) {
        showRun(name);
        setView(View::Timeline);
    });

    // Selection linking: a tile's layer becomes the window's selected layer and back.
    connect(gantt_, &timeline::GanttView::layerSelected, doc_, &ProjectDocument::selectLayer);
    connect(doc_, &ProjectDocument::selectedLayerChanged, this, [this](int layer) {
        if (gantt_->selectedLayer() != layer)
            gantt_->setSelectedLayer(layer);
        for (int r = 0; r < table_->rowCount(); ++r)
            if (table_->item(r, 0) && table_->item(r, 0)->data(Qt::UserRole).toInt() == layer) {
                table_->selectRow(r);
                break;
            }
    });
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (auto *item = table_->item(row, 0))
            doc_->selectLayer(item->data(Qt::UserRole).toInt());
    });
    connect(doc_, &ProjectDocument::runsChanged, this, &SchedulePanel::refreshRuns);
    connect(doc_, &ProjectDocument::runsChanged, this, &SchedulePanel::forgetMissingRuns);
    // A run of the previous workload or accelerator stays, marked "other design".
    auto projectChanged = [this] {
        cancel(true);
        refreshRuns();
        if (rerun_->isChecked())
            rerunTimer_->start(); // what-if: re-run once the edits pause
    };
    connect(doc_, &ProjectDocument::workloadChanged, this, projectChanged);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, projectChanged);
    connect(doc_, &ProjectDocument::projectReset, this, [this] {
        cancel(true);
        current_.clear();
        refreshRuns();
        // After the reset's workloadChanged / acceleratorChanged, which cancel running work.
        QTimer::singleShot(0, this, &SchedulePanel::ensureDefaultRun);
    });
    refreshRuns();
}

SchedulePanel::~SchedulePanel()
{
    // The worker owns copies of everything it reads: let it finish without waiting for it
    // (a search is told to stop, and its progress reports are no longer delivered).
    watcher_.disconnect(this);
    if (relay_)
        relay_->detach();
    if (search_)
        search_->cancel();
    stopPlainRun();
}

void SchedulePanel::updateStrategyFields()
{
    const bool search = strategy_->currentData().toString() == QStringLiteral("explore");
    tileRows_->setEnabled(!search);
    overlap_->setEnabled(!search);
    threads_->setEnabled(search);
    seed_->setEnabled(search);
    objective_->setEnabled(search);
    generations_->setEnabled(search);
}

RunRequest SchedulePanel::requestFromPanel() const
{
    RunRequest r;
    r.strategy = strategy_->currentData().toString().toStdString();
    r.tileRows = tileRows_->value();
    r.overlap = static_cast<OverlapMode>(overlap_->currentData().toInt());
    r.name = r.strategy;
    if (r.strategy == "fused" && (r.tileRows != 1 || r.overlap != OverlapMode::Cache))
        r.name += "_r" + std::to_string(r.tileRows) + (r.overlap == OverlapMode::Cache ? "" : "_recompute");
    r.name = nextRunName(doc_->runs(), r.name); // runs are history: "fused", "fused 2", …
    return r;
}

bool SchedulePanel::isRunning() const
{
    return running_;
}

void SchedulePanel::setRunning(bool on)
{
    running_ = on;
    runButton_->setEnabled(!on);
    cancelButton_->setEnabled(on);
    progress_->setRange(0, on ? 0 : 1); // busy indicator: one plan has no known progress
    progress_->setValue(on ? 0 : 1);
    setProperty("fuselabBusy", on);
    if (on) {
        clock_->start();
        tick_->start();
    } else {
        tick_->stop();
    }
}

void SchedulePanel::startRun(const RunRequest &request, bool markModified)
{
    stopSearch();
    const quint64 gen = ++generation_;
    markModified_ = markModified;
    const Workload w = doc_->workload();
    const Accelerator acc = doc_->accelerator();
    // A superseded or cancelled run stops at schedule()'s next cancellation check; its
    // result (if it got that far) is dropped by generation.
    stopPlainRun();
    auto stop = std::make_shared<std::atomic<bool>>(false);
    runStop_ = stop;
    watcher_.setFuture(QtConcurrent::run(&pool_, [w, acc, request, gen, stop]() {
        auto out = std::make_shared<Outcome>();
        out->generation = gen;
        RunRequest req = request;
        req.cancel = stop.get();
        try {
            out->run = computeRun(w, acc, req);
            out->timeline = timeline::timelineFromSchedule(out->run.schedule, w, acc, out->run.plan);
            out->memories = timeline::memoryTracksFromSchedule(out->run.schedule, acc);
        } catch (const std::exception &e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    }));
    setRunning(true);
    status_->setText(tr("Scheduling %1…").arg(QString::fromStdString(request.name)));
    Q_EMIT message(tr("Scheduling %1 on %2…")
                       .arg(QString::fromStdString(request.name), QString::fromStdString(acc.name)));
}

void SchedulePanel::stopPlainRun()
{
    if (runStop_)
        runStop_->store(true);
    runStop_.reset();
}

void SchedulePanel::stopSearch()
{
    if (relay_)
        relay_->detach();
    if (search_)
        search_->cancel();
    relay_.reset();
    search_.reset();
}

void SchedulePanel::cancelRun()
{
    // A search stops at its next evaluation and its best plan so far becomes the run.
    if (search_ && isRunning()) {
        search_->cancel();
        status_->setText(tr("Stopping: keeping the best plan found…"));
        Q_EMIT message(tr("Search stopped: keeping the best plan found so far"));
        return;
    }
    cancel(false);
}

void SchedulePanel::cancel(bool quiet)
{
    if (!isRunning())
        return;
    stopSearch();
    stopPlainRun();
    ++generation_; // its result, when it comes, is dropped
    setRunning(false);
    status_->setText(quiet ? tr("Idle") : tr("Cancelled"));
    if (!quiet)
        Q_EMIT message(tr("Run cancelled"));
}

void SchedulePanel::onFinished()
{
    // Once this event is done, whatever the run left (the previous run's views and the search's
    // populations, or a superseded / failed / cancelled run's result) is freed: give it back.
    QTimer::singleShot(0, this, [] { releaseFreeMemory(); });
    const QFuture<std::shared_ptr<Outcome>> f = watcher_.future();
    if (f.resultCount() == 0)
        return;
    std::shared_ptr<Outcome> out = f.result();
    if (!out || out->generation != generation_)
        return;
    const bool stopped = search_ && search_->cancelRequested();
    stopSearch();
    runStop_.reset();
    setRunning(false);
    if (!out->error.isEmpty()) {
        status_->setText(tr("Failed: %1").arg(out->error));
        Q_EMIT runFailed(out->error);
        Q_EMIT message(tr("Run failed: %1").arg(out->error));
        return;
    }
    const QString name = QString::fromStdString(out->run.name);
    status_->setText((stopped ? tr("Stopped after %1 s, best found: %2 cycles") : tr("Done in %1 s: %2 cycles"))
                         .arg(static_cast<double>(clock_->elapsed()) / 1000.0, 0, 'f', 1)
                         .arg(fmtCycles(out->run.schedule.totals.latencyCycles)));
    Q_EMIT message((stopped ? tr("%1: stopped after %2 s, best found: %3 cycles") : tr("%1: done in %2 s, %3 cycles"))
                       .arg(name)
                       .arg(static_cast<double>(clock_->elapsed()) / 1000.0, 0, 'f', 1)
                       .arg(fmtCycles(out->run.schedule.totals.latencyCycles)));
    if (whatIfBase_) { // a re-run after an edit: what the edit changed
        const ScheduleTotals &b = *whatIfBase_, &a = out->run.schedule.totals;
        lastWhatIf_ = tr("What-if %1: %2, %3, EDP %4")
                          .arg(name, relativeChange(tr("latency"), static_cast<double>(b.latencyCycles),
                                                    static_cast<double>(a.latencyCycles)),
                               relativeChange(tr("energy"), b.energyPj, a.energyPj),
                               relativeChange(QString(), b.edp, a.edp).trimmed());
        whatIfBase_.reset();
        status_->setText(lastWhatIf_);
        Q_EMIT message(lastWhatIf_);
    }
    current_ = name;
    fillViews(out->run, out);
    doc_->putRun(std::move(out->run), markModified_); // refreshRuns keeps current_
    Q_EMIT runFinished(name);
}

void SchedulePanel::setRerunOnEdit(bool on) { rerun_->setChecked(on); }

bool SchedulePanel::rerunOnEdit() const { return rerun_->isChecked(); }

void SchedulePanel::ensureDefaultRun()
{
    if (doc_->runs().empty() && !isRunning() && !doc_->workload().layers.empty() &&
        !doc_->accelerator().cores.empty()) {
        RunRequest r;
        r.name = "fused";
        r.strategy = "fused";
        startRun(r, false);
    }
}

void SchedulePanel::refreshRuns()
{
    // The model has reset (or its markers changed): select the run shown, or the first one.
    int row = runModel_->rowOf(current_);
    if (row < 0 && runModel_->rowCount() > 0)
        row = 0;
    if (row >= 0) {
        const QString name = runModel_->index(row).data(RunListModel::NameRole).toString();
        selectRow(name);
        if (name != current_ || gantt_->timeline().tracks.empty())
            showRun(name);
        else if (const Run *r = findRun(doc_->runs(), name.toStdString()))
            summary_->setText(summaryText(*r)); // after an edit it is no longer the current design
    } else {
        current_.clear();
        gantt_->setTimeline({});
        memory_->setMemories({}, 0, 1000.0);
        table_->setRowCount(0);
        summary_->clear();
    }
    updateCompare();
}

void SchedulePanel::selectRow(const QString &name)
{
    const int row = runModel_->rowOf(name);
    if (row < 0 || list_->currentIndex().row() == row)
        return;
    filling_ = true;
    list_->selectionModel()->setCurrentIndex(runModel_->index(row), QItemSelectionModel::ClearAndSelect);
    filling_ = false;
}

bool SchedulePanel::showRun(const QString &name)
{
    const Run *run = findRun(doc_->runs(), name.toStdString());
    if (!run)
        return false;
    current_ = name;
    fillViews(*run, nullptr);
    selectRow(name);
    return true;
}

void SchedulePanel::fillViews(const Run &run, std::shared_ptr<Outcome> prepared)
{
    // Always the run's own design: after an edit or an import its cores and memories are not
    // the project's.
    const Workload &w = run.design.workload;
    const Accelerator &acc = run.design.accelerator;
    if (prepared) {
        gantt_->setTimeline(std::move(prepared->timeline));
        memory_->setMemories(std::move(prepared->memories), run.schedule.totals.latencyCycles,
                             run.schedule.clockMHz);
    } else {
        gantt_->setTimeline(timeline::timelineFromSchedule(run.schedule, w, acc, run.plan));
        memory_->setMemories(timeline::memoryTracksFromSchedule(run.schedule, acc),
                             run.schedule.totals.latencyCycles, run.schedule.clockMHz);
    }
    gantt_->setSelectedLayer(doc_->selectedLayer());
    fillLayerTable(run);
    // The network view draws the plan on the project's graph: only a plan of that graph.
    Q_EMIT planShown(runModel_->onCurrentDesign(run) ? run.plan : Plan{});
    summary_->setText(summaryText(run));
}

QString SchedulePanel::summaryText(const Run &run) const
{
    const ScheduleTotals &t = run.schedule.totals;
    QString text =
        tr("<b>%1</b> (%2, %3 groups)<br>latency %4 cycles (%5 ms)<br>energy %6 µJ<br>"
           "DRAM %7 KiB read, %8 KiB written")
            .arg(QString::fromStdString(run.name).toHtmlEscaped(), QString::fromStdString(run.strategy))
            .arg(run.plan.groups.size())
            .arg(fmtCycles(t.latencyCycles))
            .arg(t.latencySeconds * 1e3, 0, 'g', 4)
            .arg(t.energyPj / 1e6, 0, 'g', 4)
            .arg(static_cast<double>(t.dramReadBytes) / 1024.0, 0, 'f', 1)
            .arg(static_cast<double>(t.dramWriteBytes) / 1024.0, 0, 'f', 1);
    if (!runModel_->onCurrentDesign(run))
        text += tr("<br><i>Other design: %1 on %2, not the project's current one</i>")
                    .arg(QString::fromStdString(run.design.workload.name).toHtmlEscaped(),
                         QString::fromStdString(run.design.accelerator.name).toHtmlEscaped());
    return text;
}

void SchedulePanel::fillLayerTable(const Run &run)
{
    const Workload &w = run.design.workload;
    const Accelerator &acc = run.design.accelerator;
    const size_t n = w.layers.size();
    // Read from the run's schedule (core), not recomputed from the hardware's fields.
    const std::vector<LayerStatistics> stats = layerStatistics(run.schedule, run.plan, acc, static_cast<int>(n));
    table_->setSortingEnabled(false);
    table_->clear();
    table_->setColumnCount(7);
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Group"), tr("Core"), tr("Cycles"), tr("MACs"),
                                       tr("Energy (pJ)"), tr("DRAM bytes")});
    table_->horizontalHeaderItem(5)->setToolTip(
        tr("Energy of the layer's events: its compute tiles' MAC energy and the data moved for it (memories, "
           "links, DRAM); compute-side memory accesses are in the Energy chart"));
    table_->setRowCount(static_cast<int>(n));
    for (size_t l = 0; l < n; ++l) {
        const int row = static_cast<int>(l);
        const LayerStatistics &st = stats[l];
        auto *name = new QTableWidgetItem(QString::fromStdString(w.layers[l].name));
        name->setData(Qt::UserRole, row);
        table_->setItem(row, 0, name);
        table_->setItem(row, 1, numberItem(st.group));
        table_->setItem(row, 2,
                        new QTableWidgetItem(st.core >= 0 && static_cast<size_t>(st.core) < acc.cores.size()
                                                 ? QString::fromStdString(acc.cores[static_cast<size_t>(st.core)].name)
                                                 : QStringLiteral("—")));
        table_->setItem(row, 3, numberItem(static_cast<double>(st.cycles)));
        table_->setItem(row, 4, numberItem(static_cast<double>(st.macs)));
        table_->setItem(row, 5, numberItem(st.energyPj, 1));
        table_->setItem(row, 6, numberItem(static_cast<double>(st.dramBytes)));
    }
    table_->setSortingEnabled(true);
    table_->setColumnWidth(0, 220); // fixed widths: measuring every cell would stall large runs
}

void SchedulePanel::updateCompare()
{
    // The charts need names and totals only: copy those, never the recorded events.
    auto light = [](const Run &r) {
        Run copy;
        copy.name = r.name;
        copy.strategy = r.strategy;
        copy.schedule.totals = r.schedule.totals;
        copy.schedule.clockMHz = r.schedule.clockMHz;
        copy.pareto = r.pareto;
        return copy;
    };
    std::vector<Run> selected, all;
    for (const QModelIndex &index : list_->selectionModel()->selectedRows())
        if (const Run *r = runModel_->runAt(index.row()))
            selected.push_back(light(*r));
    for (const Run &r : doc_->runs()) // a before/after edit compares runs of two designs
        all.push_back(light(r));
    breakdown_->setRuns(selected.size() >= 2 ? selected : all); // one selected: compare it with all
    pareto_->setRuns(all);
    compareButton_->setEnabled(selected.size() == 2);
    planButton_->setEnabled(!current_.isEmpty() || runModel_->rowCount() > 0);
}

void SchedulePanel::compareSelected()
{
    QModelIndexList rows = list_->selectionModel()->selectedRows();
    if (rows.size() != 2) {
        Q_EMIT message(tr("Select two runs to compare (Ctrl-click the second)"));
        return;
    }
    std::sort(rows.begin(), rows.end()); // A: the one higher in the list (the earlier run)
    compareRuns(rows[0].data(RunListModel::NameRole).toString(), rows[1].data(RunListModel::NameRole).toString());
}

bool SchedulePanel::compareRuns(const QString &a, const QString &b)
{
    const Run *ra = findRun(doc_->runs(), a.toStdString());
    const Run *rb = findRun(doc_->runs(), b.toStdString());
    if (!ra || !rb)
        return false;
    comparedA_ = a;
    comparedB_ = b;
    compare_->setRuns(*ra, *rb);
    setView(View::Compare);
    return true;
}

bool SchedulePanel::showPlan(const QString &name)
{
    const Run *run = findRun(doc_->runs(), name.toStdString());
    if (!run)
        return false;
    planned_ = name;
    plan_->setRun(*run);
    setView(View::Plan);
    return true;
}

void SchedulePanel::runListMenu(const QPoint &pos)
{
    const QModelIndex index = list_->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        const QString name = index.data(RunListModel::NameRole).toString();
        menu.addAction(tr("Show plan of %1").arg(name), this, [this, name] { showPlan(name); });
    }
    QAction *compare = menu.addAction(tr("Compare the two selected runs"), this, &SchedulePanel::compareSelected);
    compare->setEnabled(list_->selectionModel()->selectedRows().size() == 2);
    menu.exec(list_->viewport()->mapToGlobal(pos));
}

void SchedulePanel::forgetMissingRuns()
{
    // A deleted (or reset) run leaves the views that showed it.
    const auto missing = [this](const QString &name) { return !findRun(doc_->runs(), name.toStdString()); };
    if (!comparedA_.isEmpty() && (missing(comparedA_) || missing(comparedB_))) {
        comparedA_.clear();
        comparedB_.clear();
        compare_->clear();
    }
    if (!planned_.isEmpty() && missing(planned_)) {
        planned_.clear();
        plan_->clear();
    }
}

void SchedulePanel::deleteSelected()
{
    QStringList names;
    for (const QModelIndex &index : list_->selectionModel()->selectedRows())
        names << index.data(RunListModel::NameRole).toString();
    if (names.isEmpty() && list_->currentIndex().isValid())
        names << list_->currentIndex().data(RunListModel::NameRole).toString();
    for (const QString &n : names)
        doc_->removeRun(n.toStdString());
}

void SchedulePanel::setView(View v)
{
    views_->setCurrentIndex(static_cast<int>(v));
}

QString SchedulePanel::exportTo(Export what, const QString &path)
{
    return exportTo(what, path, FigureOptions{}); // the view's current size and zoom, print palette
}

QString SchedulePanel::exportTo(Export what, const QString &path, const FigureOptions &fo)
{
    switch (what) {
    case Export::Gantt:
        return exportFigure(gantt_->plot(), path, fo);
    case Export::Memory:
        return exportFigure(memory_->plot(), path, fo);
    case Export::Breakdown:
        return exportChartFigure(breakdown_->canvas(), path, fo);
    case Export::Pareto:
        return exportChartFigure(pareto_->canvas(), path, fo);
    case Export::TraceJson:
    case Export::EventsCsv:
    case Export::SummaryJson:
        break;
    }
    const Run *run = findRun(doc_->runs(), current_.toStdString());
    if (!run)
        return tr("No run is shown");
    std::ofstream out(path.toStdString(), std::ios::trunc);
    if (!out)
        return tr("Cannot write %1").arg(path);
    try {
        if (what == Export::TraceJson)
            writeChromeTrace(out, run->schedule, run->design.workload, run->design.accelerator);
        else if (what == Export::EventsCsv)
            writeEventsCsv(out, run->schedule, run->design.workload, run->design.accelerator);
        else
            out << run->summaryJson << "\n";
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    out.flush();
    return out ? QString() : tr("Writing %1 failed").arg(path);
}

namespace {
QSettings exportSettings() { return QSettings(QStringLiteral("FuseLab"), QStringLiteral("FuseLab")); }

FigureOptions rememberedFigure(QSize viewSize)
{
    FigureOptions o;
    o.width = viewSize.width();
    o.height = viewSize.height();
    QSettings s = exportSettings();
    if (!s.contains(QStringLiteral("figureExport/unit")))
        return o;
    o.unit = s.value(QStringLiteral("figureExport/unit")).toString() == QLatin1String("mm") ? FigureOptions::Unit::Mm
                                                                                          : FigureOptions::Unit::Px;
    o.width = s.value(QStringLiteral("figureExport/width"), o.width).toDouble();
    o.height = s.value(QStringLiteral("figureExport/height"), o.height).toDouble();
    o.dpi = s.value(QStringLiteral("figureExport/dpi"), o.dpi).toDouble();
    o.fontPt = s.value(QStringLiteral("figureExport/fontPt"), o.fontPt).toDouble();
    o.printPalette = s.value(QStringLiteral("figureExport/printPalette"), o.printPalette).toBool();
    return o;
}

void rememberFigure(const FigureOptions &o)
{
    QSettings s = exportSettings();
    s.setValue(QStringLiteral("figureExport/unit"),
               o.unit == FigureOptions::Unit::Mm ? QStringLiteral("mm") : QStringLiteral("px"));
    s.setValue(QStringLiteral("figureExport/width"), o.width);
    s.setValue(QStringLiteral("figureExport/height"), o.height);
    s.setValue(QStringLiteral("figureExport/dpi"), o.dpi);
    s.setValue(QStringLiteral("figureExport/fontPt"), o.fontPt);
    s.setValue(QStringLiteral("figureExport/printPalette"), o.printPalette);
}
} // namespace

void SchedulePanel::exportDialog(Export what)
{
    const bool figureExport =
        what == Export::Gantt || what == Export::Memory || what == Export::Breakdown || what == Export::Pareto;
    QStringList filters{tr("SVG (*.svg)"), tr("PDF (*.pdf)"), tr("PNG (*.png)")};
    if (what == Export::TraceJson)
        filters = {tr("Perfetto trace JSON (*.trace.json)")};
    else if (what == Export::SummaryJson)
        filters = {tr("Summary JSON (*.summary.json)")};
    else if (what == Export::EventsCsv)
        filters = {tr("CSV (*.csv)")};
    // The figure format chosen last time comes first; the file name always has the selected
    // filter's suffix, also when the filter is changed in the dialog.
    QString filter = filters.front();
    if (figureExport) {
        const QString last = exportSettings().value(QStringLiteral("figureExport/filter")).toString();
        if (filters.contains(last))
            filter = last;
    }
    QFileDialog dialog(this, tr("Export"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilters(filters);
    dialog.selectNameFilter(filter);
    dialog.selectFile(withSuffix(current_.isEmpty() ? tr("schedule") : current_, filterSuffix(filter)));
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString &f) {
        const QStringList chosen = dialog.selectedFiles();
        if (!chosen.isEmpty())
            dialog.selectFile(QFileInfo(withSuffix(chosen.front(), filterSuffix(f))).fileName());
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString chosenFilter = dialog.selectedNameFilter();
    QString path = dialog.selectedFiles().front();
    if (!path.endsWith(filterSuffix(chosenFilter), Qt::CaseInsensitive))
        path = withSuffix(path, filterSuffix(chosenFilter));
    FigureOptions figure;
    if (figureExport) {
        exportSettings().setValue(QStringLiteral("figureExport/filter"), chosenFilter);
        // What the export draws by default: the plot or the charts without their tool bars.
        const QWidget *view = what == Export::Gantt    ? static_cast<QWidget *>(gantt_->plot())
                              : what == Export::Memory ? static_cast<QWidget *>(memory_->plot())
                              : what == Export::Pareto ? static_cast<QWidget *>(pareto_->canvas())
                                                       : static_cast<QWidget *>(breakdown_->canvas());
        const bool chart = what == Export::Pareto || what == Export::Breakdown;
        const QSize size = chart && !view->isVisible() ? kHiddenChartFigureSize : view->size();
        FigureOptionsDialog options(size, figureFormatFromPath(path) == FigureFormat::Png, this);
        options.setOptions(rememberedFigure(size)); // the size, font and palette chosen last time
        if (options.exec() != QDialog::Accepted)
            return;
        figure = options.options();
        rememberFigure(figure);
    }
    const QString err = exportTo(what, path, figure);
    Q_EMIT message(err.isEmpty() ? tr("Exported %1").arg(path) : tr("Export failed: %1").arg(err));
}

} // namespace fuselab
