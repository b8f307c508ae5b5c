// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/flow_legend.h"

#include <algorithm>
#include <vector>

namespace fuselab::timeline {

void FlowLegend::update(UpdatePhase phase)
{
    // Before the layout pass, when the viewport (screen or export size) is already final.
    if (phase == upPreparation && mParentPlot) {
        const int n = fittingColumns(mParentPlot->viewport().width());
        if (n != wrap()) {
            setWrap(n);
            setFillOrder(foColumnsFirst, true); // re-flow the entries
            simplify();                         // drop the cells the old flow left empty
        }
    }
    QCPLegend::update(phase);
}

int FlowLegend::fittingColumns(int available) const
{
    std::vector<int> widths;
    for (int i = 0; i < itemCount(); ++i)
        if (const QCPAbstractLegendItem *it = item(i))
            widths.push_back(it->minimumOuterSizeHint().width());
    if (widths.empty())
        return std::max(1, maxColumns_);
    available -= mMargins.left() + mMargins.right();
    // The grid holding the legend puts its spacing between the legend and the cell beside it.
    if (const auto *grid = qobject_cast<const QCPLayoutGrid *>(layout()))
        available -= grid->columnSpacing() * std::max(0, grid->columnCount() - 1);
    for (int n = std::min<int>(maxColumns_, static_cast<int>(widths.size())); n > 1; --n) {
        // Entries fill rows left to right: entry i is in column i % n.
        std::vector<int> col(static_cast<std::size_t>(n), 0);
        for (std::size_t i = 0; i < widths.size(); ++i)
            col[i % static_cast<std::size_t>(n)] = std::max(col[i % static_cast<std::size_t>(n)], widths[i]);
        int total = (n - 1) * mColumnSpacing;
        for (int w : col)
            total += w;
        if (total <= available)
            return n;
    }
    return 1;
}

} // namespace fuselab::timeline
