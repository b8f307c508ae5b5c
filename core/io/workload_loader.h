// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/input_shapes.h"
#include "workload/workload.h"

#include <string>

namespace fuselab {

/// A workload from a spec: a zoo name (`resnet18`), a path to an `.onnx` file, or a Stream
/// workload `.yaml`/`.yml` (whose own operand precisions apply; `precision` is ignored).
/// Validates the result. Throws InputError (bad file) or UsageError (unknown name).
/// `inputShapes` fix an ONNX model's input shapes (see importOnnx); for a built-in or Stream
/// workload, which have no symbolic inputs, they are refused (UsageError).
Workload loadWorkload(const std::string &spec, Precision precision = {}, const InputShapes &inputShapes = {});

} // namespace fuselab
