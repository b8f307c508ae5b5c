// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/objective.h"

#include <numeric>

namespace fuselab {

std::string_view toString(Objective o)
{
    switch (o) {
    case Objective::Latency:
        return "latency";
    case Objective::Energy:
        return "energy";
    case Objective::Edp:
        return "edp";
    case Objective::Dram:
        return "dram";
    case Objective::Memory:
        return "memory";
    }
    return "latency";
}

bool parseObjective(std::string_view name, Objective &out)
{
    for (Objective o :
         {Objective::Latency, Objective::Energy, Objective::Edp, Objective::Dram, Objective::Memory})
        if (name == toString(o)) {
            out = o;
            return true;
        }
    return false;
}

double objectiveValue(const ScheduleTotals &t, Objective o)
{
    switch (o) {
    case Objective::Latency:
        return static_cast<double>(t.latencyCycles);
    case Objective::Energy:
        return t.energyPj;
    case Objective::Edp:
        return t.energyPj * static_cast<double>(t.latencyCycles);
    case Objective::Dram:
        return static_cast<double>(t.dramReadBytes + t.dramWriteBytes);
    case Objective::Memory:
        return static_cast<double>(
            std::accumulate(t.peakMemoryBytes.begin(), t.peakMemoryBytes.end(), int64_t{0}));
    }
    return 0;
}

} // namespace fuselab
