// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: every block of an accelerator lies inside the grid and no two blocks overlap.
#pragma once

#include "hardware/accelerator.h"

#include <string>
#include <utility>
#include <vector>

namespace fuselab::test {

inline bool overlap(const Placement &a, const Placement &b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/// Empty when the floorplan is sound, else the first problem found.
inline std::string floorplanProblem(const Accelerator &a)
{
    std::vector<std::pair<std::string, Placement>> blocks;
    for (const auto &c : a.cores)
        blocks.emplace_back(c.name, c.place);
    for (const auto &m : a.memories)
        if (m.core.empty())
            blocks.emplace_back(m.name, m.place);
    blocks.emplace_back(a.dram.name, a.dram.place);
    for (size_t i = 0; i < blocks.size(); ++i) {
        const Placement &p = blocks[i].second;
        if (p.x < 0 || p.y < 0 || p.x + p.w > a.gridWidth || p.y + p.h > a.gridHeight)
            return blocks[i].first + " lies outside the " + std::to_string(a.gridWidth) + "x" +
                   std::to_string(a.gridHeight) + " grid";
        for (size_t j = 0; j < i; ++j)
            if (overlap(p, blocks[j].second))
                return blocks[i].first + " overlaps " + blocks[j].first;
    }
    return {};
}

} // namespace fuselab::test
