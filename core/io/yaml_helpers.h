// SPDX-License-Identifier: GPL-3.0-or-later
// Strict reading of YAML scalars for the hardware loaders (core-internal; yaml-cpp is a
// private dependency of fuselab_core, so only core .cpp files include this header).
//
// Every failure throws InputError(file, field path, reason + " (line N)"). Numbers are parsed
// from the scalar text with std::from_chars, so the result never depends on the C locale
// (a Qt application sets LC_NUMERIC from the environment). YAML 1.1 digit separators
// (`16_777_216`, as Stream's files use) are accepted.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace fuselab::yamlio {

/// Reads a whole file; throws InputError when it cannot be opened or is empty.
std::string readTextFile(const std::string &path);
/// Parses YAML text; syntax errors become InputError naming the line and column.
YAML::Node parseYaml(const std::string &text, const std::string &file);

/// " (line N)" for a node with a position, "" otherwise.
std::string lineOf(const YAML::Node &node);
[[noreturn]] void fail(const std::string &file, const std::string &field, const YAML::Node &at,
                       const std::string &reason);

/// Scalar text of a node, or a failure naming the expected kind of value.
std::string scalarText(const std::string &file, const std::string &field, const YAML::Node &node,
                       std::string_view expected);

enum class Sign { Any, NonNegative, Positive };
/// A finite number; NaN, infinities, strings and lists are errors.
double toNumber(const std::string &file, const std::string &field, const YAML::Node &node, Sign sign);
/// An integer that fits in int64 (and in int when `fitsInt`).
int64_t toInteger(const std::string &file, const std::string &field, const YAML::Node &node, Sign sign,
                  bool fitsInt);
/// A byte count: a plain integer (bytes) or a number with a unit B, KiB, MiB, GiB, TiB.
int64_t toBytes(const std::string &file, const std::string &field, const YAML::Node &node);
/// Pure text helpers (exposed for tests and the Stream importer).
bool parseDouble(std::string_view text, double &out);
bool parseInt64(std::string_view text, int64_t &out, bool &overflow);
std::string trim(std::string_view s);

/// Reads the fields of one YAML mapping, remembering which keys were used so that
/// `rejectUnknown()` can report a misspelt key.
class MapReader {
public:
    MapReader(std::string file, const YAML::Node &node, std::string path);

    bool has(const std::string &key) const;
    YAML::Node node(const std::string &key);        // marks the key used; may be undefined
    YAML::Node required(const std::string &key);    // fails when absent
    std::string path(const std::string &key) const; // "cores[2].name"
    const std::string &path() const { return path_; }
    const std::string &file() const { return file_; }
    const YAML::Node &self() const { return node_; }

    std::string string(const std::string &key);                              // required
    std::string string(const std::string &key, const std::string &fallback); // optional
    double number(const std::string &key, Sign sign);                        // required
    double number(const std::string &key, Sign sign, double fallback);       // optional
    int integer(const std::string &key, Sign sign);                          // required
    int integer(const std::string &key, Sign sign, int fallback);            // optional
    int64_t bytes(const std::string &key);                                   // required, > 0

    /// Fails on the first key that was never read.
    void rejectUnknown();
    /// The keys never read, in file order (for importers that warn instead of failing).
    std::vector<std::string> unusedKeys() const;

private:
    std::string file_;
    YAML::Node node_;
    std::string path_;
    std::set<std::string> used_;
};

} // namespace fuselab::yamlio
