// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fuselab {

/// Operands a memory may hold, as a bit set.
enum Operand : unsigned { OperandI = 1u, OperandW = 2u, OperandO = 4u, OperandAll = 7u };
std::string operandsToString(unsigned mask);            // "I,W,O"
bool parseOperands(std::string_view text, unsigned &mask);  // accepts "I,W,O", "IWO", "I W"

enum class CoreKind { Systolic, Spatial, Aimc, Simd, Pool };
std::string_view toString(CoreKind kind);
bool parseCoreKind(std::string_view name, CoreKind &out);

enum class Dataflow { WS, OS, IS };
std::string_view toString(Dataflow df);
bool parseDataflow(std::string_view name, Dataflow &out);

/// Loop dimensions a spatial array can unroll.
enum class LoopDim { B, K, C, OY, OX, FY, FX };
std::string_view toString(LoopDim d);
bool parseLoopDim(std::string_view name, LoopDim &out);

/// Position and size of a block on the floorplan grid, in grid cells.
struct Placement {
    int x = 0, y = 0, w = 2, h = 2;
    friend bool operator==(const Placement &, const Placement &) = default;
};

/// Array axes of a spatial core, as a bit set (a memory's `servedAxes`).
enum ArrayAxis : unsigned { AxisRows = 1u, AxisCols = 2u, AxisBoth = 3u };

/// A memory. `core` empty means shared (a scratchpad / global buffer on the floorplan);
/// otherwise the memory is private to that core. Bandwidth in bytes per cycle (per port),
/// energy in pJ per byte. Sizes in bytes (per instance, see `servedAxes`).
///
/// Memory hierarchy of a core (cost/memory_hierarchy.h): for each operand, the core's private
/// memories holding it form its levels, innermost first in ascending `level` (ties: ascending
/// size, then file order); then the DRAM as the outermost level.
struct Memory {
    std::string name;
    std::string core;  // owning core, or empty for a shared memory
    int64_t sizeBytes = 0;
    unsigned operands = OperandAll;
    double readBw = 64, writeBw = 64;
    double readEnergy = 1.0, writeEnergy = 1.0;
    int latency = 1;
    Placement place;  // used for shared memories
    /// Position in the core's hierarchy, 0 = next to the PEs; -1 = by size (the default).
    int level = -1;
    /// Array axes one instance of this memory is shared across (ZigZag's served_dimensions):
    /// AxisBoth = one instance for the whole array (a buffer), 0 = one instance per PE (a
    /// register file). Only spatial cores have axes; other kinds read it as AxisBoth.
    unsigned servedAxes = AxisBoth;
    /// A core folded from an array of more than two dimensions (Stream's D1 × D2 × D3 × D4):
    /// the array dimensions one instance spans, bit n-1 for Dn (served_dimensions). Non-zero,
    /// it decides instead of `servedAxes` for the unrolls that carry their Unroll::arrayDim, so
    /// a per-PE buffer of a 4×4 grid of vector PEs stays 16 instances after the fold.
    unsigned servedDims = 0;
    /// Ports: read-only, write-only and read/write. Bandwidth is per port; a memory with only
    /// read/write ports serves reads and writes on the same ports (they add up in time).
    int readPorts = 1, writePorts = 1, rwPorts = 0;
    /// Whether refills overlap compute (two halves: one computes, one fills). Without it the
    /// compute waits for every refill of this memory.
    bool doubleBuffered = true;
    friend bool operator==(const Memory &, const Memory &) = default;
};

/// One unrolled loop on one array axis (spatial cores): `dim` unrolled `factor` times.
struct Unroll {
    LoopDim dim = LoopDim::K;
    int factor = 1;
    /// The array dimension Dn (1-based) of a folded array it comes from; 0: none (2-D cores).
    int arrayDim = 0;
    friend bool operator==(const Unroll &, const Unroll &) = default;
};

/// A compute core. Which fields matter depends on `kind`:
///  - systolic: rows × cols PEs, `dataflow`;
///  - spatial: rows × cols PEs, `unrollRows` / `unrollCols` name the unrolled loop dims;
///  - aimc: rows × cols crossbar cells per tile, `mvmCycles` / `mvmEnergy` per input
///    vector, `programCyclesPerRow` / `programEnergyPerRow` to write weights;
///  - simd / pool: `lanes` elements per cycle.
struct Core {
    std::string name;
    CoreKind kind = CoreKind::Systolic;
    int rows = 32, cols = 32;
    Dataflow dataflow = Dataflow::WS;
    std::vector<Unroll> unrollRows, unrollCols;
    /// Spatial cores folded from an array of more than two dimensions (Stream's `sizes`): the
    /// size of each Dn, D1 first; odd Dn lie on the rows, even ones on the columns, so their
    /// products are rows and cols. Empty: the array's two dimensions are rows × cols.
    std::vector<int> arraySizes;
    /// Spatial cores: the unrolling is searched per layer (tile) shape among the legal ones
    /// (cost/spatial_search.h; a Stream core file without `dataflows`, where ZigZag generates
    /// spatial mappings). unrollRows / unrollCols are then the reference unrolling, one of the
    /// candidates, so the search never does worse than it.
    bool searchUnrolling = false;
    double clockMHz = 1000;
    double macEnergy = 0.5;  // pJ per MAC (or per element op on simd/pool)
    int lanes = 64;
    int mvmCycles = 100;
    double mvmEnergy = 100;  // pJ per MVM of one full crossbar
    int programCyclesPerRow = 10;
    double programEnergyPerRow = 10;
    Placement place;
    friend bool operator==(const Core &, const Core &) = default;
};

/// A link between two blocks, or a bus when it joins more than two. Endpoints are block
/// names (cores, shared memories, or the DRAM). Bandwidth in bytes per cycle, latency in
/// cycles per hop, energy in pJ per bit (as link energies are usually quoted).
struct Link {
    std::string name;
    std::vector<std::string> endpoints;
    double bandwidth = 32;
    int latency = 1;
    double energyPerBit = 0.0;
    bool isBus() const { return endpoints.size() > 2; }
    friend bool operator==(const Link &, const Link &) = default;
};

/// Off-chip memory. Bandwidth in bytes per cycle, energy in pJ per byte.
struct Dram {
    std::string name = "dram";
    double bandwidth = 16;
    int latency = 100;
    double readEnergy = 100, writeEnergy = 100;
    int ports = 1;
    Placement place;
    friend bool operator==(const Dram &, const Dram &) = default;
};

/// An accelerator: cores, memories (private or shared), links, DRAM and floorplan.
/// Schedules count cycles of `clockMHz`; a core with another clock is scaled to it.
struct Accelerator {
    std::string name;
    double clockMHz = 1000;
    std::vector<Core> cores;
    std::vector<Memory> memories;
    std::vector<Link> links;
    Dram dram;
    int gridWidth = 16, gridHeight = 12;

    int coreIndex(std::string_view name) const;    // -1 if absent
    int memoryIndex(std::string_view name) const;  // -1 if absent
    /// Private memories of a core, largest first.
    std::vector<int> memoriesOf(std::string_view core) const;
    /// The memory a core stages tiles of `operand` in: its largest private memory that
    /// holds the operand, else the shared memory it is linked to; -1 if none.
    int stagingMemory(std::string_view core, Operand operand) const;
    /// Every problem found: zero or negative sizes and bandwidths, unconnected cores,
    /// links to unknown blocks, duplicate names, NaN values. Empty means valid.
    std::vector<std::string> validate() const;

    friend bool operator==(const Accelerator &, const Accelerator &) = default;
};

} // namespace fuselab
