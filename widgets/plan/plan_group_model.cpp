// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_group_model.h"

#include "plan/plan_text.h"

#include <QStringList>

namespace fuselab {

namespace {
QString layerName(const Workload &w, LayerId l)
{
    return QString::fromStdString(w.layers[static_cast<std::size_t>(l)].name);
}

QString fromView(std::string_view s)
{
    return QString::fromLatin1(s.data(), static_cast<qsizetype>(s.size()));
}
} // namespace

PlanGroupModel::PlanGroupModel(QObject *parent) : QAbstractTableModel(parent) {}

void PlanGroupModel::setPlan(const Plan &plan, const Workload &w, const Accelerator &acc)
{
    beginResetModel();
    groups_ = planGroups(plan, w);
    workload_ = w;
    accelerator_ = acc;
    endResetModel();
}

int PlanGroupModel::rowOfLayer(int layer) const
{
    for (std::size_t g = 0; g < groups_.size(); ++g)
        for (LayerId l : groups_[g].layers)
            if (l == layer)
                return static_cast<int>(g);
    return -1;
}

int PlanGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(groups_.size());
}

int PlanGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlanGroupSummary &g = groups_[static_cast<std::size_t>(index.row())];
    if (role == FirstLayerRole)
        return g.layers.empty() ? -1 : g.layers.front();
    if (role == Qt::ToolTipRole && index.column() == Layers) {
        QStringList names;
        for (LayerId l : g.layers)
            names << layerName(workload_, l);
        return names.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Group:
        return index.row();
    case Layers:
        if (g.layers.empty())
            return QStringLiteral("—");
        if (g.layers.size() == 1)
            return layerName(workload_, g.layers.front());
        return tr("%1 \u2026 %2 (%3 layers)")
            .arg(layerName(workload_, g.layers.front()), layerName(workload_, g.layers.back()))
            .arg(g.layers.size());
    case Tiling:
        return tilingText(g);
    case Overlap:
        return fromView(toString(g.overlap));
    case Weights:
        return fromView(toString(g.weights));
    case Cores:
        return coreNames(g.cores, accelerator_);
    case Pins:
        return pinsText(g.pins, workload_, accelerator_);
    default:
        return {};
    }
}

QVariant PlanGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Group:
        return tr("Group");
    case Layers:
        return tr("Layers");
    case Tiling:
        return tr("Tiles");
    case Overlap:
        return tr("Overlap");
    case Weights:
        return tr("Weights");
    case Cores:
        return tr("Cores");
    case Pins:
        return tr("Pinned tensors");
    default:
        return {};
    }
}

} // namespace fuselab
