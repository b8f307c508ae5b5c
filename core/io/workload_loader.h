// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>

namespace fuselab {

/// A workload from a spec: a zoo name (`resnet18`), a path to an `.onnx` file, or a Stream
/// workload `.yaml`/`.yml` (whose own operand precisions apply; `precision` is ignored).
/// Validates the result. Throws InputError (bad file) or UsageError (unknown name).
Workload loadWorkload(const std::string &spec, Precision precision = {});

} // namespace fuselab
