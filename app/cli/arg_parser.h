// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fuselab::cli {

/// A small option parser for the CLI commands: `--name VALUE`, `--name=VALUE`, `--flag`,
/// positional arguments, and a generated `--help`. Bad arguments throw UsageError (exit 2).
class ArgParser {
public:
    ArgParser(std::string command, std::string synopsis, std::string description);

    void addOption(const std::string &name, const std::string &valueName, const std::string &help);
    void addFlag(const std::string &name, const std::string &help);
    void addPositional(const std::string &name, const std::string &help, bool required = true);

    /// Parses; returns false when --help was given (help text already printed to stdout).
    bool parse(const std::vector<std::string> &args);

    bool has(const std::string &name) const;
    std::optional<std::string> value(const std::string &name) const;
    std::string value(const std::string &name, const std::string &fallback) const;
    /// Every value of a repeatable option, in the order given (value() returns the last).
    std::vector<std::string> all(const std::string &name) const;
    /// A required option: throws UsageError naming it when absent.
    std::string required(const std::string &name) const;
    long long integer(const std::string &name, long long fallback, long long min, long long max) const;
    std::vector<std::string> positionals() const { return positional_; }
    std::string help() const;

private:
    struct Spec {
        std::string name, valueName, help;
        bool flag = false;
    };
    std::string command_, synopsis_, description_;
    std::vector<Spec> specs_;
    std::vector<std::pair<std::string, std::string>> positionalSpecs_;
    size_t requiredPositionals_ = 0;
    std::map<std::string, std::string> values_;
    std::map<std::string, std::vector<std::string>> all_;
    std::vector<std::string> positional_;
};

} // namespace fuselab::cli
