// SPDX-License-Identifier: GPL-3.0-or-later
// The project file: one SQLite database (C API), one table per kind of thing.
//
// Why a save survives `kill -9`: an existing project is rewritten in place inside ONE
// transaction (BEGIN IMMEDIATE … COMMIT) in SQLite's rollback-journal mode
// (journal_mode=DELETE, synchronous=FULL). Before SQLite changes a page of the file it
// copies the original page into `<file>-journal`; the commit is the deletion of that
// journal. A process killed before the commit leaves a "hot" journal behind, and the next
// connection that opens the file (loadProject or the next save) rolls it back first, so the
// file reads as the previous version. Killed after the commit, it is the new version.
// We do not use WAL: in WAL mode committed pages live in `<file>-wal` until a checkpoint,
// so a project file copied or mailed right after a save could miss that save; a document
// must be one self-contained file. A file that does not exist yet, or is not a FuseLab
// project, is written as a fresh database at `<file>.saving` and renamed over the target
// (rename is atomic), so the target is never half-written either.
//
// Loading never writes: the file is opened without SQLITE_OPEN_CREATE and only read (the
// single exception is SQLite rolling back a hot journal, which restores the previous save).
// An older schema is upgraded in an in-memory copy; the file changes only on the next save.
#include "project/project_file.h"
#include "project/run_store.h"
#include "project/design_snapshot.h"

#include "io/sqlite_guard.h"
#include "util/error.h"
#include "util/input_file.h"

#include <sqlite3.h>

#include <QCryptographicHash>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <type_traits>

#include <sys/stat.h>
#include <unistd.h>

namespace fuselab {

namespace {

constexpr int kApplicationId = 0x46534C42;  // "FSLB" in the SQLite header marks a FuseLab file
constexpr const char *kFormatTag = "fuselab-project";

// Schema version 1. `plans` and `runs` arrive with the scheduler/search (schema 2, added
// through upgradeSchema below). Operand masks: 1 = I, 2 = W, 4 = O. Energies in pJ,
// bandwidths in bytes/cycle, link energy in pJ/bit, floorplan in grid cells.
constexpr const char *kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE project(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL);
CREATE TABLE workload(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL);
CREATE TABLE workload_warnings(pos INTEGER PRIMARY KEY, message TEXT NOT NULL);
CREATE TABLE tensors(id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER, c INTEGER, h INTEGER,
  w INTEGER, bits INTEGER, producer INTEGER);
CREATE TABLE layers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, op TEXT NOT NULL, source_op TEXT NOT NULL,
  b INTEGER, k INTEGER, c INTEGER, oy INTEGER, ox INTEGER, fy INTEGER, fx INTEGER, iy INTEGER, ix INTEGER,
  stride_y INTEGER, stride_x INTEGER, pad_top INTEGER, pad_left INTEGER, pad_bottom INTEGER,
  pad_right INTEGER, dilation_y INTEGER, dilation_x INTEGER, groups INTEGER, bits_i INTEGER,
  bits_w INTEGER, bits_o INTEGER, has_weights INTEGER, output INTEGER);
CREATE TABLE layer_inputs(layer INTEGER, pos INTEGER, tensor INTEGER, PRIMARY KEY (layer, pos));
CREATE TABLE layer_folded(layer INTEGER, pos INTEGER, op TEXT NOT NULL, PRIMARY KEY (layer, pos));
CREATE TABLE accelerator(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, clock_mhz REAL,
  grid_width INTEGER, grid_height INTEGER);
CREATE TABLE cores(id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, rows INTEGER,
  cols INTEGER, dataflow TEXT NOT NULL, clock_mhz REAL, mac_energy_pj REAL, lanes INTEGER,
  mvm_cycles INTEGER, mvm_energy_pj REAL, program_cycles_per_row INTEGER, program_energy_per_row_pj REAL);
CREATE TABLE core_unrolls(core INTEGER, axis TEXT CHECK (axis IN ('rows', 'cols')), pos INTEGER,
  dim TEXT NOT NULL, factor INTEGER, PRIMARY KEY (core, axis, pos));
CREATE TABLE memories(id INTEGER PRIMARY KEY, name TEXT NOT NULL, core TEXT NOT NULL, size_bytes INTEGER,
  operands INTEGER, read_bw REAL, write_bw REAL, read_energy_pj REAL, write_energy_pj REAL, latency INTEGER);
CREATE TABLE links(id INTEGER PRIMARY KEY, name TEXT NOT NULL, bandwidth REAL, latency INTEGER,
  energy_per_bit_pj REAL);
CREATE TABLE link_endpoints(link INTEGER, pos INTEGER, block TEXT NOT NULL, PRIMARY KEY (link, pos));
CREATE TABLE dram(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, bandwidth REAL,
  latency INTEGER, read_energy_pj REAL, write_energy_pj REAL, ports INTEGER);
CREATE TABLE floorplan(block_kind TEXT CHECK (block_kind IN ('core', 'memory', 'dram')),
  block_index INTEGER, block_name TEXT NOT NULL, x INTEGER, y INTEGER, w INTEGER, h INTEGER,
  PRIMARY KEY (block_kind, block_index));
)sql";

// Schema 3: the shapes an ONNX model's symbolic inputs were imported at (Workload::inputShapes),
// one row per dimension. Added through upgradeSchema (an older project had none recorded).
constexpr const char *kInputShapesSql = R"sql(
CREATE TABLE workload_input_shapes(input TEXT NOT NULL, pos INTEGER, dim INTEGER, PRIMARY KEY (input, pos));
)sql";

// Schema 6: the fields of the accelerator and the layers the costs read that schemas 1-5 did
// not keep (Memory level, served axes and array dimensions, ports and double buffering;
// Unroll::arrayDim; Precision::psum). Side tables, not new columns, holding a row only for a
// memory, unroll or layer whose values differ from the defaults: an older file upgrades by
// creating them empty (its designs had the defaults), and a design with no such row hashes
// as schema 5 hashed it (designFingerprint), so the runs an older file stored stay on it.
constexpr const char *kDesignExtrasSql = R"sql(
CREATE TABLE memory_hierarchy(memory INTEGER PRIMARY KEY, level INTEGER, served_axes INTEGER,
  served_dims INTEGER, read_ports INTEGER, write_ports INTEGER, rw_ports INTEGER, double_buffered INTEGER);
CREATE TABLE core_unroll_array_dims(core INTEGER, axis TEXT CHECK (axis IN ('rows', 'cols')), pos INTEGER,
  array_dim INTEGER, PRIMARY KEY (core, axis, pos));
CREATE TABLE layer_psum(layer INTEGER PRIMARY KEY, bits_psum INTEGER);
)sql";

// Schema 7: a spatial core's array dimensions (Core::arraySizes) and whether its unrolling is
// searched (Core::searchUnrolling). Sparse like schema 6's tables: a row only for a core that
// has them, so an older file upgrades by creating them empty and keeps its fingerprints.
constexpr const char *kCoreSpatialSql = R"sql(
CREATE TABLE core_array_dims(core INTEGER, pos INTEGER, size INTEGER, PRIMARY KEY (core, pos));
CREATE TABLE core_search_unrolling(core INTEGER PRIMARY KEY, search INTEGER);
)sql";

/// An open connection; every failure becomes an InputError naming the file.
class Db {
public:
    Db(const std::string &path, int flags, const std::string &fileForErrors) : file_(fileForErrors)
    {
        const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw InputError(file_, "", "cannot open: " + msg);
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, 2000);
        limitUntrustedConnection(db_); // no views, triggers, giant values (sqlite_guard.h)
    }
    ~Db() { sqlite3_close_v2(db_); }
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    sqlite3 *get() const { return db_; }
    const std::string &file() const { return file_; }
    [[noreturn]] void fail(const std::string &what) const { throw InputError(file_, what, sqlite3_errmsg(db_)); }
    void exec(const char *sql, const std::string &what)
    {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            fail(what);
    }

private:
    sqlite3 *db_ = nullptr;
    std::string file_;
};

/// A prepared statement with typed bind / column helpers. NaN is stored as NULL by SQLite,
/// so a NULL REAL reads back as NaN (an invalid value the user typed survives a save).
class Stmt {
public:
    Stmt(Db &db, const char *sql, std::string what) : db_(db), what_(std::move(what))
    {
        if (sqlite3_prepare_v2(db.get(), sql, -1, &st_, nullptr) != SQLITE_OK)
            db.fail(what_);
    }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;

    template <typename... Args>
    Stmt &bindAll(const Args &...args)
    {
        sqlite3_reset(st_);
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }
    template <typename... Args>
    void insert(const Args &...args)
    {
        bindAll(args...);
        if (sqlite3_step(st_) != SQLITE_DONE)
            db_.fail(what_);
    }
    bool next()
    {
        const int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            db_.fail(what_);
        return false;
    }
    int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
    int i32(int col) const
    {
        const int64_t v = i64(col);
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            throw InputError(db_.file(), what_, "value " + std::to_string(v) + " is out of range");
        return static_cast<int>(v);
    }
    double real(int col) const
    {
        if (sqlite3_column_type(st_, col) == SQLITE_NULL)
            return std::numeric_limits<double>::quiet_NaN();
        return sqlite3_column_double(st_, col);
    }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }
    const std::string &what() const { return what_; }
    sqlite3_stmt *handle() const { return st_; }

private:
    template <typename T>
    void bind(int i, const T &v)
    {
        int rc;
        if constexpr (std::is_same_v<T, std::string>)
            rc = sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        else if constexpr (std::is_same_v<T, std::string_view>)
            rc = sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        else if constexpr (std::is_floating_point_v<T>)
            rc = sqlite3_bind_double(st_, i, v);
        else
            rc = sqlite3_bind_int64(st_, i, static_cast<sqlite3_int64>(v));
        if (rc != SQLITE_OK)
            db_.fail(what_);
    }

    Db &db_;
    sqlite3_stmt *st_ = nullptr;
    std::string what_;
};

// ---------------------------------------------------------------------------- writing

void writeDesign(Db &db, const Workload &w, const Accelerator &a);

void writeContent(Db &db, const Project &p)
{
    db.exec(kSchemaV1, "schema");
    db.exec(kRunTablesSql, "schema (runs)");
    db.exec(kInputShapesSql, "schema (input shapes)");
    db.exec(kRunDesignTablesSql, "schema (run designs)");
    db.exec(kEventEnergyTableSql, "schema (event energies)");
    db.exec(kDesignExtrasSql, "schema (design extras)");
    db.exec(kCoreSpatialSql, "schema (core spatial)");
    {
        Stmt s(db, "INSERT INTO meta(key, value) VALUES (?, ?)", "meta");
        s.insert(std::string("format"), std::string(kFormatTag));
        s.insert(std::string("schema_version"), std::to_string(kProjectSchemaVersion));
        s.insert(std::string("app_version"), std::string(FUSELAB_VERSION));
    }
    Stmt(db, "INSERT INTO project(id, name) VALUES (1, ?)", "project").insert(p.name);
    writeDesign(db, p.workload, p.accelerator);
    writeRuns(db.get(), p.runs, p.workload, p.accelerator, db.file());

    db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(), "application_id");
    db.exec(("PRAGMA user_version = " + std::to_string(kProjectSchemaVersion)).c_str(), "user_version");
}

/// The design tables: the workload, the accelerator and its floorplan.
void writeDesign(Db &db, const Workload &w, const Accelerator &a)
{
    Stmt(db, "INSERT INTO workload(id, name) VALUES (1, ?)", "workload").insert(w.name);
    {
        Stmt s(db, "INSERT INTO workload_warnings VALUES (?, ?)", "workload_warnings");
        for (size_t i = 0; i < w.warnings.size(); ++i)
            s.insert(i, w.warnings[i]);
    }
    {
        Stmt s(db, "INSERT INTO workload_input_shapes VALUES (?, ?, ?)", "workload_input_shapes");
        for (const auto &[input, dims] : w.inputShapes)
            for (size_t k = 0; k < dims.size(); ++k)
                s.insert(input, k, dims[k]);
    }
    {
        Stmt s(db, "INSERT INTO tensors VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tensors");
        for (size_t i = 0; i < w.tensors.size(); ++i) {
            const Tensor &t = w.tensors[i];
            s.insert(i, t.name, t.n, t.c, t.h, t.w, t.bits, t.producer);
        }
    }
    {
        Stmt s(db,
               "INSERT INTO layers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
               "?, ?, ?)",
               "layers");
        Stmt in(db, "INSERT INTO layer_inputs VALUES (?, ?, ?)", "layer_inputs");
        Stmt fo(db, "INSERT INTO layer_folded VALUES (?, ?, ?)", "layer_folded");
        Stmt ps(db, "INSERT INTO layer_psum VALUES (?, ?)", "layer_psum");
        for (size_t i = 0; i < w.layers.size(); ++i) {
            const Layer &l = w.layers[i];
            const LoopDims &d = l.dims;
            s.insert(i, l.name, std::string(toString(l.op)), l.sourceOp, d.b, d.k, d.c, d.oy, d.ox, d.fy, d.fx,
                     l.iy, l.ix, l.strideY, l.strideX, l.padTop, l.padLeft, l.padBottom, l.padRight, l.dilationY,
                     l.dilationX, l.groups, l.precision.i, l.precision.w, l.precision.o, l.hasWeights ? 1 : 0,
                     l.output);
            for (size_t k = 0; k < l.inputs.size(); ++k)
                in.insert(i, k, l.inputs[k]);
            for (size_t k = 0; k < l.folded.size(); ++k)
                fo.insert(i, k, l.folded[k]);
            if (l.precision.psum != Precision{}.psum)
                ps.insert(i, l.precision.psum);
        }
    }

    Stmt(db, "INSERT INTO accelerator VALUES (1, ?, ?, ?, ?)", "accelerator")
        .insert(a.name, a.clockMHz, a.gridWidth, a.gridHeight);
    Stmt fp(db, "INSERT INTO floorplan VALUES (?, ?, ?, ?, ?, ?, ?)", "floorplan");
    auto place = [&](const char *kind, size_t i, const std::string &name, const Placement &pl) {
        fp.insert(std::string(kind), i, name, pl.x, pl.y, pl.w, pl.h);
    };
    {
        Stmt s(db, "INSERT INTO cores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "cores");
        Stmt u(db, "INSERT INTO core_unrolls VALUES (?, ?, ?, ?, ?)", "core_unrolls");
        Stmt ad(db, "INSERT INTO core_unroll_array_dims VALUES (?, ?, ?, ?)", "core_unroll_array_dims");
        Stmt sz(db, "INSERT INTO core_array_dims VALUES (?, ?, ?)", "core_array_dims");
        Stmt su(db, "INSERT INTO core_search_unrolling VALUES (?, ?)", "core_search_unrolling");
        auto unrolls = [&](size_t core, const std::string &axis, const std::vector<Unroll> &list) {
            for (size_t k = 0; k < list.size(); ++k) {
                u.insert(core, axis, k, std::string(toString(list[k].dim)), list[k].factor);
                if (list[k].arrayDim != Unroll{}.arrayDim)
                    ad.insert(core, axis, k, list[k].arrayDim);
            }
        };
        for (size_t i = 0; i < a.cores.size(); ++i) {
            const Core &c = a.cores[i];
            s.insert(i, c.name, std::string(toString(c.kind)), c.rows, c.cols, std::string(toString(c.dataflow)),
                     c.clockMHz, c.macEnergy, c.lanes, c.mvmCycles, c.mvmEnergy, c.programCyclesPerRow,
                     c.programEnergyPerRow);
            unrolls(i, "rows", c.unrollRows);
            unrolls(i, "cols", c.unrollCols);
            for (size_t k = 0; k < c.arraySizes.size(); ++k)
                sz.insert(i, k, c.arraySizes[k]);
            if (c.searchUnrolling)
                su.insert(i, 1);
            place("core", i, c.name, c.place);
        }
    }
    {
        Stmt s(db, "INSERT INTO memories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "memories");
        Stmt h(db, "INSERT INTO memory_hierarchy VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "memory_hierarchy");
        const Memory plain;
        for (size_t i = 0; i < a.memories.size(); ++i) {
            const Memory &m = a.memories[i];
            s.insert(i, m.name, m.core, m.sizeBytes, m.operands, m.readBw, m.writeBw, m.readEnergy, m.writeEnergy,
                     m.latency);
            if (m.level != plain.level || m.servedAxes != plain.servedAxes || m.servedDims != plain.servedDims ||
                m.readPorts != plain.readPorts || m.writePorts != plain.writePorts || m.rwPorts != plain.rwPorts ||
                m.doubleBuffered != plain.doubleBuffered)
                h.insert(i, m.level, m.servedAxes, m.servedDims, m.readPorts, m.writePorts, m.rwPorts,
                         m.doubleBuffered ? 1 : 0);
            place("memory", i, m.name, m.place);
        }
    }
    {
        Stmt s(db, "INSERT INTO links VALUES (?, ?, ?, ?, ?)", "links");
        Stmt e(db, "INSERT INTO link_endpoints VALUES (?, ?, ?)", "link_endpoints");
        for (size_t i = 0; i < a.links.size(); ++i) {
            const Link &l = a.links[i];
            s.insert(i, l.name, l.bandwidth, l.latency, l.energyPerBit);
            for (size_t k = 0; k < l.endpoints.size(); ++k)
                e.insert(i, k, l.endpoints[k]);
        }
    }
    const Dram &d = a.dram;
    Stmt(db, "INSERT INTO dram VALUES (1, ?, ?, ?, ?, ?, ?)", "dram")
        .insert(d.name, d.bandwidth, d.latency, d.readEnergy, d.writeEnergy, d.ports);
    place("dram", 0, d.name, d.place);
}

/// Takes SQLite's write lock (BEGIN IMMEDIATE in rollback-journal mode). Another process
/// holding it makes this wait up to the connection's busy timeout and then fail with the
/// message a user can act on, not SQLite's "database is locked".
void beginWrite(Db &db)
{
    db.exec("PRAGMA journal_mode = DELETE", "journal_mode");
    db.exec("PRAGMA synchronous = FULL", "synchronous");
    const int rc = sqlite3_exec(db.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        throw InputError(db.file(), "",
                         "the project is being written by another process; try again when it has finished");
    if ((rc & 0xff) == SQLITE_READONLY)
        throw InputError(db.file(), "", "the project file cannot be written (read-only)");
    if (rc != SQLITE_OK)
        db.fail("begin transaction");
}

/// Drops every table (the content is rewritten whole) inside the open transaction.
void dropAllTables(Db &db)
{
    std::vector<std::string> tables;
    {
        Stmt s(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
               "sqlite_master");
        while (s.next())
            tables.push_back(s.text(0));
    }
    for (const auto &t : tables) {
        std::string quoted = "\"";
        for (char ch : t)
            quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        db.exec(("DROP TABLE " + quoted + "\"").c_str(), "drop " + t);
    }
}

/// Runs `body` inside the open write transaction and commits; on any error rolls back.
template <typename Body>
void commitOrRollBack(Db &db, Body &&body)
{
    try {
        body();
        db.exec("COMMIT", "commit");
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

uint32_t headerChangeCounter(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char h[28] = {};
    if (!in.read(reinterpret_cast<char *>(h), sizeof h))
        return 0;
    return (uint32_t(h[24]) << 24) | (uint32_t(h[25]) << 16) | (uint32_t(h[26]) << 8) | uint32_t(h[27]);
}

/// Everything in one transaction; on any error the transaction is rolled back. With
/// `expectedRevision`, the file must still be at that revision once the lock is held.
void writeTransaction(Db &db, const Project &p, bool dropExisting, const uint32_t *expectedRevision = nullptr)
{
    beginWrite(db);
    commitOrRollBack(db, [&] {
        if (expectedRevision) {
            // Committed pages are in the file while we hold the write lock: no one else can
            // commit now, so the header's counter is stable.
            const uint32_t now = headerChangeCounter(db.file());
            if (now != *expectedRevision)
                throw InputError(db.file(), "",
                                 "the project was changed by another process since it was opened or saved here "
                                 "(e.g. a run stored from the command line); reopen it, or save under another name");
        }
        if (dropExisting)
            dropAllTables(db);
        writeContent(db, p);
    });
}

// ---------------------------------------------------------------------------- checking

/// First bytes of every SQLite 3 database.
constexpr char kSqliteMagic[] = "SQLite format 3";  // 16 bytes with the NUL

/// Throws unless `path` is an SQLite file (by its header).
void checkSqliteHeader(const std::string &path)
{
    namespace fs = std::filesystem;
    requireRegularFile(path, kMaxDatabaseBytes, "a project file"); // no FIFO, device or directory
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw InputError(path, "", "cannot read: " + ec.message());
    if (size == 0)
        throw InputError(path, "", "the file is empty (not a FuseLab project)");
    std::ifstream in(path, std::ios::binary);
    char header[100] = {};
    in.read(header, sizeof header);
    if (!in && in.gcount() < static_cast<std::streamsize>(sizeof kSqliteMagic))
        throw InputError(path, "", "cannot read the file header (not a FuseLab project)");
    if (std::memcmp(header, kSqliteMagic, sizeof kSqliteMagic) != 0)
        throw InputError(path, "", "not a FuseLab project (the file is not an SQLite database)");
    if (size < 512)
        throw InputError(path, "", "the database is truncated (" + std::to_string(size) + " bytes)");
}

int pragmaInt(Db &db, const char *sql, const std::string &what)
{
    Stmt s(db, sql, what);
    return s.next() ? s.i32(0) : 0;
}

bool hasTable(Db &db, const std::string &name)
{
    Stmt s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "sqlite_master");
    return s.bindAll(name).next();
}

/// The tables `sql` creates, in order (from its CREATE TABLE statements).
std::vector<std::string> tablesCreatedBy(const char *sql)
{
    std::vector<std::string> names;
    const std::string text = sql, key = "CREATE TABLE ";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
        const size_t b = at + key.size();
        names.push_back(text.substr(b, text.find('(', b) - b));
    }
    return names;
}

/// Every table a project of any schema this build reads may hold (from the CREATE TABLE
/// statements themselves, so a new table cannot be forgotten here).
std::set<std::string> projectTableNames()
{
    std::set<std::string> names;
    for (const char *text :
         {kSchemaV1, kRunTablesSql, kInputShapesSql, kRunDesignTablesSql, kEventEnergyTableSql, kDesignExtrasSql,
          kCoreSpatialSql})
        for (std::string &name : tablesCreatedBy(text))
            names.insert(std::move(name));
    return names;
}

/// The schema version of a FuseLab project, or an InputError saying why it is not one.
int checkProject(Db &db)
{
    std::string verdict;
    try {
        Stmt check(db, "PRAGMA quick_check", "integrity check");
        verdict = check.next() ? check.text(0) : std::string("no answer");
    } catch (const InputError &e) {
        verdict = e.reason();
    }
    if (verdict != "ok")
        throw InputError(db.file(), "", "the database is corrupt or truncated (" + verdict + ")");
    const int appId = pragmaInt(db, "PRAGMA application_id", "application_id");
    if (appId != kApplicationId || !hasTable(db, "meta"))
        throw InputError(db.file(), "",
                         "is an SQLite database but not a FuseLab project (it has no FuseLab marker; "
                         "another application's database?)");
    if (const std::string foreign = foreignSchemaObject(db.get(), projectTableNames()); !foreign.empty())
        throw InputError(db.file(), "sqlite_master", foreign);
    std::string format, version;
    Stmt s(db, "SELECT key, value FROM meta", "meta");
    while (s.next()) {
        if (s.text(0) == "format")
            format = s.text(1);
        else if (s.text(0) == "schema_version")
            version = s.text(1);
    }
    if (format != kFormatTag)
        throw InputError(db.file(), "meta.format", "not a FuseLab project (format '" + format + "')");
    int v = 0;
    try {
        v = std::stoi(version);
    } catch (const std::exception &) {
        throw InputError(db.file(), "meta.schema_version", "'" + version + "' is not a version number");
    }
    if (v > kProjectSchemaVersion)
        throw InputError(db.file(), "meta.schema_version",
                         "written by a newer FuseLab (schema version " + std::to_string(v) +
                             "; this build reads versions up to " + std::to_string(kProjectSchemaVersion) + ")");
    if (v < 1)
        throw InputError(db.file(), "meta.schema_version", "invalid schema version " + std::to_string(v));
    return v;
}

/// Upgrades a database of schema `from` to kProjectSchemaVersion, one step per version.
/// Step k turns version k into k + 1 (e.g. schema 2 will add `plans` and `runs`). Called on
/// an in-memory copy when loading, so the file on disk is untouched until the next save.
void upgradeSchema(Db &db, int from)
{
    using Step = std::function<void(Db &)>;
    // index k - 1: the step from version k to k + 1.
    static const std::vector<Step> steps = {
        [](Db &db) { db.exec(kRunTablesSql, "upgrade to schema 2 (runs)"); }, // 1 → 2: runs, no runs yet
        [](Db &db) { db.exec(kInputShapesSql, "upgrade to schema 3 (input shapes)"); }, // 2 → 3: none recorded
        // 3 → 4: run designs; a run without a row in run_designs ran on the project's design.
        [](Db &db) { db.exec(kRunDesignTablesSql, "upgrade to schema 4 (run designs)"); },
        // 4 → 5: event energies; the runs' are derived when they are read (run_store.h).
        [](Db &db) { db.exec(kEventEnergyTableSql, "upgrade to schema 5 (event energies)"); },
        // 5 → 6: memory hierarchy, unroll array dims, psum precision; empty = the defaults they had.
        [](Db &db) { db.exec(kDesignExtrasSql, "upgrade to schema 6 (design extras)"); },
        // 6 → 7: array dimensions, searched unrolling; empty = every core's fixed unrolling as before.
        [](Db &db) { db.exec(kCoreSpatialSql, "upgrade to schema 7 (core spatial)"); },
    };
    for (int v = from; v < kProjectSchemaVersion; ++v) {
        if (v - 1 >= static_cast<int>(steps.size()))
            throw InputError(db.file(), "meta.schema_version", "no upgrade from schema " + std::to_string(v));
        steps[static_cast<size_t>(v - 1)](db);
    }
}

// ---------------------------------------------------------------------------- reading

/// Checks that the ids of a table read in `ORDER BY id` are 0, 1, 2, … .
void expectId(const Stmt &s, size_t index, const std::string &file)
{
    if (s.i64(0) != static_cast<int64_t>(index))
        throw InputError(file, s.what(), "row ids are not 0.." + std::to_string(index) + " in order (corrupt file)");
}

template <typename E, typename Parse>
E parseName(const Stmt &s, int col, Parse parse, const std::string &file, const std::string &field)
{
    E e{};
    const std::string name = s.text(col);
    if (!parse(name, e))
        throw InputError(file, s.what() + "." + field, "unknown value '" + name + "'");
    return e;
}

size_t checkedIndex(const Stmt &s, int col, size_t size, const std::string &file, const std::string &field)
{
    const int64_t v = s.i64(col);
    if (v < 0 || v >= static_cast<int64_t>(size))
        throw InputError(file, s.what() + "." + field, "refers to row " + std::to_string(v) + ", which does not exist");
    return static_cast<size_t>(v);
}

Project readContent(Db &db, bool withRuns = true)
{
    const std::string &f = db.file();
    Project p;
    {
        Stmt s(db, "SELECT name FROM project WHERE id = 1", "project");
        if (!s.next())
            throw InputError(f, "project", "missing row");
        p.name = s.text(0);
    }
    Workload &w = p.workload;
    {
        Stmt s(db, "SELECT name FROM workload WHERE id = 1", "workload");
        if (!s.next())
            throw InputError(f, "workload", "missing row");
        w.name = s.text(0);
    }
    {
        Stmt s(db, "SELECT pos, message FROM workload_warnings ORDER BY pos", "workload_warnings");
        while (s.next())
            w.warnings.push_back(s.text(1));
    }
    {
        Stmt s(db, "SELECT input, pos, dim FROM workload_input_shapes ORDER BY input, pos", "workload_input_shapes");
        while (s.next()) {
            auto &dims = w.inputShapes[s.text(0)];
            if (s.i64(1) != static_cast<int64_t>(dims.size()))
                throw InputError(f, "workload_input_shapes.pos",
                                 "input '" + s.text(0) + "': dimensions are not numbered 0, 1, 2, … (corrupt file)");
            const int64_t d = s.i64(2);
            if (d < 1 || d > kMaxDimension)
                throw InputError(f, "workload_input_shapes.dim",
                                 "input '" + s.text(0) + "': dimension " + std::to_string(d) + " is out of range (1 to " +
                                     std::to_string(kMaxDimension) + ")");
            dims.push_back(d);
        }
    }
    {
        Stmt s(db, "SELECT id, name, n, c, h, w, bits, producer FROM tensors ORDER BY id", "tensors");
        while (s.next()) {
            expectId(s, w.tensors.size(), f);
            w.tensors.push_back({s.text(1), s.i64(2), s.i64(3), s.i64(4), s.i64(5), s.i32(6), s.i32(7)});
        }
    }
    {
        Stmt s(db,
               "SELECT id, name, op, source_op, b, k, c, oy, ox, fy, fx, iy, ix, stride_y, stride_x, pad_top, "
               "pad_left, pad_bottom, pad_right, dilation_y, dilation_x, groups, bits_i, bits_w, bits_o, "
               "has_weights, output FROM layers ORDER BY id",
               "layers");
        while (s.next()) {
            expectId(s, w.layers.size(), f);
            Layer l;
            l.name = s.text(1);
            l.op = parseName<OpType>(s, 2, [](const std::string &n, OpType &o) { return parseOpType(n, o); }, f, "op");
            l.sourceOp = s.text(3);
            l.dims = {s.i64(4), s.i64(5), s.i64(6), s.i64(7), s.i64(8), s.i64(9), s.i64(10)};
            l.iy = s.i64(11);
            l.ix = s.i64(12);
            l.strideY = s.i32(13);
            l.strideX = s.i32(14);
            l.padTop = s.i32(15);
            l.padLeft = s.i32(16);
            l.padBottom = s.i32(17);
            l.padRight = s.i32(18);
            l.dilationY = s.i32(19);
            l.dilationX = s.i32(20);
            l.groups = s.i32(21);
            l.precision = {s.i32(22), s.i32(23), s.i32(24)};
            l.hasWeights = s.i64(25) != 0;
            l.output = s.i32(26);
            w.layers.push_back(std::move(l));
        }
    }
    {
        Stmt s(db, "SELECT layer, tensor FROM layer_inputs ORDER BY layer, pos", "layer_inputs");
        while (s.next())
            w.layers[checkedIndex(s, 0, w.layers.size(), f, "layer")].inputs.push_back(s.i32(1));
    }
    {
        Stmt s(db, "SELECT layer, op FROM layer_folded ORDER BY layer, pos", "layer_folded");
        while (s.next())
            w.layers[checkedIndex(s, 0, w.layers.size(), f, "layer")].folded.push_back(s.text(1));
    }
    {
        Stmt s(db, "SELECT layer, bits_psum FROM layer_psum", "layer_psum");
        while (s.next())
            w.layers[checkedIndex(s, 0, w.layers.size(), f, "layer")].precision.psum = s.i32(1);
    }

    Accelerator &a = p.accelerator;
    {
        Stmt s(db, "SELECT name, clock_mhz, grid_width, grid_height FROM accelerator WHERE id = 1", "accelerator");
        if (!s.next())
            throw InputError(f, "accelerator", "missing row");
        a.name = s.text(0);
        a.clockMHz = s.real(1);
        a.gridWidth = s.i32(2);
        a.gridHeight = s.i32(3);
    }
    {
        Stmt s(db,
               "SELECT id, name, kind, rows, cols, dataflow, clock_mhz, mac_energy_pj, lanes, mvm_cycles, "
               "mvm_energy_pj, program_cycles_per_row, program_energy_per_row_pj FROM cores ORDER BY id",
               "cores");
        while (s.next()) {
            expectId(s, a.cores.size(), f);
            Core c;
            c.name = s.text(1);
            c.kind = parseName<CoreKind>(s, 2, [](const std::string &n, CoreKind &k) { return parseCoreKind(n, k); },
                                         f, "kind");
            c.rows = s.i32(3);
            c.cols = s.i32(4);
            c.dataflow = parseName<Dataflow>(
                s, 5, [](const std::string &n, Dataflow &d) { return parseDataflow(n, d); }, f, "dataflow");
            c.clockMHz = s.real(6);
            c.macEnergy = s.real(7);
            c.lanes = s.i32(8);
            c.mvmCycles = s.i32(9);
            c.mvmEnergy = s.real(10);
            c.programCyclesPerRow = s.i32(11);
            c.programEnergyPerRow = s.real(12);
            a.cores.push_back(std::move(c));
        }
    }
    {
        Stmt s(db, "SELECT core, axis, dim, factor FROM core_unrolls ORDER BY core, axis, pos", "core_unrolls");
        while (s.next()) {
            Core &c = a.cores[checkedIndex(s, 0, a.cores.size(), f, "core")];
            const Unroll u{parseName<LoopDim>(
                               s, 2, [](const std::string &n, LoopDim &d) { return parseLoopDim(n, d); }, f, "dim"),
                           s.i32(3)};
            (s.text(1) == "rows" ? c.unrollRows : c.unrollCols).push_back(u);
        }
    }
    {
        Stmt s(db, "SELECT core, axis, pos, array_dim FROM core_unroll_array_dims", "core_unroll_array_dims");
        while (s.next()) {
            Core &c = a.cores[checkedIndex(s, 0, a.cores.size(), f, "core")];
            auto &list = s.text(1) == "rows" ? c.unrollRows : c.unrollCols;
            list[checkedIndex(s, 2, list.size(), f, "pos")].arrayDim = s.i32(3);
        }
    }
    {
        Stmt s(db, "SELECT core, pos, size FROM core_array_dims ORDER BY core, pos", "core_array_dims");
        while (s.next()) {
            Core &c = a.cores[checkedIndex(s, 0, a.cores.size(), f, "core")];
            if (s.i64(1) != static_cast<int64_t>(c.arraySizes.size()))
                throw InputError(f, "core_array_dims.pos", "positions are not 0, 1, 2, … per core (corrupt file)");
            c.arraySizes.push_back(s.i32(2));
        }
    }
    {
        Stmt s(db, "SELECT core, search FROM core_search_unrolling", "core_search_unrolling");
        while (s.next())
            a.cores[checkedIndex(s, 0, a.cores.size(), f, "core")].searchUnrolling = s.i64(1) != 0;
    }
    {
        Stmt s(db,
               "SELECT id, name, core, size_bytes, operands, read_bw, write_bw, read_energy_pj, write_energy_pj, "
               "latency FROM memories ORDER BY id",
               "memories");
        while (s.next()) {
            expectId(s, a.memories.size(), f);
            Memory m;
            m.name = s.text(1);
            m.core = s.text(2);
            m.sizeBytes = s.i64(3);
            m.operands = static_cast<unsigned>(s.i64(4));
            m.readBw = s.real(5);
            m.writeBw = s.real(6);
            m.readEnergy = s.real(7);
            m.writeEnergy = s.real(8);
            m.latency = s.i32(9);
            a.memories.push_back(std::move(m));
        }
    }
    {
        Stmt s(db,
               "SELECT memory, level, served_axes, served_dims, read_ports, write_ports, rw_ports, double_buffered "
               "FROM memory_hierarchy",
               "memory_hierarchy");
        while (s.next()) {
            Memory &m = a.memories[checkedIndex(s, 0, a.memories.size(), f, "memory")];
            m.level = s.i32(1);
            m.servedAxes = static_cast<unsigned>(s.i64(2));
            m.servedDims = static_cast<unsigned>(s.i64(3));
            m.readPorts = s.i32(4);
            m.writePorts = s.i32(5);
            m.rwPorts = s.i32(6);
            m.doubleBuffered = s.i64(7) != 0;
        }
    }
    {
        Stmt s(db, "SELECT id, name, bandwidth, latency, energy_per_bit_pj FROM links ORDER BY id", "links");
        while (s.next()) {
            expectId(s, a.links.size(), f);
            Link l;
            l.name = s.text(1);
            l.bandwidth = s.real(2);
            l.latency = s.i32(3);
            l.energyPerBit = s.real(4);
            a.links.push_back(std::move(l));
        }
    }
    {
        Stmt s(db, "SELECT link, block FROM link_endpoints ORDER BY link, pos", "link_endpoints");
        while (s.next())
            a.links[checkedIndex(s, 0, a.links.size(), f, "link")].endpoints.push_back(s.text(1));
    }
    {
        Stmt s(db, "SELECT name, bandwidth, latency, read_energy_pj, write_energy_pj, ports FROM dram WHERE id = 1",
               "dram");
        if (!s.next())
            throw InputError(f, "dram", "missing row");
        a.dram.name = s.text(0);
        a.dram.bandwidth = s.real(1);
        a.dram.latency = s.i32(2);
        a.dram.readEnergy = s.real(3);
        a.dram.writeEnergy = s.real(4);
        a.dram.ports = s.i32(5);
    }
    {
        Stmt s(db, "SELECT block_kind, block_index, x, y, w, h FROM floorplan", "floorplan");
        while (s.next()) {
            const std::string kind = s.text(0);
            const Placement pl{s.i32(2), s.i32(3), s.i32(4), s.i32(5)};
            if (kind == "core")
                a.cores[checkedIndex(s, 1, a.cores.size(), f, "block_index")].place = pl;
            else if (kind == "memory")
                a.memories[checkedIndex(s, 1, a.memories.size(), f, "block_index")].place = pl;
            else if (kind == "dram")
                a.dram.place = pl;
            else
                throw InputError(f, "floorplan.block_kind", "unknown value '" + kind + "'");
        }
    }
    if (withRuns)
        p.runs = readRuns(db.get(), p.workload, p.accelerator, f);
    return p;
}

// A project may hold an invalid design: the editors let the user save one and show its
// problems (validate()) when it is opened again. What it must not hold is an index that
// points nowhere (a layer reading tensor #999, a run for other layers): the views and the
// scheduler would index out of bounds. A corrupt or hand-edited file with one is refused
// here, naming the table. Found by fuzzing (FUZZING.md).
Project withIndicesChecked(Project p, const std::string &file)
{
    const Workload &w = p.workload;
    const auto nt = static_cast<int>(w.tensors.size()), nl = static_cast<int>(w.layers.size());
    for (const Tensor &t : w.tensors)
        if (t.producer != kNone && (t.producer < 0 || t.producer >= nl))
            throw InputError(file, "tensors.producer",
                             "tensor '" + t.name + "' names layer #" + std::to_string(t.producer) +
                                 " as its producer, which does not exist");
    for (const Layer &l : w.layers) {
        for (TensorId t : l.inputs)
            if (t < 0 || t >= nt)
                throw InputError(file, "layer_inputs.tensor",
                                 "layer '" + l.name + "' reads tensor #" + std::to_string(t) + ", which does not exist");
        if (l.output < 0 || l.output >= nt)
            throw InputError(file, "layers.output",
                             "layer '" + l.name + "' writes tensor #" + std::to_string(l.output) +
                                 ", which does not exist");
    }
    for (const Run &r : p.runs)
        if (!runFits(r, r.design.workload, r.design.accelerator))
            throw InputError(file, "runs",
                             "run '" + r.name + "' refers to layers, cores, memories or tensors the project does not have");
    return p;
}

/// True when `path` is an existing FuseLab project of any schema (so it can be rewritten in place).
bool isProjectFile(const std::string &path)
{
    try {
        checkSqliteHeader(path);
        Db db(path, SQLITE_OPEN_READWRITE, path);
        return pragmaInt(db, "PRAGMA application_id", "application_id") == kApplicationId;
    } catch (const InputError &) {
        return false;
    }
}

/// Writes a fresh database at a temporary name of this process (two processes saving at
/// once never share one) and moves it to `path`: renamed over it, or, with `noReplace`,
/// linked (fails when another process created `path` meanwhile: returns false).
bool saveFresh(const Project &p, const std::string &path, bool noReplace = false)
{
    namespace fs = std::filesystem;
    const std::string tmp = path + ".saving." + std::to_string(::getpid());
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::remove(tmp + "-journal", ec);
    try {
        Db db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path);
        writeTransaction(db, p, false);
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    if (noReplace) {
        const int rc = ::link(tmp.c_str(), path.c_str());
        const int err = errno;
        fs::remove(tmp, ec);
        if (rc == 0)
            return true;
        if (err == EEXIST)
            return false;
        throw InputError(path, "", "cannot create the file: " + std::string(std::strerror(err)));
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw InputError(path, "", "cannot replace the file: " + ec.message());
    }
    return true;
}

/// A project whose permission bits allow nobody to write it was made read-only on purpose:
/// refused instead of replaced (a rename over it would succeed, as the folder is writable,
/// and silently turn it into a mode-644 file). The bits are checked, not access(2), so the
/// refusal is the same for root, whom the kernel lets write anything.
void refuseReadOnly(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return; // does not exist (yet)
    const bool noWriteBit = S_ISREG(st.st_mode) && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
    if (noWriteBit || (S_ISREG(st.st_mode) && ::access(path.c_str(), W_OK) != 0 && errno == EACCES)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw InputError(path, "",
                         std::string("the project file is read-only (mode ") + mode +
                             "); make it writable or save under another name");
    }
}

/// The content of an open project (any schema this build reads; older ones upgraded in an
/// in-memory copy), with its indices checked.
Project readProject(Db &db, const std::string &path, bool withRuns = true)
{
    const int version = checkProject(db);
    if (version == kProjectSchemaVersion)
        return withIndicesChecked(readContent(db, withRuns), path);
    Db mem(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path);
    sqlite3_backup *b = sqlite3_backup_init(mem.get(), "main", db.get(), "main");
    if (!b)
        mem.fail("copy for upgrade");
    sqlite3_backup_step(b, -1);
    if (sqlite3_backup_finish(b) != SQLITE_OK)
        mem.fail("copy for upgrade");
    upgradeSchema(mem, version);
    return withIndicesChecked(readContent(mem, withRuns), path);
}

} // namespace

namespace {
void saveChecked(const Project &project, const std::string &path, const uint32_t *expectedRevision)
{
    refuseReadOnly(path);
    if (isProjectFile(path)) {
        try {
            Db db(path, SQLITE_OPEN_READWRITE, path);
            writeTransaction(db, project, true, expectedRevision);
            return;
        } catch (const InputError &e) {
            // A damaged project cannot be rewritten in place: replace it as a whole below.
            // One another process is writing, or wrote, is not damaged: say so, replace nothing.
            if (e.reason().find("another process") != std::string::npos)
                throw;
        }
    }
    saveFresh(project, path);
}
} // namespace

void saveProject(const Project &project, const std::string &path)
{
    saveChecked(project, path, nullptr);
}

void saveProject(const Project &project, const std::string &path, uint32_t expectedRevision)
{
    saveChecked(project, path, &expectedRevision);
}

uint32_t projectRevision(const std::string &path)
{
    return headerChangeCounter(path);
}

void updateProject(const std::string &path, const Project &initial, const std::function<void(Project &, bool)> &change,
                   int lockWaitMs)
{
    // Twice at most: when another process creates the file between our check and our link,
    // the second round updates the file it created.
    for (int round = 0; round < 2; ++round) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) {
            Project p = initial;
            change(p, false);
            if (saveFresh(p, path, /*noReplace=*/true))
                return;
            continue;
        }
        refuseReadOnly(path);
        checkSqliteHeader(path);
        Db db(path, SQLITE_OPEN_READWRITE, path);
        sqlite3_busy_timeout(db.get(), lockWaitMs);
        beginWrite(db); // held from before the read until the commit
        commitOrRollBack(db, [&] {
            Project p = readProject(db, path);
            change(p, true);
            dropAllTables(db);
            writeContent(db, p);
        });
        return;
    }
    throw InputError(path, "", "the project is being written by another process; try again when it has finished");
}


Project loadProject(const std::string &path)
{
    checkSqliteHeader(path);
    // Read-write (never create) so that SQLite can roll back a hot journal left by a killed
    // save; read-only when the file is not writable.
    std::unique_ptr<Db> db;
    try {
        db = std::make_unique<Db>(path, SQLITE_OPEN_READWRITE, path);
    } catch (const InputError &) {
        db = std::make_unique<Db>(path, SQLITE_OPEN_READONLY, path);
    }
    return readProject(*db, path);
}

} // namespace fuselab

// ---------------------------------------------------------------------------- run designs

namespace fuselab {

namespace {
/// The design tables (kSchemaV1, the input shapes and schema 6's extras): every table but the
/// project's own (meta, project) and the runs'.
std::vector<std::string> designTableNames()
{
    std::vector<std::string> names;
    for (const char *text : {kSchemaV1, kInputShapesSql, kDesignExtrasSql, kCoreSpatialSql})
        for (std::string &name : tablesCreatedBy(text))
            if (name != "meta" && name != "project")
                names.push_back(std::move(name));
    return names;
}

Db memoryDb(const std::string &fileForErrors)
{
    return Db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, fileForErrors);
}
} // namespace

std::string designFingerprint(const Workload &w, const Accelerator &acc)
{
    Db db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, "(design fingerprint)");
    db.exec(kSchemaV1, "schema");
    db.exec(kInputShapesSql, "schema (input shapes)");
    db.exec(kDesignExtrasSql, "schema (design extras)");
    db.exec(kCoreSpatialSql, "schema (core spatial)");
    db.exec("BEGIN", "begin");
    commitOrRollBack(db, [&] { writeDesign(db, w, acc); });
    // Hashed as stored, row by row in insertion order, each value with its type, so that a
    // design that reads back equal hashes equal (NaN is stored as NULL, both ways).
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const void *data, size_t n) {
        hash.addData(QByteArrayView(static_cast<const char *>(data), static_cast<qsizetype>(n)));
    };
    std::vector<std::string> extras = tablesCreatedBy(kDesignExtrasSql);
    for (std::string &t : tablesCreatedBy(kCoreSpatialSql))
        extras.push_back(std::move(t));
    for (const std::string &table : designTableNames()) {
        // Schema 6's and 7's tables enter only with rows: a design with the defaults there keeps the
        // fingerprint schema 5 gave it (the runs of an older file stay on the project's design).
        const bool sparse = std::find(extras.begin(), extras.end(), table) != extras.end();
        if (!sparse)
            add(table.data(), table.size() + 1);
        Stmt s(db, ("SELECT * FROM " + table + " ORDER BY rowid").c_str(), table);
        for (bool first = true; s.next(); first = false) {
            if (sparse && first)
                add(table.data(), table.size() + 1);
            const int columns = sqlite3_data_count(s.handle());
            for (int c = 0; c < columns; ++c) {
                const int type = sqlite3_column_type(s.handle(), c);
                const char tag = static_cast<char>('0' + type);
                add(&tag, 1);
                if (type == SQLITE_INTEGER) {
                    const int64_t v = s.i64(c);
                    add(&v, sizeof v);
                } else if (type == SQLITE_FLOAT) {
                    const double v = sqlite3_column_double(s.handle(), c);
                    add(&v, sizeof v);
                } else if (type != SQLITE_NULL) {
                    const std::string v = s.text(c);
                    const int64_t n = static_cast<int64_t>(v.size());
                    add(&n, sizeof n);
                    add(v.data(), v.size());
                }
            }
        }
    }
    return hash.result().toHex().toStdString();
}

std::string designSnapshot(const Workload &w, const Accelerator &acc)
{
    Db db = memoryDb("(design snapshot)");
    Project p;
    p.name = "design";
    p.workload = w;
    p.accelerator = acc;
    db.exec("BEGIN", "begin");
    commitOrRollBack(db, [&] { writeContent(db, p); });
    sqlite3_int64 size = 0;
    unsigned char *bytes = sqlite3_serialize(db.get(), "main", &size, 0);
    if (!bytes)
        throw InputError("(design snapshot)", "", "cannot serialize the design");
    std::string out(reinterpret_cast<const char *>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return out;
}

void readDesignSnapshot(const std::string &bytes, const std::string &fileForErrors, Workload &w, Accelerator &acc)
{
    Db db = memoryDb(fileForErrors);
    const auto size = static_cast<sqlite3_int64>(bytes.size());
    auto *copy = static_cast<unsigned char *>(sqlite3_malloc64(static_cast<sqlite3_uint64>(std::max<sqlite3_int64>(size, 1))));
    if (!copy)
        throw InputError(fileForErrors, "designs.snapshot", "out of memory");
    std::memcpy(copy, bytes.data(), bytes.size());
    // FREEONCLOSE: SQLite owns `copy` from here, also when deserializing fails.
    if (sqlite3_deserialize(db.get(), "main", copy, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        throw InputError(fileForErrors, "designs.snapshot", "not an SQLite database");
    limitUntrustedConnection(db.get());
    Project p;
    try {
        p = readProject(db, fileForErrors, /*withRuns=*/false);
    } catch (const InputError &e) {
        throw InputError(fileForErrors, "designs.snapshot", e.what());
    }
    if (hasTable(db, "runs")) {
        Stmt s(db, "SELECT 1 FROM runs LIMIT 1", "runs");
        if (s.next())
            throw InputError(fileForErrors, "designs.snapshot", "a design snapshot holds runs");
    }
    w = std::move(p.workload);
    acc = std::move(p.accelerator);
}

} // namespace fuselab
