// SPDX-License-Identifier: GPL-3.0-or-later
// Reader of FuseLab's native hardware YAML (format version 1). The format is documented with
// a full example in README.md, section "Hardware format". Every problem is reported with the field
// path (e.g. `cores[2].memories.sram.size`), the reason and the line.
//
// Order: Accelerator::memories comes back grouped — each core's private memories in core
// order (in file order within a core), then the shared memories — so load → save → load is
// exact; an accelerator built in code with another memory order compares equal only after
// one round trip.
#include "io/hardware_yaml_internal.h"

#include "hardware/hardware_limits.h"
#include "io/yaml_helpers.h"
#include "util/error.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace fuselab::hwio {

using yamlio::fail;
using yamlio::MapReader;
using yamlio::Sign;

namespace {

Placement readPlace(MapReader &parent)
{
    MapReader r(parent.file(), parent.required("place"), parent.path("place"));
    Placement p;
    p.x = r.integer("x", Sign::NonNegative);
    p.y = r.integer("y", Sign::NonNegative);
    p.w = r.integer("w", Sign::Positive);
    p.h = r.integer("h", Sign::Positive);
    r.rejectUnknown();
    return p;
}

// `key` alone sets both directions; `read_key` and `write_key` set them separately.
void readPair(MapReader &r, const std::string &key, double &read, double &write, Sign sign)
{
    const std::string rk = "read_" + key, wk = "write_" + key;
    if (r.has(key)) {
        if (r.has(rk) || r.has(wk))
            fail(r.file(), r.path(key), r.node(key),
                 "give either '" + key + "' or '" + rk + "'/'" + wk + "', not both");
        read = write = r.number(key, sign);
        return;
    }
    if (!r.has(rk) && !r.has(wk))
        fail(r.file(), r.path(key), r.self(),
             "missing required field '" + key + "' (or both '" + rk + "' and '" + wk + "') in " + r.path());
    read = r.number(rk, sign);
    write = r.number(wk, sign);
}

unsigned readOperands(MapReader &r)
{
    const YAML::Node n = r.required("operands");
    const std::string field = r.path("operands");
    unsigned mask = 0;
    auto add = [&](const YAML::Node &item, const std::string &where) {
        const std::string text = yamlio::scalarText(r.file(), where, item, "an operand I, W or O");
        unsigned m = 0;
        if (!parseOperands(text, m))
            fail(r.file(), where, item, "unknown operand '" + text + "' (use I, W, O)");
        mask |= m;
    };
    if (n.IsSequence()) {
        if (n.size() == 0)
            fail(r.file(), field, n, "lists no operand (use I, W, O)");
        for (size_t i = 0; i < n.size(); ++i)
            add(n[i], field + "[" + std::to_string(i) + "]");
    } else {
        add(n, field);
    }
    return mask;
}

// `D3` -> 3; anything else -> 0.
int arrayDimOf(const std::string &t)
{
    if (t.size() < 2 || t.size() > 3 || t[0] != 'D' ||
        !std::all_of(t.begin() + 1, t.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return 0;
    const int d = std::stoi(t.substr(1));
    return d >= 1 && d <= 31 ? d : 0;
}

// `served_axes: [rows, cols]` (the default), `[rows]`, `[cols]` or `[]` (one instance per PE);
// on a core folded from a bigger array also array dimensions `D1`, `D2`, … (Memory::servedDims:
// odd ones lie on the rows, even ones on the columns).
unsigned readServedAxes(MapReader &r, unsigned &servedDims)
{
    const YAML::Node n = r.node("served_axes");
    const std::string field = r.path("served_axes");
    if (!n.IsSequence())
        fail(r.file(), field, n, "expected a list of array axes like [rows, cols], or [] for one per PE");
    unsigned mask = 0;
    for (size_t i = 0; i < n.size(); ++i) {
        const std::string where = field + "[" + std::to_string(i) + "]";
        std::string t = yamlio::trim(yamlio::scalarText(r.file(), where, n[i], "rows or cols"));
        if (t == "rows")
            mask |= AxisRows;
        else if (t == "cols")
            mask |= AxisCols;
        else if (int d = arrayDimOf(t); d > 0) {
            servedDims |= 1u << (d - 1);
            mask |= d % 2 == 1 ? AxisRows : AxisCols;
        } else
            fail(r.file(), where, n[i], "unknown array axis '" + t + "' (use rows, cols, or D1, D2, …)");
    }
    return mask;
}

// An optional `true` / `false` field.
void readFlag(MapReader &r, const char *key, bool &out)
{
    if (!r.has(key))
        return;
    const YAML::Node n = r.node(key);
    const std::string t = yamlio::trim(yamlio::scalarText(r.file(), r.path(key), n, "true or false"));
    if (t != "true" && t != "false")
        fail(r.file(), r.path(key), n, "expected true or false, got '" + t + "'");
    out = t == "true";
}

Memory readMemory(const std::string &file, const YAML::Node &node, const std::string &path,
                  const std::string &name, const std::string &core)
{
    MapReader r(file, node, path);
    Memory m;
    m.name = name;
    m.core = core;
    m.sizeBytes = r.bytes("size");
    m.operands = readOperands(r);
    readPair(r, "bandwidth_bytes_per_cycle", m.readBw, m.writeBw, Sign::Positive);
    readPair(r, "energy_pj_per_byte", m.readEnergy, m.writeEnergy, Sign::NonNegative);
    m.latency = r.integer("latency_cycles", Sign::NonNegative, m.latency);
    if (r.has("place"))
        m.place = readPlace(r);
    m.level = r.integer("level", Sign::NonNegative, m.level);
    if (r.has("served_axes"))
        m.servedAxes = readServedAxes(r, m.servedDims);
    if (r.has("ports")) {
        MapReader p(r.file(), r.node("ports"), r.path("ports"));
        m.readPorts = p.integer("read", Sign::NonNegative, m.readPorts);
        m.writePorts = p.integer("write", Sign::NonNegative, m.writePorts);
        m.rwPorts = p.integer("read_write", Sign::NonNegative, m.rwPorts);
        p.rejectUnknown();
        if (m.readPorts + m.rwPorts < 1 || m.writePorts + m.rwPorts < 1)
            fail(r.file(), r.path("ports"), r.node("ports"),
                 "needs at least one port that reads and one that writes (read_write counts for both)");
    }
    readFlag(r, "double_buffered", m.doubleBuffered);
    r.rejectUnknown();
    return m;
}

// The list form of a folded array's unrolls: [[K, 4, D1], [K, 8, D3]] (dim, factor, array dim).
std::vector<Unroll> readUnrollList(MapReader &r, const YAML::Node &n, const std::string &field)
{
    std::vector<Unroll> out;
    for (size_t i = 0; i < n.size(); ++i) {
        const std::string where = field + "[" + std::to_string(i) + "]";
        const YAML::Node e = n[i];
        if (!e.IsSequence() || e.size() != 3)
            fail(r.file(), where, e, "expected [loop dim, factor, array dim], e.g. [K, 4, D1]");
        Unroll u;
        const std::string dim = yamlio::trim(yamlio::scalarText(r.file(), where, e[0], "a loop dim"));
        if (!parseLoopDim(dim, u.dim))
            fail(r.file(), where, e[0], "unknown loop dimension '" + dim + "' (use B, K, C, OY, OX, FY, FX)");
        u.factor = static_cast<int>(yamlio::toInteger(r.file(), where, e[1], Sign::Positive, true));
        u.arrayDim = arrayDimOf(yamlio::trim(yamlio::scalarText(r.file(), where, e[2], "D1, D2, …")));
        if (u.arrayDim <= 0)
            fail(r.file(), where, e[2], "expected an array dimension D1, D2, …");
        for (const auto &prev : out)
            if (prev.dim == u.dim && prev.arrayDim == u.arrayDim)
                fail(r.file(), where, e, "loop dimension '" + dim + "' is listed twice on one array dimension");
        out.push_back(u);
    }
    return out;
}

std::vector<Unroll> readUnrolls(MapReader &r, const std::string &key)
{
    const YAML::Node n = r.required(key);
    const std::string field = r.path(key);
    if (n.IsSequence() && n.size() > 0)
        return readUnrollList(r, n, field);
    if (!n.IsMap() || n.size() == 0)
        fail(r.file(), field, n, "expected a mapping of loop dims to factors, e.g. {K: 16, C: 4}");
    std::vector<Unroll> out;
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string dim = it->first.Scalar();
        Unroll u;
        if (!parseLoopDim(dim, u.dim))
            fail(r.file(), field + "." + dim, it->first,
                 "unknown loop dimension '" + dim + "' (use B, K, C, OY, OX, FY, FX)");
        for (const auto &prev : out)
            if (prev.dim == u.dim)
                fail(r.file(), field + "." + dim, it->first, "loop dimension '" + dim + "' is listed twice");
        u.factor = static_cast<int>(
            yamlio::toInteger(r.file(), field + "." + dim, it->second, Sign::Positive, true));
        out.push_back(u);
    }
    return out;
}

// Paths of the named blocks, for duplicate and reference errors.
struct NameTable {
    std::map<std::string, std::string> pathOf;
    void add(const std::string &file, const std::string &name, const std::string &path, const YAML::Node &at)
    {
        auto [it, fresh] = pathOf.emplace(name, path);
        if (!fresh)
            fail(file, path, at, "duplicate name '" + name + "' (already used by " + it->second + ")");
    }
};

Core readCore(const std::string &file, const YAML::Node &node, const std::string &path, double defaultClock,
              std::vector<Memory> &privateMemories, NameTable &names)
{
    MapReader r(file, node, path);
    Core c;
    c.name = r.string("name");
    names.add(file, c.name, r.path("name"), r.node("name"));
    const std::string kind = r.string("kind");
    if (!parseCoreKind(kind, c.kind))
        fail(file, r.path("kind"), r.node("kind"),
             "unknown core kind '" + kind + "' (use systolic, spatial, aimc, simd, pool)");
    const bool hasArray =
        c.kind == CoreKind::Systolic || c.kind == CoreKind::Spatial || c.kind == CoreKind::Aimc;
    const bool hasLanes = c.kind == CoreKind::Simd || c.kind == CoreKind::Pool;
    c.rows = hasArray ? r.integer("rows", Sign::Positive) : r.integer("rows", Sign::Positive, c.rows);
    c.cols = hasArray ? r.integer("cols", Sign::Positive) : r.integer("cols", Sign::Positive, c.cols);
    if (c.kind == CoreKind::Systolic || r.has("dataflow")) {
        const std::string df = r.string("dataflow");
        if (!parseDataflow(df, c.dataflow))
            fail(file, r.path("dataflow"), r.node("dataflow"),
                 "unknown dataflow '" + df + "' (use ws, os, is)");
    }
    if (c.kind == CoreKind::Spatial || r.has("unroll_rows"))
        c.unrollRows = readUnrolls(r, "unroll_rows");
    if (c.kind == CoreKind::Spatial || r.has("unroll_cols"))
        c.unrollCols = readUnrolls(r, "unroll_cols");
    c.clockMHz = r.number("clock_mhz", Sign::Positive, defaultClock);
    c.macEnergy = r.number("mac_energy_pj", Sign::NonNegative);
    c.lanes = hasLanes ? r.integer("lanes", Sign::Positive) : r.integer("lanes", Sign::Positive, c.lanes);
    c.mvmCycles = r.integer("mvm_cycles", Sign::Positive, c.mvmCycles);
    c.mvmEnergy = r.number("mvm_energy_pj", Sign::NonNegative, c.mvmEnergy);
    c.programCyclesPerRow = r.integer("program_cycles_per_row", Sign::NonNegative, c.programCyclesPerRow);
    c.programEnergyPerRow = r.number("program_energy_pj_per_row", Sign::NonNegative, c.programEnergyPerRow);
    if (r.has("place"))
        c.place = readPlace(r);
    if (r.has("array_dims")) {
        const YAML::Node n = r.node("array_dims");
        if (!n.IsSequence() || n.size() < 3 || n.size() > 31)
            fail(file, r.path("array_dims"), n,
                 "expected the sizes of the array's 3 to 31 dimensions D1, D2, …, like [32, 2, 4, 4]");
        for (size_t i = 0; i < n.size(); ++i) {
            const std::string where = r.path("array_dims") + "[" + std::to_string(i) + "]";
            const int64_t size = yamlio::toInteger(file, where, n[i], Sign::Positive, true);
            if (size > c.rows && size > c.cols) // a dimension lies on the rows or the columns
                fail(file, where, n[i], "dimension size " + std::to_string(size) + " exceeds the array");
            c.arraySizes.push_back(static_cast<int>(size));
        }
        double rows = 1, cols = 1;
        for (size_t i = 0; i < c.arraySizes.size(); ++i)
            (i % 2 == 0 ? rows : cols) *= double(c.arraySizes[i]);
        if (rows != double(c.rows) || cols != double(c.cols))
            fail(file, r.path("array_dims"), n,
                 "odd dimensions (D1, D3, …) must multiply to rows (" + std::to_string(c.rows) +
                     ") and even ones to cols (" + std::to_string(c.cols) + ")");
    }
    readFlag(r, "search_unrolling", c.searchUnrolling);
    if (c.kind == CoreKind::Spatial) {
        for (const auto &[key, list, size] : {std::tuple{"unroll_rows", &c.unrollRows, c.rows},
                                              std::tuple{"unroll_cols", &c.unrollCols, c.cols}}) {
            int64_t product = 1;
            for (const auto &u : *list)
                product *= u.factor;
            if (product > size)
                fail(file, r.path(key), r.node(key),
                     "unrolls " + std::to_string(product) + " but the array has only " +
                         std::to_string(size) + (std::string(key) == "unroll_rows" ? " rows" : " cols"));
        }
    }
    if (r.has("memories")) {
        const YAML::Node mems = r.node("memories");
        const std::string mpath = r.path("memories");
        if (!mems.IsMap())
            fail(file, mpath, mems, "expected a mapping from memory name to its fields");
        for (auto it = mems.begin(); it != mems.end(); ++it) {
            const std::string name = it->first.Scalar();
            names.add(file, name, mpath + "." + name, it->first);
            privateMemories.push_back(readMemory(file, it->second, mpath + "." + name, name, c.name));
        }
    }
    r.rejectUnknown();
    return c;
}

Link readLink(const std::string &file, const YAML::Node &node, const std::string &path)
{
    MapReader r(file, node, path);
    Link l;
    const YAML::Node ends = r.required("endpoints");
    if (!ends.IsSequence())
        fail(file, r.path("endpoints"), ends, "expected a list of block names, e.g. [core0, core1]");
    for (size_t i = 0; i < ends.size(); ++i)
        l.endpoints.push_back(yamlio::trim(yamlio::scalarText(
            file, r.path("endpoints") + "[" + std::to_string(i) + "]", ends[i], "a block name")));
    if (l.endpoints.size() < 2)
        fail(file, r.path("endpoints"), ends, "a link needs at least two endpoints");
    std::string joined;
    for (const auto &e : l.endpoints)
        joined += (joined.empty() ? "" : "-") + e;
    l.name = r.string("name", joined);
    l.bandwidth = r.number("bandwidth_bytes_per_cycle", Sign::Positive);
    l.latency = r.integer("latency_cycles", Sign::NonNegative, l.latency);
    l.energyPerBit = r.number("energy_pj_per_bit", Sign::NonNegative, l.energyPerBit);
    r.rejectUnknown();
    return l;
}

Dram readDram(MapReader &top)
{
    MapReader r(top.file(), top.required("dram"), "dram");
    Dram d;
    d.name = r.string("name", d.name);
    d.bandwidth = r.number("bandwidth_bytes_per_cycle", Sign::Positive);
    readPair(r, "energy_pj_per_byte", d.readEnergy, d.writeEnergy, Sign::NonNegative);
    d.latency = r.integer("latency_cycles", Sign::NonNegative, d.latency);
    d.ports = r.integer("ports", Sign::Positive, d.ports);
    if (d.ports > kMaxDramPorts) // bounded here, naming the field, before anything is sized by it
        fail(r.file(), r.path("ports"), r.node("ports"),
             "must be at most " + std::to_string(kMaxDramPorts) + " (got " + std::to_string(d.ports) + ")");
    if (r.has("place"))
        d.place = readPlace(r);
    r.rejectUnknown();
    return d;
}

} // namespace

Accelerator nativeFromYaml(const YAML::Node &root, const std::string &file)
{
    MapReader top(file, root, "");
    const YAML::Node version = top.required("fuselab_hardware");
    if (yamlio::toInteger(file, "fuselab_hardware", version, Sign::Any, true) != 1)
        fail(file, "fuselab_hardware", version,
             "unsupported format version " + version.Scalar() + " (this FuseLab reads version 1)");

    Accelerator acc;
    acc.name = top.string("name");
    acc.clockMHz = top.number("clock_mhz", Sign::Positive, acc.clockMHz);
    if (top.has("grid")) {
        MapReader g(file, top.node("grid"), "grid");
        acc.gridWidth = g.integer("width", Sign::Positive);
        acc.gridHeight = g.integer("height", Sign::Positive);
        g.rejectUnknown();
    }

    NameTable names;
    const YAML::Node cores = top.required("cores");
    if (!cores.IsSequence() || cores.size() == 0)
        fail(file, "cores", cores, "expected a non-empty list of cores");
    std::vector<Memory> privateMemories;
    for (size_t i = 0; i < cores.size(); ++i)
        acc.cores.push_back(readCore(file, cores[i], "cores[" + std::to_string(i) + "]", acc.clockMHz,
                                     privateMemories, names));
    acc.memories = std::move(privateMemories);

    if (top.has("memories")) {
        const YAML::Node mems = top.node("memories");
        if (!mems.IsMap())
            fail(file, "memories", mems, "expected a mapping from shared memory name to its fields");
        for (auto it = mems.begin(); it != mems.end(); ++it) {
            const std::string name = it->first.Scalar();
            names.add(file, name, "memories." + name, it->first);
            acc.memories.push_back(readMemory(file, it->second, "memories." + name, name, ""));
        }
    }

    acc.dram = readDram(top);
    names.add(file, acc.dram.name, "dram.name", top.node("dram"));

    std::vector<YAML::Node> linkNodes;
    if (top.has("links")) {
        const YAML::Node links = top.node("links");
        if (!links.IsSequence())
            fail(file, "links", links, "expected a list of links");
        for (size_t i = 0; i < links.size(); ++i) {
            const std::string path = "links[" + std::to_string(i) + "]";
            acc.links.push_back(readLink(file, links[i], path));
            names.add(file, acc.links.back().name, path + ".name", links[i]);
            linkNodes.push_back(links[i]);
        }
    }
    top.rejectUnknown();

    // References: every endpoint is a core, a shared memory or the DRAM; every core is reached.
    std::set<std::string> reached;
    for (size_t i = 0; i < acc.links.size(); ++i) {
        const Link &l = acc.links[i];
        for (size_t j = 0; j < l.endpoints.size(); ++j) {
            const std::string &e = l.endpoints[j];
            const std::string field = "links[" + std::to_string(i) + "].endpoints[" + std::to_string(j) + "]";
            const int m = acc.memoryIndex(e);
            if (m >= 0 && !acc.memories[m].core.empty())
                fail(file, field, linkNodes[i]["endpoints"][j],
                     "'" + e + "' is a private memory of core '" + acc.memories[m].core +
                         "'; link the core instead");
            if (acc.coreIndex(e) < 0 && m < 0 && e != acc.dram.name)
                fail(file, field, linkNodes[i]["endpoints"][j],
                     "link to nowhere: '" + e + "' is not a core, a shared memory or the DRAM");
            for (size_t k = 0; k < j; ++k)
                if (l.endpoints[k] == e)
                    fail(file, field, linkNodes[i]["endpoints"][j],
                         "'" + e + "' is listed twice on one link");
            reached.insert(e);
        }
    }
    for (size_t i = 0; i < acc.cores.size(); ++i)
        if (!reached.count(acc.cores[i].name))
            fail(file, "cores[" + std::to_string(i) + "]", cores[i],
                 "core '" + acc.cores[i].name + "' is not connected: no link names it");

    throwIfInvalid(acc, file);
    return acc;
}

} // namespace fuselab::hwio
