// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The totals of two runs side by side: latency, energy, EDP, DRAM traffic and peak on-chip
// memory of run A and run B, the change B − A with its sign and its share of A, coloured
// green when B costs less and red when it costs more.

#include "project/run_comparison.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace fuselab {

class CompareSummary : public QWidget {
    Q_OBJECT
public:
    enum Metric { Latency, Energy, Edp, Dram, PeakOnChip, MetricCount };
    enum Column { Name, ValueA, ValueB, Change, Percent, ColumnCount };

    explicit CompareSummary(QWidget *parent = nullptr);
    void setComparison(const RunComparison &c);
    /// The text shown in one cell (for tests and the app's status texts).
    QString text(Metric m, Column c) const;

private:
    QLabel *cell(int row, int column) const;
    QGridLayout *grid_ = nullptr;
    QLabel *headerA_ = nullptr;
    QLabel *headerB_ = nullptr;
};

} // namespace fuselab
