// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The per-layer rows of a comparison of two runs (compareRuns, core): each layer's core and
// group in both runs, then cycles, energy and DRAM bytes of run A, of run B and the change.
// Qt::DisplayRole is the text shown; SortRole the number (or name) a column sorts by.

#include "project/run_comparison.h"

#include <QAbstractTableModel>

namespace fuselab {

class LayerDeltaModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Layer,
        Core,
        Group,
        CyclesA,
        CyclesB,
        CyclesDelta,
        EnergyA,
        EnergyB,
        EnergyDelta,
        DramA,
        DramB,
        DramDelta,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit LayerDeltaModel(QObject *parent = nullptr);

    void setComparison(RunComparison comparison);
    const RunComparison &comparison() const { return c_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RunComparison c_;
};

} // namespace fuselab
