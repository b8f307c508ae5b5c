// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/layer_statistics_model.h"

#include "project/run.h"

namespace fuselab {

LayerStatisticsModel::LayerStatisticsModel(QObject *parent) : QAbstractTableModel(parent) {}

void LayerStatisticsModel::setRun(const Run &run)
{
    const Workload &w = run.design.workload;
    const Accelerator &acc = run.design.accelerator;
    beginResetModel();
    stats_ = layerStatistics(run.schedule, run.plan, acc, static_cast<int>(w.layers.size()));
    layers_.clear();
    cores_.clear();
    for (std::size_t l = 0; l < stats_.size(); ++l) {
        layers_ << QString::fromStdString(w.layers[l].name);
        const int core = stats_[l].core;
        cores_ << (core >= 0 && static_cast<std::size_t>(core) < acc.cores.size()
                       ? QString::fromStdString(acc.cores[static_cast<std::size_t>(core)].name)
                       : QStringLiteral("—"));
    }
    endResetModel();
}

void LayerStatisticsModel::clear()
{
    beginResetModel();
    stats_.clear();
    layers_.clear();
    cores_.clear();
    endResetModel();
}

int LayerStatisticsModel::rowOfLayer(int layer) const
{
    return layer >= 0 && layer < rowCount() ? layer : -1; // one row per layer, in workload order
}

int LayerStatisticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(stats_.size());
}

int LayerStatisticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerStatisticsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const LayerStatistics &st = stats_[row];
    if (role == LayerRole)
        return index.row();
    if (role == Qt::TextAlignmentRole)
        return index.column() == Layer || index.column() == Core
                   ? QVariant()
                   : QVariant(static_cast<int>(Qt::AlignRight | Qt::AlignVCenter));
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(index.column())) {
    case Layer:
        return layers_[index.row()];
    case Group:
        return static_cast<qlonglong>(st.group);
    case Core:
        return cores_[index.row()];
    case Cycles:
        return static_cast<qlonglong>(st.cycles);
    case Macs:
        return static_cast<qlonglong>(st.macs);
    case Energy:
        return st.energyPj;
    case DramBytes:
        return static_cast<qlonglong>(st.dramBytes);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant LayerStatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == Energy)
        return tr("Energy of the layer's events: its compute tiles' MAC energy and the data moved for it (memories, "
                  "links, DRAM); compute-side memory accesses are in the Energy chart");
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Layer:
        return tr("Layer");
    case Group:
        return tr("Group");
    case Core:
        return tr("Core");
    case Cycles:
        return tr("Cycles");
    case Macs:
        return tr("MACs");
    case Energy:
        return tr("Energy (pJ)");
    case DramBytes:
        return tr("DRAM bytes");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fuselab
