// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "graph/graph_layout.h"

#include <atomic>

namespace fuselab {

/// Lays out `request` top to bottom with Graphviz `dot` and copies the result into plain
/// structs. Blocking; call it from the one layout thread (GraphvizLayoutWorker) or from a
/// test — Graphviz keeps global state, so calls are also serialised by a lock inside.
/// `cancel`, when set before or during the call, makes it return {cancelled = true} as soon
/// as Graphviz hands control back (dot itself cannot be interrupted).
GraphLayout layoutWithGraphviz(const LayoutRequest &request, const std::atomic_bool *cancel = nullptr);

} // namespace fuselab
