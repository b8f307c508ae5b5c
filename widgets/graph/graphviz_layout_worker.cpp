// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/graphviz_layout_worker.h"

#include "graph/graphviz_layout.h"

namespace fuselab {

void GraphvizLayoutWorker::run(const LayoutJob &job)
{
    GraphLayout layout;
    if (job.generation < latest_.load() || (job.cancel && job.cancel->load()))
        layout.cancelled = true; // stale or cancelled before it started: skip Graphviz
    else
        layout = layoutWithGraphviz(job.request, job.cancel.get());
    Q_EMIT finished(job.generation, layout);
}

} // namespace fuselab
