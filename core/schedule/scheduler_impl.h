// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to the scheduler (scheduler*.cpp): its state and helpers. Not part of the API.
#pragma once

#include "cost/transfer_model.h"
#include "schedule/cn.h"
#include "schedule/schedule.h"
#include "schedule/schedule_cache.h"
#include "schedule/timeline.h"
#include "schedule/topology.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fuselab::detail {

constexpr int64_t kOpen = std::numeric_limits<int64_t>::max();

struct Slice {
    int memory = -1;
    int64_t bytes = 0;
    int64_t start = 0, end = kOpen;
    int64_t ready = 0;    // when its data is complete
    int64_t lastUse = 0;  // latest end of a reader placed so far
    int readers = 0;      // readers not placed yet
    int bodyReaders = -1; // readers of rows outside the tail not placed yet; -1: no tail
    int64_t tailBytes = 0;
    int64_t bodyLastUse = 0;
    int cn = -1;
    int weightSlot = -1;
    int protectedBy = -1;   // the CN being placed needs it: never a victim
    int64_t dramReady = -1; // spilled: when its copy in DRAM is complete
    MemorySlice::Kind kind = MemorySlice::Kind::Output;
    bool open() const { return end == kOpen; }
};

/// The links of a route as the transfer model sees them.
TransferPath pathOf(const Route &r);

struct Move {
    int64_t start = 0, end = 0;
    int port = -1;
};

/// The scheduler's working arrays. A run with a ScheduleCache borrows them from the cache and
/// gives them back, so the next run of a search reuses their storage instead of allocating it
/// again (allocation was a sixth of a search's time). Every run resets what it uses.
struct SchedulerBuffers {
    CnGraph g;
    CnBuildScratchPtr cnScratch;
    std::vector<int> memI, memW, memO;
    std::vector<Timeline> coreTl, linkTl, portTl;
    std::vector<MemoryProfile> prof;
    BigVector<Slice> slices;
    std::vector<std::vector<int>> openSlices; // per memory, purged lazily
    BigVector<int> succBegin, succ;           // consumers of each CN (CSR)
    // Per CN (BigVector: see util/huge_page_allocator.h).
    BigVector<int> outReaders, pinReaders, tailReaders;
    BigVector<int> outSlice, pinSlice;
    BigVector<int64_t> dramReady;
    BigVector<char> placed;
    std::vector<int> slotSlice, slotUsesLeft, slotNext, slotCnBegin, slotCns;
    std::vector<int64_t> coreLastStart, coreLastEnd;
    std::vector<std::vector<CostEntry>> costCache; // without a ScheduleCache
    std::vector<double> memEnergy;
    std::vector<int> staged, inPlace;
    BigVector<int> fill, waiting, ready; // prepareEdges' and run()'s temporaries
};

/// One scheduling run: everything it needs lives here, so runs share no state.
class Scheduler {
public:
    Scheduler(const Workload &w, const Accelerator &acc, const Plan &plan, const ScheduleOptions &opt)
        : w_(w), acc_(acc), plan_(plan), opt_(opt), cache_(usableCache(w, acc, opt)),
          ownTopology_(cache_ ? std::nullopt : std::optional<Topology>(std::in_place, acc)),
          topo_(cache_ ? cache_->topology() : *ownTopology_), buffers_(borrowBuffers(cache_)), b_(*buffers_)
    {
    }
    ~Scheduler();
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    Schedule run();

private:
    // Set-up.
    static ScheduleCache *usableCache(const Workload &w, const Accelerator &acc, const ScheduleOptions &opt);
    static std::unique_ptr<SchedulerBuffers> borrowBuffers(ScheduleCache *cache);
    void prepareCores();
    void prepareEdges();
    void keepActivationsResident();
    void checkFits() const;
    void preloadWeights();
    // Placement.
    void place(int c);
    void placeLoad(int c);
    int64_t allocate(int memory, int64_t bytes, int64_t t0, int cn);
    int pickVictim(int memory, int cn);
    void evict(int slice);
    int newSlice(int memory, int64_t bytes, int64_t start, MemorySlice::Kind kind, int cn);
    void close(int slice, int64_t t);
    void readerDone(int slice, int64_t t, bool tailOnly = false);
    int64_t nextUse(const Slice &s) const;
    // Moves.
    int64_t earliestOn(const std::vector<int> &links, int port, int64_t t, int64_t d) const;
    void bookOn(const std::vector<int> &links, int port, int64_t s, int64_t e);
    Move move(int src, int dst, int64_t bytes, int64_t earliest, EventKind kind, const ComputationNode *forCn,
              int forId, int producer);
    Move dramMove(int memory, bool read, int64_t bytes, int64_t earliest, EventKind kind, LayerId layer,
                  int forId, int producer, bool weights, bool spillRead);
    const CostEntry &cost(const ComputationNode &n);
    void record(const ScheduleEvent &e);
    [[noreturn]] void fail(const ComputationNode &n, int memory, int64_t bytes, const std::string &why) const;

    const Workload &w_;
    const Accelerator &acc_;
    const TransferModel transfers_{acc_}; // every move's duration and energy
    const Plan &plan_;
    const ScheduleOptions &opt_;
    ScheduleCache *cache_;                // nullptr: costs and routes live in this run only
    std::optional<Topology> ownTopology_; // without a cache
    const Topology &topo_;
    std::unique_ptr<SchedulerBuffers> buffers_; // from cache_ when it has spare ones
    SchedulerBuffers &b_;
    // The working arrays, by their usual names (all in *buffers_).
    CnGraph &g_ = b_.g;
    std::vector<int> &memI_ = b_.memI, &memW_ = b_.memW, &memO_ = b_.memO;
    std::vector<Timeline> &coreTl_ = b_.coreTl, &linkTl_ = b_.linkTl, &portTl_ = b_.portTl;
    std::vector<MemoryProfile> &prof_ = b_.prof;
    BigVector<Slice> &slices_ = b_.slices;
    std::vector<std::vector<int>> &openSlices_ = b_.openSlices;
    BigVector<int> &succBegin_ = b_.succBegin, &succ_ = b_.succ;
    BigVector<int> &outReaders_ = b_.outReaders, &pinReaders_ = b_.pinReaders, &tailReaders_ = b_.tailReaders;
    BigVector<int> &outSlice_ = b_.outSlice, &pinSlice_ = b_.pinSlice;
    BigVector<int64_t> &dramReady_ = b_.dramReady;
    BigVector<char> &placed_ = b_.placed;
    std::vector<int> &slotSlice_ = b_.slotSlice, &slotUsesLeft_ = b_.slotUsesLeft, &slotNext_ = b_.slotNext,
                     &slotCnBegin_ = b_.slotCnBegin, &slotCns_ = b_.slotCns;
    std::vector<int64_t> &coreLastStart_ = b_.coreLastStart, &coreLastEnd_ = b_.coreLastEnd;
    std::vector<std::vector<CostEntry>> &costCache_ = b_.costCache;
    std::vector<double> &memEnergy_ = b_.memEnergy;
    std::vector<int> &staged_ = b_.staged, &inPlace_ = b_.inPlace;
    ScheduleTotals t_;
    Schedule out_;
    int64_t maxEnd_ = 0;
    double linkEnergy_ = 0, dramEnergy_ = 0, macEnergy_ = 0;
};

} // namespace fuselab::detail
