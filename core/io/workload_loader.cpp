// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/workload_loader.h"

#include "io/onnx_import.h"
#include "io/stream_workload.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <filesystem>

namespace fuselab {

Workload loadWorkload(const std::string &spec, Precision precision, const InputShapes &inputShapes)
{
    Workload w;
    auto noShapes = [&](const char *what) {
        if (!inputShapes.empty())
            throw UsageError("--input-shape " + inputShapeString(inputShapes.begin()->first, inputShapes.begin()->second) +
                             ": '" + spec + "' is " + what + ", whose input shapes are fixed; it applies to ONNX models");
    };
    if (auto z = zooModel(spec, precision)) {
        noShapes("a built-in model");
        w = std::move(*z);
    } else if (spec.ends_with(".yaml") || spec.ends_with(".yml")) {
        noShapes("a Stream workload");
        w = importStreamWorkload(spec); // Stream's format carries its own operand precisions
    } else if (std::filesystem::exists(spec) || spec.find('/') != std::string::npos ||
               spec.ends_with(".onnx")) {
        w = importOnnx(spec, precision, inputShapes);
    } else {
        std::string names;
        for (const auto &n : zooNames())
            names += (names.empty() ? "" : ", ") + n;
        throw UsageError("unknown workload '" + spec + "': not a file and not a built-in model (" + names + ")");
    }
    const auto errors = w.validate();
    if (!errors.empty())
        throw InputError(spec, "", errors.front());
    return w;
}

} // namespace fuselab
