// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/input_shapes.h"
#include "workload/layer.h"
#include "workload/tensor.h"

#include <string>
#include <vector>

namespace fuselab {

/// A DNN as a DAG of layers connected by tensors. Plain value type: copy freely.
/// Layer and tensor ids are indices into `layers` and `tensors`.
struct Workload {
    std::string name;
    std::vector<Layer> layers;
    std::vector<Tensor> tensors;
    std::vector<std::string> warnings;  // folded ops, ops costed as elementwise, …
    /// The shapes an ONNX model's inputs with symbolic dimensions were imported at (input
    /// name → dims): what `--input-shape` or the import dialog gave, or the batch of 1 the
    /// importer chose. Empty for models without symbolic inputs.
    InputShapes inputShapes;

    /// Adds a tensor and returns its id.
    TensorId addTensor(Tensor t);
    /// Adds a layer, sets the producer of its output tensor, returns its id.
    LayerId addLayer(Layer l);

    /// Consumers of every tensor (index: tensor id), in layer order.
    std::vector<std::vector<LayerId>> consumers() const;
    /// Layers in a topological order (stable: ties keep the insertion order).
    /// Empty if the graph has a cycle; validate() names it.
    std::vector<LayerId> topologicalOrder() const;
    /// Tensors that no layer produces (graph inputs) and that no layer consumes (outputs).
    std::vector<TensorId> graphInputs() const;
    std::vector<TensorId> graphOutputs() const;

    int64_t totalMacs() const;
    int64_t totalWeightBytes() const;
    int layerIndex(const std::string &name) const;  // kNone if absent

    /// Every problem found, each naming the layer or tensor: cycles, dangling tensor
    /// references, shapes that do not match the producer, zero or negative dimensions.
    /// Empty means valid.
    std::vector<std::string> validate() const;

    friend bool operator==(const Workload &, const Workload &) = default;
};

/// Recomputes a layer's output spatial size from its input, kernel, stride, padding and
/// dilation as ONNX defines it (floor division). Used by the zoo and by validation.
int64_t convOutputSize(int64_t in, int64_t kernel, int stride, int padBegin, int padEnd, int dilation);

} // namespace fuselab
