// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fuselab {

/// Fixed shapes for a model's inputs, by input name: what `--input-shape NAME=D0,D1,...`
/// gives (and a sweep spec's `input_shapes:` map), to resolve symbolic dimensions.
using InputShapes = std::map<std::string, std::vector<int64_t>>;

/// Parses one `NAME=D0,D1,...` into `into`. Throws UsageError naming `what` (e.g.
/// "--input-shape") when the text is not a name, '=' and positive integers.
void parseInputShape(const std::string &text, InputShapes &into, const std::string &what = "--input-shape");

/// "NAME=D0,D1,..." for messages and project files.
std::string inputShapeString(const std::string &name, const std::vector<int64_t> &dims);

} // namespace fuselab
