// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>
#include <vector>

namespace fuselab {

/// Re-derives shapes after an edit, in topological order, starting at the `seeds` (the
/// edited layers) and following every consumer downstream. For a seed the user's C is
/// kept (a wrong C must show up as a validation error, not be silently fixed); every
/// downstream layer takes C, IY, IX from its first input. Then OY/OX follow from the op:
///   conv / pool:        floor((I + padB + padE − dil·(F−1) − 1) / stride) + 1 (ONNX)
///   conv-transpose:     (I − 1)·stride − padB − padE + dil·(F−1) + 1
///   global pool:        1×1, and FY×FX becomes IY×IX
///   gemm:               C = c·h·w of the input, OY = OX = 1
///   concat:             C = Σ input channels
///   add, mul, activation, slice, other: shape-preserving (K = C, OY = IY, OX = IX)
///   resize:             keeps its old scale factor
///   matmul:             unchanged (its shape depends on the second operand)
/// A depthwise conv (groups == C == K) follows a channel change (groups = K = C).
/// The output tensor becomes B×K×OY×OX with O bits. Layers not downstream of a seed are
/// untouched, so an unrelated imported quirk is never rewritten. Returns the problems it
/// met (each naming the layer); the workload is always left well formed enough to draw.
/// `keepSeedChannels == false` (structural edits: a layer got a new input) makes the seeds
/// take C from their input like any downstream layer.
std::vector<std::string> propagateShapes(Workload &w, const std::vector<LayerId> &seeds,
                                         bool keepSeedChannels = true);

/// Shape problems that Workload::validate() does not look for: element-wise inputs whose
/// shapes differ (broadcast of size-1 dims allowed), concat inputs with different spatial
/// sizes or a channel sum that is not the layer's C. Each message names the layer.
std::vector<std::string> shapeProblems(const Workload &w);

} // namespace fuselab
