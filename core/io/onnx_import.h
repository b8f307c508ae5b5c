// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>

namespace fuselab {

/// Imports an ONNX model's graph as a workload, using ONNX shape inference. Only shapes are
/// read: initializer values and external data are never needed. Throws InputError naming
/// the file and cause (truncated / not ONNX / shapes not inferable / unsupported opset).
Workload importOnnx(const std::string &path, Precision precision = {});

} // namespace fuselab
