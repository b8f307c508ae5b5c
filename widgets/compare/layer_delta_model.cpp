// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare/layer_delta_model.h"

#include "compare/delta_text.h"

#include <QLocale>

namespace fuselab {

namespace {

QString sideText(bool inA, bool inB, const QString &a, const QString &b)
{
    if (!inA)
        return QStringLiteral("— \u2192 %1").arg(b);
    if (!inB)
        return QStringLiteral("%1 \u2192 —").arg(a);
    return a == b ? a : QStringLiteral("%1 \u2192 %2").arg(a, b);
}

QString groupText(int g) { return g >= 0 ? QString::number(g) : QStringLiteral("—"); }

/// The metric of a figure column and whether the column is A, B or the change (0, 1, 2).
const MetricDelta *metricOf(const LayerDelta &l, int column, int &side)
{
    side = (column - LayerDeltaModel::CyclesA) % 3;
    switch ((column - LayerDeltaModel::CyclesA) / 3) {
    case 0:
        return &l.cycles;
    case 1:
        return &l.energyPj;
    case 2:
        return &l.dramBytes;
    default:
        return nullptr;
    }
}

} // namespace

LayerDeltaModel::LayerDeltaModel(QObject *parent) : QAbstractTableModel(parent) {}

void LayerDeltaModel::setComparison(RunComparison comparison)
{
    beginResetModel();
    c_ = std::move(comparison);
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1); // the run names are in the headers
}

int LayerDeltaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(c_.layers.size());
}

int LayerDeltaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerDeltaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LayerDelta &l = c_.layers[static_cast<std::size_t>(index.row())];
    const int col = index.column();
    if (role == Qt::ToolTipRole) {
        if (!l.inA)
            return tr("%1 is not a layer of %2").arg(QString::fromStdString(l.layer), QString::fromStdString(c_.nameA));
        if (!l.inB)
            return tr("%1 is not a layer of %2").arg(QString::fromStdString(l.layer), QString::fromStdString(c_.nameB));
        return {};
    }
    if (col == Layer || col == Core || col == Group) {
        if (role == Qt::DisplayRole || role == SortRole) {
            if (col == Layer)
                return QString::fromStdString(l.layer);
            if (col == Core)
                return sideText(l.inA, l.inB, QString::fromStdString(l.coreA), QString::fromStdString(l.coreB));
            if (role == SortRole)
                return l.inB ? l.groupB : l.groupA;
            return sideText(l.inA, l.inB, groupText(l.groupA), groupText(l.groupB));
        }
        return {};
    }
    int side = 0;
    const MetricDelta *m = metricOf(l, col, side);
    if (!m)
        return {};
    const int decimals = col >= EnergyA && col <= EnergyDelta ? 1 : 0;
    switch (role) {
    case Qt::DisplayRole:
        if (side == 2)
            return deltaText(*m, decimals);
        if ((side == 0 && !l.inA) || (side == 1 && !l.inB))
            return QStringLiteral("—");
        return QLocale().toString(side == 0 ? m->a : m->b, 'f', decimals);
    case SortRole:
        return side == 0 ? m->a : side == 1 ? m->b : m->delta();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (side == 2 && deltaColor(*m).isValid())
            return deltaColor(*m);
        return {};
    default:
        return {};
    }
}

QVariant LayerDeltaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const QString a = QString::fromStdString(c_.nameA), b = QString::fromStdString(c_.nameB);
    if (role == Qt::ToolTipRole) {
        if (section >= CyclesA)
            return tr("A = %1, B = %2; the change is B − A and its share of A").arg(a, b);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Layer:
        return tr("Layer");
    case Core:
        return tr("Core");
    case Group:
        return tr("Group");
    case CyclesA:
        return tr("Cycles A");
    case CyclesB:
        return tr("Cycles B");
    case CyclesDelta:
        return tr("\u0394 cycles");
    case EnergyA:
        return tr("Energy A (pJ)");
    case EnergyB:
        return tr("Energy B (pJ)");
    case EnergyDelta:
        return tr("\u0394 energy (pJ)");
    case DramA:
        return tr("DRAM A (B)");
    case DramB:
        return tr("DRAM B (B)");
    case DramDelta:
        return tr("\u0394 DRAM (B)");
    default:
        return {};
    }
}

} // namespace fuselab
