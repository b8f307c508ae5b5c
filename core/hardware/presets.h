// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace fuselab {

/// A single systolic core of rows × cols with a 1 MiB private scratchpad, joined to a DRAM
/// of 16 bytes/cycle — what `fuselab-cli cost --array RxC --dataflow DF` builds inline.
/// Numbers are TPU-like defaults at 8 bits (0.2 pJ/MAC, 1 pJ/byte SRAM, 100 pJ/byte DRAM).
Accelerator singleSystolicAccelerator(int rows, int cols, Dataflow dataflow);

/// The index of the core a layer runs on when nothing else decides: among the cores whose
/// cost model can run it, the one with the fewest compute cycles (ties: the first). -1: none.
int fastestCapableCore(const Layer &layer, const Accelerator &acc);

} // namespace fuselab
