// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite storage of sweep rows: one table `sweep_points`, one row per (workload, hardware,
// objective). Shard files of one sweep are combined with mergeSweepFiles.
#pragma once

#include "search/sweep.h"

#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace fuselab {

class SweepStore {
public:
    /// Opens (creating if needed) a sweep file; throws InputError when it is not a sweep file
    /// of this schema.
    explicit SweepStore(const std::string &path);
    ~SweepStore();
    SweepStore(const SweepStore &) = delete;
    SweepStore &operator=(const SweepStore &) = delete;

    bool contains(const std::string &workload, const std::string &hardware, const std::string &objective) const;
    /// Inserts one row in its own transaction; throws InputError on a duplicate key.
    void insert(const SweepRow &row);
    /// All rows ordered by workload, hardware, objective.
    std::vector<SweepRow> rows() const;

private:
    std::string path_;
    sqlite3 *db_ = nullptr;
};

/// Writes the rows of `inputs` into `out` (created if missing). Refuses, naming the file, an
/// input of another schema and a row whose key is already present in `out` or another input;
/// on refusal `out` is left unchanged.
int mergeSweepFiles(const std::string &out, const std::vector<std::string> &inputs);

} // namespace fuselab
