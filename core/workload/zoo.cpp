// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the zoo lands (being written now).
#include "workload/zoo.h"
namespace fuselab {
std::vector<std::string> zooNames() { return {}; }
std::optional<Workload> zooModel(const std::string &, Precision) { return std::nullopt; }
} // namespace fuselab
