// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The per-layer rows of one run (the schedule panel's Layers tab): each layer's group, core,
// compute cycles, MACs, energy and DRAM bytes, as core's layerStatistics reads them from the
// run's recorded schedule — not recomputed from the hardware's present fields, so a run of an
// earlier design keeps its own figures and core names. Numbers are numbers in DisplayRole (a
// proxy sorts them as such); LayerRole gives a row's layer index in the run's workload.

#include "schedule/layer_statistics.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace fuselab {

struct Run;

class LayerStatisticsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Group, Core, Cycles, Macs, Energy, DramBytes, ColumnCount };
    static constexpr int LayerRole = Qt::UserRole; ///< int: the layer's index in the workload

    explicit LayerStatisticsModel(QObject *parent = nullptr);

    /// Shows `run` (its own workload and accelerator, run.design).
    void setRun(const Run &run);
    void clear();
    /// The row of layer `layer`, or -1.
    int rowOfLayer(int layer) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<LayerStatistics> stats_;
    QStringList layers_, cores_; // per row: the layer's name, its core's name ("—": none)
};

} // namespace fuselab
