// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fuselab {

/// JSON text of `j` (indented by `indent` spaces, or compact for -1). A string that is not
/// valid UTF-8 (a name in a foreign project file) is written with U+FFFD for its invalid
/// bytes instead of making nlohmann::json throw a type_error that names no file or field.
inline std::string jsonText(const nlohmann::json &j, int indent = -1)
{
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace fuselab
