// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"
#include "util/output_file.h"

#include <iostream>
#include <string>

namespace fuselab::cli {

/// Calls `write(stream)` on FILE, written atomically (temporary + rename, util/output_file.h),
/// or on stdout for "-", which is flushed and checked. A file that cannot be written is bad
/// input (InputError naming the file and `what` was being written).
template <typename F>
void writeTo(const std::string &path, const std::string &what, F &&write)
{
    if (path == "-") {
        write(std::cout);
        checkStdout(what);
        return;
    }
    writeFileAtomically(path, what, [&](std::ostream &out) { write(out); });
}

} // namespace fuselab::cli
