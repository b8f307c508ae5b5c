// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite storage of sweep rows: one table `sweep_points`, one row per (workload, hardware,
// objective, settings, inputs digest): every setting that changes a result is part of the key
// (search/sweep.h), so a re-run with another seed explores again instead of keeping stale
// points. Shard files of one sweep are combined with mergeSweepFiles.
#pragma once

#include "search/sweep.h"

#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace fuselab {

class SweepStore {
public:
    enum class Mode { Write, ReadOnly };
    /// Opens a sweep file. Write creates a missing (or 0-byte) file; an existing file must be a
    /// sweep file of this schema: a FuseLab project, another database or a file with views or
    /// triggers is refused (InputError naming it) and never modified. ReadOnly never writes,
    /// never creates, and refuses a file without the sweep table.
    explicit SweepStore(const std::string &path, Mode mode = Mode::Write);
    ~SweepStore();
    SweepStore(const SweepStore &) = delete;
    SweepStore &operator=(const SweepStore &) = delete;

    bool contains(const SweepRow &key) const; // by the key fields of `key`
    /// Inserts one row in its own transaction; throws InputError on a duplicate key.
    void insert(const SweepRow &row);
    /// All rows ordered by workload, hardware, objective.
    std::vector<SweepRow> rows() const;

private:
    std::string path_;
    sqlite3 *db_ = nullptr;
};

/// Writes the rows of `inputs` into `out` (created if missing). Inputs are opened read-only.
/// Refuses, naming the file: an input that is not a sweep file of this schema (a project, a
/// 0-byte file), an `out` that is not one, rows computed with other settings (generations,
/// population, seed) than the rest, and a row whose key is already present in `out` or
/// another input; on refusal `out` is left unchanged.
int mergeSweepFiles(const std::string &out, const std::vector<std::string> &inputs);

} // namespace fuselab
