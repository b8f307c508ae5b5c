// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <fstream>
#include <iostream>
#include <string>

namespace fuselab::cli {

/// Calls `write(stream)` on FILE opened for writing, or on stdout for "-". A file that cannot
/// be written is bad input (InputError naming the file and `what` was being written).
template <typename F>
void writeTo(const std::string &path, const std::string &what, F &&write)
{
    if (path == "-") {
        write(std::cout);
        return;
    }
    std::ofstream out(path, std::ios::trunc);
    if (!out)
        throw InputError(path, "", "cannot write the " + what);
    write(out);
    if (!out)
        throw InputError(path, "", "writing the " + what + " failed");
}

} // namespace fuselab::cli
