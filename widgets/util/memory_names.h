// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace fuselab {

/// A core's private memory as the views show it next to the core's name: without the
/// "core." prefix importers give (simba_chiplet_0.weight_reg -> weight_reg).
inline std::string memoryShortName(const std::string &core, const std::string &name)
{
    const std::string prefix = core + ".";
    return name.size() > prefix.size() && name.starts_with(prefix) ? name.substr(prefix.size()) : name;
}

} // namespace fuselab
