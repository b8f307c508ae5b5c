// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/name_text.h"

#include <cstdio>

namespace fuselab {

std::string nameTextProblem(std::string_view s)
{
    auto hex = [](unsigned v, int digits) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%0*X", digits, v);
        return std::string(buf);
    };
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F)
            return "contains the control character U+" + hex(c, 4) + " at byte " + std::to_string(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        // Lead byte: length and the smallest code point of that length (no overlong forms).
        int len = 0;
        unsigned cp = 0, min = 0;
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07, min = 0x10000;
        bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return "is not valid UTF-8 (byte " + std::to_string(i) + " is 0x" + hex(c, 2) + ")";
        if (cp >= 0x80 && cp <= 0x9F)
            return "contains the control character U+" + hex(cp, 4) + " at byte " + std::to_string(i);
        i += static_cast<size_t>(len);
    }
    return {};
}

std::string printableName(std::string_view name)
{
    if (nameTextProblem(name).empty())
        return std::string(name);
    std::string out;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F) {
            out += ch;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    return out;
}

} // namespace fuselab
