// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fuselab {

/// A zoo reference as written on the command line: `NAME[:key=value,...]`
/// (`gpt2:seq=1024`, `llama2-7b:phase=decode,kv=4096`).
struct ZooSpec {
    std::string name;
    std::vector<std::pair<std::string, std::string>> params; // in the order written
};

/// Splits a spec into its name and key=value pairs. Throws UsageError naming the spec when a
/// pair has no '=', an empty key or value, or a key given twice.
ZooSpec parseZooSpec(const std::string &spec);

} // namespace fuselab
