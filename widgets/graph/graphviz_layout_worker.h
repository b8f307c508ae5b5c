// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "graph/graph_layout.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace fuselab {

/// One layout job: the request, its generation (newer jobs make older ones stale) and a
/// cancel flag the GUI thread may set at any time.
struct LayoutJob {
    quint64 generation = 0;
    LayoutRequest request;
    std::shared_ptr<std::atomic_bool> cancel;
};

/// Runs Graphviz layouts on the one thread it lives on (NetworkView moves it into its own
/// QThread). Jobs arrive by queued signal; a job older than the newest one announced with
/// announce() is skipped without calling Graphviz, so a burst of edits costs one layout.
class GraphvizLayoutWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    /// Thread-safe: called by the GUI thread before it queues job `generation`.
    void announce(quint64 generation) { latest_.store(generation); }

public Q_SLOTS:
    void run(const fuselab::LayoutJob &job);

Q_SIGNALS:
    void finished(quint64 generation, const fuselab::GraphLayout &layout);

private:
    std::atomic<quint64> latest_{0};
};

} // namespace fuselab

Q_DECLARE_METATYPE(fuselab::LayoutJob)
