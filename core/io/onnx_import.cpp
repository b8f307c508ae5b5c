// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the importer lands (being written now).
#include "io/onnx_import.h"
#include "util/error.h"
namespace fuselab {
Workload importOnnx(const std::string &path, Precision) { throw InputError(path, "", "ONNX import not built yet"); }
} // namespace fuselab
