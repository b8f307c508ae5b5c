// SPDX-License-Identifier: GPL-3.0-or-later
// The access-based baseline of Yoon & Choi (AICAS 2023): a plan's cost is the number of
// bytes it moves off chip, blind to compute latency, array shape and dataflow. The search
// may pick a plan with it; the full model then evaluates that plan to show what it loses.
#include "cost/cost_model.h"

namespace fuselab {

int64_t accessBasedCost(int64_t dramReadBytes, int64_t dramWriteBytes)
{
    return dramReadBytes + dramWriteBytes;
}

int64_t accessBasedCost(const LayerCost &layer)
{
    return accessBasedCost(layer.inputBytes + layer.weightBytes, layer.outputBytes);
}

} // namespace fuselab
