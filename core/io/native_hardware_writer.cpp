// SPDX-License-Identifier: GPL-3.0-or-later
// Writer of FuseLab's native hardware YAML. Hand-written rather than through YAML::Emitter so
// that numbers use the shortest text that reads back to the same double (std::to_chars,
// locale-independent) and the layout is stable and readable in diffs.
#include "io/hardware_yaml.h"

#include "util/error.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fuselab {

namespace {

std::string num(double v)
{
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, ptr) : std::string(".nan");
}

std::string num(int64_t v)
{
    return std::to_string(v);
}
std::string num(int v)
{
    return std::to_string(v);
}

bool isPlainSafe(const std::string &s)
{
    if (s.empty())
        return false;
    static const char *reserved[] = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
    std::string l;
    for (char c : s)
        l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char *r : reserved)
        if (l == r)
            return false;
    if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
        return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '/'))
            return false;
    return true;
}

// A YAML scalar for a name: plain when unambiguous, otherwise double-quoted with escapes.
std::string str(const std::string &s)
{
    if (isPlainSafe(s))
        return s;
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string bytes(int64_t b)
{
    constexpr int64_t KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
    if (b > 0 && b % GiB == 0)
        return num(b / GiB) + " GiB";
    if (b > 0 && b % MiB == 0)
        return num(b / MiB) + " MiB";
    if (b > 0 && b % KiB == 0)
        return num(b / KiB) + " KiB";
    return num(b);
}

std::string place(const Placement &p)
{
    return "{x: " + num(p.x) + ", y: " + num(p.y) + ", w: " + num(p.w) + ", h: " + num(p.h) + "}";
}

std::string unrolls(const std::vector<Unroll> &list)
{
    if (std::any_of(list.begin(), list.end(), [](const Unroll &u) { return u.arrayDim > 0; })) {
        std::string s = "[";
        for (size_t i = 0; i < list.size(); ++i)
            s += (i ? ", [" : "[") + std::string(toString(list[i].dim)) + ", " + num(list[i].factor) + ", D" +
                 std::to_string(list[i].arrayDim) + "]";
        for (char &c : s)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s + "]";
    }
    std::string s = "{";
    for (size_t i = 0; i < list.size(); ++i)
        s += (i ? ", " : "") + std::string(toString(list[i].dim)) + ": " + num(list[i].factor);
    for (char &c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s + "}";
}

void pair(std::ostream &o, const std::string &ind, const std::string &key, double r, double w)
{
    if (r == w)
        o << ind << key << ": " << num(r) << "\n";
    else
        o << ind << "read_" << key << ": " << num(r) << "\n"
          << ind << "write_" << key << ": " << num(w) << "\n";
}

void memory(std::ostream &o, const Memory &m, const std::string &ind)
{
    o << ind << str(m.name) << ":\n";
    const std::string in = ind + "  ";
    o << in << "size: " << bytes(m.sizeBytes) << "\n";
    std::string ops = operandsToString(m.operands);
    for (size_t p = ops.find(','); p != std::string::npos; p = ops.find(',', p + 2))
        ops.insert(p + 1, " ");
    o << in << "operands: [" << ops << "]\n";
    pair(o, in, "bandwidth_bytes_per_cycle", m.readBw, m.writeBw);
    pair(o, in, "energy_pj_per_byte", m.readEnergy, m.writeEnergy);
    o << in << "latency_cycles: " << m.latency << "\n";
    if (m.core.empty() || !(m.place == Placement{}))
        o << in << "place: " << place(m.place) << "\n";
    // Hierarchy fields only when they differ from the defaults, so older files stay as they were.
    const Memory d;
    if (m.level != d.level)
        o << in << "level: " << m.level << "\n";
    if (m.servedAxes != d.servedAxes || m.servedDims != d.servedDims) {
        std::string axes;
        if (m.servedAxes & AxisRows)
            axes = "rows";
        if (m.servedAxes & AxisCols)
            axes += std::string(axes.empty() ? "" : ", ") + "cols";
        if (m.servedDims != 0) { // a folded array: its dimensions say it all
            axes.clear();
            for (int b = 0; b < 32; ++b)
                if (m.servedDims >> b & 1u)
                    axes += (axes.empty() ? "D" : ", D") + std::to_string(b + 1);
        }
        o << in << "served_axes: [" << axes << "]\n";
    }
    if (m.readPorts != d.readPorts || m.writePorts != d.writePorts || m.rwPorts != d.rwPorts)
        o << in << "ports: {read: " << m.readPorts << ", write: " << m.writePorts
          << ", read_write: " << m.rwPorts << "}\n";
    if (m.doubleBuffered != d.doubleBuffered)
        o << in << "double_buffered: " << (m.doubleBuffered ? "true" : "false") << "\n";
}

void core(std::ostream &o, const Core &c, const std::vector<Memory> &memories)
{
    const Core d; // defaults: kind-irrelevant fields are written only when they differ
    const bool array =
        c.kind == CoreKind::Systolic || c.kind == CoreKind::Spatial || c.kind == CoreKind::Aimc;
    const bool lanes = c.kind == CoreKind::Simd || c.kind == CoreKind::Pool;
    o << "  - name: " << str(c.name) << "\n";
    o << "    kind: " << toString(c.kind) << "\n";
    if (array || c.rows != d.rows || c.cols != d.cols)
        o << "    rows: " << c.rows << "\n    cols: " << c.cols << "\n";
    if (c.kind == CoreKind::Systolic || c.dataflow != d.dataflow) {
        std::string df(toString(c.dataflow));
        for (char &ch : df)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        o << "    dataflow: " << df << "\n";
    }
    if (c.kind == CoreKind::Spatial || !c.unrollRows.empty())
        o << "    unroll_rows: " << unrolls(c.unrollRows) << "\n";
    if (c.kind == CoreKind::Spatial || !c.unrollCols.empty())
        o << "    unroll_cols: " << unrolls(c.unrollCols) << "\n";
    if (!c.arraySizes.empty()) {
        o << "    array_dims: [";
        for (size_t i = 0; i < c.arraySizes.size(); ++i)
            o << (i ? ", " : "") << c.arraySizes[i];
        o << "]\n";
    }
    if (c.searchUnrolling != d.searchUnrolling)
        o << "    search_unrolling: " << (c.searchUnrolling ? "true" : "false") << "\n";
    if (lanes || c.lanes != d.lanes)
        o << "    lanes: " << c.lanes << "\n";
    o << "    clock_mhz: " << num(c.clockMHz) << "\n";
    o << "    mac_energy_pj: " << num(c.macEnergy) << "\n";
    const bool aimc = c.kind == CoreKind::Aimc;
    if (aimc || c.mvmCycles != d.mvmCycles)
        o << "    mvm_cycles: " << c.mvmCycles << "\n";
    if (aimc || c.mvmEnergy != d.mvmEnergy)
        o << "    mvm_energy_pj: " << num(c.mvmEnergy) << "\n";
    if (aimc || c.programCyclesPerRow != d.programCyclesPerRow)
        o << "    program_cycles_per_row: " << c.programCyclesPerRow << "\n";
    if (aimc || c.programEnergyPerRow != d.programEnergyPerRow)
        o << "    program_energy_pj_per_row: " << num(c.programEnergyPerRow) << "\n";
    o << "    place: " << place(c.place) << "\n";
    bool first = true;
    for (const auto &m : memories) {
        if (m.core != c.name)
            continue;
        if (first)
            o << "    memories:\n";
        first = false;
        memory(o, m, "      ");
    }
}

} // namespace

std::string toNativeHardwareYaml(const Accelerator &acc)
{
    std::ostringstream o;
    o << "# FuseLab hardware description (format: README.md, section 'Hardware format')\n";
    o << "fuselab_hardware: 1\n";
    o << "name: " << str(acc.name) << "\n";
    o << "clock_mhz: " << num(acc.clockMHz) << "\n";
    o << "grid: {width: " << acc.gridWidth << ", height: " << acc.gridHeight << "}\n";
    o << "\ncores:\n";
    for (const auto &c : acc.cores)
        core(o, c, acc.memories);
    bool anyShared = false;
    for (const auto &m : acc.memories)
        if (m.core.empty()) {
            if (!anyShared)
                o << "\nmemories:\n";
            anyShared = true;
            memory(o, m, "  ");
        }
    o << "\ndram:\n";
    o << "  name: " << str(acc.dram.name) << "\n";
    o << "  bandwidth_bytes_per_cycle: " << num(acc.dram.bandwidth) << "\n";
    pair(o, "  ", "energy_pj_per_byte", acc.dram.readEnergy, acc.dram.writeEnergy);
    o << "  latency_cycles: " << acc.dram.latency << "\n";
    o << "  ports: " << acc.dram.ports << "\n";
    o << "  place: " << place(acc.dram.place) << "\n";
    if (!acc.links.empty())
        o << "\nlinks:\n";
    for (const auto &l : acc.links) {
        o << "  - name: " << str(l.name) << "\n    endpoints: [";
        for (size_t i = 0; i < l.endpoints.size(); ++i)
            o << (i ? ", " : "") << str(l.endpoints[i]);
        o << "]\n";
        o << "    bandwidth_bytes_per_cycle: " << num(l.bandwidth) << "\n";
        o << "    latency_cycles: " << l.latency << "\n";
        o << "    energy_pj_per_bit: " << num(l.energyPerBit) << "\n";
    }
    return o.str();
}

void saveNativeHardware(const Accelerator &acc, const std::string &path)
{
    const std::string text = toNativeHardwareYaml(acc);
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw InputError(path, "", "cannot write: cannot create the temporary file " + tmp);
        out << text;
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw InputError(path, "", "cannot write the file (disk full?)");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        throw InputError(path, "", "cannot replace the file: " + why);
    }
}

} // namespace fuselab
