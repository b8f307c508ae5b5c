// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/energy.h"

namespace fuselab {

double EnergyBreakdown::total() const
{
    double t = mac + links + dram;
    for (const auto &[_, e] : memory)
        t += e;
    return t;
}

EnergyBreakdown &EnergyBreakdown::operator+=(const EnergyBreakdown &o)
{
    mac += o.mac;
    links += o.links;
    dram += o.dram;
    for (const auto &[k, e] : o.memory)
        memory[k] += e;
    return *this;
}

} // namespace fuselab
