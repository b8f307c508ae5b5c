// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace fuselab {

/// Turns a checked, topologically sorted, shape-inferred ONNX model into a workload (the
/// second half of importOnnx). See onnx_import.h for the op mapping. `warnings` are
/// prepended to the workload's own. Throws InputError naming `path` and the node.
Workload mapOnnxGraph(const onnx::ModelProto &model, const std::string &path, Precision precision,
                      std::vector<std::string> warnings);

} // namespace fuselab
