// SPDX-License-Identifier: GPL-3.0-or-later
// The schedule panel's search: explore() on the worker, its progress on the GUI thread, the
// best plan as a run.
#include "schedule_panel.h"

#include "document/project_document.h"
#include "project/run_names.h"
#include "schedule_panel_outcome.h"
#include "search/explore_run.h"
#include "search/explorer.h"
#include "search_progress_relay.h"
#include "timeline/schedule_timeline_adapter.h"

#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSpinBox>
#include <QtConcurrent>

#include <algorithm>
#include <limits>

namespace fuselab {

void SchedulePanel::addSearchObjectives(QComboBox *combo)
{
    for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp, Objective::Dram}) {
        const std::string_view name = toString(o);
        combo->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())), static_cast<int>(o));
    }
}

void SchedulePanel::rerunAfterEdit()
{
    if (doc_->workload().layers.empty() || doc_->accelerator().cores.empty())
        return;
    // The run shown stays in the views until the new one is in; its totals are the baseline.
    whatIfBase_.reset();
    if (const Run *shown = findRun(doc_->runs(), current_.toStdString()))
        whatIfBase_ = shown->schedule.totals;
    if (strategy_->currentData().toString() == QStringLiteral("explore"))
        startExplore(exploreOptionsFromPanel(), nextRunName(doc_->runs(), "explore"));
    else
        startRun(requestFromPanel());
}

void SchedulePanel::startExploreFromPanel()
{
    startExplore(exploreOptionsFromPanel(), nextRunName(doc_->runs(), "explore"));
}

ExploreOptions SchedulePanel::exploreOptionsFromPanel() const
{
    ExploreOptions o;
    o.objective = static_cast<Objective>(objective_->currentData().toInt());
    o.threads = threads_->value();
    o.seed = static_cast<uint64_t>(seed_->value());
    o.generations = generations_->value();
    return o;
}

void SchedulePanel::startExplore(const ExploreOptions &options, const std::string &name, bool markModified)
{
    stopSearch();
    stopPlainRun();
    const quint64 gen = ++generation_;
    markModified_ = markModified;
    const Workload w = doc_->workload();
    const Accelerator acc = doc_->accelerator();
    ExploreOptions opt = options;
    // The stored run carries latency/energy points for the Pareto chart.
    if (opt.pareto.size() != 2)
        opt.pareto = {Objective::Latency, Objective::Energy};
    auto control = std::make_shared<SearchControl>();
    auto relay = std::make_shared<SearchProgressRelay>(
        this, [this, gen](const SearchProgress &p) { onSearchProgress(gen, p); });
    control->setProgressInterval(0.1);
    control->setProgressCallback([relay](const SearchProgress &p) { relay->post(p); });
    search_ = control;
    relay_ = relay;
    shownFraction_ = 0.0;
    watcher_.setFuture(QtConcurrent::run(&pool_, [w, acc, opt, name, gen, control]() {
        auto out = std::make_shared<Outcome>();
        out->generation = gen;
        try {
            control->restartClock();
            out->run = packExploreRun(name, w, acc, explore(w, acc, opt, control.get()));
            out->timeline = timeline::timelineFromSchedule(out->run.schedule, w, acc, out->run.plan);
            out->memories = timeline::memoryTracksFromSchedule(out->run.schedule, acc);
        } catch (const std::exception &e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    }));
    setRunning(true);
    status_->setText(tr("Exploring %1…").arg(QString::fromStdString(name)));
    Q_EMIT message(tr("Exploring plans for %1 on %2…")
                       .arg(QString::fromStdString(w.name), QString::fromStdString(acc.name)));
}

QString SchedulePanel::objectiveUnit(int objective)
{
    switch (static_cast<Objective>(objective)) {
    case Objective::Latency:
        return tr("cycles");
    case Objective::Energy:
        return tr("pJ");
    case Objective::Edp:
        return tr("pJ·cycles");
    case Objective::Dram:
    case Objective::Memory:
        return tr("bytes");
    }
    return {};
}

void SchedulePanel::onSearchProgress(quint64 generation, const SearchProgress &p)
{
    if (generation != generation_ || !search_)
        return;
    // The search's phases report their own fractions: the bar never goes back, and the ETA is
    // the time the shown fraction took, scaled to what remains.
    shownFraction_ = std::clamp(std::max(shownFraction_, p.fraction), 0.0, 1.0);
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(shownFraction_ * 1000 + 0.5));
    QString text = tr("%1 %2 %, %3 evaluations")
                       .arg(QString::fromStdString(p.phase))
                       .arg(static_cast<int>(shownFraction_ * 100 + 0.5))
                       .arg(QLocale().toString(static_cast<qlonglong>(p.evaluations)));
    if (p.best < std::numeric_limits<double>::infinity())
        text += tr(", best %1 %2")
                    .arg(QLocale().toString(p.best, 'g', 5), objectiveUnit(objective_->currentData().toInt()));
    text += tr(", %1 s").arg(p.elapsedSeconds, 0, 'f', 1);
    if (shownFraction_ >= 0.02 && shownFraction_ < 1.0)
        text += tr(", about %1 s left").arg(p.elapsedSeconds * (1.0 - shownFraction_) / shownFraction_, 0, 'f', 0);
    if (search_->cancelRequested())
        text = tr("Stopping: keeping the best plan found… ") + text;
    status_->setText(text);
    Q_EMIT searchProgressed(shownFraction_, static_cast<qint64>(p.evaluations));
}

} // namespace fuselab
