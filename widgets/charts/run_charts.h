// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Charts comparing runs: the energy breakdown (stacked bars: MAC, each memory, links, DRAM)
// with the latency beside it, and a scatter of runs (and their search points) over two
// objectives with the Pareto front highlighted. Both are QCustomPlots so that figure_export
// writes them to SVG / PDF / PNG exactly like the Gantt and memory views.

#include "project/run.h"

#include <QWidget>

#include <string>
#include <vector>

class QCustomPlot;
class QComboBox;

namespace fuselab {

/// Energy breakdown of `runs` (left axis, µJ, stacked) and their latency (right axis, ms),
/// one bar pair per run, side by side.
class EnergyBreakdownChart : public QWidget {
    Q_OBJECT
public:
    explicit EnergyBreakdownChart(QWidget *parent = nullptr);
    void setRuns(const std::vector<Run> &runs);
    QCustomPlot *plot() const { return plot_; }
    /// The stacked categories as shown (legend order), for tests.
    QStringList categories() const { return categories_; }

private:
    QCustomPlot *plot_ = nullptr;
    QStringList categories_;
};

enum class Objective { LatencyCycles, EnergyPj, Edp, DramBytes };
QString objectiveName(Objective o);
double objectiveOf(const Run &run, Objective o);

/// Runs (and their stored Pareto points) over two chosen objectives; the non-dominated
/// points are highlighted and joined. Clicking a run's point emits runClicked.
class ParetoChart : public QWidget {
    Q_OBJECT
public:
    explicit ParetoChart(QWidget *parent = nullptr);
    void setRuns(const std::vector<Run> &runs);
    void setObjectives(Objective x, Objective y);
    QCustomPlot *plot() const { return plot_; }

Q_SIGNALS:
    void runClicked(const QString &name);

private:
    void rebuild();
    QCustomPlot *plot_ = nullptr;
    QComboBox *xCombo_ = nullptr;
    QComboBox *yCombo_ = nullptr;
    std::vector<Run> runs_;
    std::vector<std::string> pointRuns_; // run name of each scatter point
};

/// Indices of the points not dominated by another (minimising both coordinates).
std::vector<size_t> paretoFront(const std::vector<std::pair<double, double>> &points);

} // namespace fuselab
