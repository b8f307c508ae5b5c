// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/psum_precision_option.h"

#include "workload/workload_edits.h"

namespace fuselab::cli {

void addPsumPrecisionOption(ArgParser &p)
{
    p.addOption("psum-precision", "BITS",
                "bits of the partial sums of MAC layers in the loop-nest model (Stream's ONNX parser: 16; "
                "default: the output's)");
}

void applyPsumPrecision(const ArgParser &p, Workload &w)
{
    if (!p.has("psum-precision"))
        return;
    setPsumPrecision(w, static_cast<int>(p.integer("psum-precision", 0, 1, 64)));
}

} // namespace fuselab::cli
