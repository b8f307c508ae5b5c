// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one model of moving bytes (docs/design.md §3, §5): DRAM reads and writes and on-chip
// transfers over links, with their duration, energy and the resource they hold. The
// scheduler's moves, the per-layer cost (layer_cost.cpp), the loop nest's DRAM level
// (memory_hierarchy.cpp) and the per-event energies of old runs (event_energy.cpp) all price
// a transfer here, so they cannot disagree.
//
//   duration  latency + ⌈bytes / bandwidth⌉ cycles of the reference clock, where
//             bandwidth = min(DRAM port share, on-chip memory port, slowest link) and
//             latency = DRAM latency (DRAM transfers) + Σ per-hop link latency;
//   energy    DRAM: bytes × DRAM read (write) pJ/B; the on-chip end: bytes × its write
//             (read) pJ/B; links: 8 × bytes × Σ pJ/bit of the hops;
//   port      a DRAM transfer holds one DRAM port for its whole duration. The DRAM's
//             bandwidth is its total: each of its `ports` ports gets an equal share, so
//             transfers on different ports run side by side and share the total, and a
//             transfer finding every port busy waits.

#include "hardware/accelerator.h"

#include <cstdint>
#include <limits>

namespace fuselab {

/// The links a transfer crosses, summarised (the scheduler's Route without its indices).
struct TransferPath {
    double bandwidth = std::numeric_limits<double>::infinity(); // bytes/cycle of the slowest hop
    int64_t latency = 0;                                        // Σ per-hop latency, cycles
    double energyPerBit = 0;                                    // Σ pJ/bit over the hops
};

/// Energy of one transfer by term (pJ).
struct TransferEnergy {
    double dram = 0, memory = 0, links = 0;
    double total() const { return dram + memory + links; }
};

struct Transfer {
    double streamCycles = 0; ///< bytes / bandwidth, before rounding up
    int64_t latency = 0;     ///< fixed cycles added to the stream
    TransferEnergy energy;
    /// The duration in reference cycles: latency + ⌈streamCycles⌉ (the scheduler does the
    /// same with overflow checks, checked_time.h).
    int64_t cycles() const;
};

class TransferModel {
public:
    explicit TransferModel(const Accelerator &acc) : acc_(acc) {}

    /// DRAM ports: resources each DRAM transfer holds for its duration (at least 1).
    int dramPorts() const;
    /// Bytes per cycle of one DRAM port: the DRAM's total bandwidth over its ports.
    double dramPortBandwidth() const;

    /// DRAM → on-chip memory `memory` (-1: no on-chip end is charged, e.g. an operand a
    /// loop nest streams straight to its PEs) over `path`.
    Transfer dramRead(int64_t bytes, int memory, const TransferPath &path = {}) const;
    /// On-chip memory `memory` (-1: none) → DRAM over `path`.
    Transfer dramWrite(int64_t bytes, int memory, const TransferPath &path = {}) const;
    /// On-chip memory `src` → memory `dst` over `path`.
    Transfer onChip(int64_t bytes, int src, int dst, const TransferPath &path) const;

    /// DRAM energy alone of reading and writing these bytes (pJ).
    double dramEnergy(double readBytes, double writeBytes) const;

private:
    const Memory *memory(int m) const;
    const Accelerator &acc_;
};

} // namespace fuselab
