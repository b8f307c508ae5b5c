// SPDX-License-Identifier: GPL-3.0-or-later
// What FuseLab reads from an SQLite file it did not necessarily write (a project, a sweep
// file): only plain tables and their indices. A VIEW, TRIGGER or virtual table runs code
// chosen by whoever made the file when it is read (a view over an unbounded recursive CTE
// spins forever, and passes `PRAGMA quick_check`), so such a file is refused before any of
// its tables is read. Core-internal: sqlite3 is a private dependency of fuselab_core.
#pragma once

#include <set>
#include <string>

struct sqlite3;

namespace fuselab {

/// Limits on one connection to an untrusted file: no value longer than 256 MiB, no SQL
/// longer than 1 MiB, no recursion into triggers.
void limitUntrustedConnection(sqlite3 *db);

/// "" when every schema object of `db` is a table named in `tables` or an index, else the
/// reason naming the first object that is not, e.g. "contains a view 'runs' (…)".
std::string foreignSchemaObject(sqlite3 *db, const std::set<std::string> &tables);

} // namespace fuselab
