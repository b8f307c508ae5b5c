// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/timeline_data.h"

namespace fuselab::timeline {

const char *operandName(int operand)
{
    switch (operand) {
    case 0:
        return "I";
    case 1:
        return "W";
    case 2:
        return "O";
    default:
        return "";
    }
}

const char *trackKindName(Track::Kind kind)
{
    switch (kind) {
    case Track::Compute:
        return "compute";
    case Track::Link:
        return "link";
    case Track::Dram:
        return "DRAM";
    }
    return "";
}

} // namespace fuselab::timeline
