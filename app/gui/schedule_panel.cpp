// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule_panel.h"

#include "allocator_policy.h"
#include "charts/run_charts.h"
#include "compare/run_compare_view.h"
#include "document/layer_statistics_model.h"
#include "document/project_document.h"
#include "document/run_list_model.h"
#include "plan/run_plan_view.h"
#include "project/run_names.h"
#include "qcp_include.h"
#include "run_form.h"
#include "run_list_box.h"
#include "schedule_panel_outcome.h"
#include "search_progress_relay.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fuselab {

namespace {

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
    : QWidget(parent), doc_(doc), job_(this, [this](std::shared_ptr<Outcome> out) { onFinished(std::move(out)); })
{
    setObjectName(QStringLiteral("schedulePanel"));
    // Workers below the GUI thread's priority: the window stays responsive on a busy machine.
    job_.pool().setThreadPriority(QThread::LowPriority);
    // Once a run's end is handled, whatever it left (the previous run's views and the search's
    // populations, or a superseded / failed / cancelled run's result) is freed: give it back.
    job_.setOnSettled([this] { QTimer::singleShot(0, this, [] { releaseFreeMemory(); }); });
    auto *root = new QHBoxLayout(this);
    root->setContentsMargins(4, 4, 4, 4);
    auto *split = new QSplitter(Qt::Horizontal, this);
    root->addWidget(split);

    // Left: the run panel and the runs.
    auto *side = new QWidget(split);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    form_ = new RunForm(side);
    rerunTimer_ = new QTimer(this);
    rerunTimer_->setSingleShot(true);
    rerunTimer_->setInterval(kRerunDebounceMs);
    connect(rerunTimer_, &QTimer::timeout, this, &SchedulePanel::rerunAfterEdit);
    sideLayout->addWidget(form_);

    runs_ = new RunListBox(doc_, side);
    runModel_ = runs_->model();
    sideLayout->addWidget(runs_, 1);
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
    layerModel_ = new LayerStatisticsModel(this);
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(layerModel_);
    table_ = new QTableView(views_);
    table_->setModel(sorted);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder); // workload order until a header is clicked
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
    addExportActions(runs_->exportMenu()); // the figures of the views just made
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({260, 1300});

    connect(form_, &RunForm::runClicked, this, [this] {
        if (form_->isExplore())
            startExploreFromPanel();
        else
            startRun(requestFromPanel());
    });
    connect(form_, &RunForm::cancelClicked, this, &SchedulePanel::cancelRun);
    connect(runs_, &RunListBox::planRequested, this, [this](const QString &name) {
        if (!name.isEmpty())
            showPlan(name);
        else if (!current_.isEmpty())
            showPlan(current_);
    });
    connect(runs_, &RunListBox::compareRequested, this, &SchedulePanel::compareRuns);
    connect(runs_, &RunListBox::message, this, &SchedulePanel::message);
    connect(runs_, &RunListBox::runPicked, this, &SchedulePanel::showRun);
    connect(runs_, &RunListBox::selectionChanged, this, &SchedulePanel::updateCompare);
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
    connect(doc_, &ProjectDocument::selectedLayerChanged, this, [this, sorted](int layer) {
        if (gantt_->selectedLayer() != layer)
            gantt_->setSelectedLayer(layer);
        const int row = layerModel_->rowOfLayer(layer);
        if (row >= 0)
            table_->selectRow(sorted->mapFromSource(layerModel_->index(row, 0)).row());
    });
    connect(table_, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            doc_->selectLayer(index.data(LayerStatisticsModel::LayerRole).toInt());
    });
    connect(doc_, &ProjectDocument::runsChanged, this, &SchedulePanel::refreshRuns);
    connect(doc_, &ProjectDocument::runsChanged, this, &SchedulePanel::forgetMissingRuns);
    // A run of the previous workload or accelerator stays, marked "other design".
    auto projectChanged = [this] {
        cancel(true);
        refreshRuns();
        if (form_->rerunOnEdit())
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
    // The worker owns copies of everything it reads; a search is told to stop, and its
    // progress reports are no longer delivered (job_ then waits for the worker).
    if (relay_)
        relay_->detach();
    if (search_)
        search_->cancel();
}

RunRequest SchedulePanel::requestFromPanel() const
{
    return form_->request(doc_->runs());
}

bool SchedulePanel::isRunning() const
{
    return running_;
}

void SchedulePanel::setRunning(bool on)
{
    running_ = on;
    form_->setRunning(on, search_ != nullptr);
    setProperty("fuselabBusy", on);
}

void SchedulePanel::startRun(const RunRequest &request, bool markModified)
{
    stopSearch();
    markModified_ = markModified;
    const Workload w = doc_->workload();
    const Accelerator acc = doc_->accelerator();
    // A superseded or cancelled run stops at schedule()'s next cancellation check (the job's
    // stop flag); its result (if it got that far) is dropped by the job.
    job_.start([w, acc, request](const std::atomic<bool> &stop) {
        auto out = std::make_shared<Outcome>();
        RunRequest req = request;
        req.cancel = &stop;
        try {
            out->run = computeRun(w, acc, req);
            out->timeline = timeline::timelineFromSchedule(out->run.schedule, w, acc, out->run.plan);
            out->memories = timeline::memoryTracksFromSchedule(out->run.schedule, acc);
        } catch (const std::exception &e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    });
    setRunning(true);
    form_->setStatus(tr("Scheduling %1…").arg(QString::fromStdString(request.name)));
    Q_EMIT message(tr("Scheduling %1 on %2…")
                       .arg(QString::fromStdString(request.name), QString::fromStdString(acc.name)));
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
        form_->setStatus(tr("Stopping: keeping the best plan found…"));
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
    job_.cancel(); // its result, when it comes, is dropped
    setRunning(false);
    form_->setStatus(quiet ? tr("Idle") : tr("Cancelled"));
    if (!quiet)
        Q_EMIT message(tr("Run cancelled"));
}

void SchedulePanel::onFinished(std::shared_ptr<Outcome> out)
{
    if (!out)
        return;
    const bool stopped = search_ && search_->cancelRequested();
    stopSearch();
    setRunning(false);
    if (!out->error.isEmpty()) {
        form_->setStatus(tr("Failed: %1").arg(out->error));
        Q_EMIT runFailed(out->error);
        Q_EMIT message(tr("Run failed: %1").arg(out->error));
        return;
    }
    const QString name = QString::fromStdString(out->run.name);
    form_->setStatus((stopped ? tr("Stopped after %1 s, best found: %2 cycles") : tr("Done in %1 s: %2 cycles"))
                         .arg(form_->elapsedSeconds(), 0, 'f', 1)
                         .arg(fmtCycles(out->run.schedule.totals.latencyCycles)));
    Q_EMIT message((stopped ? tr("%1: stopped after %2 s, best found: %3 cycles") : tr("%1: done in %2 s, %3 cycles"))
                       .arg(name)
                       .arg(form_->elapsedSeconds(), 0, 'f', 1)
                       .arg(fmtCycles(out->run.schedule.totals.latencyCycles)));
    if (out->keptPrevious)
        Q_EMIT message(tr("%1: the search found no better plan than the previous one on the edited design; kept it")
                           .arg(name));
    if (whatIfBase_) { // a re-run after an edit: what the edit changed
        lastWhatIf_ = whatIfText(name, out->run.schedule.totals);
        whatIfBase_.reset();
        form_->setStatus(lastWhatIf_);
        Q_EMIT message(lastWhatIf_);
    }
    current_ = name;
    fillViews(out->run, out);
    doc_->putRun(std::move(out->run), markModified_); // refreshRuns keeps current_
    Q_EMIT runFinished(name);
}

QString SchedulePanel::whatIfText(const QString &name, const ScheduleTotals &a) const
{
    if (!whatIfBase_)
        return {};
    // In seconds, not cycles: an edit of the clock changes what a cycle is.
    const ScheduleTotals &b = *whatIfBase_;
    return tr("What-if %1: %2, %3, EDP %4")
        .arg(name, relativeChange(tr("latency"), b.latencySeconds, a.latencySeconds),
             relativeChange(tr("energy"), b.energyPj, a.energyPj),
             relativeChange(QString(), b.energyPj * b.latencySeconds, a.energyPj * a.latencySeconds).trimmed());
}

void SchedulePanel::setRerunOnEdit(bool on) { form_->setRerunOnEdit(on); }

bool SchedulePanel::rerunOnEdit() const { return form_->rerunOnEdit(); }

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
        layerModel_->clear();
        summary_->clear();
    }
    updateCompare();
}

void SchedulePanel::selectRow(const QString &name)
{
    runs_->select(name);
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
    layerModel_->setRun(run);
    table_->setColumnWidth(0, 220); // fixed widths: measuring every cell would stall large runs
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
    for (const Run *r : runs_->selectedRuns())
        selected.push_back(light(*r));
    for (const Run &r : doc_->runs()) // a before/after edit compares runs of two designs
        all.push_back(light(r));
    breakdown_->setRuns(selected.size() >= 2 ? selected : all); // one selected: compare it with all
    pareto_->setRuns(all);
    runs_->updateButtons(!current_.isEmpty());
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

QListView *SchedulePanel::runList() const { return runs_->view(); }

QPushButton *SchedulePanel::planButton() const { return runs_->planButton(); }

QPushButton *SchedulePanel::compareButton() const { return runs_->compareButton(); }

void SchedulePanel::setView(View v)
{
    views_->setCurrentIndex(static_cast<int>(v));
}

} // namespace fuselab
