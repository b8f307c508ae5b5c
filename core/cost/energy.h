// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>

namespace fuselab {

/// Energy in pJ, broken down as docs/design.md §3 asks: MACs, each memory, links, DRAM.
struct EnergyBreakdown {
    double mac = 0;
    std::map<std::string, double> memory;  // by memory name
    double links = 0;
    double dram = 0;

    double total() const;
    EnergyBreakdown &operator+=(const EnergyBreakdown &o);
    friend bool operator==(const EnergyBreakdown &, const EnergyBreakdown &) = default;
};

} // namespace fuselab
