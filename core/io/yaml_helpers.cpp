// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/yaml_helpers.h"

#include "util/error.h"
#include "util/input_file.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace fuselab::yamlio {

std::string readTextFile(const std::string &path)
{
    std::string text = readInputFile(path, kMaxTextInputBytes, "a YAML file");
    if (trim(text).empty())
        throw InputError(path, "", "the file is empty");
    return text;
}

YAML::Node parseYaml(const std::string &text, const std::string &file)
{
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception &e) {
        std::string where;
        if (!e.mark.is_null())
            where = " at line " + std::to_string(e.mark.line + 1) + ", column " +
                    std::to_string(e.mark.column + 1);
        throw InputError(file, "", "YAML syntax error" + where + ": " + e.msg);
    }
}

std::string lineOf(const YAML::Node &node)
{
    if (!node.IsDefined())
        return {};
    const YAML::Mark m = node.Mark();
    if (m.is_null())
        return {};
    return " (line " + std::to_string(m.line + 1) + ")";
}

void fail(const std::string &file, const std::string &field, const YAML::Node &at, const std::string &reason)
{
    throw InputError(file, field, reason + lineOf(at));
}

std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

namespace {
std::string describe(const YAML::Node &node)
{
    if (node.IsSequence())
        return "a list";
    if (node.IsMap())
        return "a mapping";
    if (node.IsNull())
        return "nothing (null)";
    return "'" + node.Scalar() + "'";
}

// Removes YAML 1.1 digit separators and a leading '+', which from_chars rejects.
std::string numberText(std::string_view text)
{
    std::string s;
    for (char c : trim(text))
        if (c != '_')
            s += c;
    if (!s.empty() && s[0] == '+')
        s.erase(0, 1);
    return s;
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// YAML spellings of NaN and infinity, which from_chars would not all accept.
std::optional<double> special(const std::string &s)
{
    const std::string l = lower(s);
    if (l == ".nan" || l == "nan")
        return std::numeric_limits<double>::quiet_NaN();
    if (l == ".inf" || l == "inf" || l == "infinity")
        return std::numeric_limits<double>::infinity();
    if (l == "-.inf" || l == "-inf" || l == "-infinity")
        return -std::numeric_limits<double>::infinity();
    return std::nullopt;
}
} // namespace

bool parseDouble(std::string_view text, double &out)
{
    const std::string s = numberText(text);
    if (s.empty())
        return false;
    if (auto sp = special(s)) {
        out = *sp;
        return true;
    }
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ptr != s.data() + s.size())
        return false;
    if (ec == std::errc::result_out_of_range) {
        // A negative exponent underflows to zero (harmless here); otherwise it overflows.
        const auto e = s.find_first_of("eE");
        const bool underflow = e != std::string::npos && e + 1 < s.size() && s[e + 1] == '-';
        v = underflow ? 0.0 : (s[0] == '-' ? -1 : 1) * std::numeric_limits<double>::infinity();
    } else if (ec != std::errc()) {
        return false;
    }
    out = v;
    return true;
}

bool parseInt64(std::string_view text, int64_t &out, bool &overflow)
{
    overflow = false;
    const std::string s = numberText(text);
    if (s.empty())
        return false;
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ptr != s.data() + s.size())
        return false;
    if (ec == std::errc::result_out_of_range) {
        overflow = true;
        return false;
    }
    if (ec != std::errc())
        return false;
    out = v;
    return true;
}

std::string scalarText(const std::string &file, const std::string &field, const YAML::Node &node,
                       std::string_view expected)
{
    if (!node.IsDefined())
        fail(file, field, node, "missing (expected " + std::string(expected) + ")");
    if (!node.IsScalar())
        fail(file, field, node, "expected " + std::string(expected) + ", got " + describe(node));
    return node.Scalar();
}

namespace {
void checkSign(const std::string &file, const std::string &field, const YAML::Node &node, double v, Sign sign)
{
    if (sign == Sign::Positive && v <= 0)
        fail(file, field, node, "must be positive (got " + trim(node.Scalar()) + ")");
    if (sign == Sign::NonNegative && v < 0)
        fail(file, field, node, "must be zero or positive (got " + trim(node.Scalar()) + ")");
}
} // namespace

double toNumber(const std::string &file, const std::string &field, const YAML::Node &node, Sign sign)
{
    const std::string text = scalarText(file, field, node, "a number");
    double v = 0;
    if (!parseDouble(text, v))
        fail(file, field, node, "expected a number, got '" + text + "'");
    if (std::isnan(v))
        fail(file, field, node, "is NaN; must be a finite number");
    if (std::isinf(v))
        fail(file, field, node, "is infinite or too large ('" + text + "'); must be a finite number");
    checkSign(file, field, node, v, sign);
    return v;
}

int64_t toInteger(const std::string &file, const std::string &field, const YAML::Node &node, Sign sign,
                  bool fitsInt)
{
    const std::string text = scalarText(file, field, node, "an integer");
    int64_t v = 0;
    bool overflow = false;
    if (!parseInt64(text, v, overflow)) {
        double d = 0;
        if (overflow)
            fail(file, field, node, "value " + text + " is too large for a 64-bit integer");
        if (parseDouble(text, d) && std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
            v = static_cast<int64_t>(d); // "1e6" or "1024.0": integral, so accept
        else if (parseDouble(text, d) && std::isfinite(d) && std::fabs(d) >= 9.0e18)
            fail(file, field, node, "value " + text + " is too large for a 64-bit integer");
        else
            fail(file, field, node, "expected an integer, got '" + text + "'");
    }
    if (fitsInt && (v > std::numeric_limits<int>::max() || v < std::numeric_limits<int>::min()))
        fail(file, field, node, "value " + text + " does not fit in a 32-bit integer");
    checkSign(file, field, node, static_cast<double>(v), sign);
    return v;
}

int64_t toBytes(const std::string &file, const std::string &field, const YAML::Node &node)
{
    const std::string text =
        trim(scalarText(file, field, node, "a size (bytes, or a number with B/KiB/MiB/GiB)"));
    size_t split = text.size();
    while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1])))
        --split;
    const std::string num = trim(text.substr(0, split));
    const std::string unit = text.substr(split);
    double scale = 1;
    if (unit.empty() || unit == "B")
        scale = 1;
    else if (unit == "KiB")
        scale = 1024.0;
    else if (unit == "MiB")
        scale = 1024.0 * 1024;
    else if (unit == "GiB")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "TiB")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else if (lower(unit) == "kb" || lower(unit) == "mb" || lower(unit) == "gb" || lower(unit) == "tb")
        fail(file, field, node,
             "ambiguous unit '" + unit + "': write KiB/MiB/GiB (powers of 1024) or a plain number of bytes");
    else
        fail(file, field, node, "unknown size unit '" + unit + "' (use B, KiB, MiB, GiB or TiB)");
    if (unit.empty()) {
        int64_t v = 0;
        bool overflow = false;
        if (parseInt64(num, v, overflow)) {
            if (v <= 0)
                fail(file, field, node, "must be positive (got " + text + ")");
            return v;
        }
        if (overflow)
            fail(file, field, node, "value " + text + " is too large for a 64-bit integer");
    }
    double v = 0;
    if (!parseDouble(num, v))
        fail(file, field, node,
             "expected a size (bytes, or a number with B/KiB/MiB/GiB), got '" + text + "'");
    if (!std::isfinite(v))
        fail(file, field, node, "must be a finite size (got " + text + ")");
    const double bytes = v * scale;
    if (bytes <= 0)
        fail(file, field, node, "must be positive (got " + text + ")");
    if (bytes >= 9.0e18)
        fail(file, field, node, "size " + text + " is too large");
    if (bytes != std::floor(bytes))
        fail(file, field, node, "size " + text + " is not a whole number of bytes");
    return static_cast<int64_t>(bytes);
}

MapReader::MapReader(std::string file, const YAML::Node &node, std::string path)
    : file_(std::move(file)), node_(node), path_(std::move(path))
{
    if (!node_.IsDefined() || node_.IsNull())
        fail(file_, path_, node_, "missing (expected a mapping of fields)");
    if (!node_.IsMap())
        fail(file_, path_, node_, "expected a mapping of fields, got " + describe(node_));
    std::set<std::string> seen;
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!seen.insert(key).second)
            fail(file_, this->path(key), it->first, "key '" + key + "' appears twice");
    }
}

std::string MapReader::path(const std::string &key) const
{
    return path_.empty() ? key : path_ + "." + key;
}

bool MapReader::has(const std::string &key) const
{
    const YAML::Node &n = node_;
    const YAML::Node v = n[key];
    return v.IsDefined();
}

YAML::Node MapReader::node(const std::string &key)
{
    used_.insert(key);
    const YAML::Node &n = node_;
    return n[key];
}

YAML::Node MapReader::required(const std::string &key)
{
    YAML::Node v = node(key);
    if (!v.IsDefined())
        fail(file_, path(key), node_,
             "missing required field '" + key + "' in " + (path_.empty() ? "the file" : path_));
    if (v.IsNull())
        fail(file_, path(key), v, "has no value");
    return v;
}

std::string MapReader::string(const std::string &key)
{
    const std::string s = trim(scalarText(file_, path(key), required(key), "a text value"));
    if (s.empty())
        fail(file_, path(key), node(key), "must not be empty");
    return s;
}

std::string MapReader::string(const std::string &key, const std::string &fallback)
{
    return has(key) ? string(key) : (used_.insert(key), fallback);
}

double MapReader::number(const std::string &key, Sign sign)
{
    return toNumber(file_, path(key), required(key), sign);
}

double MapReader::number(const std::string &key, Sign sign, double fallback)
{
    return has(key) ? number(key, sign) : (used_.insert(key), fallback);
}

int MapReader::integer(const std::string &key, Sign sign)
{
    return static_cast<int>(toInteger(file_, path(key), required(key), sign, true));
}

int MapReader::integer(const std::string &key, Sign sign, int fallback)
{
    return has(key) ? integer(key, sign) : (used_.insert(key), fallback);
}

int64_t MapReader::bytes(const std::string &key)
{
    return toBytes(file_, path(key), required(key));
}

std::vector<std::string> MapReader::unusedKeys() const
{
    std::vector<std::string> out;
    for (auto it = node_.begin(); it != node_.end(); ++it)
        if (!used_.count(it->first.Scalar()))
            out.push_back(it->first.Scalar());
    return out;
}

void MapReader::rejectUnknown()
{
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!used_.count(key))
            fail(file_, path(key), it->first, "unknown field '" + key + "'");
    }
}

} // namespace fuselab::yamlio
