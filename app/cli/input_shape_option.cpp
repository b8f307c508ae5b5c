// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/input_shape_option.h"

namespace fuselab::cli {

void addInputShapeOption(ArgParser &p)
{
    p.addOption("input-shape", "NAME=D0,D1,...",
                "fix an ONNX input's shape (its symbolic dimensions: batch, sequence, image size); repeatable");
}

InputShapes inputShapesOf(const ArgParser &p)
{
    InputShapes shapes;
    for (const auto &s : p.all("input-shape"))
        parseInputShape(s, shapes);
    return shapes;
}

} // namespace fuselab::cli
