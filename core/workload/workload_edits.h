// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>

namespace fuselab {

/// Structural edits on a workload value, as the graph editor performs them. Each keeps
/// ids dense (layer and tensor ids are vector indices) and shapes re-derived downstream
/// (see propagateShapes); none throws on a bad id — it returns false / kNone instead.

/// A shape-preserving 3×3 conv (pad 1, stride 1, K = C) reading `producer`'s output,
/// with a name unique in `w`. The caller may change it before inserting.
Layer defaultLayerAfter(const Workload &w, LayerId producer);

/// Inserts `layer` right after `producer` in the layer list: it reads producer's output and
/// every former consumer of that output now reads the new layer's output. Returns its id.
LayerId insertLayerAfter(Workload &w, LayerId producer, Layer layer);

/// Removes a layer and its output tensor. Its consumers are reconnected to its first input
/// (then their shapes are re-derived; if a shape still cannot match, e.g. an add whose
/// branches now differ, validation names it). Graph inputs left unused are removed too.
bool removeLayer(Workload &w, LayerId layer);

/// Makes operand `operand` of `consumer` read `tensor` (operand == inputs.size() appends a
/// new operand, e.g. a second input of an add). Shapes are re-derived from the consumer on.
bool connectInput(Workload &w, LayerId consumer, int operand, TensorId tensor);

/// Drops operand `operand` of `consumer` (never the last one).
bool disconnectInput(Workload &w, LayerId consumer, int operand);

/// Gives every MAC layer the partial-sum precision `bits` (Precision::psum; 0: the output's).
void setPsumPrecision(Workload &w, int bits);

} // namespace fuselab
