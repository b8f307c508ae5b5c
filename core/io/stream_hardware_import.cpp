// SPDX-License-Identifier: GPL-3.0-or-later
// Import of Stream's classic hardware YAML (an accelerator file naming one core file per core,
// and ZigZag-style core files). Every memory level of a core is kept with its hierarchy fields
// (see below); Stream keys FuseLab does not model (area, the port allocation `ports`, access
// granularities, …) are listed as warnings, one per field, never dropped silently.
//
// Units and conversions (Stream/ZigZag -> FuseLab):
//  - memory `size` is in bits                    -> sizeBytes = ceil(size / 8)
//  - `r_bw` / `w_bw` are bits per cycle           -> readBw / writeBw = bw / 8 bytes per cycle
//  - `r_cost` / `w_cost` are pJ per access of one r_bw/w_bw-wide word
//                                                 -> pJ/byte = cost / (bw / 8)
//  - `latency` (cycles)                           -> Memory::latency
//  - the memory's position in the file (innermost first, as ZigZag lists them) -> Memory::level
//  - `served_dimensions` [D1, D2, …]              -> Memory::servedAxes: odd Dn (D1, D3) are the
//    array rows, even ones the columns (as classify() lays them out); [] = one per PE. An
//    array of more than two dimensions also keeps them as Memory::servedDims, and each unroll
//    its Unroll::arrayDim, so a memory served by [D3, D4] of a 4 × 4 × 8 × 8 array stays one
//    instance per (D1, D2) PE: 16 instances, each with its own size and bandwidth
//  - `r_port` / `w_port` / `rw_port`              -> Memory::readPorts / writePorts / rwPorts
//  - ZigZag's core files carry no double-buffering flag: memories keep FuseLab's default (true)
//  - operands I1 (input activations), I2 (weights), O (outputs) -> I, W, O
//  - `operational_array.unit_energy` (pJ per MAC) -> Core::macEnergy;
//    older files call the block `multipliers` (meta_prototype), read the same way
//  - accelerator `bandwidth` (bits/cycle)         -> Link::bandwidth = bandwidth / 8 bytes/cycle
//  - accelerator `unit_energy_cost` (pJ per bit)  -> Link::energyPerBit unchanged
//  - the offchip core's memory: r_bw/8 -> Dram::bandwidth (bytes/cycle),
//    r_cost/(r_bw/8), w_cost/(w_bw/8) -> read/write pJ per byte, latency -> Dram::latency,
//    r_port + w_port + rw_port -> Dram::ports
//  - Stream has no clock: every core and the accelerator run at FuseLab's default 1000 MHz.
//  - Stream models no per-hop link latency: links get latency 0.
//  - a spatial core file without `dataflows` -> Core::searchUnrolling (the unrolling is searched
//    per layer shape, cost/spatial_search.h), and an array of more than two dimensions keeps
//    its `sizes` as Core::arraySizes (the search unrolls each Dn on its own)
//
// Structure:
//  - core `<id>: file.yaml` becomes core `<file stem>_<id>` (e.g. `tpu_like_0`); the core
//    files' own `name:` is not used because several files repeat one (simd.yaml says `pooling`).
//    Its memories become private memories named `<core>.<memory>`.
//  - `core_connectivity` entries "a, b" become links `<coreA>-<coreB>`; an entry naming more
//    than two cores becomes a bus.
//  - the offchip core becomes the DRAM, joined to every core by one bus named `offchip` with the
//    DRAM's bandwidth and no energy of its own (as Stream's offchip bus).
//  - `core_memory_sharing` pairs (fusemax) let two cores read each other's top memory. FuseLab
//    has no shared-port model for private memories, so each pair becomes a link
//    `share_<coreA>_<coreB>` as wide as the narrower of the two cores' largest memories' read ports.
//  - floorplan: cores 2x2 on a near-square grid with one free cell between them, the DRAM in a
//    strip below them.
//
// Core kind from the operational array (documented per case below, see classify()).
#include "io/hardware_yaml_internal.h"
#include "io/yaml_helpers.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace fuselab::hwio {

using yamlio::fail;
using yamlio::Sign;
namespace fs = std::filesystem;

namespace {

std::string stemOf(const std::string &path)
{
    return fs::path(path).stem().string();
}

// Loop dimension names of Stream/ZigZag workloads. B, K, C, OY, OX, FY, FX map one to one.
// `D` and `H` come from Stream's GEMM/attention layers, O[b][h][d][k] += A[b][h][d][c]·B[b][h][c][k]:
// D is the row dimension of the result (tokens), which FuseLab tiles like output rows, so D -> OY;
// H (heads) are independent instances like a batch, so H -> B. `G` (groups) has no FuseLab
// counterpart and is rejected.
bool streamDim(std::string name, LoopDim &out)
{
    for (char &c : name)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name == "D") {
        out = LoopDim::OY;
        return true;
    }
    if (name == "H" || name == "N") {
        out = LoopDim::B;
        return true;
    }
    return parseLoopDim(name, out);
}

std::vector<std::string> splitIds(const std::string &text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text + ",") {
        if (c == ',' || c == ' ' || c == '\t' || c == '(' || c == ')' || c == '[' || c == ']') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

// A list of ids given as "0, 1" or as a YAML list [0, 1].
std::vector<std::string> idList(const std::string &file, const std::string &field, const YAML::Node &n)
{
    if (n.IsSequence()) {
        std::vector<std::string> out;
        for (size_t i = 0; i < n.size(); ++i)
            out.push_back(yamlio::trim(
                yamlio::scalarText(file, field + "[" + std::to_string(i) + "]", n[i], "a core id")));
        return out;
    }
    return splitIds(yamlio::scalarText(file, field, n, "a list of core ids like \"0, 1\""));
}

// One parsed Stream core file.
struct StreamCore {
    Core core;                    // name left empty; set per instance
    std::vector<std::string> warnings; // fields of the core file FuseLab does not model
    std::vector<Memory> memories; // names relative to the core (prefixed per instance)
    double widestReadBw = 0;      // read port of the largest memory, bytes/cycle
};

double bitsToBytes(double bits)
{
    return bits / 8.0;
}

void warnUnused(std::vector<std::string> *warnings, const yamlio::MapReader &r, const std::string &why)
{
    if (!warnings)
        return;
    for (const auto &key : r.unusedKeys())
        warnings->push_back(r.file() + ": " + r.path(key) + ": not modelled by FuseLab, ignored (" + why + ")");
}

// Why a memory field is not modelled, for the warning.
std::string memoryFieldReason(const std::string &key)
{
    if (key == "area")
        return "FuseLab has no area model";
    if (key == "ports")
        return "port allocation to transfer directions: FuseLab counts ports, reads on read ports and "
               "writes on write ports";
    if (key == "min_r_granularity" || key == "min_w_granularity")
        return "access granularity: FuseLab charges energy per byte moved";
    if (key == "auto_cost_extraction")
        return "CACTI cost extraction: FuseLab takes r_cost / w_cost as given";
    return "unknown to FuseLab's importer";
}

Memory readStreamMemory(const std::string &file, const YAML::Node &node, const std::string &field,
                        const std::string &name, std::vector<std::string> *warnings = nullptr,
                        std::vector<std::string> *servedNames = nullptr)
{
    yamlio::MapReader r(file, node, field);
    Memory m;
    m.name = name;
    const YAML::Node sizeNode = r.required("size");
    const double bits = yamlio::toNumber(file, r.path("size"), sizeNode, Sign::Positive);
    if (bits >= 7.0e19)
        fail(file, r.path("size"), sizeNode, "size of " + sizeNode.Scalar() + " bits is too large");
    m.sizeBytes = static_cast<int64_t>(std::ceil(bits / 8.0));
    const double rbw = r.number("r_bw", Sign::Positive);
    const double wbw = r.number("w_bw", Sign::Positive);
    m.readBw = bitsToBytes(rbw);
    m.writeBw = bitsToBytes(wbw);
    m.readEnergy = r.number("r_cost", Sign::NonNegative) / m.readBw;
    m.writeEnergy = r.number("w_cost", Sign::NonNegative) / m.writeBw;
    m.latency = r.integer("latency", Sign::NonNegative, 1);
    const YAML::Node ops = r.required("operands");
    if (!ops.IsSequence() || ops.size() == 0)
        fail(file, r.path("operands"), ops, "expected a list of operands like [I1, I2, O]");
    m.operands = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        const std::string f = r.path("operands") + "[" + std::to_string(i) + "]";
        std::string op = yamlio::trim(yamlio::scalarText(file, f, ops[i], "an operand I1, I2 or O"));
        for (char &c : op)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (op == "I1" || op == "I")
            m.operands |= OperandI;
        else if (op == "I2" || op == "W")
            m.operands |= OperandW;
        else if (op == "O")
            m.operands |= OperandO;
        else
            fail(file, f, ops[i],
                 "unknown operand '" + op + "' (Stream uses I1 = inputs, I2 = weights, O = outputs)");
    }
    if (r.has("r_port") || r.has("w_port") || r.has("rw_port")) {
        m.readPorts = r.integer("r_port", Sign::NonNegative, 0);
        m.writePorts = r.integer("w_port", Sign::NonNegative, 0);
        m.rwPorts = r.integer("rw_port", Sign::NonNegative, 0);
        if (m.readPorts + m.rwPorts < 1 || m.writePorts + m.rwPorts < 1)
            fail(file, r.path("r_port"), node,
                 "needs at least one port that reads and one that writes (r_port/w_port/rw_port)");
    }
    if (r.has("served_dimensions")) {
        const YAML::Node sd = r.node("served_dimensions");
        if (!sd.IsSequence())
            fail(file, r.path("served_dimensions"), sd, "expected a list of array dimensions like [D1, D2]");
        for (size_t i = 0; i < sd.size(); ++i) {
            const std::string t = yamlio::trim(yamlio::scalarText(
                file, r.path("served_dimensions") + "[" + std::to_string(i) + "]", sd[i], "an array dimension"));
            if (servedNames)
                servedNames->push_back(t);
        }
    } else if (servedNames) {
        servedNames->push_back("*"); // absent: the whole array, as a buffer
    }
    if (warnings)
        for (const auto &key : r.unusedKeys())
            warnings->push_back(file + ": " + r.path(key) + ": not modelled by FuseLab, ignored (" +
                                memoryFieldReason(key) + ")");
    return m;
}

// Per array dimension: its size and the loop dims it unrolls (factors clamped to the size).
struct ArrayDim {
    std::string name;
    int64_t size = 1;
    std::vector<Unroll> unrolls;
};

std::vector<ArrayDim> readArray(const std::string &file, const YAML::Node &root, double &unitEnergy,
                                std::vector<std::string> &warnings)
{
    const char *key = root["operational_array"].IsDefined() ? "operational_array" : "multipliers";
    yamlio::MapReader r(file, root[key], key);
    unitEnergy = r.number("unit_energy", Sign::NonNegative);
    struct WarnAtEnd { // the reader's unused keys once every field has been read
        yamlio::MapReader &r;
        std::vector<std::string> &w;
        ~WarnAtEnd() { warnUnused(&w, r, "FuseLab has no area model and reads only unit_energy, sizes, dimensions"); }
    } warnAtEnd{r, warnings};
    const YAML::Node sizes = r.required("sizes");
    if (!sizes.IsSequence() || sizes.size() == 0)
        fail(file, r.path("sizes"), sizes, "expected a list of array dimension sizes like [32, 32]");
    std::vector<ArrayDim> dims(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) {
        const std::string f = r.path("sizes") + "[" + std::to_string(i) + "]";
        dims[i].size = yamlio::toInteger(file, f, sizes[i], Sign::Any, true);
        if (dims[i].size <= 0)
            fail(file, f, sizes[i],
                 "array dimension size must be positive (got " + sizes[i].Scalar() +
                     "); a zero-sized array is an off-chip memory description, not a compute core");
        dims[i].name = "D" + std::to_string(i + 1);
    }
    if (r.has("dimensions")) {
        const YAML::Node names = r.node("dimensions");
        if (!names.IsSequence() || names.size() != sizes.size())
            fail(file, r.path("dimensions"), names,
                 "must list one name per entry of `sizes` (" + std::to_string(sizes.size()) + ")");
        for (size_t i = 0; i < names.size(); ++i)
            dims[i].name =
                yamlio::trim(yamlio::scalarText(file, r.path("dimensions") + "[" + std::to_string(i) + "]",
                                                names[i], "a dimension name like D1"));
    }
    if (root["dataflows"].IsDefined()) {
        yamlio::MapReader df(file, root["dataflows"], "dataflows");
        for (auto &d : dims) {
            if (!df.has(d.name))
                continue;
            const YAML::Node list = df.node(d.name);
            const std::string f = df.path(d.name);
            if (!list.IsSequence())
                fail(file, f, list, "expected a list of unrollings like [\"K, 32\"]");
            int64_t left = d.size; // ZigZag never unrolls more than the dimension holds
            for (size_t i = 0; i < list.size(); ++i) {
                const std::string fi = f + "[" + std::to_string(i) + "]";
                const std::vector<std::string> parts = idList(file, fi, list[i]);
                if (parts.size() != 2)
                    fail(file, fi, list[i], "expected \"<loop dim>, <factor>\" like \"K, 32\"");
                Unroll u;
                if (!streamDim(parts[0], u.dim))
                    fail(file, fi, list[i],
                         "unknown loop dimension '" + parts[0] + "' (known: B, K, C, OY, OX, FY, FX, D, H)");
                int64_t factor = 0;
                bool overflow = false;
                if (!yamlio::parseInt64(parts[1], factor, overflow) || factor <= 0 || factor > 1'000'000'000)
                    fail(file, fi, list[i], "unroll factor '" + parts[1] + "' must be a positive integer");
                u.factor = static_cast<int>(std::max<int64_t>(1, std::min(factor, left)));
                left = std::max<int64_t>(1, left / u.factor);
                d.unrolls.push_back(u);
            }
        }
        df.rejectUnknown();
    } else {
        // No dataflows (meta_prototype, fusemax_vec): ZigZag generates a spatial mapping per
        // layer, and so does FuseLab (Core::searchUnrolling, set by readStreamCore). The unrolling
        // kept here is the reference candidate of that search and what classify() reads:
        // K, C, OX, OY on D1..D4 (meta_prototype: K 32 | C 2 | OX 4 | OY 4).
        static const LoopDim defaults[] = {LoopDim::K, LoopDim::C, LoopDim::OX, LoopDim::OY};
        if (dims.size() > 4)
            fail(file, "dataflows", root, "missing: an array with more than 4 dimensions needs `dataflows`");
        for (size_t i = 0; i < dims.size(); ++i)
            if (dims[i].size > 1)
                dims[i].unrolls.push_back({defaults[i], static_cast<int>(dims[i].size)});
    }
    return dims;
}

void addUnroll(std::vector<Unroll> &axis, const Unroll &u)
{
    for (auto &a : axis)
        if (a.dim == u.dim && a.arrayDim == u.arrayDim) {
            a.factor *= u.factor; // e.g. simba: K 4 on D1 and K 8 on D3 -> K 32 on rows
            return;
        }
    axis.push_back(u);
}

// Core kind from the operational array:
//  - unrolls FX or FY but not C (Stream's pooling.yaml: FX 3 | FY 3 | K 8) -> pool,
//    lanes = product of all sizes (72);
//  - effectively one-dimensional (at most one size > 1) unrolling only K, or with no dataflows
//    (simd.yaml: K 64; fusemax_vec: [256, 1]) -> simd, lanes = product of sizes;
//  - otherwise -> spatial: odd dimensions (D1, D3, …) form the rows and even ones (D2, D4, …)
//    the columns; rows / cols = product of the sizes on that axis, and the unrolled loops of
//    one axis are merged (tpu_like: K 32 x C 32; eyeriss_like: 14 x 12 with K 14 x C 12 after
//    clamping the K 16 / C 16 hints to the array; simba: 4·8 x 4·8 = K 32 x C 32;
//    meta_prototype: 32·4 x 2·4 = K 32, OX 4 x C 2, OY 4; fusemax_array: D(->OY) 256 x K 256).
//    Stream's tpu_like core is a 2-D unrolling in ZigZag's sense, not a timed systolic array,
//    so it is imported as spatial, not systolic.
void classify(Core &c, const std::vector<ArrayDim> &dims)
{
    int64_t total = 1;
    int nonUnit = 0;
    bool pooling = false, reduces = false, onlyK = true, anyUnroll = false;
    for (const auto &d : dims) {
        total *= d.size;
        nonUnit += d.size > 1;
        for (const auto &u : d.unrolls) {
            anyUnroll = true;
            pooling |= u.dim == LoopDim::FX || u.dim == LoopDim::FY;
            reduces |= u.dim == LoopDim::C;
            onlyK &= u.dim == LoopDim::K;
        }
    }
    const int lanes = static_cast<int>(std::min<int64_t>(total, 1'000'000'000));
    if (pooling && !reduces) {
        c.kind = CoreKind::Pool;
        c.lanes = lanes;
        return;
    }
    if (nonUnit <= 1 && (onlyK || !anyUnroll)) {
        c.kind = CoreKind::Simd;
        c.lanes = lanes;
        return;
    }
    c.kind = CoreKind::Spatial;
    int64_t rows = 1, cols = 1;
    for (size_t i = 0; i < dims.size(); ++i) {
        const bool row = i % 2 == 0; // index 0 is D1
        (row ? rows : cols) *= dims[i].size;
        for (Unroll u : dims[i].unrolls) {
            u.arrayDim = dims.size() > 2 ? static_cast<int>(i) + 1 : 0; // a 2-D array needs only the axes
            addUnroll(row ? c.unrollRows : c.unrollCols, u);
        }
    }
    c.rows = static_cast<int>(std::min<int64_t>(rows, 1'000'000'000));
    c.cols = static_cast<int>(std::min<int64_t>(cols, 1'000'000'000));
    // An axis without any unrolled loop still needs an entry for the cost model: unroll K once.
    if (c.unrollRows.empty())
        c.unrollRows.push_back({LoopDim::K, 1});
    if (c.unrollCols.empty())
        c.unrollCols.push_back({LoopDim::C, 1});
}

StreamCore readStreamCore(const YAML::Node &root, const std::string &file)
{
    if (!root.IsMap())
        fail(file, "", root, "a Stream core file must be a mapping with `memories` and `operational_array`");
    StreamCore sc;
    std::vector<std::vector<std::string>> served; // per memory, its served_dimensions names
    const YAML::Node mems = root["memories"];
    if (!mems.IsDefined())
        fail(file, "memories", root, "missing required field 'memories'");
    if (!mems.IsMap() || mems.size() == 0)
        fail(file, "memories", mems, "expected a mapping of memory names to their fields");
    std::set<std::string> seen;
    for (auto it = mems.begin(); it != mems.end(); ++it) {
        const std::string name = it->first.Scalar();
        if (!seen.insert(name).second)
            fail(file, "memories." + name, it->first, "duplicate memory name '" + name + "'");
        served.emplace_back();
        sc.memories.push_back(
            readStreamMemory(file, it->second, "memories." + name, name, &sc.warnings, &served.back()));
        sc.memories.back().level = static_cast<int>(sc.memories.size()) - 1; // file order, innermost first
    }
    if (!root["operational_array"].IsDefined() && !root["multipliers"].IsDefined())
        fail(file, "operational_array", root, "missing required field 'operational_array'");
    double unitEnergy = 0;
    const std::vector<ArrayDim> dims = readArray(file, root, unitEnergy, sc.warnings);
    sc.core.macEnergy = unitEnergy;
    classify(sc.core, dims);
    if (!root["dataflows"].IsDefined() && sc.core.kind == CoreKind::Spatial) {
        sc.core.searchUnrolling = true; // ZigZag's SpatialMappingGeneratorStage: searched per layer
        if (dims.size() > 2 && dims.size() <= 31) {
            double rows = 1, cols = 1; // doubles: no overflow on hostile sizes
            for (size_t i = 0; i < dims.size(); ++i)
                (i % 2 == 0 ? rows : cols) *= double(dims[i].size);
            if (rows == double(sc.core.rows) && cols == double(sc.core.cols)) // not clamped
                for (const auto &d : dims)
                    sc.core.arraySizes.push_back(static_cast<int>(d.size));
        }
    }
    // served_dimensions -> array axes: D1, D3, … lie on the rows, D2, D4, … on the columns.
    for (size_t i = 0; i < sc.memories.size(); ++i) {
        unsigned axes = 0, arrayDims = 0;
        for (const auto &n : served[i]) {
            if (n == "*") {
                axes = AxisBoth;
                arrayDims = ~0u;
                continue;
            }
            size_t d = dims.size();
            for (size_t k = 0; k < dims.size(); ++k)
                if (dims[k].name == n)
                    d = k;
            if (d == dims.size())
                fail(file, "memories." + sc.memories[i].name + ".served_dimensions", root["memories"],
                     "unknown array dimension '" + n + "' (the array has " + std::to_string(dims.size()) +
                         " dimensions)");
            axes |= d % 2 == 0 ? AxisRows : AxisCols;
            arrayDims |= 1u << std::min<size_t>(d, 31);
        }
        sc.memories[i].servedAxes = axes;
        if (dims.size() > 2 && sc.core.kind == CoreKind::Spatial)
            sc.memories[i].servedDims = arrayDims == ~0u ? (1u << std::min<size_t>(dims.size(), 31)) - 1 : arrayDims;
    }
    if (root.IsMap())
        for (auto it = root.begin(); it != root.end(); ++it) {
            const std::string k = it->first.Scalar();
            if (k != "memories" && k != "operational_array" && k != "multipliers" && k != "dataflows")
                sc.warnings.push_back(file + ": " + k + ": not modelled by FuseLab, ignored (" +
                                      (k == "name" ? std::string("cores are named <file stem>_<id>")
                                                   : std::string("unknown to FuseLab's importer")) +
                                      ")");
        }
    const Memory *widest = &sc.memories.front();
    for (const auto &m : sc.memories)
        if (m.sizeBytes > widest->sizeBytes)
            widest = &m;
    sc.widestReadBw = widest->readBw;
    return sc;
}

// The DRAM from Stream's offchip core file (its first memory).
Dram readOffchip(const YAML::Node &root, const std::string &file, std::vector<std::string> *warnings)
{
    const YAML::Node mems = root.IsMap() ? root["memories"] : YAML::Node();
    if (!mems.IsDefined() || !mems.IsMap() || mems.size() == 0)
        fail(file, "memories", root, "the offchip core file needs one memory (the DRAM)");
    const auto first = mems.begin();
    const std::string name = first->first.Scalar();
    const Memory m = readStreamMemory(file, first->second, "memories." + name, name, warnings);
    if (warnings) {
        for (auto it = std::next(mems.begin()); it != mems.end(); ++it)
            warnings->push_back(file + ": memories." + it->first.Scalar() +
                                ": not modelled by FuseLab, ignored (the DRAM is the offchip core's first memory)");
        for (auto it = root.begin(); it != root.end(); ++it)
            if (it->first.Scalar() != "memories" && it->first.Scalar() != "name")
                warnings->push_back(file + ": " + it->first.Scalar() +
                                    ": not modelled by FuseLab, ignored (the offchip core only describes the DRAM)");
    }
    Dram d;
    d.name = "dram";
    d.bandwidth = m.readBw;
    d.readEnergy = m.readEnergy;
    d.writeEnergy = m.writeEnergy;
    d.latency = m.latency;
    int ports = 0;
    for (const char *p : {"r_port", "w_port", "rw_port"})
        if (first->second[p].IsDefined())
            ports += static_cast<int>(yamlio::toInteger(file, "memories." + name + "." + p, first->second[p],
                                                        Sign::NonNegative, true));
    d.ports = std::max(1, ports);
    return d;
}

// Stream accelerator files name core files relative to themselves, but some (fusemax) carry
// a path from Stream's repository root; fall back to the basename beside the accelerator file
// and in its `cores/` subdirectory.
std::string resolveFile(const std::string &accFile, const std::string &field, const YAML::Node &at,
                        const std::string &ref)
{
    const fs::path dir = fs::path(accFile).parent_path();
    const fs::path p(ref);
    std::vector<fs::path> candidates;
    if (p.is_absolute())
        candidates.push_back(p);
    else
        candidates.push_back(dir / p);
    candidates.push_back(dir / p.filename());
    candidates.push_back(dir / "cores" / p.filename());
    std::error_code ec;
    for (const auto &c : candidates)
        if (fs::is_regular_file(c, ec))
            return c.lexically_normal().string();
    std::string tried;
    for (const auto &c : candidates)
        tried += (tried.empty() ? "" : ", ") + c.lexically_normal().string();
    fail(accFile, field, at, "file '" + ref + "' not found (looked for " + tried + ")");
}

void placeOnGrid(Accelerator &acc)
{
    const int n = static_cast<int>(acc.cores.size());
    const int perRow = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
    const int rowsUsed = (n + perRow - 1) / perRow;
    for (int i = 0; i < n; ++i)
        acc.cores[i].place = {1 + (i % perRow) * 3, 1 + (i / perRow) * 3, 2, 2};
    acc.dram.place = {1, 1 + rowsUsed * 3, std::max(2, perRow * 3 - 1), 2};
    acc.gridWidth = std::max(16, perRow * 3 + 1);
    acc.gridHeight = std::max(12, rowsUsed * 3 + 4);
}

Accelerator withOffchipBus(Accelerator acc)
{
    Link bus;
    bus.name = "offchip";
    bus.endpoints.push_back(acc.dram.name);
    for (const auto &c : acc.cores)
        bus.endpoints.push_back(c.name);
    bus.bandwidth = acc.dram.bandwidth;
    bus.latency = 0;
    bus.energyPerBit = 0;
    acc.links.push_back(bus);
    placeOnGrid(acc);
    return acc;
}

void addCore(Accelerator &acc, const StreamCore &sc, const std::string &name)
{
    Core c = sc.core;
    c.name = name;
    acc.cores.push_back(c);
    for (Memory m : sc.memories) {
        m.name = name + "." + m.name;
        m.core = name;
        acc.memories.push_back(m);
    }
}

} // namespace

Accelerator streamCoreFileFromYaml(const YAML::Node &root, const std::string &file,
                                   std::vector<std::string> *warnings)
{
    Accelerator acc;
    acc.name = stemOf(file);
    const StreamCore sc = readStreamCore(root, file);
    if (warnings)
        warnings->insert(warnings->end(), sc.warnings.begin(), sc.warnings.end());
    addCore(acc, sc, stemOf(file));
    // A lone core file has no DRAM description: FuseLab's default Dram is used (documented).
    acc = withOffchipBus(acc);
    throwIfInvalid(acc, file);
    return acc;
}

Accelerator streamAcceleratorFromYaml(const YAML::Node &root, const std::string &file,
                                      std::vector<std::string> *warnings)
{
    yamlio::MapReader top(file, root, "");
    Accelerator acc;
    acc.name = top.string("name", stemOf(file));
    const YAML::Node cores = top.required("cores");
    if (!cores.IsMap() || cores.size() == 0)
        fail(file, "cores", cores, "expected a mapping from core id to core file, like `0: tpu_like.yaml`");

    std::map<std::string, StreamCore> parsed; // by resolved path: simba names one file 36 times
    std::map<std::string, std::string> nameOfId;
    std::map<std::string, double> widestOfId;
    for (auto it = cores.begin(); it != cores.end(); ++it) {
        const std::string id = yamlio::trim(it->first.Scalar());
        const std::string field = "cores." + id;
        const std::string ref = yamlio::trim(yamlio::scalarText(file, field, it->second, "a core file name"));
        const std::string path = resolveFile(file, field, it->second, ref);
        auto found = parsed.find(path);
        if (found == parsed.end()) {
            try {
                found = parsed
                            .emplace(path, readStreamCore(yamlio::parseYaml(yamlio::readTextFile(path), path),
                                                          path))
                            .first;
            } catch (const InputError &e) {
                // The problem is in the core file; say which accelerator entry brought it in.
                throw InputError(e.file(), e.field(), e.reason() + " [core " + id + " of " + file + "]");
            }
            if (warnings) // once per core file, however many cores use it
                warnings->insert(warnings->end(), found->second.warnings.begin(), found->second.warnings.end());
        }
        const std::string name = stemOf(path) + "_" + id;
        if (nameOfId.count(id))
            fail(file, field, it->first, "core id '" + id + "' appears twice");
        nameOfId[id] = name;
        widestOfId[id] = found->second.widestReadBw;
        addCore(acc, found->second, name);
    }

    const YAML::Node offchip = top.required("offchip_core");
    const std::string offPath =
        resolveFile(file, "offchip_core", offchip,
                    yamlio::trim(yamlio::scalarText(file, "offchip_core", offchip, "a core file name")));
    acc.dram = readOffchip(yamlio::parseYaml(yamlio::readTextFile(offPath), offPath), offPath, warnings);

    auto coreName = [&](const std::string &field, const YAML::Node &at, const std::string &id) {
        const auto it = nameOfId.find(id);
        if (it == nameOfId.end())
            fail(file, field, at, "core id '" + id + "' is not listed under `cores`");
        return it->second;
    };
    std::set<std::set<std::string>> linked;
    auto pairs = [&](const char *key, auto &&make) {
        if (!top.has(key))
            return;
        const YAML::Node list = top.node(key);
        if (list.IsNull())
            return;
        if (!list.IsSequence())
            fail(file, key, list, "expected a list of core id pairs like \"0, 1\"");
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
            const std::vector<std::string> ids = idList(file, field, list[i]);
            if (ids.size() < 2)
                fail(file, field, list[i], "needs at least two core ids");
            std::vector<std::string> names;
            std::set<std::string> unique;
            for (const auto &id : ids) {
                names.push_back(coreName(field, list[i], id));
                if (!unique.insert(names.back()).second)
                    fail(file, field, list[i], "core id '" + id + "' is listed twice");
            }
            if (!linked.insert(unique).second)
                fail(file, field, list[i], "these cores are already connected by an earlier entry");
            make(ids, names);
        }
    };

    const bool anyLinks = top.has("core_connectivity") && top.node("core_connectivity").IsSequence() &&
                          top.node("core_connectivity").size() > 0;
    const double bandwidthBits =
        anyLinks ? top.number("bandwidth", Sign::Positive) : top.number("bandwidth", Sign::Positive, 8);
    const double energyPerBit = top.number("unit_energy_cost", Sign::NonNegative, 0);
    pairs("core_connectivity", [&](const std::vector<std::string> &, const std::vector<std::string> &names) {
        Link l;
        for (const auto &n : names)
            l.name += (l.name.empty() ? "" : "-") + n;
        l.endpoints = names;
        l.bandwidth = bitsToBytes(bandwidthBits);
        l.latency = 0;
        l.energyPerBit = energyPerBit;
        acc.links.push_back(l);
    });
    pairs("core_memory_sharing",
          [&](const std::vector<std::string> &ids, const std::vector<std::string> &names) {
              Link l;
              l.name = "share";
              double bw = widestOfId[ids.front()];
              for (size_t k = 0; k < names.size(); ++k) {
                  l.name += "_" + names[k];
                  bw = std::min(bw, widestOfId[ids[k]]);
              }
              l.endpoints = names;
              l.bandwidth = bw;
              l.latency = 0;
              l.energyPerBit = 0;
              acc.links.push_back(l);
          });
    warnUnused(warnings, top, "unknown to FuseLab's importer");

    acc = withOffchipBus(acc);
    throwIfInvalid(acc, file);
    return acc;
}

} // namespace fuselab::hwio
