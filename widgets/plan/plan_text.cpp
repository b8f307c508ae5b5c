// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/plan_text.h"

#include <QObject>
#include <QStringList>

namespace fuselab {

QString numberRanges(const std::vector<int> &v)
{
    if (v.empty())
        return QStringLiteral("—");
    QStringList parts;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1)
            ++j;
        parts << (j == i ? QString::number(v[i])
                         : QStringLiteral("%1\u2013%2").arg(v[i]).arg(v[j])); // en dash
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

QString tilingText(const PlanGroupSummary &g)
{
    const QString tiles = g.tiles == 1 ? QObject::tr("1 tile") : QObject::tr("%1 tiles").arg(g.tiles);
    // Reduction slices (fused FFN hidden units, fused attention keys): each tile runs them all.
    const QString slices = g.tileReduce > 0 ? QObject::tr(", %1 slices of %2").arg(g.slices).arg(g.tileReduce)
                                            : QString();
    if (g.tileRows <= 0 && g.tileCols <= 0)
        return QObject::tr("whole (%1%2)").arg(tiles, slices);
    QStringList parts;
    if (g.tileRows > 0)
        parts << (g.tileRows == 1 ? QObject::tr("1 row") : QObject::tr("%1 rows").arg(g.tileRows));
    if (g.tileCols > 0)
        parts << (g.tileCols == 1 ? QObject::tr("1 col") : QObject::tr("%1 cols").arg(g.tileCols));
    parts << tiles + slices;
    return parts.join(QStringLiteral(" \u00d7 "));
}

QString coreNames(const std::vector<int> &cores, const Accelerator &acc)
{
    QStringList names;
    for (int c : cores)
        names << (c >= 0 && static_cast<std::size_t>(c) < acc.cores.size()
                      ? QString::fromStdString(acc.cores[static_cast<std::size_t>(c)].name)
                      : QStringLiteral("#%1").arg(c));
    return names.isEmpty() ? QStringLiteral("—") : names.join(QStringLiteral(", "));
}

QString pinsText(const std::vector<PinnedTensor> &pins, const Workload &w, const Accelerator &acc)
{
    QStringList out;
    for (const PinnedTensor &p : pins) {
        const QString tensor = p.tensor >= 0 && static_cast<std::size_t>(p.tensor) < w.tensors.size()
                                   ? QString::fromStdString(w.tensors[static_cast<std::size_t>(p.tensor)].name)
                                   : QStringLiteral("#%1").arg(p.tensor);
        const QString memory = p.memory >= 0 && static_cast<std::size_t>(p.memory) < acc.memories.size()
                                   ? QString::fromStdString(acc.memories[static_cast<std::size_t>(p.memory)].name)
                                   : QStringLiteral("#%1").arg(p.memory);
        out << QStringLiteral("%1 \u2192 %2").arg(tensor, memory);
    }
    return out.isEmpty() ? QStringLiteral("—") : out.join(QStringLiteral(", "));
}

QString groupCaption(int index, const PlanGroupSummary &g, const Accelerator &acc)
{
    // The cores before the policies: when the caption is elided to its box, they stay.
    QStringList parts{QObject::tr("group %1").arg(index), tilingText(g), coreNames(g.cores, acc),
                      QString::fromLatin1(toString(g.overlap).data(), static_cast<qsizetype>(toString(g.overlap).size())),
                      QString::fromLatin1(toString(g.weights).data(), static_cast<qsizetype>(toString(g.weights).size()))};
    if (!g.pins.empty())
        parts << QObject::tr("%1 pinned").arg(g.pins.size());
    return parts.join(QStringLiteral(" \u00b7 "));
}

} // namespace fuselab
