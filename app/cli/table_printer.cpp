// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/table_printer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace fuselab::cli {

namespace {
// Display width of UTF-8 text: count code points, not bytes (× is two bytes).
size_t width(const std::string &s)
{
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
bool numeric(const std::string &s)
{
    return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '.');
}
} // namespace

void TablePrinter::print(std::ostream &os) const
{
    std::vector<size_t> w(header_.size(), 0);
    for (size_t i = 0; i < header_.size(); ++i)
        w[i] = width(header_[i]);
    for (const auto &r : rows_)
        for (size_t i = 0; i < r.size() && i < w.size(); ++i)
            w[i] = std::max(w[i], width(r[i]));
    auto line = [&](const std::vector<std::string> &r, bool head) {
        for (size_t i = 0; i < w.size(); ++i) {
            const std::string cell = i < r.size() ? r[i] : std::string();
            const std::string pad(w[i] - width(cell), ' ');
            if (i)
                os << "  ";
            if (!head && numeric(cell) && i > 0)
                os << pad << cell;
            else
                os << cell << (i + 1 < w.size() ? pad : "");
        }
        os << "\n";
    };
    line(header_, true);
    size_t total = 0;
    for (size_t x : w)
        total += x + 2;
    const std::string rule(total > 2 ? total - 2 : 0, '-');
    os << rule << "\n";
    for (const auto &r : rows_) {
        if (r.empty())
            os << rule << "\n";
        else
            line(r, false);
    }
}

std::string groupDigits(long long v)
{
    // Built front to back (GCC 12 warns falsely about std::string::insert here).
    const std::string digits = std::to_string(v < 0 ? -v : v);
    std::string s = v < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            s += ',';
        s += digits[i];
    }
    return s;
}

std::string si(double v, const std::string &unit)
{
    const char *prefixes[] = {"", " k", " M", " G", " T", " P"};
    int p = 0;
    double a = std::fabs(v);
    while (a >= 1000.0 && p < 5) {
        a /= 1000.0;
        v /= 1000.0;
        ++p;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, p == 0 ? "%.0f%s%s" : "%.2f%s%s", v, prefixes[p],
                  unit.empty() ? "" : (p == 0 ? (" " + unit).c_str() : unit.c_str()));
    return buf;
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace fuselab::cli
