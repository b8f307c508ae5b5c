// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_form.h"

#include "project/run_names.h"
#include "search/explorer.h"
#include "search/search_control.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace fuselab {

RunForm::RunForm(QWidget *parent) : QGroupBox(tr("Run"), parent), clock_(std::make_unique<QElapsedTimer>())
{
    auto *form = new QFormLayout(this);
    strategy_ = new QComboBox(this);
    strategy_->setObjectName(QStringLiteral("strategyCombo"));
    strategy_->addItem(tr("fused (greedy stack cut)"), QStringLiteral("fused"));
    strategy_->addItem(tr("lbl (layer by layer)"), QStringLiteral("lbl"));
    strategy_->addItem(tr("explore (search fusion, tiles, pins, cores)"), QStringLiteral("explore"));
    form->addRow(tr("Strategy"), strategy_);
    tileRows_ = new QSpinBox(this);
    tileRows_->setRange(1, 4096);
    tileRows_->setValue(1);
    tileRows_->setToolTip(tr("Rows of each fused group's last output per tile"));
    form->addRow(tr("Tile rows"), tileRows_);
    overlap_ = new QComboBox(this);
    overlap_->addItem(tr("cache"), static_cast<int>(OverlapMode::Cache));
    overlap_->addItem(tr("recompute"), static_cast<int>(OverlapMode::Recompute));
    form->addRow(tr("Overlap"), overlap_);
    threads_ = new QSpinBox(this);
    threads_->setRange(1, 256);
    threads_->setValue(QThread::idealThreadCount());
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setToolTip(tr("Worker threads of the search (lbl and fused evaluate one plan)"));
    form->addRow(tr("Threads"), threads_);
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("seedSpin"));
    seed_->setRange(0, 1 << 30);
    seed_->setValue(1);
    seed_->setToolTip(tr("Seed of the search: the same seed gives the same plan at any thread count"));
    form->addRow(tr("Seed"), seed_);
    objective_ = new QComboBox(this);
    objective_->setObjectName(QStringLiteral("objectiveCombo"));
    for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp, Objective::Dram}) {
        const std::string_view name = toString(o);
        objective_->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())), static_cast<int>(o));
    }
    objective_->setToolTip(tr("What the search minimises (DRAM: bytes read and written)"));
    form->addRow(tr("Objective"), objective_);
    generations_ = new QSpinBox(this);
    generations_->setObjectName(QStringLiteral("generationsSpin"));
    generations_->setRange(0, 100000);
    generations_->setValue(100);
    generations_->setToolTip(tr("NSGA-II generations of the core allocation search"));
    form->addRow(tr("Generations"), generations_);
    maxCns_ = new QSpinBox(this);
    maxCns_->setObjectName(QStringLiteral("maxCnsSpin"));
    maxCns_->setRange(0, 100'000'000); // as fuselab-cli's --max-cns; 0: the default
    maxCns_->setSingleStep(50'000);
    maxCns_->setGroupSeparatorShown(true);
    maxCns_->setSpecialValueText(tr("default (%L1; explore %L2)").arg(kDefaultMaxCns).arg(kDefaultExploreMaxCns));
    maxCns_->setValue(0);
    maxCns_->setToolTip(tr("Largest number of computation nodes (tiles) a plan may need: a larger plan is "
                           "refused before it is scheduled. Memory grows by about 1 KiB per node."));
    form->addRow(tr("CN limit"), maxCns_);
    auto *buttons = new QHBoxLayout;
    runButton_ = new QPushButton(tr("Run"), this);
    runButton_->setObjectName(QStringLiteral("runButton"));
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setEnabled(false);
    buttons->addWidget(runButton_);
    buttons->addWidget(cancelButton_);
    form->addRow(buttons);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(false);
    form->addRow(progress_);
    rerun_ = new QCheckBox(tr("Re-run on edit"), this);
    rerun_->setObjectName(QStringLiteral("rerunOnEdit"));
    rerun_->setToolTip(tr("After an edit to the hardware or the network, run the current strategy again in the "
                          "background and report the change against the run shown"));
    form->addRow(rerun_);
    status_ = new QLabel(tr("Idle"), this);
    status_->setObjectName(QStringLiteral("runStatus"));
    status_->setWordWrap(true);
    form->addRow(status_);

    tick_ = new QTimer(this);
    tick_->setInterval(200);
    connect(tick_, &QTimer::timeout, this, [this] {
        if (search_)
            return; // a search reports its own progress
        status_->setText(tr("Scheduling… %1 s").arg(elapsedSeconds(), 0, 'f', 1));
    });
    connect(runButton_, &QPushButton::clicked, this, &RunForm::runClicked);
    connect(cancelButton_, &QPushButton::clicked, this, &RunForm::cancelClicked);
    connect(strategy_, &QComboBox::currentIndexChanged, this, &RunForm::updateStrategyFields);
    updateStrategyFields();
}

RunForm::~RunForm() = default;

bool RunForm::isExplore() const
{
    return strategy_->currentData().toString() == QStringLiteral("explore");
}

void RunForm::updateStrategyFields()
{
    const bool search = isExplore();
    tileRows_->setEnabled(!search);
    overlap_->setEnabled(!search);
    threads_->setEnabled(search);
    seed_->setEnabled(search);
    objective_->setEnabled(search);
    generations_->setEnabled(search);
}

RunRequest RunForm::request(const std::vector<Run> &runs) const
{
    RunRequest r;
    r.strategy = strategy_->currentData().toString().toStdString();
    r.tileRows = tileRows_->value();
    r.overlap = static_cast<OverlapMode>(overlap_->currentData().toInt());
    r.maxCns = maxCns_->value() > 0 ? maxCns_->value() : kDefaultMaxCns;
    r.name = r.strategy;
    if (r.strategy == "fused" && (r.tileRows != 1 || r.overlap != OverlapMode::Cache))
        r.name += "_r" + std::to_string(r.tileRows) + (r.overlap == OverlapMode::Cache ? "" : "_recompute");
    r.name = nextRunName(runs, r.name); // runs are history: "fused", "fused 2", …
    return r;
}

ExploreOptions RunForm::exploreOptions() const
{
    ExploreOptions o;
    o.objective = static_cast<Objective>(objective_->currentData().toInt());
    o.threads = threads_->value();
    o.seed = static_cast<uint64_t>(seed_->value());
    o.generations = generations_->value();
    o.maxCns = maxCns_->value() > 0 ? maxCns_->value() : kDefaultExploreMaxCns;
    return o;
}

bool RunForm::rerunOnEdit() const { return rerun_->isChecked(); }

void RunForm::setRerunOnEdit(bool on) { rerun_->setChecked(on); }

void RunForm::setRunning(bool on, bool search)
{
    search_ = on && search;
    runButton_->setEnabled(!on);
    cancelButton_->setEnabled(on);
    progress_->setRange(0, on ? 0 : 1); // busy indicator: one plan has no known progress
    progress_->setValue(on ? 0 : 1);
    if (on) {
        shownFraction_ = 0.0;
        clock_->start();
        tick_->start();
    } else {
        tick_->stop();
    }
}

double RunForm::elapsedSeconds() const
{
    return static_cast<double>(clock_->elapsed()) / 1000.0;
}

void RunForm::setStatus(const QString &text) { status_->setText(text); }

QString RunForm::status() const { return status_->text(); }

QString RunForm::objectiveUnit() const
{
    switch (static_cast<Objective>(objective_->currentData().toInt())) {
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

double RunForm::showSearchProgress(const SearchProgress &p, bool stopping)
{
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
        text += tr(", best %1 %2").arg(QLocale().toString(p.best, 'g', 5), objectiveUnit());
    text += tr(", %1 s").arg(p.elapsedSeconds, 0, 'f', 1);
    if (shownFraction_ >= 0.02 && shownFraction_ < 1.0)
        text += tr(", about %1 s left").arg(p.elapsedSeconds * (1.0 - shownFraction_) / shownFraction_, 0, 'f', 0);
    if (stopping)
        text = tr("Stopping: keeping the best plan found… ") + text;
    status_->setText(text);
    return shownFraction_;
}

} // namespace fuselab
