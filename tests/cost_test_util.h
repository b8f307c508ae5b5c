// SPDX-License-Identifier: GPL-3.0-or-later
// Small builders shared by the cost-model tests: layers described by their loop sizes and a
// one-core accelerator whose memories have distinct energies, so each term can be traced.
#pragma once

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace fuselab::test {

/// A conv with C inputs, K filters, OY×OX outputs, an FY×FX kernel; IY/IX follow from
/// stride and symmetric padding so the layer is self-consistent.
inline Layer conv(int64_t c, int64_t k, int64_t oy, int64_t ox, int64_t fy, int64_t fx, int stride = 1,
                  int pad = 0, int groups = 1, int64_t b = 1)
{
    Layer l;
    l.name = "conv";
    l.op = OpType::Conv;
    l.dims = {b, k, c, oy, ox, fy, fx};
    l.strideY = l.strideX = stride;
    l.padTop = l.padLeft = l.padBottom = l.padRight = pad;
    l.iy = (oy - 1) * stride + fy - 2 * pad;
    l.ix = (ox - 1) * stride + fx - 2 * pad;
    l.groups = groups;
    l.hasWeights = true;
    l.inputs = {0};
    return l;
}

/// A fully connected layer: batch B, C inputs, K outputs.
inline Layer fc(int64_t c, int64_t k, int64_t b = 1)
{
    Layer l;
    l.name = "fc";
    l.op = OpType::Gemm;
    l.dims = {b, k, c, 1, 1, 1, 1};
    l.hasWeights = true;
    l.inputs = {0};
    return l;
}

/// A vector op over K channels of OY×OX with `inputs` operands (window FY×FX for pools).
inline Layer vectorOp(OpType op, int64_t k, int64_t oy, int64_t ox, int inputs = 1, int64_t fy = 1,
                      int64_t fx = 1)
{
    Layer l;
    l.name = "vec";
    l.op = op;
    l.dims = {1, k, k, oy, ox, fy, fx};
    l.iy = oy * fy;
    l.ix = ox * fx;
    for (int i = 0; i < inputs; ++i)
        l.inputs.push_back(i);
    return l;
}

/// A memory private to core "c0": `size` bytes of `operands`, read / write pJ per byte, 1000 bytes
/// per cycle each way (no stall unless a test asks for one), at `level` and served across `served`.
inline Memory privateMemory(const std::string &name, unsigned operands, int64_t size, double read, double write,
                            int level = -1, unsigned served = AxisBoth)
{
    Memory m;
    m.name = name;
    m.core = "c0";
    m.sizeBytes = size;
    m.operands = operands;
    m.readEnergy = read;
    m.writeEnergy = write;
    m.readBw = m.writeBw = 1000;
    m.level = level;
    m.servedAxes = served;
    return m;
}

inline Core core(CoreKind kind, int rows, int cols, Dataflow df = Dataflow::WS)
{
    Core c;
    c.name = "c0";
    c.kind = kind;
    c.rows = rows;
    c.cols = cols;
    c.dataflow = df;
    c.macEnergy = 0.5;
    return c;
}

/// One core "c0" with three private buffers: ibuf (I: read 1, write 10 pJ/B), wbuf
/// (W: read 2, write 20), obuf (O: read 3, write 4); DRAM read 100, write 150 pJ/B.
inline Accelerator splitBuffers(const Core &c)
{
    Accelerator acc;
    acc.name = "test";
    acc.cores = {c};
    auto mem = [&](const char *name, unsigned operands, double r, double w) {
        Memory m;
        m.name = name;
        m.core = c.name;
        m.sizeBytes = 1 << 20;
        m.operands = operands;
        m.readEnergy = r;
        m.writeEnergy = w;
        return m;
    };
    acc.memories = {mem("ibuf", OperandI, 1, 10), mem("wbuf", OperandW, 2, 20), mem("obuf", OperandO, 3, 4)};
    acc.dram.readEnergy = 100;
    acc.dram.writeEnergy = 150;
    acc.dram.bandwidth = 16;
    acc.dram.latency = 100;
    acc.links = {Link{"l0", {c.name, "dram"}, 32, 1, 0.0}};
    return acc;
}

} // namespace fuselab::test
