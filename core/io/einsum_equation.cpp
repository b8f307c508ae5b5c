// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/einsum_equation.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace fuselab {

namespace {

/// One operand's subscripts: letters, with the ellipsis as '.' (at most one).
std::optional<std::string> subscripts(const std::string &term, std::string &why)
{
    std::string out;
    bool ellipsis = false;
    for (size_t i = 0; i < term.size(); ++i) {
        const char ch = term[i];
        if (ch == ' ')
            continue;
        if (ch == '.') {
            if (ellipsis || term.compare(i, 3, "...") != 0) {
                why = "malformed ellipsis in '" + term + "'";
                return std::nullopt;
            }
            ellipsis = true;
            out += '.';
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(ch))) {
            out += ch;
        } else {
            why = std::string("unexpected character '") + ch + "' in '" + term + "'";
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

std::optional<EinsumProduct> einsumProduct(const std::string &equation, const std::vector<std::vector<int64_t>> &shapes,
                                           std::string &why)
{
    const auto arrow = equation.find("->");
    const std::string lhs = equation.substr(0, arrow);
    std::vector<std::string> terms;
    for (size_t at = 0;;) {
        const auto comma = lhs.find(',', at);
        const auto t = subscripts(lhs.substr(at, comma == std::string::npos ? std::string::npos : comma - at), why);
        if (!t)
            return std::nullopt;
        terms.push_back(*t);
        if (comma == std::string::npos)
            break;
        at = comma + 1;
    }
    if (terms.size() != 2 || shapes.size() != 2) {
        why = "it has " + std::to_string(terms.size()) + " operands; only two-operand products are costed";
        return std::nullopt;
    }
    std::map<char, int64_t> size;
    std::vector<int64_t> ellipsisDims; // broadcast, right-aligned
    std::map<char, int> uses;
    for (size_t o = 0; o < 2; ++o) {
        const std::string &t = terms[o];
        const auto &s = shapes[o];
        const bool hasEllipsis = t.find('.') != std::string::npos;
        const size_t letters = t.size() - (hasEllipsis ? 1 : 0);
        if (hasEllipsis ? s.size() < letters : s.size() != letters) {
            why = "operand " + std::to_string(o) + " has rank " + std::to_string(s.size()) + ", its subscripts '" +
                  t + "' need " + (hasEllipsis ? "at least " : "") + std::to_string(letters);
            return std::nullopt;
        }
        const size_t ellipsisRank = s.size() - letters;
        size_t dim = 0;
        for (char ch : t) {
            if (ch == '.') {
                std::vector<int64_t> part(s.begin() + static_cast<long>(dim),
                                          s.begin() + static_cast<long>(dim + ellipsisRank));
                if (part.size() > ellipsisDims.size())
                    ellipsisDims.insert(ellipsisDims.begin(), part.size() - ellipsisDims.size(), 1);
                for (size_t i = 0; i < part.size(); ++i) {
                    int64_t &e = ellipsisDims[ellipsisDims.size() - part.size() + i];
                    if (e != part[i] && e != 1 && part[i] != 1) {
                        why = "the ellipsis dimensions of the operands do not broadcast";
                        return std::nullopt;
                    }
                    e = std::max(e, part[i]);
                }
                dim += ellipsisRank;
                continue;
            }
            const int64_t d = s[dim++];
            const auto it = size.find(ch);
            if (it != size.end() && it->second != d && it->second != 1 && d != 1) {
                why = std::string("index '") + ch + "' has sizes " + std::to_string(it->second) + " and " +
                      std::to_string(d);
                return std::nullopt;
            }
            size[ch] = it == size.end() ? d : std::max(it->second, d);
            uses[ch] |= 1 << o;
        }
    }
    std::string out;
    if (arrow != std::string::npos) {
        const auto t = subscripts(equation.substr(arrow + 2), why);
        if (!t)
            return std::nullopt;
        out = *t;
    } else { // implicit: the ellipsis, then the letters used once, alphabetically
        const bool anyEllipsis = terms[0].find('.') != std::string::npos || terms[1].find('.') != std::string::npos;
        out = anyEllipsis ? "." : "";
        std::map<char, int> count;
        for (const auto &t : terms)
            for (char ch : t)
                if (ch != '.')
                    ++count[ch];
        for (const auto &[ch, n] : count)
            if (n == 1)
                out += ch;
    }
    EinsumProduct p;
    for (char ch : out) {
        if (ch == '.') {
            p.output.insert(p.output.end(), ellipsisDims.begin(), ellipsisDims.end());
            for (int64_t e : ellipsisDims)
                p.b *= e;
            continue;
        }
        const auto it = size.find(ch);
        if (it == size.end()) {
            why = std::string("output index '") + ch + "' is in no operand";
            return std::nullopt;
        }
        p.output.push_back(it->second);
        (uses[ch] == 2 ? p.k : p.b) *= it->second; // only the second operand: its columns
    }
    for (const auto &[ch, d] : size)
        if (out.find(ch) == std::string::npos)
            p.c *= d; // summed
    if (out.find('.') == std::string::npos)
        for (int64_t e : ellipsisDims)
            p.c *= e; // an ellipsis left out of the output is summed too
    return p;
}

} // namespace fuselab
