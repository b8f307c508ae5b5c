// SPDX-License-Identifier: GPL-3.0-or-later
#include "schedule/layer_statistics.h"

namespace fuselab {

std::vector<LayerStatistics> layerStatistics(const Schedule &s, const Plan &plan, const Accelerator &,
                                             int layers)
{
    const auto n = static_cast<std::size_t>(std::max(0, layers));
    std::vector<LayerStatistics> out(n);
    const std::vector<int> group = plan.groupOfLayer(layers);
    for (std::size_t l = 0; l < n; ++l) {
        out[l].group = l < group.size() && group[l] >= 0 ? group[l] : -1;
        out[l].core = l < plan.core.size() ? plan.core[l] : -1;
    }
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        if (e.layer < 0 || static_cast<std::size_t>(e.layer) >= n)
            continue;
        LayerStatistics &st = out[static_cast<std::size_t>(e.layer)];
        st.energyPj += e.energy.total();
        if (e.kind == EventKind::Compute)
            st.cycles += e.end - e.start;
        else if (e.kind != EventKind::Transfer)
            st.dramBytes += e.bytes;
    }
    for (const CnTiming &c : s.cns)
        if (c.layer >= 0 && static_cast<std::size_t>(c.layer) < n)
            out[static_cast<std::size_t>(c.layer)].macs += c.macs;
    return out;
}

} // namespace fuselab
