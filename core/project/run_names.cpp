// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/run_names.h"

#include <algorithm>
#include <charconv>

namespace fuselab {

std::string nextRunName(const std::vector<Run> &runs, const std::string &base)
{
    bool taken = false;
    int highest = 1;
    const std::string prefix = base + " ";
    for (const Run &r : runs) {
        if (r.name == base) {
            taken = true;
            continue;
        }
        if (r.name.size() <= prefix.size() || r.name.compare(0, prefix.size(), prefix) != 0)
            continue;
        int n = 0;
        const char *first = r.name.data() + prefix.size(), *last = r.name.data() + r.name.size();
        const auto [end, ec] = std::from_chars(first, last, n);
        if (ec == std::errc() && end == last && n >= 2) {
            taken = true;
            highest = std::max(highest, n);
        }
    }
    return taken ? prefix + std::to_string(highest + 1) : base;
}

} // namespace fuselab
