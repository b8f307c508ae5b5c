// SPDX-License-Identifier: GPL-3.0-or-later
#include "hardware/accelerator.h"

#include "hardware/hardware_limits.h"
#include "util/enum_names.h"
#include "util/name_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <map>
#include <queue>
#include <set>
#include <utility>

namespace fuselab {

std::string operandsToString(unsigned mask)
{
    std::string s;
    for (auto [bit, name] : {std::pair{OperandI, "I"}, {OperandW, "W"}, {OperandO, "O"}})
        if (mask & bit)
            s += (s.empty() ? "" : ",") + std::string(name);
    return s;
}

bool parseOperands(std::string_view text, unsigned &mask)
{
    unsigned m = 0;
    for (char ch : text) {
        switch (std::toupper(static_cast<unsigned char>(ch))) {
        case 'I': m |= OperandI; break;
        case 'W': m |= OperandW; break;
        case 'O': m |= OperandO; break;
        case ',': case ' ': case '[': case ']': break;
        default: return false;
        }
    }
    if (m == 0)
        return false;
    mask = m;
    return true;
}

namespace {
constexpr std::array<std::pair<CoreKind, std::string_view>, 5> kKinds{{{CoreKind::Systolic, "systolic"},
                                                                       {CoreKind::Spatial, "spatial"},
                                                                       {CoreKind::Aimc, "aimc"},
                                                                       {CoreKind::Simd, "simd"},
                                                                       {CoreKind::Pool, "pool"}}};
constexpr std::array<std::pair<Dataflow, std::string_view>, 3> kDataflows{
    {{Dataflow::WS, "ws"}, {Dataflow::OS, "os"}, {Dataflow::IS, "is"}}};
constexpr std::array<std::pair<LoopDim, std::string_view>, 7> kDims{{{LoopDim::B, "b"},
                                                                    {LoopDim::K, "k"},
                                                                    {LoopDim::C, "c"},
                                                                    {LoopDim::OY, "oy"},
                                                                    {LoopDim::OX, "ox"},
                                                                    {LoopDim::FY, "fy"},
                                                                    {LoopDim::FX, "fx"}}};
} // namespace

std::string_view toString(CoreKind k) { return enumName(kKinds, k); }
bool parseCoreKind(std::string_view n, CoreKind &out) { return parseEnumName(kKinds, n, out); }
std::string_view toString(Dataflow d) { return enumName(kDataflows, d); }
bool parseDataflow(std::string_view n, Dataflow &out) { return parseEnumName(kDataflows, n, out); }
std::string_view toString(LoopDim d) { return enumName(kDims, d); }
bool parseLoopDim(std::string_view n, LoopDim &out) { return parseEnumName(kDims, n, out); }

int Accelerator::coreIndex(std::string_view n) const
{
    for (int i = 0; i < static_cast<int>(cores.size()); ++i)
        if (cores[i].name == n)
            return i;
    return -1;
}

int Accelerator::memoryIndex(std::string_view n) const
{
    for (int i = 0; i < static_cast<int>(memories.size()); ++i)
        if (memories[i].name == n)
            return i;
    return -1;
}

std::vector<int> Accelerator::memoriesOf(std::string_view core) const
{
    std::vector<int> out;
    for (int i = 0; i < static_cast<int>(memories.size()); ++i)
        if (memories[i].core == core)
            out.push_back(i);
    std::stable_sort(out.begin(), out.end(),
                     [&](int a, int b) { return memories[a].sizeBytes > memories[b].sizeBytes; });
    return out;
}

int Accelerator::stagingMemory(std::string_view core, Operand operand) const
{
    for (int m : memoriesOf(core))
        if (memories[m].operands & operand)
            return m;
    // A shared memory directly linked to the core.
    for (const auto &l : links) {
        if (std::find(l.endpoints.begin(), l.endpoints.end(), core) == l.endpoints.end())
            continue;
        for (const auto &e : l.endpoints) {
            const int m = memoryIndex(e);
            if (m >= 0 && memories[m].core.empty() && (memories[m].operands & operand))
                return m;
        }
    }
    return -1;
}

std::vector<std::string> Accelerator::validate() const
{
    std::vector<std::string> errors;
    auto bad = [](double v) { return !std::isfinite(v) || v <= 0; };
    auto negative = [](double v) { return !std::isfinite(v) || v < 0; };
    std::set<std::string> names;
    auto unique = [&](const std::string &kind, const std::string &n) {
        if (const std::string why = nameTextProblem(n); !why.empty())
            errors.push_back(kind + " name '" + printableName(n) + "' " + why);
        if (n.empty())
            errors.push_back(kind + " with an empty name");
        else if (!names.insert(n).second)
            errors.push_back(kind + " '" + n + "': duplicate name");
    };
    // Values a schedule's int64 arithmetic cannot take (hardware_limits.h); a denormal or
    // 1e-300 bandwidth is positive but would make a transfer last longer than int64 counts.
    auto num = [](double v) {
        std::string t = std::to_string(v);
        if (std::abs(v) >= 1e9 || (v != 0 && std::abs(v) < 1e-3)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", v);
            t = buf;
        }
        return t;
    };
    auto clockRange = [&](const std::string &who, double mhz) {
        if (std::isfinite(mhz) && mhz > 0 && (mhz < kMinClockMHz || mhz > kMaxClockMHz))
            errors.push_back(who + ": clock_mhz " + num(mhz) + " is outside " + num(kMinClockMHz) + ".." +
                             num(kMaxClockMHz) + " MHz (a schedule's cycle counts would overflow)");
    };
    auto bandwidthRange = [&](const std::string &who, const char *field, double bw) {
        if (std::isfinite(bw) && bw > 0 && (bw < kMinBandwidth || bw > kMaxBandwidth))
            errors.push_back(who + ": " + field + " " + num(bw) + " bytes/cycle is outside " + num(kMinBandwidth) +
                             ".." + num(kMaxBandwidth) + " (a transfer's cycle count would overflow)");
    };
    auto latencyRange = [&](const std::string &who, int64_t cycles) {
        if (cycles > kMaxLatencyCycles)
            errors.push_back(who + ": latency_cycles " + std::to_string(cycles) + " is above " +
                             std::to_string(kMaxLatencyCycles));
    };
    if (const std::string why = nameTextProblem(name); !why.empty())
        errors.push_back("accelerator name '" + printableName(name) + "' " + why);
    if (!std::isfinite(clockMHz) || clockMHz <= 0)
        errors.push_back("accelerator '" + name + "': clock_mhz must be positive");
    clockRange("accelerator '" + name + "'", clockMHz);
    if (cores.empty())
        errors.push_back("accelerator '" + name + "': has no cores");
    for (const auto &c : cores) {
        const std::string w = "core '" + c.name + "'";
        unique("core", c.name);
        if (c.rows <= 0 || c.cols <= 0)
            errors.push_back(w + ": array size " + std::to_string(c.rows) + "x" + std::to_string(c.cols) +
                             " must be positive");
        if (bad(c.clockMHz))
            errors.push_back(w + ": clock_mhz must be positive");
        clockRange(w, c.clockMHz);
        if (negative(c.macEnergy))
            errors.push_back(w + ": mac_energy must be zero or positive");
        if ((c.kind == CoreKind::Simd || c.kind == CoreKind::Pool) && c.lanes <= 0)
            errors.push_back(w + ": lanes must be positive");
        if (c.kind == CoreKind::Aimc && (c.mvmCycles <= 0 || negative(c.mvmEnergy) ||
                                         c.programCyclesPerRow < 0 || negative(c.programEnergyPerRow)))
            errors.push_back(w + ": AIMC mvm_cycles must be positive and energies non-negative");
        if (c.kind == CoreKind::Spatial) {
            int64_t r = 1, q = 1;
            for (const auto &u : c.unrollRows)
                r *= u.factor;
            for (const auto &u : c.unrollCols)
                q *= u.factor;
            if (c.unrollRows.empty() || c.unrollCols.empty())
                errors.push_back(w + ": a spatial core needs unroll_rows and unroll_cols");
            else if (r > c.rows || q > c.cols)
                errors.push_back(w + ": unrolling " + std::to_string(r) + "x" + std::to_string(q) +
                                 " exceeds the array " + std::to_string(c.rows) + "x" + std::to_string(c.cols));
            if (!c.arraySizes.empty()) {
                double ar = 1, ac = 1; // doubles: no overflow however many dimensions
                bool positive = c.arraySizes.size() <= 31;
                for (size_t i = 0; i < c.arraySizes.size(); ++i) {
                    positive &= c.arraySizes[i] > 0;
                    (i % 2 == 0 ? ar : ac) *= double(std::max(1, c.arraySizes[i]));
                }
                if (!positive || ar != double(c.rows) || ac != double(c.cols))
                    errors.push_back(w + ": array dimensions (at most 31) must be positive and multiply to the array " +
                                     std::to_string(c.rows) + "x" + std::to_string(c.cols) +
                                     " (odd ones on the rows, even ones on the columns)");
            }
        }
    }
    for (const auto &m : memories) {
        const std::string w = "memory '" + m.name + "'";
        unique("memory", m.name);
        if (m.sizeBytes <= 0)
            errors.push_back(w + ": size must be positive (got " + std::to_string(m.sizeBytes) + " bytes)");
        if (bad(m.readBw) || bad(m.writeBw))
            errors.push_back(w + ": read and write bandwidth must be positive");
        bandwidthRange(w, "read bandwidth", m.readBw);
        bandwidthRange(w, "write bandwidth", m.writeBw);
        latencyRange(w, m.latency);
        if (m.sizeBytes > kMaxMemoryBytes)
            errors.push_back(w + ": size " + std::to_string(m.sizeBytes) + " bytes is above the 1 PiB limit");
        if (negative(m.readEnergy) || negative(m.writeEnergy))
            errors.push_back(w + ": energies must be zero or positive");
        if ((m.operands & OperandAll) == 0)
            errors.push_back(w + ": holds no operand (operands must name I, W or O)");
        if (!m.core.empty() && coreIndex(m.core) < 0)
            errors.push_back(w + ": belongs to core '" + m.core + "', which does not exist");
        if (m.readPorts < 0 || m.writePorts < 0 || m.rwPorts < 0 || m.readPorts + m.rwPorts < 1 ||
            m.writePorts + m.rwPorts < 1)
            errors.push_back(w + ": ports must be zero or positive, with at least one port that reads and one "
                                 "that writes (read/write ports count for both)");
        if (m.level < -1)
            errors.push_back(w + ": level must be 0 or more (or -1: by size)");
        if (m.servedAxes > AxisBoth)
            errors.push_back(w + ": served axes must be rows, cols, both or none");
    }
    unique("dram", dram.name);
    if (bad(dram.bandwidth))
        errors.push_back("dram '" + dram.name + "': bandwidth must be positive");
    if (negative(dram.readEnergy) || negative(dram.writeEnergy) || dram.latency < 0)
        errors.push_back("dram '" + dram.name + "': energy and latency must be zero or positive");
    if (dram.ports <= 0)
        errors.push_back("dram '" + dram.name + "': ports must be positive");
    else if (dram.ports > kMaxDramPorts)
        errors.push_back("dram '" + dram.name + "': ports " + std::to_string(dram.ports) + " is above the limit of " +
                         std::to_string(kMaxDramPorts));
    bandwidthRange("dram '" + dram.name + "'", "bandwidth", dram.bandwidth);
    latencyRange("dram '" + dram.name + "'", dram.latency);
    std::set<std::string> connected;
    for (const auto &l : links) {
        const std::string w = "link '" + l.name + "'";
        unique("link", l.name);
        if (l.endpoints.size() < 2)
            errors.push_back(w + ": needs at least two endpoints");
        std::set<std::string> ends;
        for (const auto &e : l.endpoints) {
            const int m = memoryIndex(e);
            if (m >= 0 && !memories[m].core.empty())
                errors.push_back(w + ": endpoint '" + e + "' is a private memory of core '" + memories[m].core +
                                 "'; link the core instead");
            else if (coreIndex(e) < 0 && m < 0 && e != dram.name)
                errors.push_back(w + ": endpoint '" + e + "' is not a core, shared memory or the DRAM (link to nowhere)");
            if (!ends.insert(e).second)
                errors.push_back(w + ": endpoint '" + e + "' is listed twice");
            connected.insert(e);
        }
        if (bad(l.bandwidth))
            errors.push_back(w + ": bandwidth must be positive");
        if (l.latency < 0 || negative(l.energyPerBit))
            errors.push_back(w + ": latency and energy must be zero or positive");
        bandwidthRange(w, "bandwidth", l.bandwidth);
        latencyRange(w, l.latency);
    }
    for (const auto &c : cores)
        if (!connected.count(c.name))
            errors.push_back("core '" + c.name + "': is not connected to anything (no link reaches it)");
    // Every operand comes from and returns to the DRAM: it must be linked, and every linked
    // core must be reachable from it over links (through shared memories and other cores).
    if (!cores.empty() && !connected.count(dram.name))
        errors.push_back("dram '" + dram.name + "': no link reaches it, so no data can be loaded (link it to a core "
                         "or a shared memory)");
    else if (!cores.empty()) {
        std::map<std::string, std::vector<std::string>> adj;
        for (const auto &l : links)
            for (const auto &a : l.endpoints)
                for (const auto &b : l.endpoints)
                    if (a != b)
                        adj[a].push_back(b);
        std::set<std::string> seen{dram.name};
        std::queue<std::string> q;
        q.push(dram.name);
        while (!q.empty()) {
            const std::string at = q.front();
            q.pop();
            for (const auto &n : adj[at])
                if (seen.insert(n).second)
                    q.push(n);
        }
        for (const auto &c : cores)
            if (connected.count(c.name) && !seen.count(c.name))
                errors.push_back("core '" + c.name + "': no chain of links reaches it from the dram '" + dram.name +
                                 "' (unreachable core)");
    }
    return errors;
}

} // namespace fuselab
