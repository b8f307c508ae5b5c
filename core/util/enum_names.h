// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

namespace fuselab {

/// Enum ↔ name tables used by the file formats: lookup is case-insensitive, the name
/// written is the table's (lower case).
template <typename E, size_t N>
bool parseEnumName(const std::array<std::pair<E, std::string_view>, N> &table, std::string_view name, E &out)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto &[e, n] : table)
        if (n == lower) {
            out = e;
            return true;
        }
    return false;
}

template <typename E, size_t N>
std::string_view enumName(const std::array<std::pair<E, std::string_view>, N> &table, E e)
{
    for (const auto &[v, n] : table)
        if (v == e)
            return n;
    return "?";
}

} // namespace fuselab
