// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/sweep_store.h"

#include "io/sqlite_guard.h"
#include "util/error.h"
#include "util/input_file.h"

#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <tuple>

namespace fuselab {

namespace {

// workload, hardware, objective, settings, inputs_digest: the key of a point.
constexpr size_t kKeyColumns = 5;

// The stored columns, in order. A file whose table differs is another schema.
std::vector<std::string> columnNames()
{
    std::vector<std::string> c{"workload", "hardware", "objective", "settings", "inputs_digest", "origin"};
    std::vector<std::string> prefixes{"best"};
    for (const auto &b : sweepBaselineNames())
        prefixes.push_back(b);
    for (const auto &p : prefixes)
        for (const char *f : {"_latency_cycles", "_energy_pj", "_edp", "_dram_bytes"})
            c.push_back(p + f);
    c.push_back("wall_s");
    c.push_back("plan_yaml");
    return c;
}

std::string createSql()
{
    std::ostringstream o;
    o << "CREATE TABLE sweep_points (";
    const auto cols = columnNames();
    for (size_t i = 0; i < cols.size(); ++i) {
        const bool text = i < kKeyColumns + 1 || cols[i] == "plan_yaml";
        o << cols[i] << (text ? " TEXT" : (cols[i].ends_with("_cycles") || cols[i].ends_with("_bytes") ? " INTEGER" : " REAL"))
          << (i < kKeyColumns ? " NOT NULL" : "") << ", ";
    }
    o << "PRIMARY KEY (workload, hardware, objective, settings, inputs_digest))";
    return o.str();
}

class Stmt {
public:
    Stmt(sqlite3 *db, const std::string &file, const std::string &sql) : db_(db), file_(file)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
            throw InputError(file_, "sweep_points", sqlite3_errmsg(db_));
    }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    sqlite3_stmt *get() { return st_; }
    bool step()
    {
        const int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            throw InputError(file_, "sweep_points", sqlite3_errmsg(db_));
        return false;
    }
    void text(int i, const std::string &s)
    {
        sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    std::string col(int i)
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st_, i));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, i))) : std::string();
    }

private:
    sqlite3 *db_;
    std::string file_;
    sqlite3_stmt *st_ = nullptr;
};

void exec(sqlite3 *db, const std::string &file, const std::string &sql)
{
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        throw InputError(file, "", sqlite3_errmsg(db));
}

} // namespace

SweepStore::SweepStore(const std::string &path, Mode mode) : path_(path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (mode == Mode::ReadOnly && !exists)
        throw InputError(path, "", "no such sweep file");
    if (exists)
        requireRegularFile(path, kMaxDatabaseBytes, "a sweep file");
    const bool empty = exists && fs::file_size(path, ec) == 0;
    if (mode == Mode::ReadOnly && empty)
        throw InputError(path, "", "the file is empty (0 bytes), not a FuseLab sweep file");
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw InputError(path, "", "cannot open the sweep file: " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    limitUntrustedConnection(db_);
    try {
        // Anything but our one table (and its index) is a file we did not write: a project
        // (it has `meta`, `layers`, …), another application's database, or one with views.
        std::string existing;
        bool found = false;
        {
            // sqlite_master of a file that is not a database fails here ("file is not a database").
            Stmt st(db_, path, "SELECT sql FROM sqlite_master WHERE type='table' AND name='sweep_points'");
            if (st.step()) {
                found = true;
                existing = st.col(0);
            }
        }
        bool isProject = false;
        {
            Stmt st(db_, path, "SELECT 1 FROM sqlite_master WHERE name='meta'");
            isProject = st.step();
        }
        if (isProject)
            throw InputError(path, "", "is a FuseLab project (or another database), not a sweep file; sweep results "
                                       "go to a file of their own");
        if (const std::string foreign = foreignSchemaObject(db_, {"sweep_points"}); !foreign.empty())
            throw InputError(path, "sqlite_master", foreign + " (not a FuseLab sweep file)");
        if (!found && mode == Mode::ReadOnly)
            throw InputError(path, "", "not a FuseLab sweep file (it has no sweep_points table)");
        if (!found)
            exec(db_, path, createSql());
        else if (existing != createSql())
            throw InputError(path, "sweep_points",
                             "table has another schema (written by another FuseLab version?); use a new file");
    } catch (...) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

SweepStore::~SweepStore()
{
    sqlite3_close_v2(db_);
}

bool SweepStore::contains(const SweepRow &key) const
{
    Stmt st(db_, path_,
            "SELECT 1 FROM sweep_points WHERE workload=?1 AND hardware=?2 AND objective=?3 AND settings=?4 AND "
            "inputs_digest=?5");
    st.text(1, key.workload);
    st.text(2, key.hardware);
    st.text(3, key.objective);
    st.text(4, key.settings);
    st.text(5, key.inputsDigest);
    return st.step();
}

void SweepStore::insert(const SweepRow &row)
{
    const auto cols = columnNames();
    std::ostringstream sql;
    sql << "INSERT INTO sweep_points VALUES (";
    for (size_t i = 0; i < cols.size(); ++i)
        sql << (i ? ",?" : "?") << i + 1;
    sql << ")";
    exec(db_, path_, "BEGIN IMMEDIATE");
    try {
        Stmt st(db_, path_, sql.str());
        st.text(1, row.workload);
        st.text(2, row.hardware);
        st.text(3, row.objective);
        st.text(4, row.settings);
        st.text(5, row.inputsDigest);
        st.text(6, row.origin);
        int i = 7;
        auto bindTotals = [&](const SweepTotals *t) {
            if (t) {
                sqlite3_bind_int64(st.get(), i, t->latencyCycles);
                sqlite3_bind_double(st.get(), i + 1, t->energyPj);
                sqlite3_bind_double(st.get(), i + 2, t->edp);
                sqlite3_bind_int64(st.get(), i + 3, t->dramBytes);
            } // else: NULLs (a baseline the generators could not build)
            i += 4;
        };
        bindTotals(&row.best);
        for (const auto &name : sweepBaselineNames()) {
            const SweepTotals *t = nullptr;
            for (const auto &[n, b] : row.baselines)
                if (n == name)
                    t = &b;
            bindTotals(t);
        }
        sqlite3_bind_double(st.get(), i++, row.wallSeconds);
        st.text(i, row.planYaml);
        if (sqlite3_step(st.get()) != SQLITE_DONE)
            throw InputError(path_, "sweep_points",
                             "cannot store " + row.workload + " / " + row.hardware + " / " + row.objective + ": " +
                                 sqlite3_errmsg(db_));
        exec(db_, path_, "COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::vector<SweepRow> SweepStore::rows() const
{
    std::vector<SweepRow> out;
    Stmt st(db_, path_, "SELECT * FROM sweep_points ORDER BY workload, hardware, objective, settings, inputs_digest");
    while (st.step()) {
        SweepRow r;
        r.workload = st.col(0);
        r.hardware = st.col(1);
        r.objective = st.col(2);
        r.settings = st.col(3);
        r.inputsDigest = st.col(4);
        r.origin = st.col(5);
        int i = 6;
        auto readTotals = [&](SweepTotals &t) {
            const bool present = sqlite3_column_type(st.get(), i) != SQLITE_NULL;
            t.latencyCycles = sqlite3_column_int64(st.get(), i);
            t.energyPj = sqlite3_column_double(st.get(), i + 1);
            t.edp = sqlite3_column_double(st.get(), i + 2);
            t.dramBytes = sqlite3_column_int64(st.get(), i + 3);
            i += 4;
            return present;
        };
        readTotals(r.best);
        for (const auto &name : sweepBaselineNames()) {
            SweepTotals t;
            if (readTotals(t))
                r.baselines.emplace_back(name, t);
        }
        r.wallSeconds = sqlite3_column_double(st.get(), i++);
        r.planYaml = st.col(i);
        out.push_back(std::move(r));
    }
    return out;
}

int mergeSweepFiles(const std::string &out, const std::vector<std::string> &inputs)
{
    if (inputs.empty())
        throw UsageError("merge needs at least one input file");
    namespace fs = std::filesystem;
    // Read and check everything before writing, so a refused merge leaves `out` unchanged.
    // Inputs are only read (opened read-only: a foreign file is never modified).
    using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
    std::set<Key> keys;
    std::string settings, settingsFrom;
    auto sameSettings = [&](const SweepRow &r, const std::string &file) {
        if (settingsFrom.empty()) {
            settings = r.settings;
            settingsFrom = file;
        } else if (r.settings != settings) {
            throw InputError(file, "sweep_points.settings",
                             "point " + r.workload + " / " + r.hardware + " / " + r.objective + " was computed with '" +
                                 r.settings + "', " + settingsFrom + " with '" + settings +
                                 "': shards of one sweep must share their settings; nothing merged");
        }
    };
    std::error_code ec;
    if (fs::exists(out, ec) && fs::file_size(out, ec) > 0)
        for (const auto &r : SweepStore(out, SweepStore::Mode::ReadOnly).rows()) {
            sameSettings(r, out);
            keys.emplace(r.workload, r.hardware, r.objective, r.settings, r.inputsDigest);
        }
    std::vector<SweepRow> all;
    for (const auto &in : inputs) {
        if (fs::equivalent(in, out, ec))
            throw InputError(in, "", "is the output file too; nothing merged");
        for (auto &r : SweepStore(in, SweepStore::Mode::ReadOnly).rows()) {
            sameSettings(r, in);
            if (!keys.emplace(r.workload, r.hardware, r.objective, r.settings, r.inputsDigest).second)
                throw InputError(in, "sweep_points",
                                 "duplicate point " + r.workload + " / " + r.hardware + " / " + r.objective +
                                     " (already in " + out + " or an earlier input); nothing merged");
            all.push_back(std::move(r));
        }
    }
    SweepStore store(out);
    for (const auto &r : all)
        store.insert(r);
    return static_cast<int>(all.size());
}

} // namespace fuselab
