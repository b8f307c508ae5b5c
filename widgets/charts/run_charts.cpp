// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/run_charts.h"

#include "qcp_include.h"
#include "timeline/timeline_palette.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace fuselab {

EnergyBreakdownChart::EnergyBreakdownChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("breakdownPlot"));
    plot_->setMinimumSize(320, 240); // QCustomPlot cannot lay out its legend in less
    layout->addWidget(plot_);
    plot_->yAxis->setLabel(QStringLiteral("Energy (µJ)"));
    plot_->yAxis2->setVisible(true);
    plot_->yAxis2->setLabel(QStringLiteral("Latency (ms)"));
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
}

void EnergyBreakdownChart::setRuns(const std::vector<Run> &runs)
{
    plot_->clearPlottables();
    categories_.clear();
    // Categories: MAC, each memory (union over runs, sorted by name as the breakdown is), links, DRAM.
    std::vector<std::string> memories;
    for (const Run &r : runs)
        for (const auto &[name, pj] : r.schedule.totals.energy.memory)
            if (std::find(memories.begin(), memories.end(), name) == memories.end())
                memories.push_back(name);
    std::sort(memories.begin(), memories.end());
    struct Category {
        QString name;
        std::function<double(const EnergyBreakdown &)> value;
    };
    std::vector<Category> cats;
    cats.push_back({QStringLiteral("MAC"), [](const EnergyBreakdown &e) { return e.mac; }});
    for (const std::string &m : memories)
        cats.push_back({QString::fromStdString(m), [m](const EnergyBreakdown &e) {
                            auto it = e.memory.find(m);
                            return it == e.memory.end() ? 0.0 : it->second;
                        }});
    cats.push_back({QStringLiteral("Links"), [](const EnergyBreakdown &e) { return e.links; }});
    cats.push_back({QStringLiteral("DRAM"), [](const EnergyBreakdown &e) { return e.dram; }});

    const double width = 0.35;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> keys;
    for (size_t i = 0; i < runs.size(); ++i) {
        keys.push_back(static_cast<double>(i) + 1);
        ticker->addTick(static_cast<double>(i) + 1, QString::fromStdString(runs[i].name));
    }
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setSubTicks(false);
    plot_->xAxis->setTickLength(0, 4);
    QCPBars *below = nullptr;
    double maxEnergy = 0;
    for (size_t c = 0; c < cats.size(); ++c) {
        auto *bars = new QCPBars(plot_->xAxis, plot_->yAxis);
        bars->setName(cats[c].name);
        bars->setWidth(width);
        const QColor color = timeline::keyColor(static_cast<int>(c));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        QVector<double> k, v;
        for (size_t i = 0; i < runs.size(); ++i) {
            k.push_back(keys[static_cast<int>(i)] - width / 2 - 0.02);
            v.push_back(cats[c].value(runs[i].schedule.totals.energy) / 1e6);
        }
        bars->setData(k, v, true);
        if (below)
            bars->moveAbove(below);
        below = bars;
        categories_.push_back(cats[c].name);
    }
    for (const Run &r : runs)
        maxEnergy = std::max(maxEnergy, r.schedule.totals.energy.total() / 1e6);
    auto *lat = new QCPBars(plot_->xAxis, plot_->yAxis2);
    lat->setName(QStringLiteral("Latency (right axis)"));
    lat->setWidth(width);
    lat->setBrush(QColor(0x9a, 0x9a, 0x9a));
    lat->setPen(QPen(QColor(0x55, 0x55, 0x55)));
    double maxLatency = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
        const double ms = runs[i].schedule.totals.latencySeconds * 1e3;
        lat->addData(keys[static_cast<int>(i)] + width / 2 + 0.02, ms);
        maxLatency = std::max(maxLatency, ms);
    }
    plot_->xAxis->setRange(0.3, static_cast<double>(runs.size()) + 0.7);
    plot_->yAxis->setRange(0, std::max(1e-9, maxEnergy * 1.25));
    plot_->yAxis2->setRange(0, std::max(1e-9, maxLatency * 1.25));
    plot_->replot(QCustomPlot::rpQueuedReplot); // coalesced, off the caller's stack
}

QString objectiveName(Objective o)
{
    switch (o) {
    case Objective::LatencyCycles:
        return QStringLiteral("Latency (cycles)");
    case Objective::EnergyPj:
        return QStringLiteral("Energy (pJ)");
    case Objective::Edp:
        return QStringLiteral("EDP (pJ·cycles)");
    case Objective::DramBytes:
        return QStringLiteral("DRAM bytes");
    }
    return {};
}

double objectiveOf(const Run &run, Objective o)
{
    const ScheduleTotals &t = run.schedule.totals;
    switch (o) {
    case Objective::LatencyCycles:
        return static_cast<double>(t.latencyCycles);
    case Objective::EnergyPj:
        return t.energyPj;
    case Objective::Edp:
        return t.edp;
    case Objective::DramBytes:
        return static_cast<double>(t.dramReadBytes + t.dramWriteBytes);
    }
    return 0;
}

std::vector<size_t> paretoFront(const std::vector<std::pair<double, double>> &points)
{
    std::vector<size_t> front;
    for (size_t i = 0; i < points.size(); ++i) {
        bool dominated = false;
        for (size_t j = 0; j < points.size() && !dominated; ++j)
            dominated = j != i && points[j].first <= points[i].first &&
                        points[j].second <= points[i].second &&
                        (points[j].first < points[i].first || points[j].second < points[i].second);
        if (!dominated)
            front.push_back(i);
    }
    std::sort(front.begin(), front.end(), [&](size_t a, size_t b) { return points[a] < points[b]; });
    return front;
}

ParetoChart::ParetoChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    xCombo_ = new QComboBox(this);
    yCombo_ = new QComboBox(this);
    for (Objective o :
         {Objective::LatencyCycles, Objective::EnergyPj, Objective::Edp, Objective::DramBytes}) {
        xCombo_->addItem(objectiveName(o), static_cast<int>(o));
        yCombo_->addItem(objectiveName(o), static_cast<int>(o));
    }
    yCombo_->setCurrentIndex(1);
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(xCombo_);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(yCombo_);
    bar->addStretch();
    layout->addLayout(bar);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("paretoPlot"));
    // The run points on a layer of their own above the front and the labels, so a click
    // on a point always reaches its run.
    plot_->addLayer(QStringLiteral("runs"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    plot_->setMinimumSize(320, 240);
    layout->addWidget(plot_);
    plot_->legend->setVisible(true);
    connect(xCombo_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(yCombo_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(plot_, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable *pl, int index, QMouseEvent *) {
                if (pl->property("runs").toBool() && index >= 0 &&
                    index < static_cast<int>(pointRuns_.size()))
                    Q_EMIT runClicked(QString::fromStdString(pointRuns_[static_cast<size_t>(index)]));
            });
}

void ParetoChart::setRuns(const std::vector<Run> &runs)
{
    runs_ = runs;
    rebuild();
}

void ParetoChart::setObjectives(Objective x, Objective y)
{
    xCombo_->setCurrentIndex(xCombo_->findData(static_cast<int>(x)));
    yCombo_->setCurrentIndex(yCombo_->findData(static_cast<int>(y)));
    rebuild();
}

void ParetoChart::rebuild()
{
    const auto ox = static_cast<Objective>(xCombo_->currentData().toInt());
    const auto oy = static_cast<Objective>(yCombo_->currentData().toInt());
    plot_->clearPlottables();
    plot_->clearItems();
    plot_->xAxis->setLabel(objectiveName(ox));
    plot_->yAxis->setLabel(objectiveName(oy));
    // Search points (stored with explore runs) are latency / energy only.
    const bool searchAxes = ox == Objective::LatencyCycles && oy == Objective::EnergyPj;
    std::vector<std::pair<double, double>> all;
    if (searchAxes) {
        auto *explored = plot_->addGraph();
        explored->setName(tr("Explored"));
        explored->setLineStyle(QCPGraph::lsNone);
        explored->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0xb0, 0xb0, 0xb0), 5));
        for (const Run &r : runs_)
            for (const ParetoPoint &p : r.pareto) {
                explored->addData(p.latencyCycles, p.energyPj);
                all.push_back({p.latencyCycles, p.energyPj});
            }
        if (all.empty())
            plot_->removeGraph(explored);
    }
    for (const Run &r : runs_)
        all.push_back({objectiveOf(r, ox), objectiveOf(r, oy)});
    auto *front = plot_->addGraph();
    front->setName(tr("Pareto front"));
    front->setLineStyle(QCPGraph::lsStepLeft);
    front->setPen(QPen(timeline::keyColor(3), 1.5));
    front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, timeline::keyColor(3), 7));
    for (size_t i : paretoFront(all))
        front->addData(all[i].first, all[i].second);
    // The runs on top, so that a click on a point of the front hits its run.
    pointRuns_.clear();
    auto *runsGraph = plot_->addGraph();
    runsGraph->setName(tr("Runs"));
    runsGraph->setProperty("runs", true);
    runsGraph->setLineStyle(QCPGraph::lsNone);
    runsGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, timeline::keyColor(0), 9));
    runsGraph->setSelectable(QCP::stSingleData);
    runsGraph->setLayer(QStringLiteral("runs"));
    for (const Run &r : runs_) {
        const double x = objectiveOf(r, ox), y = objectiveOf(r, oy);
        runsGraph->addData(x, y);
        pointRuns_.push_back(r.name);
        auto *label = new QCPItemText(plot_);
        label->position->setCoords(x, y);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(6, 0, 0, 4));
        label->setText(QString::fromStdString(r.name));
    }
    // QCPGraph sorts its data by key: keep pointRuns_ in the same order.
    std::vector<size_t> order(runs_.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return objectiveOf(runs_[a], ox) < objectiveOf(runs_[b], ox);
    });
    std::vector<std::string> sorted;
    for (size_t i : order)
        sorted.push_back(runs_[i].name);
    pointRuns_ = sorted;

    plot_->rescaleAxes();
    for (QCPAxis *a : {plot_->xAxis, plot_->yAxis}) {
        const QCPRange r = a->range();
        const double pad = std::max(r.size() * 0.12, std::abs(r.center()) * 0.05 + 1e-9);
        a->setRange(r.lower - pad, r.upper + pad);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot); // coalesced, off the caller's stack
}

} // namespace fuselab
