// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The fused groups of a run's plan as a table: layers, tiling, overlap and weight policy,
// cores and pinned tensors (planGroups, core). Read-only.

#include "hardware/accelerator.h"
#include "plan/plan_summary.h"
#include "workload/workload.h"

#include <QAbstractTableModel>

namespace fuselab {

class PlanGroupModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Group, Layers, Tiling, Overlap, Weights, Cores, Pins, ColumnCount };
    /// The first layer of the row's group (an int), for centring the graph on it.
    static constexpr int FirstLayerRole = Qt::UserRole + 1;

    explicit PlanGroupModel(QObject *parent = nullptr);

    void setPlan(const Plan &plan, const Workload &w, const Accelerator &acc);
    /// The row of the group holding `layer`, or -1.
    int rowOfLayer(int layer) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<PlanGroupSummary> groups_;
    Workload workload_;
    Accelerator accelerator_;
};

} // namespace fuselab
