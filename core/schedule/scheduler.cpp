// SPDX-License-Identifier: GPL-3.0-or-later
// Event-driven list scheduling of CNs (docs/design.md §5). CNs become ready when every producer
// has been placed; the ready CN of best priority (lowest id: groups in order, depth first
// within a group) is placed at its earliest feasible time: its weight fetch, input moves and
// output allocation first (each at the earliest time its memory has room for good and every
// resource on its route is free), then its compute on the core's array. Resources keep
// sorted busy intervals, so later CNs may use earlier gaps. Memories keep an occupancy step
// function; a slice is released after its last reader. When a memory can never make room
// (only slices still waiting for readers hold it), the slice used furthest in the future is
// spilled to DRAM (or, for weights, dropped and fetched again later).
#include "schedule/schedule.h"

#include "schedule/checked_time.h"
#include "schedule/cn.h"
#include "schedule/scheduler_impl.h"

#include "cost/vector_cost.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace fuselab {

std::string_view toString(EventKind k)
{
    switch (k) {
    case EventKind::Compute:
        return "compute";
    case EventKind::Transfer:
        return "transfer";
    case EventKind::DramRead:
        return "dram_read";
    case EventKind::DramWrite:
        return "dram_write";
    case EventKind::Spill:
        return "spill";
    }
    return "?";
}

namespace detail {

ScheduleCache *Scheduler::usableCache(const Workload &w, const Accelerator &acc, const ScheduleOptions &opt)
{
    if (opt.cache && !opt.cache->servesFor(w, acc, opt.costModel))
        throw std::invalid_argument("schedule: the ScheduleCache was made for another workload, accelerator "
                                    "or cost model");
    return opt.cache;
}

std::unique_ptr<SchedulerBuffers> Scheduler::borrowBuffers(ScheduleCache *cache)
{
    std::unique_ptr<SchedulerBuffers> b = cache ? cache->takeBuffers() : nullptr;
    return b ? std::move(b) : std::make_unique<SchedulerBuffers>();
}

Scheduler::~Scheduler()
{
    if (cache_)
        cache_->keepBuffers(std::move(buffers_));
}

namespace {
/// n empty timelines, reusing the storage of those already there.
void resetTimelines(std::vector<Timeline> &tl, size_t n)
{
    tl.resize(n);
    for (auto &t : tl)
        t.clear();
}
} // namespace

void Scheduler::prepareCores()
{
    const int nc = static_cast<int>(acc_.cores.size());
    memI_.resize(nc);
    memW_.resize(nc);
    memO_.resize(nc);
    for (int k = 0; k < nc; ++k) {
        const auto &name = acc_.cores[k].name;
        memI_[k] = acc_.stagingMemory(name, OperandI);
        memW_[k] = acc_.stagingMemory(name, OperandW);
        memO_[k] = acc_.stagingMemory(name, OperandO);
    }
    resetTimelines(coreTl_, static_cast<size_t>(nc));
    resetTimelines(linkTl_, acc_.links.size());
    // Bounded by Accelerator::validate() at every loader; a caller with an unvalidated design
    // (a project being edited) gets an error here, not a 2^31-entry allocation.
    if (acc_.dram.ports > kMaxDramPorts)
        throw ScheduleError("dram '" + acc_.dram.name + "': ports " + std::to_string(acc_.dram.ports) +
                            " is above the limit of " + std::to_string(kMaxDramPorts));
    resetTimelines(portTl_, static_cast<size_t>(std::max(1, acc_.dram.ports)));
    prof_.resize(acc_.memories.size());
    for (size_t m = 0; m < acc_.memories.size(); ++m)
        prof_[m].reset(acc_.memories[m].sizeBytes);
    openSlices_.resize(acc_.memories.size());
    for (auto &open : openSlices_)
        open.clear();
    slices_.clear();
    memEnergy_.assign(acc_.memories.size(), 0.0);
    coreLastStart_.assign(nc, 0);
    coreLastEnd_.assign(nc, 0);
}

// ScheduleOptions::residentActivations: an edge from an earlier group that is not pinned reads
// the producer's output slice where it stays, whenever a route joins the producer's output
// memory to the reader's input memory; a producer then writes to DRAM only what must still go
// there (a network output, or rows a reader without a route needs).
void Scheduler::keepActivationsResident()
{
    const int n = static_cast<int>(g_.nodes.size());
    std::vector<char> stillViaDram(static_cast<size_t>(n), 0);
    for (int c = 0; c < n; ++c)
        for (int i = g_.nodes[c].inputBegin; i < g_.nodes[c].inputEnd; ++i) {
            CnInput &e = g_.inputs[i];
            if (e.kind != EdgeKind::ViaDram || e.producer < 0)
                continue;
            const int src = memO_[g_.nodes[e.producer].core], dst = memI_[g_.nodes[c].core];
            const bool joined =
                src == dst || (src >= 0 && dst >= 0 &&
                               topo_.routeIndex(topo_.blockOfMemory(src), topo_.blockOfMemory(dst)) >= 0);
            if (joined)
                e.kind = EdgeKind::Resident;
            else
                stillViaDram[e.producer] = 1;
        }
    std::vector<char> consumed(w_.tensors.size(), 0);
    for (const auto &l : w_.layers)
        for (TensorId t : l.inputs)
            consumed[t] = 1;
    for (int c = 0; c < n; ++c) {
        ComputationNode &node = g_.nodes[c];
        if (node.writesDram && !stillViaDram[c] && consumed[w_.layers[node.layer].output])
            node.writesDram = false;
    }
}

void Scheduler::prepareEdges()
{
    if (opt_.residentActivations)
        keepActivationsResident();
    const int n = static_cast<int>(g_.nodes.size());
    BigVector<int> &count = succBegin_; // counts first, then prefix sums: the CSR's begins
    count.assign(n + 1, 0);
    outReaders_.assign(n, 0);
    pinReaders_.assign(n, 0);
    tailReaders_.assign(n, 0);
    for (const auto &e : g_.inputs)
        if (e.producer >= 0) {
            ++count[e.producer + 1];
            if (e.kind == EdgeKind::OnChip || e.kind == EdgeKind::Resident)
                ++outReaders_[e.producer];
            if (e.kind == EdgeKind::OnChip && e.tailOnly)
                ++tailReaders_[e.producer];
            else if (e.kind == EdgeKind::Pinned)
                ++pinReaders_[e.producer];
        }
    for (int i = 0; i < n; ++i)
        count[i + 1] += count[i];
    succ_.assign(count[n], 0);
    BigVector<int> &fill = b_.fill;
    fill.assign(count.begin(), count.end() - 1);
    for (int c = 0; c < n; ++c)
        for (int i = g_.nodes[c].inputBegin; i < g_.nodes[c].inputEnd; ++i)
            if (g_.inputs[i].producer >= 0)
                succ_[fill[g_.inputs[i].producer]++] = c;
    for (int c = 0; c < n; ++c) {
        const auto &node = g_.nodes[c];
        if (node.writesDram)
            ++outReaders_[c];
        if (node.pinMemory >= 0) {
            if (node.pinMemory == memO_[node.core])
                outReaders_[c] += pinReaders_[c];
            else
                ++outReaders_[c]; // the move into the pin memory
        }
    }
    // Weight slots: CNs using each, in priority order (for the next-use of a resident slice).
    const int ns = static_cast<int>(g_.weights.size());
    slotCnBegin_.assign(ns + 1, 0);
    for (const auto &node : g_.nodes)
        if (node.weightSlot >= 0)
            ++slotCnBegin_[node.weightSlot + 1];
    for (int s = 0; s < ns; ++s)
        slotCnBegin_[s + 1] += slotCnBegin_[s];
    slotCns_.assign(slotCnBegin_[ns], 0);
    BigVector<int> &sf = b_.fill;
    sf.assign(slotCnBegin_.begin(), slotCnBegin_.end() - 1);
    for (int c = 0; c < n; ++c)
        if (g_.nodes[c].weightSlot >= 0)
            slotCns_[sf[g_.nodes[c].weightSlot]++] = c;
    slotSlice_.assign(ns, -1);
    slotNext_.assign(ns, 0);
    slotUsesLeft_.resize(ns);
    for (int s = 0; s < ns; ++s)
        slotUsesLeft_[s] = g_.weights[s].uses;
}

void Scheduler::fail(const ComputationNode &n, int memory, int64_t bytes, const std::string &why) const
{
    const Memory &m = acc_.memories[memory];
    throw ScheduleError("layer '" + w_.layers[n.layer].name + "' (tile " + std::to_string(n.tile) +
                        ") on core '" + acc_.cores[n.core].name + "' needs " + std::to_string(bytes) +
                        " bytes in memory '" + m.name + "' (capacity " + std::to_string(m.sizeBytes) +
                        " bytes)" + why);
}

// Weight stationary: every weight slot in its core's weight memory from time 0, if they all fit.
void Scheduler::preloadWeights()
{
    std::vector<int64_t> need(acc_.memories.size(), 0);
    for (const auto &ws : g_.weights)
        need[memW_[ws.core]] += ws.bytes;
    for (size_t m = 0; m < need.size(); ++m)
        if (need[m] > acc_.memories[m].sizeBytes)
            throw ScheduleError("weight stationary: the weights kept in memory '" + acc_.memories[m].name +
                                "' take " + std::to_string(need[m]) + " bytes (capacity " +
                                std::to_string(acc_.memories[m].sizeBytes) +
                                " bytes); spread the layers over more cores or reload the weights");
    for (int s = 0; s < static_cast<int>(g_.weights.size()); ++s) {
        if (slotCnBegin_[s] == slotCnBegin_[s + 1])
            continue; // no CN uses it
        const int sid = newSlice(memW_[g_.weights[s].core], g_.weights[s].bytes, 0,
                                 MemorySlice::Kind::Weights, slotCns_[slotCnBegin_[s]]);
        slices_[sid].ready = 0;
        slices_[sid].weightSlot = s;
        slotSlice_[s] = sid;
    }
}

// A CN whose inputs, weights and output cannot be in its memories at once can never run.
void Scheduler::checkFits() const
{
    std::vector<int64_t> need(acc_.memories.size(), 0);
    for (const auto &n : g_.nodes) {
        const int mi = memI_[n.core], mw = memW_[n.core], mo = memO_[n.core];
        if (n.load) {
            // A load node's rows arrive from DRAM straight into the one slice of the input
            // memory that is its output (placeLoad): its input and output are the same bytes.
            if (n.outputBytes > acc_.memories[mi].sizeBytes)
                fail(n, mi, n.outputBytes, ": the rows it brings on chip do not fit; use smaller tiles");
            continue;
        }
        int64_t in = 0, accumulated = 0; // the running output becomes the output (in place)
        for (int i = n.inputBegin; i < n.inputEnd; ++i)
            (g_.inputs[i].accumulate ? accumulated : in) += g_.inputs[i].bytes;
        need[mi] += in;
        if (n.weightBytes > 0)
            need[mw] += n.weightBytes;
        need[mo] += std::max(n.outputBytes, accumulated);
        for (int m : {mi, mw, mo}) {
            if (need[m] > acc_.memories[m].sizeBytes)
                fail(n, m, need[m],
                     ": its inputs, weights and output cannot all fit; use smaller tiles or another core");
        }
        need[mi] = need[mw] = need[mo] = 0;
    }
}

const CostEntry &Scheduler::cost(const ComputationNode &n)
{
    auto &entries = cache_ ? cache_->costsOf(n.layer) : costCache_[n.layer];
    for (const auto &e : entries)
        if (e.core == n.core && e.dims == n.dims && e.extraVectorOps == n.extraVectorOps)
            return e;
    const Core &core = acc_.cores[n.core];
    const CostModel &model = (opt_.costModel ? opt_.costModel : &costModelFor)(core.kind);
    ComputeCost cc = model.compute(w_.layers[n.layer], n.dims, core, acc_);
    if (n.extraVectorOps > 0) {
        // Accumulating a reduction slice (and the online softmax's rescaling): element ops at
        // the core's vector width (a MAC array: its columns), reading and writing the running
        // output at the accumulator's precision.
        Layer pass;
        pass.op = OpType::Activation;
        pass.dims = {1, n.extraVectorOps, n.extraVectorOps, 1, 1, 1, 1};
        pass.precision.i = pass.precision.o = n.accumulatorBits > 0 ? n.accumulatorBits : 32;
        const bool vectorUnit = core.kind == CoreKind::Simd || core.kind == CoreKind::Pool;
        const ComputeCost extra = vectorPass(pass, pass.dims, core, acc_, vectorUnit ? core.lanes : core.cols);
        cc.cycles += extra.cycles;
        cc.macEnergy += extra.macEnergy;
        for (const auto &[name, pj] : extra.memoryEnergy)
            cc.memoryEnergy[name] += pj;
    }
    CostEntry e;
    e.core = n.core;
    e.dims = n.dims;
    e.extraVectorOps = n.extraVectorOps;
    e.cycles = checkedCycles(static_cast<double>(cc.cycles) * acc_.clockMHz / core.clockMHz - 1e-9,
                             "computation cycles");
    e.macs = cc.macs;
    e.macEnergy = cc.macEnergy;
    const Layer &layer = w_.layers[n.layer];
    e.weightLoadCycles = checkedCycles(
        static_cast<double>(model.weightLoadCyclesOn(layer, n.dims, core, acc_)) * acc_.clockMHz / core.clockMHz - 1e-9,
        "weight-load cycles");
    e.weightLoadEnergy = model.weightLoadEnergyOn(layer, n.dims, core, acc_);
    e.dramStreamEnergy = cc.dramStreamEnergy;
    e.dramStreamBytes = cc.dramStreamBytes;
    for (const auto &[name, pj] : cc.memoryEnergy) {
        const int m = acc_.memoryIndex(name);
        if (m >= 0)
            e.memoryEnergy.push_back({m, pj});
    }
    entries.push_back(std::move(e));
    return entries.back();
}

void Scheduler::placeLoad(int c)
{
    const ComputationNode &n = g_.nodes[c];
    const int k = n.core;
    const int mi = memI_[k];
    const int64_t t0 = opt_.doubleBuffering ? coreLastStart_[k] : coreLastEnd_[k];
    // The slice an input is read from on chip (pinned or resident), or -1 (from DRAM).
    auto onChipSource = [&](const CnInput &e) {
        return e.kind == EdgeKind::Pinned     ? pinSlice_[e.producer]
               : e.kind == EdgeKind::Resident ? outSlice_[e.producer]
                                              : -1;
    };
    for (int i = n.inputBegin; i < n.inputEnd; ++i)
        if (const int src = onChipSource(g_.inputs[i]); src >= 0)
            slices_[src].protectedBy = c;
    // Room for all the rows at once, then every piece from where it is.
    const int64_t ta = allocate(mi, n.outputBytes, t0, c);
    int64_t first = kOpen, ready = ta;
    for (int i = n.inputBegin; i < n.inputEnd; ++i) {
        const CnInput &e = g_.inputs[i];
        Move m;
        const int src = onChipSource(e);
        if (src >= 0 && slices_[src].dramReady < 0) {
            m = move(slices_[src].memory, mi, e.bytes, std::max(ta, slices_[src].ready), EventKind::Transfer,
                     &n, c, e.producer);
            readerDone(src, m.end);
        } else {
            const int64_t dataReady = e.producer < 0 ? 0
                                      : src >= 0     ? slices_[src].dramReady
                                                     : dramReady_[e.producer];
            m = dramMove(mi, true, e.bytes, std::max(ta, dataReady), EventKind::DramRead,
                         e.producer >= 0 ? g_.nodes[e.producer].layer : n.layer, c, e.producer, false,
                         src >= 0);
        }
        first = std::min(first, m.start);
        ready = std::max(ready, m.end);
    }
    const int os = newSlice(mi, n.outputBytes, first == kOpen ? ta : first, MemorySlice::Kind::Output, c);
    outSlice_[c] = os;
    slices_[os].ready = ready;
    slices_[os].lastUse = ready;
    slices_[os].readers = outReaders_[c];
    if (outReaders_[c] == 0)
        close(os, ready);
    for (int i = n.inputBegin; i < n.inputEnd; ++i)
        if (const int src = onChipSource(g_.inputs[i]); src >= 0 && slices_[src].protectedBy == c)
            slices_[src].protectedBy = -1;
    placed_[c] = 1;
    if (opt_.recordEvents)
        out_.cns[c] = {n.layer, k, n.tile, n.part, n.group, ready, ready, 0, n.outputBytes, true};
}

void Scheduler::place(int c)
{
    const ComputationNode &n = g_.nodes[c];
    if (n.load) {
        placeLoad(c);
        return;
    }
    const int k = n.core;
    const int mi = memI_[k], mw = memW_[k], mo = memO_[k];
    const int64_t t0 = opt_.doubleBuffering ? coreLastStart_[k] : coreLastEnd_[k];
    int64_t ready = t0;
    staged_.clear();
    inPlace_.clear();

    // Protect what this CN reads from being spilled while it makes room.
    for (int i = n.inputBegin; i < n.inputEnd; ++i) {
        const CnInput &e = g_.inputs[i];
        if (e.kind == EdgeKind::OnChip || e.kind == EdgeKind::Resident)
            slices_[outSlice_[e.producer]].protectedBy = c;
        else if (e.kind == EdgeKind::Pinned)
            slices_[pinSlice_[e.producer]].protectedBy = c;
    }

    // Weights: resident from an earlier tile, or fetched now.
    bool weightsLoaded = false;
    if (n.weightSlot >= 0) {
        int &sid = slotSlice_[n.weightSlot];
        if (sid < 0) {
            weightsLoaded = true;
            const int64_t ta = allocate(mw, n.weightBytes, t0, c);
            const Move m =
                dramMove(mw, true, n.weightBytes, ta, EventKind::DramRead, n.layer, c, -1, true, false);
            sid = newSlice(mw, n.weightBytes, m.start, MemorySlice::Kind::Weights, c);
            slices_[sid].ready = m.end;
            slices_[sid].weightSlot = n.weightSlot;
        }
        slices_[sid].protectedBy = c;
        ready = std::max(ready, slices_[sid].ready);
    }

    // Inputs.
    auto stageFromDram = [&](const CnInput &e, int64_t dataReady, bool spillRead) {
        const int64_t ta = allocate(mi, e.bytes, t0, c);
        const Move m =
            dramMove(mi, true, e.bytes, std::max(ta, dataReady), EventKind::DramRead,
                     e.producer >= 0 ? g_.nodes[e.producer].layer : n.layer, c, e.producer, false, spillRead);
        const int s = newSlice(mi, e.bytes, m.start, MemorySlice::Kind::Input, c);
        slices_[s].protectedBy = c;
        staged_.push_back(s);
        ready = std::max(ready, m.end);
    };
    int accumulated = -1; // the previous slice's running output, taken over in place
    for (int i = n.inputBegin; i < n.inputEnd; ++i) {
        const CnInput &e = g_.inputs[i];
        if (e.bytes <= 0)
            continue;
        if (e.accumulate && e.kind == EdgeKind::OnChip) {
            const int src = outSlice_[e.producer];
            if (slices_[src].dramReady < 0 && slices_[src].memory == mo) {
                accumulated = src;
                ready = std::max(ready, slices_[src].ready);
                continue;
            }
        }
        if (e.kind == EdgeKind::GraphInput) {
            stageFromDram(e, 0, false);
            continue;
        }
        if (e.kind == EdgeKind::ViaDram) {
            stageFromDram(e, dramReady_[e.producer], false);
            continue;
        }
        const int src = e.kind == EdgeKind::Pinned ? pinSlice_[e.producer] : outSlice_[e.producer];
        const Slice &s = slices_[src];
        if (s.dramReady >= 0) { // spilled
            stageFromDram(e, s.dramReady, true);
            continue;
        }
        if (s.memory == mi) {
            ready = std::max(ready, s.ready);
            inPlace_.push_back(e.tailOnly ? -src - 1 : src);
            continue;
        }
        const int64_t ta = allocate(mi, e.bytes, t0, c);
        const int64_t sready = slices_[src].ready;
        const Move m = move(slices_[src].memory, mi, e.bytes, std::max(ta, sready), EventKind::Transfer, &n,
                            c, e.producer);
        const int st = newSlice(mi, e.bytes, m.start, MemorySlice::Kind::Input, c);
        slices_[st].protectedBy = c;
        staged_.push_back(st);
        readerDone(src, m.end, e.kind == EdgeKind::OnChip && e.tailOnly);
        ready = std::max(ready, m.end);
    }

    // Output room, then the compute itself.
    const int64_t to = allocate(
        mo, accumulated >= 0 ? std::max<int64_t>(0, n.outputBytes - slices_[accumulated].bytes) : n.outputBytes, t0, c);
    const CostEntry &ce = cost(n);
    // Loading weights into the compute fabric itself (AIMC programming) lengthens the CN.
    const int64_t cycles = checkedEnd(ce.cycles, weightsLoaded ? ce.weightLoadCycles : 0, "computation");
    // An operand streamed from DRAM during the compute holds a DRAM port as long as the
    // compute runs (the transfer model's port rule): the start is when the core and a port are free.
    const bool streams = ce.dramStreamBytes > 0;
    int port = -1;
    int64_t start = std::max(ready, to);
    for (;;) {
        start = coreTl_[k].earliest(start, cycles);
        if (!streams)
            break;
        int64_t best = kOpen;
        for (int p = 0; p < static_cast<int>(portTl_.size()); ++p)
            if (const int64_t s = portTl_[p].earliest(start, cycles); s < best) {
                best = s;
                port = p;
            }
        if (best == start)
            break;
        start = best;
    }
    const int64_t end = checkedEnd(start, cycles, "computation");
    coreTl_[k].book(start, end);
    if (streams)
        portTl_[port].book(start, end);
    coreLastStart_[k] = start;
    coreLastEnd_[k] = std::max(coreLastEnd_[k], end);
    placed_[c] = 1;
    ScheduleEvent ev;
    ev.energy.mac = ce.macEnergy + (weightsLoaded ? ce.weightLoadEnergy : 0.0);
    macEnergy_ += ev.energy.mac;
    t_.macs += ce.macs;
    for (const auto &[m, pj] : ce.memoryEnergy) {
        memEnergy_[m] += pj;
        ev.energy.memory += pj;
    }
    ev.energy.dram = ce.dramStreamEnergy;
    dramEnergy_ += ce.dramStreamEnergy;
    ev.kind = EventKind::Compute;
    ev.dramPort = port;
    ev.core = k;
    ev.start = start;
    ev.end = end;
    ev.layer = n.layer;
    ev.cn = c;
    ev.tile = n.tile;
    ev.bytes = n.outputBytes;
    ev.dstMemory = mo;
    record(ev);
    if (opt_.recordEvents)
        out_.cns[c] = {n.layer, k, n.tile, n.part, n.group, start, end, n.macs, n.outputBytes, false};

    if (accumulated >= 0) {
        slices_[accumulated].lastUse = std::max(slices_[accumulated].lastUse, start);
        close(accumulated, start);
    }
    const int os = newSlice(mo, n.outputBytes, start, MemorySlice::Kind::Output, c);
    outSlice_[c] = os;
    slices_[os].ready = end;
    slices_[os].readers = outReaders_[c];
    slices_[os].lastUse = end;
    if (n.tail() && tailReaders_[c] > 0 && tailReaders_[c] < outReaders_[c]) {
        slices_[os].bodyReaders = outReaders_[c] - tailReaders_[c];
        slices_[os].tailBytes = n.tailBytes;
    }
    for (int s : staged_)
        close(s, end);
    for (int s : inPlace_)
        readerDone(s < 0 ? -s - 1 : s, end, s < 0);
    if (n.weightSlot >= 0) {
        const int ws = n.weightSlot;
        const int sid = slotSlice_[ws];
        slices_[sid].lastUse = std::max(slices_[sid].lastUse, end);
        slices_[sid].protectedBy = -1;
        ++slotNext_[ws];
        const bool stays = opt_.weightsPreloaded; // stationary: kept for the whole schedule
        if (!stays && (--slotUsesLeft_[ws] <= 0 || plan_.groups[n.group].weights == WeightPolicy::Reload)) {
            close(sid, slices_[sid].lastUse);
            slotSlice_[ws] = -1;
        }
    }
    for (int i = n.inputBegin; i < n.inputEnd; ++i) {
        const CnInput &e = g_.inputs[i];
        if (e.kind == EdgeKind::OnChip || e.kind == EdgeKind::Pinned || e.kind == EdgeKind::Resident) {
            const int src = e.kind == EdgeKind::Pinned ? pinSlice_[e.producer] : outSlice_[e.producer];
            if (slices_[src].protectedBy == c)
                slices_[src].protectedBy = -1;
        }
    }

    // Results other groups need: to DRAM, or into the pin memory.
    slices_[os].protectedBy = c;
    if (n.writesDram) {
        const Move m =
            dramMove(mo, false, n.ownBytes, end, EventKind::DramWrite, n.layer, -1, c, false, false);
        dramReady_[c] = m.end;
        readerDone(os, m.end);
    }
    if (n.pinMemory >= 0) {
        if (n.pinMemory == mo) {
            pinSlice_[c] = os;
        } else {
            const int64_t ta = allocate(n.pinMemory, n.ownBytes, end, c);
            const Move m =
                move(mo, n.pinMemory, n.ownBytes, std::max(ta, end), EventKind::Transfer, &n, -1, c);
            const int ps = newSlice(n.pinMemory, n.ownBytes, m.start, MemorySlice::Kind::Pinned, c);
            slices_[ps].ready = m.end;
            slices_[ps].lastUse = m.end;
            slices_[ps].readers = pinReaders_[c];
            pinSlice_[c] = ps;
            if (pinReaders_[c] == 0)
                close(ps, m.end);
            readerDone(os, m.end);
        }
    }
    if (slices_[os].open() && outReaders_[c] == 0)
        close(os, end);
    slices_[os].protectedBy = -1;
}

Schedule Scheduler::run()
{
    // Refused before anything is allocated: a plan of millions of CNs would exhaust memory.
    if (const std::string tooMany = cnBudgetProblem(w_, plan_, opt_.maxCns); !tooMany.empty())
        throw ScheduleError(tooMany);
    buildComputationNodes(w_, acc_, plan_, g_, &b_.cnScratch);
    prepareCores();
    for (int k = 0; k < static_cast<int>(acc_.cores.size()); ++k)
        for (auto [m, what] : {std::pair{memI_[k], "inputs"}, {memW_[k], "weights"}, {memO_[k], "outputs"}})
            if (m < 0)
                for (const auto &n : g_.nodes)
                    if (n.core == k)
                        throw ScheduleError("core '" + acc_.cores[k].name + "' has no memory that may hold " +
                                            what + " (layer '" + w_.layers[n.layer].name + "' runs there)");
    prepareEdges();
    checkFits();
    const int n = static_cast<int>(g_.nodes.size());
    outSlice_.assign(n, -1);
    pinSlice_.assign(n, -1);
    dramReady_.assign(n, 0);
    placed_.assign(n, 0);
    if (!cache_) {
        costCache_.resize(w_.layers.size());
        for (auto &entries : costCache_)
            entries.clear();
    }
    slices_.reserve(static_cast<size_t>(n) * 3);
    if (opt_.recordEvents) {
        // One compute, a DRAM write and a pin move per CN, a move per input, weight fetches:
        // a transformer's CNs read ~10 inputs each, so 3 per CN made the vector grow 3 times.
        out_.events.reserve(static_cast<size_t>(n) * 3 + g_.inputs.size() + g_.weights.size());
        out_.cns.resize(n);
    }
    if (opt_.weightsPreloaded)
        preloadWeights();

    // Ready list: a CN is ready once all its producers are placed; best priority first.
    BigVector<int> &waiting = b_.waiting;
    waiting.assign(n, 0);
    for (int c = 0; c < n; ++c)
        for (int i = g_.nodes[c].inputBegin; i < g_.nodes[c].inputEnd; ++i)
            if (g_.inputs[i].producer >= 0)
                ++waiting[c];
    // A min-heap of CN indices (lowest index = best priority) in reusable storage.
    BigVector<int> &readyQ = b_.ready;
    readyQ.clear();
    auto makeReady = [&readyQ](int c) {
        readyQ.push_back(c);
        std::push_heap(readyQ.begin(), readyQ.end(), std::greater<>{});
    };
    for (int c = 0; c < n; ++c)
        if (waiting[c] == 0)
            makeReady(c);
    int placedCount = 0;
    auto checkCancel = [this] {
        if (opt_.cancel && opt_.cancel->load(std::memory_order_relaxed))
            throw ScheduleCancelled("plan '" + plan_.name + "': scheduling cancelled");
    };
    checkCancel();
    while (!readyQ.empty()) {
        if ((placedCount & 255) == 255)
            checkCancel();
        std::pop_heap(readyQ.begin(), readyQ.end(), std::greater<>{});
        const int c = readyQ.back();
        readyQ.pop_back();
        place(c);
        ++placedCount;
        for (int i = succBegin_[c]; i < succBegin_[c + 1]; ++i)
            if (--waiting[succ_[i]] == 0)
                makeReady(succ_[i]);
    }
    if (placedCount != n)
        throw ScheduleError(
            "plan '" + plan_.name + "': " + std::to_string(n - placedCount) +
            " computation nodes wait for each other (the groups are not in a topological order)");

    checkCancel();
    // Totals.
    t_.latencyCycles = maxEnd_;
    t_.latencySeconds = static_cast<double>(maxEnd_) / (acc_.clockMHz * 1e6);
    t_.energy.mac = macEnergy_;
    t_.energy.links = linkEnergy_;
    t_.energy.dram = dramEnergy_;
    for (size_t m = 0; m < acc_.memories.size(); ++m)
        t_.energy.memory[acc_.memories[m].name] = memEnergy_[m];
    t_.energyPj = t_.energy.total();
    t_.edp = t_.energyPj * static_cast<double>(t_.latencyCycles);
    t_.cnCount = n;
    t_.extraRecomputeMacs = g_.extraRecomputeMacs;
    for (const auto &tl : coreTl_)
        t_.coreUtilization.push_back(
            maxEnd_ > 0 ? static_cast<double>(tl.busyCycles()) / static_cast<double>(maxEnd_) : 0.0);
    for (const auto &p : prof_)
        t_.peakMemoryBytes.push_back(p.peak());
    out_.totals = t_;
    out_.clockMHz = acc_.clockMHz;
    out_.residentActivations = opt_.residentActivations;
    if (opt_.recordEvents) {
        for (size_t id = 0; id < slices_.size(); ++id)
            if (slices_[id].open())
                close(static_cast<int>(id), std::max(maxEnd_, slices_[id].lastUse));
        out_.occupancy.resize(prof_.size());
        for (size_t m = 0; m < prof_.size(); ++m) {
            const auto &ts = prof_[m].times();
            const auto &us = prof_[m].usage();
            auto &steps = out_.occupancy[m];
            steps.reserve(ts.size() + 1);
            steps.push_back({0, 0});
            for (size_t i = 0; i < ts.size(); ++i) {
                if (steps.back().time == ts[i])
                    steps.back().bytes = us[i];
                else
                    steps.push_back({ts[i], us[i]});
            }
        }
        for (int c = 0; c < n; ++c)
            for (int i = g_.nodes[c].inputBegin; i < g_.nodes[c].inputEnd; ++i)
                if (g_.inputs[i].producer >= 0 &&
                    (out_.dependencies.empty() ||
                     out_.dependencies.back() != std::pair{g_.inputs[i].producer, c}))
                    out_.dependencies.push_back({g_.inputs[i].producer, c});
        for (const auto &r : topo_.routes())
            out_.routes.push_back(r.links);
    }
    return std::move(out_);
}

} // namespace detail

Schedule schedule(const Workload &w, const Accelerator &acc, const Plan &plan, const ScheduleOptions &options)
{
    detail::Scheduler s(w, acc, plan, options);
    return s.run();
}

} // namespace fuselab
