// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/zoo_spec.h"

#include "util/error.h"

namespace fuselab {

ZooSpec parseZooSpec(const std::string &spec)
{
    ZooSpec out;
    const size_t colon = spec.find(':');
    out.name = spec.substr(0, colon);
    if (colon == std::string::npos)
        return out;
    const std::string rest = spec.substr(colon + 1);
    size_t begin = 0;
    while (begin <= rest.size()) {
        const size_t comma = rest.find(',', begin);
        const std::string pair = rest.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
        const size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
            throw UsageError("workload '" + spec + "': '" + pair + "' is not key=value (NAME[:key=value,...])");
        std::string key = pair.substr(0, eq);
        for (const auto &p : out.params)
            if (p.first == key)
                throw UsageError("workload '" + spec + "': key '" + key + "' given twice");
        out.params.emplace_back(std::move(key), pair.substr(eq + 1));
        if (comma == std::string::npos)
            break;
        begin = comma + 1;
    }
    return out;
}

} // namespace fuselab
