// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arg_parser.h"

#include "util/error.h"

#include <charconv>
#include <iostream>
#include <sstream>

namespace fuselab::cli {

ArgParser::ArgParser(std::string command, std::string synopsis, std::string description)
    : command_(std::move(command)), synopsis_(std::move(synopsis)), description_(std::move(description))
{
}

void ArgParser::addOption(const std::string &name, const std::string &valueName, const std::string &help)
{
    specs_.push_back({name, valueName, help, false});
}

void ArgParser::addFlag(const std::string &name, const std::string &help)
{
    specs_.push_back({name, {}, help, true});
}

void ArgParser::addPositional(const std::string &name, const std::string &help, bool required)
{
    positionalSpecs_.emplace_back(name, help);
    if (required)
        ++requiredPositionals_;
}

bool ArgParser::parse(const std::vector<std::string> &args)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << help();
            return false;
        }
        if (!a.starts_with("--") || a == "--") {
            if (a == "-")
                positional_.push_back(a);
            else if (a.starts_with("-") && a != "-")
                throw UsageError("unknown option '" + a + "' (see --help)");
            else
                positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), val;
        bool hasInlineValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            val = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInlineValue = true;
        }
        const Spec *spec = nullptr;
        for (const auto &s : specs_)
            if (s.name == name)
                spec = &s;
        if (!spec)
            throw UsageError("unknown option '--" + name + "' (see --help)");
        if (spec->flag) {
            if (hasInlineValue)
                throw UsageError("option '--" + name + "' takes no value");
            values_[name] = "1";
            continue;
        }
        if (!hasInlineValue) {
            if (i + 1 >= args.size())
                throw UsageError("option '--" + name + "' needs a value (" + spec->valueName + ")");
            val = args[++i];
        }
        values_[name] = val;
        all_[name].push_back(val);
    }
    if (positional_.size() < requiredPositionals_)
        throw UsageError("missing argument " + positionalSpecs_[positional_.size()].first + " (see --help)");
    if (positional_.size() > positionalSpecs_.size())
        throw UsageError("unexpected argument '" + positional_[positionalSpecs_.size()] + "' (see --help)");
    return true;
}

bool ArgParser::has(const std::string &name) const { return values_.count(name) > 0; }

std::vector<std::string> ArgParser::all(const std::string &name) const
{
    if (auto it = all_.find(name); it != all_.end())
        return it->second;
    return {};
}

std::optional<std::string> ArgParser::value(const std::string &name) const
{
    if (auto it = values_.find(name); it != values_.end())
        return it->second;
    return std::nullopt;
}

std::string ArgParser::value(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

std::string ArgParser::required(const std::string &name) const
{
    if (auto v = value(name))
        return *v;
    throw UsageError("missing required option --" + name + " (see --help)");
}

long long ArgParser::integer(const std::string &name, long long fallback, long long min, long long max) const
{
    const auto v = value(name);
    if (!v)
        return fallback;
    long long out = 0;
    const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || ptr != v->data() + v->size() || out < min || out > max)
        throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + " (got '" + *v + "')");
    return out;
}

std::string ArgParser::help() const
{
    std::ostringstream os;
    os << "usage: fuselab-cli " << command_ << " " << synopsis_ << "\n\n" << description_ << "\n";
    if (!positionalSpecs_.empty()) {
        os << "\narguments:\n";
        for (const auto &[n, h] : positionalSpecs_)
            os << "  " << n << std::string(n.size() < 22 ? 22 - n.size() : 1, ' ') << h << "\n";
    }
    os << "\noptions:\n";
    for (const auto &s : specs_) {
        const std::string left = "--" + s.name + (s.flag ? "" : " " + s.valueName);
        os << "  " << left << std::string(left.size() < 22 ? 22 - left.size() : 1, ' ') << s.help << "\n";
    }
    os << "  --help                show this help\n";
    return os.str();
}

} // namespace fuselab::cli
