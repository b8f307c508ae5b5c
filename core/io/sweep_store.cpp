// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/sweep_store.h"

#include "util/error.h"

#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <tuple>

namespace fuselab {

namespace {

// The stored columns, in order. A file whose table differs is another schema.
std::vector<std::string> columnNames()
{
    std::vector<std::string> c{"workload", "hardware", "objective", "origin"};
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
        const bool text = i < 4 || cols[i] == "plan_yaml";
        o << cols[i] << (text ? " TEXT" : (cols[i].ends_with("_cycles") || cols[i].ends_with("_bytes") ? " INTEGER" : " REAL"))
          << (i < 3 ? " NOT NULL" : "") << ", ";
    }
    o << "PRIMARY KEY (workload, hardware, objective))";
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

SweepStore::SweepStore(const std::string &path) : path_(path)
{
    const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw InputError(path, "", "cannot open the sweep file: " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
        std::string existing;
        bool found = false;
        {
            Stmt st(db_, path, "SELECT sql FROM sqlite_master WHERE type='table' AND name='sweep_points'");
            if (st.step()) {
                found = true;
                existing = st.col(0);
            }
        }
        if (!found)
            exec(db_, path, createSql());
        else if (existing != createSql())
            throw InputError(path, "sweep_points",
                             "table has another schema (written by another FuseLab version?); use a new file");
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

SweepStore::~SweepStore()
{
    sqlite3_close_v2(db_);
}

bool SweepStore::contains(const std::string &workload, const std::string &hardware, const std::string &objective) const
{
    Stmt st(db_, path_, "SELECT 1 FROM sweep_points WHERE workload=?1 AND hardware=?2 AND objective=?3");
    st.text(1, workload);
    st.text(2, hardware);
    st.text(3, objective);
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
        st.text(4, row.origin);
        int i = 5;
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
    Stmt st(db_, path_, "SELECT * FROM sweep_points ORDER BY workload, hardware, objective");
    while (st.step()) {
        SweepRow r;
        r.workload = st.col(0);
        r.hardware = st.col(1);
        r.objective = st.col(2);
        r.origin = st.col(3);
        int i = 4;
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
    // Read and check everything before writing, so a refused merge leaves `out` unchanged.
    std::set<std::tuple<std::string, std::string, std::string>> keys;
    if (std::filesystem::exists(out))
        for (const auto &r : SweepStore(out).rows())
            keys.emplace(r.workload, r.hardware, r.objective);
    std::vector<SweepRow> all;
    for (const auto &in : inputs) {
        if (!std::filesystem::exists(in))
            throw InputError(in, "", "no such sweep file");
        for (auto &r : SweepStore(in).rows()) {
            if (!keys.emplace(r.workload, r.hardware, r.objective).second)
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
