// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/tensor.h"

namespace fuselab {

std::string Tensor::shapeString() const
{
    const char *times = "\u00d7";
    return std::to_string(n) + times + std::to_string(c) + times + std::to_string(h) + times +
           std::to_string(w);
}

} // namespace fuselab
