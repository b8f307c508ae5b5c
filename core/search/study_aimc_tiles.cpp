// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/studies.h"

namespace fuselab {

StudyTable aimcTilesStudy(const StudyOptions &)
{
    StudyTable t;
    t.title = "aimc-tiles (not yet)";
    return t;
}

} // namespace fuselab
