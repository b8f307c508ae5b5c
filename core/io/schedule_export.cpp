// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/schedule_export.h"
#include "io/json_text.h"

#include <cmath>
#include <string>

namespace fuselab {

nlohmann::json planJson(const Plan &plan, const Workload &w, const Accelerator &acc)
{
    using nlohmann::json;
    json j;
    j["name"] = plan.name;
    json groups = json::array();
    for (const auto &g : plan.groups) {
        json layers = json::array();
        for (LayerId l : g.layers)
            layers.push_back(w.layers[l].name);
        groups.push_back({{"layers", layers},
                          {"tile_rows", g.tileRows},
                          {"tile_cols", g.tileCols},
                          {"overlap", std::string(toString(g.overlap))},
                          {"weights", std::string(toString(g.weights))}});
    }
    j["groups"] = groups;
    json alloc = json::object();
    for (size_t l = 0; l < plan.core.size() && l < w.layers.size(); ++l)
        if (plan.core[l] >= 0 && plan.core[l] < static_cast<int>(acc.cores.size()))
            alloc[w.layers[l].name] = acc.cores[plan.core[l]].name;
    j["allocation"] = alloc;
    json splits = json::object();
    for (size_t l = 0; l < plan.split.size() && l < w.layers.size(); ++l)
        if (plan.split[l].active()) {
            json cores = json::array();
            for (int c : plan.split[l].cores)
                cores.push_back(acc.cores[c].name);
            splits[w.layers[l].name] = {{"dim", plan.split[l].dim == SplitDim::K ? "K" : "OY"},
                                        {"cores", cores}};
        }
    j["splits"] = splits;
    json pins = json::array();
    for (const auto &p : plan.pins)
        pins.push_back({{"tensor", w.tensors[p.tensor].name}, {"memory", acc.memories[p.memory].name}});
    j["pins"] = pins;
    return j;
}

nlohmann::json scheduleSummaryJson(const Schedule &s, const Workload &w, const Accelerator &acc,
                                   const Plan &plan)
{
    using nlohmann::json;
    const auto &t = s.totals;
    json j;
    j["workload"] = w.name;
    j["accelerator"] = acc.name;
    j["clock_mhz"] = s.clockMHz;
    j["activations"] = s.residentActivations ? "resident" : "dram";
    j["latency_cycles"] = t.latencyCycles;
    j["latency_s"] = t.latencySeconds;
    j["energy_pj"] = t.energyPj;
    json mem = json::object();
    for (const auto &[name, e] : t.energy.memory)
        mem[name] = e;
    j["energy_breakdown"] = {
        {"mac", t.energy.mac}, {"memory", mem}, {"links", t.energy.links}, {"dram", t.energy.dram}};
    j["edp"] = t.edp;
    j["edp_unit"] = "pJ*cycle";
    j["dram_read_bytes"] = t.dramReadBytes;
    j["dram_write_bytes"] = t.dramWriteBytes;
    j["link_bytes"] = t.linkBytes;
    j["spill_bytes"] = t.spillBytes;
    j["spill_events"] = t.spillEvents;
    j["macs"] = t.macs;
    j["extra_recompute_macs"] = t.extraRecomputeMacs;
    j["cn_count"] = t.cnCount;
    j["event_count"] = t.eventCount;
    json util = json::object();
    for (size_t c = 0; c < t.coreUtilization.size() && c < acc.cores.size(); ++c)
        util[acc.cores[c].name] = t.coreUtilization[c];
    j["core_utilization"] = util;
    json peak = json::object();
    for (size_t m = 0; m < t.peakMemoryBytes.size() && m < acc.memories.size(); ++m)
        peak[acc.memories[m].name] = t.peakMemoryBytes[m];
    j["peak_memory_bytes"] = peak;
    j["plan"] = planJson(plan, w, acc);
    return j;
}

namespace {
// Cycles → µs with three decimals (ns resolution). Rounding is monotone, so events that do
// not overlap in cycles do not overlap in the trace either.
struct Clock {
    double mhz;
    long long ns(int64_t cycles) const { return std::llround(static_cast<double>(cycles) * 1000.0 / mhz); }
    static std::string us(long long ns)
    {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%lld.%03lld", ns / 1000, ns % 1000);
        return buf;
    }
};

std::string quoted(const std::string &s)
{
    return jsonText(nlohmann::json(s));
}
} // namespace

void writeChromeTrace(std::ostream &out, const Schedule &s, const Workload &w, const Accelerator &acc)
{
    const Clock clock{s.clockMHz > 0 ? s.clockMHz : 1000.0};
    const int nc = static_cast<int>(acc.cores.size());
    const int nl = static_cast<int>(acc.links.size());
    const int ports = std::max(1, acc.dram.ports);
    constexpr int pidCompute = 1, pidLinks = 2, pidDram = 3, pidMemory = 4;
    bool first = true;
    auto emit = [&](const std::string &obj) {
        out << (first ? "\n" : ",\n") << obj;
        first = false;
    };
    out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock_mhz\":" << clock.mhz
        << ",\"time_unit\":\"ts and dur in microseconds = cycles / clock_mhz\",\"workload\":"
        << quoted(w.name) << ",\"accelerator\":" << quoted(acc.name)
        << ",\"latency_cycles\":" << s.totals.latencyCycles << "},\"traceEvents\":[";
    auto meta = [&](int pid, int tid, const char *what, const std::string &name) {
        emit("{\"ph\":\"M\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
             ",\"name\":\"" + what + "\",\"args\":{\"name\":" + quoted(name) + "}}");
    };
    meta(pidCompute, 0, "process_name", "cores");
    meta(pidLinks, 0, "process_name", "links");
    meta(pidDram, 0, "process_name", "dram");
    meta(pidMemory, 0, "process_name", "memory occupancy");
    for (int c = 0; c < nc; ++c)
        meta(pidCompute, c, "thread_name", acc.cores[c].name);
    for (int l = 0; l < nl; ++l)
        meta(pidLinks, l, "thread_name", acc.links[l].name);
    for (int p = 0; p < ports; ++p)
        meta(pidDram, p, "thread_name",
             acc.dram.name + (ports > 1 ? " port " + std::to_string(p) : std::string()));

    auto memName = [&](int m) { return m < 0 ? acc.dram.name : acc.memories[m].name; };
    auto slice = [&](int pid, int tid, const std::string &name, const char *cat, int64_t start, int64_t end,
                     const std::string &args) {
        const long long a = clock.ns(start), b = clock.ns(end);
        if (b <= a)
            return;
        emit("{\"ph\":\"X\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
             ",\"name\":" + quoted(name) + ",\"cat\":\"" + cat + "\",\"ts\":" + Clock::us(a) +
             ",\"dur\":" + Clock::us(b - a) + ",\"args\":" + args + "}");
    };
    for (const auto &e : s.events) {
        const std::string layer = e.layer >= 0 ? w.layers[e.layer].name : std::string("?");
        const std::string args =
            "{\"cn\":" + std::to_string(e.cn) + ",\"producer_cn\":" + std::to_string(e.producerCn) +
            ",\"tile\":" + std::to_string(e.tile) + ",\"bytes\":" + std::to_string(e.bytes) +
            ",\"start_cycle\":" + std::to_string(e.start) + ",\"end_cycle\":" + std::to_string(e.end) +
            ",\"from\":" + quoted(memName(e.srcMemory)) + ",\"to\":" + quoted(memName(e.dstMemory)) +
            ",\"energy_pj\":" + jsonText(nlohmann::json(e.energy.total())) + "}";
        const std::string kind(toString(e.kind));
        if (e.kind == EventKind::Compute) {
            slice(pidCompute, e.core, layer + " #" + std::to_string(e.tile), "compute", e.start, e.end, args);
            if (e.dramPort >= 0) // an operand streamed from DRAM holds the port meanwhile
                slice(pidDram, e.dramPort, "stream " + layer, "stream", e.start, e.end, args);
            continue;
        }
        const std::string name = kind + (e.weights ? " weights " : " ") + layer;
        if (e.route >= 0 && e.route < static_cast<int>(s.routes.size()))
            for (int l : s.routes[e.route])
                slice(pidLinks, l, name, kind.c_str(), e.start, e.end, args);
        if (e.dramPort >= 0)
            slice(pidDram, e.dramPort, name, kind.c_str(), e.start, e.end, args);
    }
    // Flow arrows between computing CNs (load nodes have no slice to bind to).
    int flow = 0;
    for (const auto &[p, c] : s.dependencies) {
        const auto &pc = s.cns[p], &cc = s.cns[c];
        if (pc.load || cc.load || pc.end <= pc.start || cc.end <= cc.start)
            continue;
        const std::string id = std::to_string(++flow);
        emit("{\"ph\":\"s\",\"id\":" + id + ",\"pid\":1,\"tid\":" + std::to_string(pc.core) +
             ",\"name\":\"dep\",\"cat\":\"dependency\",\"ts\":" + Clock::us(clock.ns(pc.start)) + "}");
        emit("{\"ph\":\"f\",\"bp\":\"e\",\"id\":" + id + ",\"pid\":1,\"tid\":" + std::to_string(cc.core) +
             ",\"name\":\"dep\",\"cat\":\"dependency\",\"ts\":" + Clock::us(clock.ns(cc.start)) + "}");
    }
    for (size_t m = 0; m < s.occupancy.size() && m < acc.memories.size(); ++m)
        for (const auto &step : s.occupancy[m])
            emit("{\"ph\":\"C\",\"pid\":" + std::to_string(pidMemory) +
                 ",\"name\":" + quoted(acc.memories[m].name) + ",\"ts\":" + Clock::us(clock.ns(step.time)) +
                 ",\"args\":{\"bytes\":" + std::to_string(step.bytes) + "}}");
    out << "\n]}\n";
}

void writeEventsCsv(std::ostream &out, const Schedule &s, const Workload &w, const Accelerator &acc)
{
    auto memName = [&](int m) { return m < 0 ? acc.dram.name : acc.memories[m].name; };
    auto field = [](const std::string &v) {
        if (v.find_first_of(",\"\n") == std::string::npos)
            return v;
        std::string q = "\"";
        for (char c : v)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    out << "kind,resource,start_cycle,end_cycle,bytes,layer,cn,producer_cn,tile,src_memory,dst_memory,"
           "weights,spill_read,energy_pj\n";
    for (const auto &e : s.events) {
        std::string resource;
        if (e.kind == EventKind::Compute)
            resource = acc.cores[e.core].name;
        if (e.route >= 0 && e.route < static_cast<int>(s.routes.size()))
            for (int l : s.routes[e.route])
                resource += (resource.empty() ? "" : "+") + acc.links[l].name;
        if (e.dramPort >= 0)
            resource += (resource.empty() ? "" : "+") + acc.dram.name + ":" + std::to_string(e.dramPort);
        out << toString(e.kind) << ',' << field(resource) << ',' << e.start << ',' << e.end << ',' << e.bytes
            << ',' << field(e.layer >= 0 ? w.layers[e.layer].name : std::string()) << ',' << e.cn << ','
            << e.producerCn << ',' << e.tile << ','
            << field(e.kind == EventKind::Compute ? std::string() : memName(e.srcMemory)) << ','
            << field(memName(e.dstMemory)) << ',' << (e.weights ? 1 : 0) << ',' << (e.spillRead ? 1 : 0)
            << ',' << jsonText(nlohmann::json(e.energy.total())) << '\n';
    }
}

} // namespace fuselab
