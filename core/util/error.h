// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace fuselab {

/// Bad input: a file, or a value in it, that FuseLab cannot accept. The message names the
/// file, the field (or layer / block) and the reason, e.g.
/// "hw.yaml: memories.sram.size: must be positive (got 0)". Command-line tools exit 1 on it.
class InputError : public std::runtime_error {
public:
    InputError(const std::string &file, const std::string &field, const std::string &reason)
        : std::runtime_error(compose(file, field, reason)), file_(file), field_(field), reason_(reason)
    {
    }
    const std::string &file() const { return file_; }
    const std::string &field() const { return field_; }
    const std::string &reason() const { return reason_; }

private:
    static std::string compose(const std::string &file, const std::string &field, const std::string &reason)
    {
        std::string s = file;
        if (!field.empty())
            s += (s.empty() ? "" : ": ") + field;
        return s + (s.empty() ? "" : ": ") + reason;
    }
    std::string file_, field_, reason_;
};

/// Bad arguments to a command (exit code 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace fuselab
