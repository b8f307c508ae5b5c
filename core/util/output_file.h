// SPDX-License-Identifier: GPL-3.0-or-later
// Writing an output file so that a failed write never leaves a partial one: the content goes
// to a temporary file beside the target (unique to this process), is flushed and synced, and
// only then renamed over the target. On any failure (a full disk, an exception thrown while
// producing the content) the temporary is removed and the target is left as it was.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace fuselab {

/// Calls `write(stream)` and moves the result to `path` atomically. Throws InputError naming
/// `path` and `what` ("trace", "CSV table") when it cannot be written; an exception from
/// `write` propagates after the temporary is removed.
void writeFileAtomically(const std::string &path, const std::string &what,
                         const std::function<void(std::ostream &)> &write);

/// Flushes std::cout and throws InputError("standard output", …) when anything written to it
/// was lost (a closed pipe, `> /dev/full`).
void checkStdout(const std::string &what);

} // namespace fuselab
