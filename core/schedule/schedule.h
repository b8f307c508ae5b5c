// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cost/cost_model.h"
#include "cost/energy.h"
#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/cn_budget.h"
#include "workload/workload.h"

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fuselab {

/// A plan that cannot be scheduled on an accelerator (a tile that fits no memory, two cores
/// without a route between them…). The message names the layer, the core and the bytes.
class ScheduleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// schedule() stopped because its ScheduleOptions::cancel flag was set.
class ScheduleCancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};


class ScheduleCache; // schedule/schedule_cache.h

struct ScheduleOptions {
    /// false: totals only (no events, slices or occupancy steps) — what the search uses.
    bool recordEvents = true;
    /// Inputs and weights of a CN may be fetched while the previous CN of its core computes.
    bool doubleBuffering = true;
    /// Cost model per core kind; nullptr means costModelFor.
    CostModelLookup costModel = nullptr;
    /// A plan estimated to make more CNs than this is refused with a ScheduleError before
    /// any is built (cn_budget.h: memory grows ~linearly with the CN count).
    int64_t maxCns = kDefaultMaxCns;
    /// Weight stationary across inferences: every layer's weights are already in their core's
    /// weight memory (and programmed into an AIMC crossbar) when the schedule starts — loaded
    /// once at deployment — so no weight is read from DRAM or loaded into the fabric during it,
    /// and they stay for the whole schedule. Throws ScheduleError when the weights a memory
    /// must hold do not all fit in it at once.
    bool weightsPreloaded = false;
    /// Activations that cross fused groups without a pin. false ("dram"): the producer writes
    /// them to DRAM and every reader in a later group reads them back. true ("resident",
    /// Stream's behaviour): they stay in the producer's output memory and are read from there
    /// (in place, or over the links when a route joins the two memories); when a memory needs
    /// the room, the slice whose next reader comes last is evicted to DRAM (a spill) and its
    /// later readers read it back from there. Pins stay the explicit, guaranteed form; network
    /// outputs always go to DRAM.
    bool residentActivations = false;
    /// When set (from any thread), schedule() throws ScheduleCancelled at its next check:
    /// every 256 computation nodes placed, i.e. well under a millisecond apart.
    const std::atomic<bool> *cancel = nullptr;
    /// Costs and routes kept from earlier calls on the same workload, accelerator and cost model
    /// (schedule_cache.h); nullptr: computed afresh. Used by one schedule() at a time.
    ScheduleCache *cache = nullptr;
};

enum class EventKind : uint8_t {
    Compute,   // a CN on a core's array
    Transfer,  // on-chip move between two memories (over the links of its route)
    DramRead,  // DRAM → memory (network input, weights, a tensor of an earlier group, a spill read back)
    DramWrite, // memory → DRAM (a tensor another group reads, a network output)
    Spill,     // memory → DRAM because the memory was full; read back later by a DramRead
};
std::string_view toString(EventKind k);

/// The energy of one event by term (pJ): a compute event's MACs (and weight load), the
/// private-memory accesses of its loop nest and the DRAM traffic of an operand it streams;
/// a move's memory reads and writes, links and DRAM. The schedule's totals are their sum.
struct EventEnergy {
    double mac = 0, memory = 0, links = 0, dram = 0;
    double total() const { return mac + memory + links + dram; }
    friend bool operator==(const EventEnergy &, const EventEnergy &) = default;
};

/// One timed event. Times are cycles of the accelerator's reference clock (acc.clockMHz).
struct ScheduleEvent {
    EventKind kind = EventKind::Compute;
    int core = -1;     // compute: the core
    int route = -1;    // moves: index into Schedule::routes (links it occupies), -1 for none
    int dramPort = -1; // DRAM reads / writes / spills: the port used; compute: the port an
                       // operand streamed from DRAM holds for the compute's duration
    int64_t start = 0, end = 0;
    int64_t bytes = 0;
    LayerId layer = kNone; // the layer of the CN computed, or of the data moved
    int cn = -1;           // compute: the CN; moves: the CN the data is for (-1: none)
    int producerCn = -1;   // moves: the CN that produced the data (-1: network input or weights)
    int tile = -1;
    int srcMemory = -1, dstMemory = -1; // -1 is the DRAM
    bool weights = false;               // a weight fetch
    bool spillRead = false;             // a DramRead bringing back spilled data
    EventEnergy energy;                 // what this event costs, as the scheduler charged it
    friend bool operator==(const ScheduleEvent &, const ScheduleEvent &) = default;
};

/// A tensor slice held in a memory during [start, end).
struct MemorySlice {
    int memory = -1;
    int64_t bytes = 0;
    int64_t start = 0, end = 0;
    int cn = -1; // the CN it belongs to (producer of an output, consumer of staged inputs)
    enum class Kind : uint8_t { Output, Input, Weights, Pinned } kind = Kind::Output;
    friend bool operator==(const MemorySlice &, const MemorySlice &) = default;
};

/// Occupancy of one memory: `bytes` holds from `time` until the next step.
struct OccupancyStep {
    int64_t time = 0;
    int64_t bytes = 0;
    friend bool operator==(const OccupancyStep &, const OccupancyStep &) = default;
};

/// Timing of one CN, for views and for the validator.
struct CnTiming {
    LayerId layer = kNone;
    int core = 0, tile = 0, part = 0, group = 0;
    int64_t start = 0, end = 0;
    int64_t macs = 0;
    int64_t outputBytes = 0;
    bool load = false; // a load node: brings network-input rows on chip, no compute
    friend bool operator==(const CnTiming &, const CnTiming &) = default;
};

struct ScheduleTotals {
    int64_t latencyCycles = 0;
    double latencySeconds = 0;
    double energyPj = 0;
    EnergyBreakdown energy; // MAC, per memory (by name), links, DRAM
    double edp = 0;         // energy (pJ) × latency (cycles), as Stream reports it
    int64_t dramReadBytes = 0, dramWriteBytes = 0;
    int64_t linkBytes = 0; // Σ bytes × links crossed
    int64_t spillBytes = 0;
    int spillEvents = 0;
    int64_t macs = 0;
    int64_t extraRecomputeMacs = 0;
    int cnCount = 0;
    int eventCount = 0;
    std::vector<double> coreUtilization;  // busy cycles / latency, per core
    std::vector<int64_t> peakMemoryBytes; // per memory
    friend bool operator==(const ScheduleTotals &, const ScheduleTotals &) = default;
};

/// The result of scheduling a plan. Events, slices, occupancy and dependencies are filled
/// only with ScheduleOptions::recordEvents.
struct Schedule {
    double clockMHz = 1000;
    bool residentActivations = false; // the ScheduleOptions it was made with
    ScheduleTotals totals;
    std::vector<ScheduleEvent> events;
    std::vector<MemorySlice> slices;
    std::vector<std::vector<OccupancyStep>> occupancy; // per memory
    std::vector<CnTiming> cns;
    std::vector<std::pair<int, int>> dependencies; // (producer CN, consumer CN)
    std::vector<std::vector<int>> routes;          // links of each route index
    friend bool operator==(const Schedule &, const Schedule &) = default;
};

/// Schedules `plan` (docs/design.md §5). Pure: no shared mutable state, so many plans may be
/// evaluated on worker threads at once. Throws ScheduleError when the plan cannot run and
/// std::invalid_argument when it is not a valid plan for this workload and accelerator.
Schedule schedule(const Workload &w, const Accelerator &acc, const Plan &plan,
                  const ScheduleOptions &options = {});

} // namespace fuselab
