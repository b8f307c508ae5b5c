// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Charts comparing runs (Qt Charts): the energy breakdown (stacked bars: MAC, each memory,
// links, DRAM) with the latency beside it, and a scatter of runs (and their search points)
// over two objectives with the Pareto front highlighted. Each is a ChartCanvas, which
// chart_export writes to SVG / PDF / PNG with the timeline views' figure options.

#include "project/run.h"
#include "search/objective.h"

#include "charts/lazy_chart_widget.h"

#include <string>
#include <vector>

class QBarCategoryAxis;
class QChart;
class QComboBox;
class QValueAxis;

namespace fuselab {

class ChartCanvas;

/// The part of a run the charts show: name, totals and search points, without the recorded
/// schedule (which may hold 100k events).
Run runSummary(const Run &run);

/// Energy breakdown of `runs` (stacked, in µJ or mJ) and their latency (ms), one bar per run
/// in two charts side by side. Rebuilt when seen (LazyChartWidget).
class EnergyBreakdownChart : public LazyChartWidget {
    Q_OBJECT
public:
    explicit EnergyBreakdownChart(QWidget *parent = nullptr);
    void setRuns(const std::vector<Run> &runs);
    ChartCanvas *canvas() { flush(); return canvas_; }
    QChart *energyChart() { flush(); return energy_; }
    QChart *latencyChart() { flush(); return latency_; }
    /// The stacked categories as shown (legend order), for tests.
    QStringList categories() { flush(); return categories_; }

private:
    void rebuild() override;
    std::vector<Run> runs_; // runSummary of each
    ChartCanvas *canvas_ = nullptr;
    QChart *energy_ = nullptr;
    QChart *latency_ = nullptr;
    QBarCategoryAxis *energyRuns_ = nullptr;
    QValueAxis *energyAxis_ = nullptr;
    QBarCategoryAxis *latencyRuns_ = nullptr;
    QValueAxis *latencyAxis_ = nullptr;
    QStringList categories_;
};

/// The objective's name, e.g. "Latency".
QString objectiveLabel(Objective o);
/// An objective's axis: its values divided by `divisor` read in the unit of `title`.
struct ObjectiveAxis {
    QString title;
    double divisor = 1.0;
};
/// The axis for values of `o` up to `maxValue`, in a unit that keeps the labels short
/// (e.g. energy in µJ, latency in Mcycles).
ObjectiveAxis objectiveAxis(Objective o, double maxValue);
double objectiveOf(const Run &run, Objective o);

/// Runs (and their stored Pareto points) over two chosen objectives; the non-dominated
/// points (search/pareto.h) are highlighted and joined by a staircase. Each run is a series
/// of its own, labelled with its name; clicking its point emits runClicked. Rebuilt when
/// seen (LazyChartWidget).
class ParetoChart : public LazyChartWidget {
    Q_OBJECT
public:
    explicit ParetoChart(QWidget *parent = nullptr);
    void setRuns(const std::vector<Run> &runs);
    void setObjectives(Objective x, Objective y);
    ChartCanvas *canvas() { flush(); return canvas_; }
    QChart *chart() { flush(); return chart_; }

Q_SIGNALS:
    void runClicked(const QString &name);

private:
    void rebuild() override;
    ChartCanvas *canvas_ = nullptr;
    QChart *chart_ = nullptr;
    QValueAxis *xAxis_ = nullptr;
    QValueAxis *yAxis_ = nullptr;
    QComboBox *xCombo_ = nullptr;
    QComboBox *yCombo_ = nullptr;
    std::vector<Run> runs_; // runSummary of each
};

} // namespace fuselab
