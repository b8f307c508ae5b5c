// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/run_store.h"

#include "io/json_text.h"
#include "plan/plan_yaml.h"
#include "project/design_snapshot.h"
#include "schedule/event_energy.h"
#include "util/error.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <type_traits>

namespace fuselab {

const char *const kRunTablesSql = R"sql(
CREATE TABLE runs(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, strategy TEXT NOT NULL,
  created TEXT NOT NULL, plan_yaml TEXT NOT NULL, summary_json TEXT NOT NULL, totals_json TEXT NOT NULL,
  clock_mhz REAL, route_count INTEGER NOT NULL, memory_count INTEGER NOT NULL);
CREATE TABLE run_events(run INTEGER, pos INTEGER, kind TEXT NOT NULL, core INTEGER, route INTEGER,
  dram_port INTEGER, start INTEGER, "end" INTEGER, bytes INTEGER, layer INTEGER, cn INTEGER,
  producer_cn INTEGER, tile INTEGER, src_memory INTEGER, dst_memory INTEGER, weights INTEGER,
  spill_read INTEGER, PRIMARY KEY (run, pos));
CREATE TABLE run_cns(run INTEGER, id INTEGER, layer INTEGER, core INTEGER, tile INTEGER, part INTEGER,
  grp INTEGER, start INTEGER, "end" INTEGER, macs INTEGER, output_bytes INTEGER, load INTEGER,
  PRIMARY KEY (run, id));
CREATE TABLE run_dependencies(run INTEGER, pos INTEGER, producer INTEGER, consumer INTEGER,
  PRIMARY KEY (run, pos));
CREATE TABLE run_memory_slices(run INTEGER, pos INTEGER, memory INTEGER, bytes INTEGER, start INTEGER,
  "end" INTEGER, cn INTEGER, kind INTEGER, PRIMARY KEY (run, pos));
CREATE TABLE run_occupancy(run INTEGER, memory INTEGER, pos INTEGER, time INTEGER, bytes INTEGER,
  PRIMARY KEY (run, memory, pos));
CREATE TABLE run_routes(run INTEGER, route INTEGER, pos INTEGER, link INTEGER, PRIMARY KEY (run, route, pos));
CREATE TABLE run_pareto(run INTEGER, pos INTEGER, latency_cycles REAL, energy_pj REAL, on_front INTEGER,
  PRIMARY KEY (run, pos));
)sql";

const char *const kRunDesignTablesSql = R"sql(
CREATE TABLE run_designs(run INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE designs(fingerprint TEXT PRIMARY KEY, snapshot BLOB NOT NULL);
)sql";

const char *const kEventEnergyTableSql = R"sql(
CREATE TABLE run_event_energy(run INTEGER, pos INTEGER, mac_pj REAL, memory_pj REAL, links_pj REAL,
  dram_pj REAL, PRIMARY KEY (run, pos));
)sql";

namespace {

/// A value bound as a BLOB (a design snapshot).
struct Blob {
    const std::string &bytes;
};

/// A prepared statement; failures become InputErrors naming the file and the table.
class Query {
public:
    Query(sqlite3 *db, const char *sql, std::string file, std::string what)
        : db_(db), file_(std::move(file)), what_(std::move(what))
    {
        if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK)
            fail();
    }
    ~Query() { sqlite3_finalize(st_); }
    Query(const Query &) = delete;
    Query &operator=(const Query &) = delete;

    [[noreturn]] void fail() const { throw InputError(file_, what_, sqlite3_errmsg(db_)); }

    template <typename... Args> void insert(const Args &...args)
    {
        sqlite3_reset(st_);
        int i = 0;
        (bind(++i, args), ...);
        if (sqlite3_step(st_) != SQLITE_DONE)
            fail();
    }
    template <typename... Args> void select(const Args &...args)
    {
        sqlite3_reset(st_);
        int i = 0;
        (bind(++i, args), ...);
    }
    bool next()
    {
        const int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            fail();
        return false;
    }
    int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
    int i32(int col) const
    {
        const int64_t v = i64(col);
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            throw InputError(file_, what_, "value " + std::to_string(v) + " is out of range");
        return static_cast<int>(v);
    }
    double real(int col) const { return sqlite3_column_double(st_, col); }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }
    std::string blob(int col) const
    {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(st_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }
    const std::string &file() const { return file_; }
    const std::string &what() const { return what_; }

private:
    template <typename T> void bind(int i, const T &v)
    {
        int rc;
        if constexpr (std::is_same_v<T, std::string>)
            rc = sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        else if constexpr (std::is_same_v<T, Blob>)
            rc = sqlite3_bind_blob64(st_, i, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT);
        else if constexpr (std::is_floating_point_v<T>)
            rc = sqlite3_bind_double(st_, i, v);
        else
            rc = sqlite3_bind_int64(st_, i, static_cast<sqlite3_int64>(v));
        if (rc != SQLITE_OK)
            fail();
    }

    sqlite3 *db_;
    sqlite3_stmt *st_ = nullptr;
    std::string file_, what_;
};

nlohmann::json totalsJson(const ScheduleTotals &t)
{
    return {{"latency_cycles", t.latencyCycles},
            {"latency_s", t.latencySeconds},
            {"energy_pj", t.energyPj},
            {"energy",
             {{"mac", t.energy.mac},
              {"memory", t.energy.memory},
              {"links", t.energy.links},
              {"dram", t.energy.dram}}},
            {"edp", t.edp},
            {"dram_read_bytes", t.dramReadBytes},
            {"dram_write_bytes", t.dramWriteBytes},
            {"link_bytes", t.linkBytes},
            {"spill_bytes", t.spillBytes},
            {"spill_events", t.spillEvents},
            {"macs", t.macs},
            {"extra_recompute_macs", t.extraRecomputeMacs},
            {"cn_count", t.cnCount},
            {"event_count", t.eventCount},
            {"core_utilization", t.coreUtilization},
            {"peak_memory_bytes", t.peakMemoryBytes}};
}

ScheduleTotals totalsFromJson(const std::string &text, const std::string &file, const std::string &run)
{
    try {
        const auto j = nlohmann::json::parse(text);
        ScheduleTotals t;
        t.latencyCycles = j.at("latency_cycles").get<int64_t>();
        t.latencySeconds = j.at("latency_s").get<double>();
        t.energyPj = j.at("energy_pj").get<double>();
        const auto &e = j.at("energy");
        t.energy.mac = e.at("mac").get<double>();
        t.energy.memory = e.at("memory").get<std::map<std::string, double>>();
        t.energy.links = e.at("links").get<double>();
        t.energy.dram = e.at("dram").get<double>();
        t.edp = j.at("edp").get<double>();
        t.dramReadBytes = j.at("dram_read_bytes").get<int64_t>();
        t.dramWriteBytes = j.at("dram_write_bytes").get<int64_t>();
        t.linkBytes = j.at("link_bytes").get<int64_t>();
        t.spillBytes = j.at("spill_bytes").get<int64_t>();
        t.spillEvents = j.at("spill_events").get<int>();
        t.macs = j.at("macs").get<int64_t>();
        t.extraRecomputeMacs = j.at("extra_recompute_macs").get<int64_t>();
        t.cnCount = j.at("cn_count").get<int>();
        t.eventCount = j.at("event_count").get<int>();
        t.coreUtilization = j.at("core_utilization").get<std::vector<double>>();
        t.peakMemoryBytes = j.at("peak_memory_bytes").get<std::vector<int64_t>>();
        return t;
    } catch (const nlohmann::json::exception &ex) {
        throw InputError(file, "runs.totals_json", "run '" + run + "': " + ex.what());
    }
}

EventKind eventKindFrom(const std::string &s, const Query &q)
{
    for (EventKind k : {EventKind::Compute, EventKind::Transfer, EventKind::DramRead, EventKind::DramWrite,
                        EventKind::Spill})
        if (toString(k) == s)
            return k;
    throw InputError(q.file(), q.what() + ".kind", "unknown value '" + s + "'");
}

} // namespace

void writeRuns(sqlite3 *db, const std::vector<Run> &runs, const Workload &w, const Accelerator &acc,
               const std::string &file)
{
    Query r(db, "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", file, "runs");
    Query ev(db, "INSERT INTO run_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", file,
             "run_events");
    Query cn(db, "INSERT INTO run_cns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", file, "run_cns");
    Query dep(db, "INSERT INTO run_dependencies VALUES (?, ?, ?, ?)", file, "run_dependencies");
    Query sl(db, "INSERT INTO run_memory_slices VALUES (?, ?, ?, ?, ?, ?, ?, ?)", file, "run_memory_slices");
    Query oc(db, "INSERT INTO run_occupancy VALUES (?, ?, ?, ?, ?)", file, "run_occupancy");
    Query ro(db, "INSERT INTO run_routes VALUES (?, ?, ?, ?)", file, "run_routes");
    Query pa(db, "INSERT INTO run_pareto VALUES (?, ?, ?, ?, ?)", file, "run_pareto");
    Query rd(db, "INSERT INTO run_designs VALUES (?, ?)", file, "run_designs");
    Query de(db, "INSERT INTO designs VALUES (?, ?)", file, "designs");
    // A run made without a design stamp (by hand) ran on the project's design.
    const std::string current = runs.empty() ? std::string() : designFingerprint(w, acc);
    auto designOf = [&](const Run &run) {
        return run.design.fingerprint.empty() ? RunDesign{current, w, acc} : run.design;
    };
    Query en(db, "INSERT INTO run_event_energy VALUES (?, ?, ?, ?, ?, ?)", file, "run_event_energy");
    std::vector<const Run *> fitting;
    for (const Run &run : runs)
        if (const RunDesign d = designOf(run); runFits(run, d.workload, d.accelerator)) // else no plan YAML
            fitting.push_back(&run);
    std::set<std::string> snapshots{current};
    for (size_t id = 0; id < fitting.size(); ++id) {
        const Run &run = *fitting[id];
        const Schedule &s = run.schedule;
        const RunDesign d = designOf(run);
        r.insert(id, run.name, run.strategy, run.created, toPlanYaml(run.plan, d.workload, d.accelerator),
                 run.summaryJson, jsonText(totalsJson(s.totals)), s.clockMHz, s.routes.size(), s.occupancy.size());
        rd.insert(id, d.fingerprint);
        if (snapshots.insert(d.fingerprint).second) {
            const std::string snapshot = designSnapshot(d.workload, d.accelerator);
            de.insert(d.fingerprint, Blob{snapshot});
        }
        for (size_t i = 0; i < s.events.size(); ++i) {
            const ScheduleEvent &e = s.events[i];
            ev.insert(id, i, std::string(toString(e.kind)), e.core, e.route, e.dramPort, e.start, e.end,
                      e.bytes, e.layer, e.cn, e.producerCn, e.tile, e.srcMemory, e.dstMemory,
                      e.weights ? 1 : 0, e.spillRead ? 1 : 0);
            en.insert(id, i, e.energy.mac, e.energy.memory, e.energy.links, e.energy.dram);
        }
        for (size_t i = 0; i < s.cns.size(); ++i) {
            const CnTiming &c = s.cns[i];
            cn.insert(id, i, c.layer, c.core, c.tile, c.part, c.group, c.start, c.end, c.macs, c.outputBytes,
                      c.load ? 1 : 0);
        }
        for (size_t i = 0; i < s.dependencies.size(); ++i)
            dep.insert(id, i, s.dependencies[i].first, s.dependencies[i].second);
        for (size_t i = 0; i < s.slices.size(); ++i) {
            const MemorySlice &m = s.slices[i];
            sl.insert(id, i, m.memory, m.bytes, m.start, m.end, m.cn, static_cast<int>(m.kind));
        }
        for (size_t m = 0; m < s.occupancy.size(); ++m)
            for (size_t i = 0; i < s.occupancy[m].size(); ++i)
                oc.insert(id, m, i, s.occupancy[m][i].time, s.occupancy[m][i].bytes);
        for (size_t k = 0; k < s.routes.size(); ++k)
            for (size_t i = 0; i < s.routes[k].size(); ++i)
                ro.insert(id, k, i, s.routes[k][i]);
        for (size_t i = 0; i < run.pareto.size(); ++i)
            pa.insert(id, i, run.pareto[i].latencyCycles, run.pareto[i].energyPj,
                      run.pareto[i].onFront ? 1 : 0);
    }
}

namespace {
// The recorded schedule's indices must point into the project (the views index layers,
// cores, memories and links with them): a corrupt or hand-edited file is refused here.
// Found by fuzzing (FUZZING.md). Returns the first problem, empty when all fit.
std::string scheduleIndexProblem(const Schedule &s, const Workload &w, const Accelerator &acc)
{
    const int layers = static_cast<int>(w.layers.size()), cores = static_cast<int>(acc.cores.size());
    const int memories = static_cast<int>(acc.memories.size()), links = static_cast<int>(acc.links.size());
    const int cns = static_cast<int>(s.cns.size()), routes = static_cast<int>(s.routes.size());
    // -1 means "none" (or the DRAM for a memory) wherever `orNone` is true.
    auto bad = [](int v, int n, bool orNone) { return !((v >= 0 && v < n) || (orNone && v == -1)); };
    auto say = [](const std::string &where, int v) {
        return where + " " + std::to_string(v) + " does not exist in the project";
    };
    for (size_t i = 0; i < s.cns.size(); ++i) {
        const CnTiming &c = s.cns[i];
        if (bad(c.layer, layers, false))
            return say("run_cns[" + std::to_string(i) + "].layer", c.layer);
        if (bad(c.core, cores, false))
            return say("run_cns[" + std::to_string(i) + "].core", c.core);
    }
    for (size_t i = 0; i < s.events.size(); ++i) {
        const ScheduleEvent &e = s.events[i];
        const std::string at = "run_events[" + std::to_string(i) + "].";
        if (bad(e.core, cores, true))
            return say(at + "core", e.core);
        if (bad(e.route, routes, true))
            return say(at + "route", e.route);
        if (bad(e.dramPort, std::max(1, acc.dram.ports), true))
            return say(at + "dram_port", e.dramPort);
        if (bad(e.layer, layers, true))
            return say(at + "layer", e.layer);
        if (bad(e.cn, cns, true))
            return say(at + "cn", e.cn);
        if (bad(e.producerCn, cns, true))
            return say(at + "producer_cn", e.producerCn);
        if (bad(e.srcMemory, memories, true))
            return say(at + "src_memory", e.srcMemory);
        if (bad(e.dstMemory, memories, true))
            return say(at + "dst_memory", e.dstMemory);
    }
    for (size_t i = 0; i < s.slices.size(); ++i) {
        if (bad(s.slices[i].memory, memories, true))
            return say("run_memory_slices[" + std::to_string(i) + "].memory", s.slices[i].memory);
        if (bad(s.slices[i].cn, cns, true))
            return say("run_memory_slices[" + std::to_string(i) + "].cn", s.slices[i].cn);
    }
    for (size_t i = 0; i < s.dependencies.size(); ++i)
        if (bad(s.dependencies[i].first, cns, false) || bad(s.dependencies[i].second, cns, false))
            return "run_dependencies[" + std::to_string(i) + "] names a CN that does not exist in the run";
    for (size_t r = 0; r < s.routes.size(); ++r)
        for (int l : s.routes[r])
            if (bad(l, links, false))
                return say("run_routes[" + std::to_string(r) + "].link", l);
    return {};
}
} // namespace

namespace {
/// The designs of the stored runs: the project's own, or a snapshot read once per design.
class DesignReader {
public:
    DesignReader(sqlite3 *db, const Workload &w, const Accelerator &acc, std::string file)
        : db_(db), w_(w), acc_(acc), file_(std::move(file))
    {
        Query q(db, "SELECT run, fingerprint FROM run_designs", file_, "run_designs");
        while (q.next())
            byRun_[q.i64(0)] = q.text(1);
    }

    RunDesign designOf(int64_t runId, const std::string &runName)
    {
        if (current_.empty())
            current_ = designFingerprint(w_, acc_);
        const auto named = byRun_.find(runId);
        const std::string fp = named == byRun_.end() ? current_ : named->second; // schema 2: the project's
        if (fp == current_)
            return {fp, w_, acc_};
        if (const auto it = read_.find(fp); it != read_.end())
            return it->second;
        Query q(db_, "SELECT snapshot FROM designs WHERE fingerprint = ?", file_, "designs");
        q.select(fp);
        if (!q.next())
            throw InputError(file_, "run_designs.fingerprint",
                             "run '" + runName + "': design " + fp + " is not in table designs");
        RunDesign d;
        d.fingerprint = fp;
        readDesignSnapshot(q.blob(0), file_ + " (design of run '" + runName + "')", d.workload, d.accelerator);
        return read_[fp] = std::move(d);
    }

private:
    sqlite3 *db_;
    const Workload &w_;
    const Accelerator &acc_;
    std::string file_;
    std::string current_;
    std::map<int64_t, std::string> byRun_;
    std::map<std::string, RunDesign> read_;
};
} // namespace

std::vector<Run> readRuns(sqlite3 *db, const Workload &w, const Accelerator &acc, const std::string &file)
{
    std::vector<Run> runs;
    DesignReader designs(db, w, acc, file);
    {
        Query q(db,
                "SELECT id, name, strategy, created, plan_yaml, summary_json, totals_json, clock_mhz, "
                "route_count, "
                "memory_count FROM runs "
                "ORDER BY id",
                file, "runs");
        while (q.next()) {
            if (q.i64(0) != static_cast<int64_t>(runs.size()))
                throw InputError(file, "runs", "row ids are not 0, 1, 2, … in order (corrupt file)");
            Run r;
            r.name = q.text(1);
            r.strategy = q.text(2);
            r.created = q.text(3);
            r.design = designs.designOf(q.i64(0), r.name);
            r.plan = parsePlanYaml(q.text(4), file + " (run '" + r.name + "')", r.design.workload,
                                   r.design.accelerator);
            r.summaryJson = q.text(5);
            r.schedule.totals = totalsFromJson(q.text(6), file, r.name);
            r.schedule.clockMHz = q.real(7);
            const int64_t routes = q.i64(8), memories = q.i64(9);
            if (routes < 0 || routes > 1000000 || memories < 0 || memories > 100000)
                throw InputError(file, "runs", "run '" + r.name + "': invalid route or memory count");
            r.schedule.routes.resize(static_cast<size_t>(routes));
            r.schedule.occupancy.resize(static_cast<size_t>(memories));
            runs.push_back(std::move(r));
        }
    }
    auto runOf = [&](const Query &q) -> Schedule & {
        const int64_t id = q.i64(0);
        if (id < 0 || id >= static_cast<int64_t>(runs.size()))
            throw InputError(file, q.what() + ".run",
                             "refers to run " + std::to_string(id) + ", which does not exist");
        return runs[static_cast<size_t>(id)].schedule;
    };
    {
        Query q(
            db,
            "SELECT run, kind, core, route, dram_port, start, \"end\", bytes, layer, cn, producer_cn, tile, "
            "src_memory, dst_memory, weights, spill_read FROM run_events ORDER BY run, pos",
            file, "run_events");
        while (q.next()) {
            ScheduleEvent e;
            e.kind = eventKindFrom(q.text(1), q);
            e.core = q.i32(2);
            e.route = q.i32(3);
            e.dramPort = q.i32(4);
            e.start = q.i64(5);
            e.end = q.i64(6);
            e.bytes = q.i64(7);
            e.layer = q.i32(8);
            e.cn = q.i32(9);
            e.producerCn = q.i32(10);
            e.tile = q.i32(11);
            e.srcMemory = q.i32(12);
            e.dstMemory = q.i32(13);
            e.weights = q.i64(14) != 0;
            e.spillRead = q.i64(15) != 0;
            runOf(q).events.push_back(e);
        }
    }
    {
        Query q(
            db,
            "SELECT run, layer, core, tile, part, grp, start, \"end\", macs, output_bytes, load FROM run_cns "
            "ORDER BY run, id",
            file, "run_cns");
        while (q.next())
            runOf(q).cns.push_back({q.i32(1), q.i32(2), q.i32(3), q.i32(4), q.i32(5), q.i64(6), q.i64(7),
                                    q.i64(8), q.i64(9), q.i64(10) != 0});
    }
    {
        Query q(db, "SELECT run, producer, consumer FROM run_dependencies ORDER BY run, pos", file,
                "run_dependencies");
        while (q.next())
            runOf(q).dependencies.emplace_back(q.i32(1), q.i32(2));
    }
    {
        Query q(
            db,
            "SELECT run, memory, bytes, start, \"end\", cn, kind FROM run_memory_slices ORDER BY run, pos",
            file, "run_memory_slices");
        while (q.next()) {
            MemorySlice m;
            m.memory = q.i32(1);
            m.bytes = q.i64(2);
            m.start = q.i64(3);
            m.end = q.i64(4);
            m.cn = q.i32(5);
            const int k = q.i32(6);
            if (k < 0 || k > static_cast<int>(MemorySlice::Kind::Pinned))
                throw InputError(file, "run_memory_slices.kind", "unknown value " + std::to_string(k));
            m.kind = static_cast<MemorySlice::Kind>(k);
            runOf(q).slices.push_back(m);
        }
    }
    {
        Query q(db, "SELECT run, memory, time, bytes FROM run_occupancy ORDER BY run, memory, pos", file,
                "run_occupancy");
        while (q.next()) {
            Schedule &s = runOf(q);
            const int m = q.i32(1);
            if (m < 0 || m >= static_cast<int>(s.occupancy.size()))
                throw InputError(file, "run_occupancy.memory", "invalid memory " + std::to_string(m));
            s.occupancy[static_cast<size_t>(m)].push_back({q.i64(2), q.i64(3)});
        }
    }
    {
        Query q(db, "SELECT run, route, link FROM run_routes ORDER BY run, route, pos", file, "run_routes");
        while (q.next()) {
            Schedule &s = runOf(q);
            const int k = q.i32(1);
            if (k < 0 || k >= static_cast<int>(s.routes.size()))
                throw InputError(file, "run_routes.route", "invalid route " + std::to_string(k));
            s.routes[static_cast<size_t>(k)].push_back(q.i32(2));
        }
    }
    {
        Query q(db, "SELECT run, latency_cycles, energy_pj, on_front FROM run_pareto ORDER BY run, pos", file,
                "run_pareto");
        while (q.next()) {
            runOf(q);
            runs[static_cast<size_t>(q.i64(0))].pareto.push_back({q.real(1), q.real(2), q.i64(3) != 0});
        }
    }
    {
        // Event energies; runs saved before they were recorded have none and get them derived.
        std::vector<std::vector<EventEnergy>> energy(runs.size());
        Query q(db, "SELECT run, pos, mac_pj, memory_pj, links_pj, dram_pj FROM run_event_energy ORDER BY run, pos",
                file, "run_event_energy");
        while (q.next()) {
            runOf(q);
            auto &v = energy[static_cast<size_t>(q.i64(0))];
            if (q.i64(1) != static_cast<int64_t>(v.size()))
                throw InputError(file, "run_event_energy.pos", "positions are not 0, 1, 2, … in order (corrupt file)");
            v.push_back({q.real(2), q.real(3), q.real(4), q.real(5)});
        }
        for (size_t r = 0; r < runs.size(); ++r) {
            Schedule &s = runs[r].schedule;
            if (energy[r].empty()) {
                const RunDesign &d = runs[r].design; // the energies of the hardware it ran on
                if (scheduleIndexProblem(s, d.workload, d.accelerator).empty()) // else refused just below
                    deriveEventEnergies(s, d.accelerator);
                continue;
            }
            if (energy[r].size() != s.events.size())
                throw InputError(file, "run_event_energy",
                                 "run '" + runs[r].name + "': " + std::to_string(energy[r].size()) +
                                     " energies for " + std::to_string(s.events.size()) + " events");
            for (size_t i = 0; i < energy[r].size(); ++i)
                s.events[i].energy = energy[r][i];
        }
    }
    for (const Run &r : runs)
        if (const std::string problem = scheduleIndexProblem(r.schedule, r.design.workload, r.design.accelerator);
            !problem.empty())
            throw InputError(file, "runs", "run '" + r.name + "': " + problem);
    return runs;
}

} // namespace fuselab
