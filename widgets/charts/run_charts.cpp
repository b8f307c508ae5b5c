// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/run_charts.h"

#include "charts/chart_canvas.h"
#include "search/pareto.h"
#include "timeline/timeline_palette.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fuselab {

namespace {

QChart *makeChart(const QString &title)
{
    auto *c = new QChart;
    c->setTitle(title);
    c->setBackgroundRoundness(0);
    c->setDropShadowEnabled(false);
    c->setMargins(QMargins(6, 6, 6, 6));
    QFont f = c->titleFont();
    f.setBold(true);
    c->setTitleFont(f);
    return c;
}

// Sets a value axis to [lo, hi] widened to round ticks, with labels of as many decimals
// as those ticks need (no exponent notation).
void setValueAxis(QValueAxis *a, const QString &title, double lo, double hi)
{
    a->setTitleText(title);
    a->setRange(lo, hi);
    a->setTickCount(6); // applyNiceNumbers lowers it: start from the same count every time
    a->applyNiceNumbers();
    const double step = (a->max() - a->min()) / std::max(1, a->tickCount() - 1);
    const int decimals = step >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    a->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

// Run colours: the palette without its red (key 2), which marks the Pareto front.
QColor runColor(size_t i)
{
    static constexpr int kKeys[] = {0, 1, 4, 6, 3, 8, 9, 5};
    return timeline::keyColor(kKeys[i % std::size(kKeys)] + 10 * static_cast<int>(i / std::size(kKeys)));
}

const QColor kFrontColor = timeline::keyColor(2);

} // namespace

EnergyBreakdownChart::EnergyBreakdownChart(QWidget *parent) : LazyChartWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    canvas_ = new ChartCanvas(this);
    canvas_->setObjectName(QStringLiteral("breakdownCanvas"));
    layout->addWidget(canvas_);
    energy_ = makeChart(tr("Energy per run"));
    latency_ = makeChart(tr("Latency per run"));
    energy_->legend()->setAlignment(Qt::AlignRight); // a column: memory names are long
    latency_->legend()->setVisible(false);
    // The axes live as long as the charts; only the series are replaced. (Axes deleted and
    // re-created before the chart was first laid out, as on a hidden tab, leave their labels
    // and grid behind in Qt Charts 6.4.)
    energyRuns_ = new QBarCategoryAxis;
    energyAxis_ = new QValueAxis;
    latencyRuns_ = new QBarCategoryAxis;
    latencyAxis_ = new QValueAxis;
    energy_->addAxis(energyRuns_, Qt::AlignBottom);
    energy_->addAxis(energyAxis_, Qt::AlignLeft);
    latency_->addAxis(latencyRuns_, Qt::AlignBottom);
    latency_->addAxis(latencyAxis_, Qt::AlignLeft);
    canvas_->addChart(energy_, 2);
    canvas_->addChart(latency_, 1);
}

Run runSummary(const Run &run)
{
    Run s;
    s.name = run.name;
    s.strategy = run.strategy;
    s.created = run.created;
    s.schedule.clockMHz = run.schedule.clockMHz;
    s.schedule.totals = run.schedule.totals;
    s.pareto = run.pareto;
    return s;
}

void EnergyBreakdownChart::setRuns(const std::vector<Run> &runs)
{
    runs_.clear();
    for (const Run &r : runs)
        runs_.push_back(runSummary(r));
    contentChanged();
}

void EnergyBreakdownChart::rebuild()
{
    const std::vector<Run> &runs = runs_;
    energy_->removeAllSeries();
    latency_->removeAllSeries();
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

    QStringList names;
    for (const Run &r : runs)
        names << QString::fromStdString(r.name);

    double maxEnergyPj = 0, maxLatency = 0;
    for (const Run &r : runs) {
        maxEnergyPj = std::max(maxEnergyPj, r.schedule.totals.energy.total());
        maxLatency = std::max(maxLatency, r.schedule.totals.latencySeconds * 1e3);
    }
    // Energy in the unit that keeps the ticks short (µJ for a small net, mJ for ResNet-50).
    const ObjectiveAxis energyUnit = objectiveAxis(Objective::Energy, maxEnergyPj);
    auto *stacked = new QStackedBarSeries;
    stacked->setBarWidth(0.55);
    for (size_t c = 0; c < cats.size(); ++c) {
        auto *set = new QBarSet(cats[c].name);
        const QColor color = timeline::keyColor(static_cast<int>(c));
        set->setColor(color);
        set->setBorderColor(color.darker(130));
        for (const Run &r : runs)
            set->append(cats[c].value(r.schedule.totals.energy) / energyUnit.divisor);
        stacked->append(set);
        categories_.push_back(cats[c].name);
    }
    energy_->addSeries(stacked);
    energyRuns_->clear();
    energyRuns_->append(names);
    stacked->attachAxis(energyRuns_);
    setValueAxis(energyAxis_, energyUnit.title, 0, std::max(1e-9, maxEnergyPj / energyUnit.divisor * 1.05));
    stacked->attachAxis(energyAxis_);

    auto *latencySeries = new QBarSeries;
    latencySeries->setBarWidth(0.55);
    auto *latencySet = new QBarSet(tr("Latency"));
    latencySet->setColor(QColor(0x8c, 0x8c, 0x8c));
    latencySet->setBorderColor(QColor(0x55, 0x55, 0x55));
    for (const Run &r : runs)
        latencySet->append(r.schedule.totals.latencySeconds * 1e3);
    latencySeries->append(latencySet);
    // The value above each bar: the figure reads without a ruler.
    latencySeries->setLabelsVisible(true);
    latencySeries->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    latencySeries->setLabelsFormat(QStringLiteral("@value"));
    latencySeries->setLabelsPrecision(3);
    latencySet->setLabelColor(QColor(0x22, 0x22, 0x22));
    latency_->addSeries(latencySeries);
    latencyRuns_->clear();
    latencyRuns_->append(names);
    latencySeries->attachAxis(latencyRuns_);
    setValueAxis(latencyAxis_, tr("Latency (ms)"), 0, std::max(1e-9, maxLatency * 1.12));
    latencySeries->attachAxis(latencyAxis_);
}

QString objectiveLabel(Objective o)
{
    switch (o) {
    case Objective::Latency:
        return QObject::tr("Latency");
    case Objective::Energy:
        return QObject::tr("Energy");
    case Objective::Edp:
        return QObject::tr("Energy-delay product");
    case Objective::Dram:
        return QObject::tr("DRAM traffic");
    case Objective::Memory:
        return QObject::tr("Peak on-chip memory");
    }
    return {};
}

ObjectiveAxis objectiveAxis(Objective o, double maxValue)
{
    // The power of 1000 that keeps the largest value below 1000 (at most 10^12).
    const int k = maxValue >= 1000 ? std::min(4, static_cast<int>(std::floor(std::log10(maxValue) / 3))) : 0;
    const double divisor = std::pow(1000.0, k);
    static const char *const kSi[] = {"", "k", "M", "G", "T"};
    static const char *const kEnergy[] = {"pJ", "nJ", "µJ", "mJ", "J"};
    const QString si = QString::fromUtf8(kSi[k]);
    switch (o) {
    case Objective::Latency:
        return {QObject::tr("Latency (%1cycles)").arg(si), divisor};
    case Objective::Energy:
        return {QObject::tr("Energy (%1)").arg(QString::fromUtf8(kEnergy[k])), divisor};
    case Objective::Edp:
        return {k == 0 ? QObject::tr("EDP (pJ·cycles)") : QObject::tr("EDP (10^%1 pJ·cycles)").arg(3 * k),
                divisor};
    case Objective::Dram:
        return {QObject::tr("DRAM traffic (%1B)").arg(si), divisor};
    case Objective::Memory:
        return {QObject::tr("Peak on-chip memory (%1B)").arg(si), divisor};
    }
    return {};
}

double objectiveOf(const Run &run, Objective o)
{
    return objectiveValue(run.schedule.totals, o);
}

ParetoChart::ParetoChart(QWidget *parent) : LazyChartWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    xCombo_ = new QComboBox(this);
    yCombo_ = new QComboBox(this);
    for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp, Objective::Dram, Objective::Memory}) {
        xCombo_->addItem(objectiveLabel(o), static_cast<int>(o));
        yCombo_->addItem(objectiveLabel(o), static_cast<int>(o));
    }
    yCombo_->setCurrentIndex(1);
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(xCombo_);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(yCombo_);
    bar->addStretch();
    layout->addLayout(bar);
    canvas_ = new ChartCanvas(this);
    canvas_->setObjectName(QStringLiteral("paretoCanvas"));
    layout->addWidget(canvas_);
    chart_ = makeChart(tr("Runs and explored points"));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    xAxis_ = new QValueAxis; // kept, like the breakdown's axes
    yAxis_ = new QValueAxis;
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    canvas_->addChart(chart_);
    connect(xCombo_, &QComboBox::currentIndexChanged, this, [this] { contentChanged(); });
    connect(yCombo_, &QComboBox::currentIndexChanged, this, [this] { contentChanged(); });
}

void ParetoChart::setRuns(const std::vector<Run> &runs)
{
    runs_.clear();
    for (const Run &r : runs)
        runs_.push_back(runSummary(r));
    contentChanged();
}

void ParetoChart::setObjectives(Objective x, Objective y)
{
    const QSignalBlocker bx(xCombo_), by(yCombo_);
    xCombo_->setCurrentIndex(xCombo_->findData(static_cast<int>(x)));
    yCombo_->setCurrentIndex(yCombo_->findData(static_cast<int>(y)));
    contentChanged();
}

void ParetoChart::rebuild()
{
    const auto ox = static_cast<Objective>(xCombo_->currentData().toInt());
    const auto oy = static_cast<Objective>(yCombo_->currentData().toInt());
    chart_->removeAllSeries();
    // Search points (stored with explore runs) are latency / energy only.
    const bool searchAxes = ox == Objective::Latency && oy == Objective::Energy;
    std::vector<Objectives> all;
    std::vector<Objectives> explored;
    if (searchAxes)
        for (const Run &r : runs_)
            for (const ParetoPoint &p : r.pareto)
                explored.push_back({p.latencyCycles, p.energyPj});
    all = explored;
    for (const Run &r : runs_)
        all.push_back({objectiveOf(r, ox), objectiveOf(r, oy)});
    double maxX = 0, maxY = 0, minX = 0, minY = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        minX = i == 0 ? all[i][0] : std::min(minX, all[i][0]);
        minY = i == 0 ? all[i][1] : std::min(minY, all[i][1]);
        maxX = std::max(maxX, all[i][0]);
        maxY = std::max(maxY, all[i][1]);
    }
    const ObjectiveAxis ax = objectiveAxis(ox, maxX), ay = objectiveAxis(oy, maxY);
    auto scaled = [&](const Objectives &p) { return QPointF(p[0] / ax.divisor, p[1] / ay.divisor); };

    std::vector<QAbstractSeries *> series;
    if (!explored.empty()) {
        auto *s = new QScatterSeries;
        s->setName(tr("Explored"));
        s->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        s->setMarkerSize(6);
        s->setColor(QColor(0xb4, 0xb4, 0xb4));
        s->setBorderColor(QColor(0x96, 0x96, 0x96));
        for (const Objectives &p : explored)
            s->append(scaled(p));
        series.push_back(s);
    }
    // The front as a staircase: each point's value holds until the next point's x.
    std::vector<int> front = paretoFront(all);
    std::sort(front.begin(), front.end(), [&](int a, int b) { return all[a] < all[b]; });
    auto *frontLine = new QLineSeries;
    frontLine->setName(tr("Pareto front"));
    frontLine->setPen(QPen(kFrontColor, 2));
    for (size_t i = 0; i < front.size(); ++i) {
        const QPointF p = scaled(all[front[i]]);
        if (i > 0)
            frontLine->append(p.x(), frontLine->at(frontLine->count() - 1).y());
        frontLine->append(p);
    }
    auto *frontPoints = new QScatterSeries;
    frontPoints->setMarkerSize(9);
    frontPoints->setColor(kFrontColor);
    frontPoints->setBorderColor(kFrontColor.darker(130));
    for (int i : front)
        frontPoints->append(scaled(all[i]));
    series.push_back(frontLine);
    series.push_back(frontPoints);
    // The runs last, on top, each a series of its own labelled with its name.
    for (size_t i = 0; i < runs_.size(); ++i) {
        auto *s = new QScatterSeries;
        const QString name = QString::fromStdString(runs_[i].name);
        s->setName(name);
        s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        s->setMarkerSize(13);
        s->setColor(runColor(i));
        s->setBorderColor(runColor(i).darker(140));
        s->append(scaled({objectiveOf(runs_[i], ox), objectiveOf(runs_[i], oy)}));
        // A label format without @xPoint / @yPoint is shown as it is: the run's name.
        s->setPointLabelsFormat(QString(name).replace(QLatin1Char('@'), QStringLiteral("(at)")));
        s->setPointLabelsVisible(true);
        s->setPointLabelsClipping(false);
        connect(s, &QScatterSeries::clicked, this, [this, name] { Q_EMIT runClicked(name); });
        series.push_back(s);
    }
    const double padX = std::max((maxX - minX) * 0.08, std::abs(maxX) * 0.05 + 1e-12) / ax.divisor;
    const double padY = std::max((maxY - minY) * 0.08, std::abs(maxY) * 0.05 + 1e-12) / ay.divisor;
    setValueAxis(xAxis_, ax.title, std::max(0.0, minX / ax.divisor - padX), maxX / ax.divisor + padX);
    setValueAxis(yAxis_, ay.title, std::max(0.0, minY / ay.divisor - padY), maxY / ay.divisor + padY);
    for (QAbstractSeries *s : series) {
        chart_->addSeries(s);
        s->attachAxis(xAxis_);
        s->attachAxis(yAxis_);
    }
    // The front's markers are explained by the front's line in the legend.
    for (QLegendMarker *m : chart_->legend()->markers(frontPoints))
        m->setVisible(false);
}

} // namespace fuselab
