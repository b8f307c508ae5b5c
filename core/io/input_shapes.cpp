// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/input_shapes.h"

#include "util/error.h"
#include "workload/layer.h"

namespace fuselab {

void parseInputShape(const std::string &text, InputShapes &into, const std::string &what)
{
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError(what + " must be NAME=D0,D1,... (got '" + text + "')");
    const std::string name = text.substr(0, eq);
    std::vector<int64_t> dims;
    size_t at = eq + 1;
    while (at <= text.size()) {
        const auto comma = text.find(',', at);
        const std::string d = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        int64_t v = 0;
        size_t used = 0;
        try {
            v = std::stoll(d, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used == 0 || used != d.size() || v < 1 || v > kMaxDimension)
            throw UsageError(what + " '" + text + "': dimension '" + d + "' must be an integer from 1 to " +
                             std::to_string(kMaxDimension));
        dims.push_back(v);
        if (comma == std::string::npos)
            break;
        at = comma + 1;
    }
    if (into.count(name))
        throw UsageError(what + ": input '" + name + "' is given twice");
    into[name] = dims;
}

std::string inputShapeString(const std::string &name, const std::vector<int64_t> &dims)
{
    std::string s = name + "=";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "," : "") + std::to_string(dims[i]);
    return s;
}

} // namespace fuselab
