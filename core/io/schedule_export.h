// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "workload/workload.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace fuselab {

/// The plan as JSON: name, groups (layer names, tile rows/cols, overlap, weights), the core
/// of every layer, splits and pins.
nlohmann::json planJson(const Plan &plan, const Workload &w, const Accelerator &acc);

/// Summary of a schedule: latency_cycles, latency_s, energy_pj, energy_breakdown {mac,
/// memory {name: pJ}, links, dram}, edp (pJ·cycles), dram_read_bytes, dram_write_bytes,
/// link_bytes, spill_bytes, spill_events, macs, extra_recompute_macs, cn_count, event_count,
/// core_utilization {core: 0..1}, peak_memory_bytes {memory: bytes}, clock_mhz, plan.
nlohmann::json scheduleSummaryJson(const Schedule &s, const Workload &w, const Accelerator &acc,
                                   const Plan &plan);

/// Chrome / Perfetto trace JSON (needs a schedule recorded with events): one thread track per
/// core's compute, per link and per DRAM port ("X" complete events, never overlapping on a
/// track), flow arrows ("s"/"f") from producer to consumer CNs, memory occupancy as counter
/// tracks ("C"). ts and dur are µs = cycles / clock_mhz, as the metadata states.
void writeChromeTrace(std::ostream &out, const Schedule &s, const Workload &w, const Accelerator &acc);

/// One CSV row per event: kind, resource, start_cycle, end_cycle, bytes, layer, cn,
/// producer_cn, tile, src_memory, dst_memory, weights, spill_read, energy_pj (the event's
/// recorded energy, ScheduleEvent::energy; the column adds up to the total energy).
void writeEventsCsv(std::ostream &out, const Schedule &s, const Workload &w, const Accelerator &acc);

} // namespace fuselab
