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
/// prepended to the workload's own. Throws InputError naming `path` and the node; a shape
/// left unknown names the node that computed it and lists `modelInputs` (the inputs and their
/// shapes) for `--input-shape`.
Workload mapOnnxGraph(const onnx::ModelProto &model, const std::string &path, Precision precision,
                      std::vector<std::string> warnings, const std::string &modelInputs = {});

} // namespace fuselab
