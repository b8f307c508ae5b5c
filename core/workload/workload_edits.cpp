// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/workload_edits.h"

#include "workload/shape_propagation.h"

#include <algorithm>

namespace fuselab {

namespace {

bool validLayer(const Workload &w, LayerId l)
{
    return l >= 0 && l < static_cast<LayerId>(w.layers.size());
}

bool validTensor(const Workload &w, TensorId t)
{
    return t >= 0 && t < static_cast<TensorId>(w.tensors.size());
}

// Erases a tensor that nothing references any more and shifts the ids above it.
void eraseTensor(Workload &w, TensorId id)
{
    w.tensors.erase(w.tensors.begin() + id);
    for (auto &l : w.layers) {
        for (TensorId &t : l.inputs)
            if (t > id)
                --t;
        if (l.output > id)
            --l.output;
        else if (l.output == id)
            l.output = kNone;
    }
}

// Erases a layer and shifts the layer ids above it (tensor producers).
void eraseLayer(Workload &w, LayerId id)
{
    w.layers.erase(w.layers.begin() + id);
    for (auto &t : w.tensors) {
        if (t.producer > id)
            --t.producer;
        else if (t.producer == id)
            t.producer = kNone;
    }
}

bool isReferenced(const Workload &w, TensorId t)
{
    for (const auto &l : w.layers)
        if (l.output == t || std::find(l.inputs.begin(), l.inputs.end(), t) != l.inputs.end())
            return true;
    return false;
}

std::string uniqueName(const Workload &w, const std::string &base)
{
    auto taken = [&](const std::string &n) { return w.layerIndex(n) != kNone; };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i)
        if (!taken(base + "_" + std::to_string(i)))
            return base + "_" + std::to_string(i);
}

} // namespace

Layer defaultLayerAfter(const Workload &w, LayerId producer)
{
    Layer l;
    l.op = OpType::Conv;
    l.sourceOp = "Conv";
    l.hasWeights = true;
    l.padTop = l.padLeft = l.padBottom = l.padRight = 1;
    l.dims.fy = l.dims.fx = 3;
    if (validLayer(w, producer)) {
        const Layer &p = w.layers[producer];
        l.precision = p.precision;
        l.name = uniqueName(w, p.name + "_conv");
        if (validTensor(w, p.output)) {
            const Tensor &src = w.tensors[p.output];
            l.dims.b = src.n;
            l.dims.c = l.dims.k = src.c;
            l.iy = l.dims.oy = src.h;
            l.ix = l.dims.ox = src.w;
        }
    } else {
        l.name = uniqueName(w, "conv");
    }
    return l;
}

LayerId insertLayerAfter(Workload &w, LayerId producer, Layer layer)
{
    if (!validLayer(w, producer) || !validTensor(w, w.layers[producer].output))
        return kNone;
    const TensorId src = w.layers[producer].output;
    Tensor out;
    out.name = layer.name + "_out";
    const TensorId outId = w.addTensor(out);
    // Former consumers of the producer now read the new layer.
    for (auto &l : w.layers)
        std::replace(l.inputs.begin(), l.inputs.end(), src, outId);
    layer.inputs = {src};
    layer.output = outId;
    const LayerId id = producer + 1;
    for (auto &t : w.tensors)
        if (t.producer >= id)
            ++t.producer;
    w.layers.insert(w.layers.begin() + id, std::move(layer));
    w.tensors[outId].producer = id;
    propagateShapes(w, {id}, false);
    return id;
}

bool removeLayer(Workload &w, LayerId id)
{
    if (!validLayer(w, id))
        return false;
    const Layer gone = w.layers[id];
    const TensorId replacement = gone.inputs.empty() ? kNone : gone.inputs[0];
    std::vector<LayerId> seeds;
    for (LayerId c = 0; c < static_cast<LayerId>(w.layers.size()); ++c) {
        auto &ins = w.layers[c].inputs;
        if (c == id || std::find(ins.begin(), ins.end(), gone.output) == ins.end())
            continue;
        if (replacement == kNone)
            ins.erase(std::remove(ins.begin(), ins.end(), gone.output), ins.end());
        else
            std::replace(ins.begin(), ins.end(), gone.output, replacement);
        seeds.push_back(c > id ? c - 1 : c);
    }
    eraseLayer(w, id);
    // Tensors to drop: the output, and graph inputs only the removed layer read. Highest first.
    std::vector<TensorId> drop;
    if (validTensor(w, gone.output))
        drop.push_back(gone.output);
    for (TensorId t : gone.inputs)
        if (validTensor(w, t) && w.tensors[t].producer == kNone && !isReferenced(w, t))
            drop.push_back(t);
    std::sort(drop.begin(), drop.end(), std::greater<>());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
    for (TensorId t : drop)
        eraseTensor(w, t);
    propagateShapes(w, seeds, false);
    return true;
}

bool connectInput(Workload &w, LayerId consumer, int operand, TensorId tensor)
{
    if (!validLayer(w, consumer) || !validTensor(w, tensor))
        return false;
    auto &ins = w.layers[consumer].inputs;
    if (operand < 0 || operand > static_cast<int>(ins.size()))
        return false;
    if (operand == static_cast<int>(ins.size()))
        ins.push_back(tensor);
    else
        ins[operand] = tensor;
    propagateShapes(w, {consumer}, false);
    return true;
}

bool disconnectInput(Workload &w, LayerId consumer, int operand)
{
    if (!validLayer(w, consumer))
        return false;
    auto &ins = w.layers[consumer].inputs;
    if (operand < 0 || operand >= static_cast<int>(ins.size()) || ins.size() < 2)
        return false;
    ins.erase(ins.begin() + operand);
    propagateShapes(w, {consumer}, false);
    return true;
}

void setPsumPrecision(Workload &w, int bits)
{
    for (Layer &l : w.layers)
        if (isMacOp(l.op))
            l.precision.psum = bits;
}

} // namespace fuselab
