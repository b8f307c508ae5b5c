// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fuselab::cli {

/// Prints rows as aligned columns; numeric-looking cells are right-aligned.
class TablePrinter {
public:
    explicit TablePrinter(std::vector<std::string> header) : header_(std::move(header)) {}
    void addRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void addSeparator() { rows_.push_back({}); }
    void print(std::ostream &os) const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

/// 1234567 -> "1,234,567"
std::string groupDigits(long long v);
/// A value with an SI suffix: 1.5e9 -> "1.50 G".
std::string si(double v, const std::string &unit = {});
/// Fixed-point with `digits` decimals.
std::string fixed(double v, int digits);

} // namespace fuselab::cli
