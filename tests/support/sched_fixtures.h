// SPDX-License-Identifier: GPL-3.0-or-later
// Small hand-built workloads and accelerators for the scheduler tests, and a test-only cost
// model whose numbers a test's comment can reproduce by hand: systolic cycles by the SCALE-Sim
// formula of docs/design.md §3, vector work at `lanes` element ops per cycle, energy = MACs × MAC
// energy, no private-memory terms.
#pragma once

#include "cost/cost_model.h"
#include "hardware/accelerator.h"
#include "workload/workload.h"

#include <algorithm>

namespace fuselab::testing {

inline int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

class ShimCostModel : public CostModel {
public:
    explicit ShimCostModel(CoreKind kind) : kind_(kind) {}
    bool canRun(const Layer &l, const Core &) const override
    {
        switch (kind_) {
        case CoreKind::Systolic:
        case CoreKind::Spatial:
        case CoreKind::Aimc:
            return isMacOp(l.op);
        case CoreKind::Pool:
            return l.op == OpType::MaxPool || l.op == OpType::AvgPool || l.op == OpType::GlobalAvgPool;
        case CoreKind::Simd:
            return !isMacOp(l.op);
        }
        return false;
    }
    ComputeCost compute(const Layer &l, const LoopDims &t, const Core &core,
                        const Accelerator &) const override
    {
        ComputeCost c;
        if (isMacOp(l.op)) {
            // WS GEMM per group: rows Kw = FY·FX·Cg, cols M = Kg, T = Npix.
            const int64_t groups =
                l.groups > 1 ? std::max<int64_t>(1, t.c / std::max<int64_t>(1, l.dims.c / l.groups)) : 1;
            const int64_t cg = l.groups > 1 ? l.dims.c / l.groups : t.c;
            const int64_t kg = std::max<int64_t>(1, t.k / groups);
            const int64_t kw = t.fy * t.fx * cg, npix = t.b * t.oy * t.ox;
            const int64_t fr = ceilDiv(kw, core.rows), fc = ceilDiv(kg, core.cols);
            c.cycles = groups * fr * fc * (2 * core.rows + core.cols + npix - 2);
            c.macs = t.b * t.k * cg * t.oy * t.ox * t.fy * t.fx;
            c.utilization =
                static_cast<double>(c.macs) / static_cast<double>(core.rows * core.cols * c.cycles);
        } else {
            int64_t ops = t.b * t.k * t.oy * t.ox;
            if (l.op == OpType::MaxPool || l.op == OpType::AvgPool)
                ops *= t.fy * t.fx;
            else if (l.op == OpType::GlobalAvgPool)
                ops = t.b * t.k * l.iy * l.ix;
            else
                ops *= static_cast<int64_t>(std::max<size_t>(1, l.inputs.size()));
            c.cycles = ceilDiv(ops, std::max(1, core.lanes));
            c.macs = ops;
        }
        c.macEnergy = static_cast<double>(c.macs) * core.macEnergy;
        return c;
    }

private:
    CoreKind kind_;
};

inline const CostModel &shimCostModel(CoreKind kind)
{
    static const ShimCostModel sys(CoreKind::Systolic), spa(CoreKind::Spatial), aimc(CoreKind::Aimc),
        simd(CoreKind::Simd), pool(CoreKind::Pool);
    switch (kind) {
    case CoreKind::Systolic:
        return sys;
    case CoreKind::Spatial:
        return spa;
    case CoreKind::Aimc:
        return aimc;
    case CoreKind::Simd:
        return simd;
    case CoreKind::Pool:
        return pool;
    }
    return sys;
}

// ---- workload building --------------------------------------------------------------------

inline TensorId addInput(Workload &w, const std::string &name, int64_t c, int64_t h, int64_t wd, int bits = 8)
{
    return w.addTensor({name, 1, c, h, wd, bits, kNone});
}

/// A conv (or pool, when op is a pool) reading `in`; output sizes follow from the ONNX formula.
inline TensorId addConv(Workload &w, const std::string &name, TensorId in, int64_t k, int f, int stride,
                        int pad, OpType op = OpType::Conv, int groups = 1)
{
    const Tensor src = w.tensors[in];
    Layer l;
    l.name = name;
    l.op = op;
    l.sourceOp = std::string(toString(op));
    const int64_t oy = convOutputSize(src.h, f, stride, pad, pad, 1);
    const int64_t ox = convOutputSize(src.w, f, stride, pad, pad, 1);
    const bool mac = isMacOp(op);
    l.dims = {1, mac ? k : src.c, src.c, oy, ox, f, f};
    l.iy = src.h;
    l.ix = src.w;
    l.strideY = l.strideX = stride;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.groups = groups;
    l.hasWeights = mac;
    l.inputs = {in};
    const TensorId out = w.addTensor({name + "_out", 1, l.dims.k, oy, ox, 8, kNone});
    l.output = out;
    w.addLayer(l);
    return out;
}

inline TensorId addAdd(Workload &w, const std::string &name, TensorId a, TensorId b)
{
    const Tensor src = w.tensors[a];
    Layer l;
    l.name = name;
    l.op = OpType::Add;
    l.sourceOp = "Add";
    l.dims = {1, src.c, src.c, src.h, src.w, 1, 1};
    l.iy = src.h;
    l.ix = src.w;
    l.inputs = {a, b};
    const TensorId out = w.addTensor({name + "_out", 1, src.c, src.h, src.w, 8, kNone});
    l.output = out;
    w.addLayer(l);
    return out;
}

inline TensorId addConcat(Workload &w, const std::string &name, std::vector<TensorId> ins)
{
    const Tensor first = w.tensors[ins.front()];
    int64_t c = 0;
    for (TensorId t : ins)
        c += w.tensors[t].c;
    Layer l;
    l.name = name;
    l.op = OpType::Concat;
    l.sourceOp = "Concat";
    l.dims = {1, c, c, first.h, first.w, 1, 1};
    l.iy = first.h;
    l.ix = first.w;
    l.inputs = ins;
    const TensorId out = w.addTensor({name + "_out", 1, c, first.h, first.w, 8, kNone});
    l.output = out;
    w.addLayer(l);
    return out;
}

/// FC layer reading a C×H×W tensor (an implicit flatten).
inline TensorId addFc(Workload &w, const std::string &name, TensorId in, int64_t k)
{
    const Tensor src = w.tensors[in];
    Layer l;
    l.name = name;
    l.op = OpType::Gemm;
    l.sourceOp = "Gemm";
    l.dims = {1, k, src.c * src.h * src.w, 1, 1, 1, 1};
    l.iy = 1;
    l.ix = 1;
    l.hasWeights = true;
    l.inputs = {in};
    const TensorId out = w.addTensor({name + "_out", 1, k, 1, 1, 8, kNone});
    l.output = out;
    w.addLayer(l);
    return out;
}

inline TensorId addGlobalPool(Workload &w, const std::string &name, TensorId in)
{
    const Tensor src = w.tensors[in];
    Layer l;
    l.name = name;
    l.op = OpType::GlobalAvgPool;
    l.sourceOp = "GlobalAveragePool";
    l.dims = {1, src.c, src.c, 1, 1, src.h, src.w};
    l.iy = src.h;
    l.ix = src.w;
    l.inputs = {in};
    const TensorId out = w.addTensor({name + "_out", 1, src.c, 1, 1, 8, kNone});
    l.output = out;
    w.addLayer(l);
    return out;
}

// ---- accelerator building -----------------------------------------------------------------

inline Core systolicCore(const std::string &name, int rows, int cols)
{
    Core c;
    c.name = name;
    c.kind = CoreKind::Systolic;
    c.rows = rows;
    c.cols = cols;
    c.dataflow = Dataflow::WS;
    c.clockMHz = 1000;
    c.macEnergy = 0.5;
    return c;
}

inline Memory privateMemory(const std::string &name, const std::string &core, int64_t size, double bw = 1e9,
                            unsigned operands = OperandAll)
{
    Memory m;
    m.name = name;
    m.core = core;
    m.sizeBytes = size;
    m.operands = operands;
    m.readBw = m.writeBw = bw;
    m.readEnergy = m.writeEnergy = 1.0;
    return m;
}

inline Link link(const std::string &name, std::vector<std::string> ends, double bw, int latency,
                 double pjPerBit = 0)
{
    Link l;
    l.name = name;
    l.endpoints = std::move(ends);
    l.bandwidth = bw;
    l.latency = latency;
    l.energyPerBit = pjPerBit;
    return l;
}

/// One systolic core with one private memory, linked to the DRAM by a fast link.
inline Accelerator singleCore(int rows, int cols, int64_t memBytes, double dramBw = 16, int dramLatency = 10)
{
    Accelerator a;
    a.name = "single";
    a.clockMHz = 1000;
    a.cores.push_back(systolicCore("core0", rows, cols));
    a.memories.push_back(privateMemory("sram", "core0", memBytes));
    a.dram.bandwidth = dramBw;
    a.dram.latency = dramLatency;
    a.dram.readEnergy = a.dram.writeEnergy = 100;
    a.links.push_back(link("dram_link", {"core0", "dram"}, 1e9, 0));
    return a;
}

} // namespace fuselab::testing
