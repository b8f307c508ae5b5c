// SPDX-License-Identifier: GPL-3.0-or-later
// The schedule panel's search: explore() on the worker, its progress on the GUI thread, the
// best plan as a run.
#include "schedule_panel.h"

#include "document/project_document.h"
#include "project/run_names.h"
#include "schedule_panel_outcome.h"
#include "search/explore_run.h"
#include "search/explorer.h"
#include "search/objective.h"
#include "run_form.h"
#include "search_progress_relay.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QLabel>

namespace fuselab {

void SchedulePanel::rerunAfterEdit()
{
    if (doc_->workload().layers.empty() || doc_->accelerator().cores.empty())
        return;
    // The run shown stays in the views until the new one is in; its totals are the baseline.
    whatIfBase_.reset();
    const Run *shown = findRun(doc_->runs(), current_.toStdString());
    if (shown)
        whatIfBase_ = shown->schedule.totals;
    if (form_->isExplore()) {
        // A search takes a while: the shown plan, scheduled on the edited design (one
        // schedule), is shown first when its layers and cores still exist.
        std::optional<Plan> preview;
        if (shown && runFits(*shown, doc_->workload(), doc_->accelerator()))
            preview = shown->plan;
        startExplore(exploreOptionsFromPanel(), nextRunName(doc_->runs(), "explore"), true, std::move(preview));
    } else
        startRun(requestFromPanel());
}

void SchedulePanel::startExploreFromPanel()
{
    startExplore(exploreOptionsFromPanel(), nextRunName(doc_->runs(), "explore"));
}

ExploreOptions SchedulePanel::exploreOptionsFromPanel() const
{
    return form_->exploreOptions();
}

void SchedulePanel::startExplore(const ExploreOptions &options, const std::string &name, bool markModified,
                                 std::optional<Plan> preview)
{
    stopSearch();
    job_.cancel();
    const quint64 searchId = ++searches_;
    markModified_ = markModified;
    const Workload w = doc_->workload();
    const Accelerator acc = doc_->accelerator();
    ExploreOptions opt = options;
    // The stored run carries latency/energy points for the Pareto chart.
    if (opt.pareto.size() != 2)
        opt.pareto = {Objective::Latency, Objective::Energy};
    auto control = std::make_shared<SearchControl>();
    auto relay = std::make_shared<SearchProgressRelay>(
        this, [this, searchId](const SearchProgress &p) { onSearchProgress(searchId, p); });
    control->setProgressInterval(0.1);
    control->setProgressCallback([relay](const SearchProgress &p) { relay->post(p); });
    search_ = control;
    relay_ = relay;
    // Cancel keeps the best plan so far (SearchControl); the job's stop flag is not needed.
    job_.start([this, searchId, w, acc, opt, name, control, preview](const std::atomic<bool> &) {
        std::shared_ptr<const Outcome> previewed;
        if (preview) {
            try {
                auto first = std::make_shared<Outcome>();
                first->run = makeRun(name, "explore", w, acc, *preview, nullptr, opt.maxCns);
                first->timeline = timeline::timelineFromSchedule(first->run.schedule, w, acc, first->run.plan);
                first->memories = timeline::memoryTracksFromSchedule(first->run.schedule, acc);
                // Queued to the panel, which outlives this worker (its job waits for it).
                QMetaObject::invokeMethod(
                    this, [this, searchId, first] { showPreview(searchId, first); }, Qt::QueuedConnection);
                previewed = first; // only its run is read here; the GUI thread takes its timelines
            } catch (const std::exception &) {
                // The edited design cannot run the old plan: no preview, the search decides.
            }
        }
        auto out = std::make_shared<Outcome>();
        try {
            control->restartClock();
            out->run = packExploreRun(name, w, acc, explore(w, acc, opt, control.get()));
            // A what-if keeps the better of the search's plan and the previous one on the
            // edited design: at its budget the search can miss a plan it was not shown.
            if (previewed && objectiveValue(previewed->run.schedule.totals, opt.objective) <
                                 objectiveValue(out->run.schedule.totals, opt.objective)) {
                std::vector<ParetoPoint> explored = std::move(out->run.pareto);
                out->run = previewed->run;
                out->run.pareto = std::move(explored);
                out->keptPrevious = true;
            }
            out->timeline = timeline::timelineFromSchedule(out->run.schedule, w, acc, out->run.plan);
            out->memories = timeline::memoryTracksFromSchedule(out->run.schedule, acc);
        } catch (const std::exception &e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    });
    setRunning(true);
    form_->setStatus(tr("Exploring %1…").arg(QString::fromStdString(name)));
    Q_EMIT message(tr("Exploring plans for %1 on %2…")
                       .arg(QString::fromStdString(w.name), QString::fromStdString(acc.name)));
}

void SchedulePanel::showPreview(quint64 search, const std::shared_ptr<Outcome> &preview)
{
    if (search != searches_ || !search_ || !isRunning())
        return; // superseded, cancelled or already finished
    const Run &run = preview->run;
    const QString report = whatIfText(QString::fromStdString(run.name), run.schedule.totals);
    fillViews(run, preview);
    summary_->setText(summaryText(run) + tr("<br><i>The previous plan on the edited design; searching for a "
                                            "better one…</i>"));
    Q_EMIT message(tr("%1 (the previous plan re-evaluated; the search goes on)").arg(report));
    Q_EMIT whatIfPreviewShown(report);
}

void SchedulePanel::onSearchProgress(quint64 search, const SearchProgress &p)
{
    if (search != searches_ || !search_)
        return;
    const double shown = form_->showSearchProgress(p, search_->cancelRequested());
    Q_EMIT searchProgressed(shown, static_cast<qint64>(p.evaluations));
}

} // namespace fuselab
