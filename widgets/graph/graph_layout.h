// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <vector>

namespace fuselab {

/// What to lay out: boxes of a measured size (scene units) and directed edges between them.
/// Plain values, so a request can travel to the layout thread by a queued signal.
struct LayoutRequest {
    struct Node {
        int id = 0;
        double width = 0;  // scene units
        double height = 0; // scene units
    };
    struct Edge {
        int from = 0; // node ids
        int to = 0;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    double nodeSep = 28; // horizontal gap between boxes (scene units)
    double rankSep = 44; // vertical gap between ranks (scene units), room for tensor labels
};

/// One laid-out box: where the centre of node `id` ended up.
struct NodeBox {
    int id = 0;
    QRectF rect; // scene coordinates, y down
};

/// One edge as Graphviz routed it: a cubic Bézier chain p0 c1 c2 p1 c1 c2 p2 … (3n+1 points)
/// ending where the arrowhead starts; `arrowTip` is where the arrow touches the consumer.
struct EdgePath {
    int from = 0;
    int to = 0;
    std::vector<QPointF> points;
    QPointF arrowTip;
};

/// The result, copied out of Graphviz so the graph can be freed at once.
struct GraphLayout {
    std::vector<NodeBox> nodes;  // same order as the request's nodes
    std::vector<EdgePath> edges; // same order as the request's edges
    QRectF bounds;               // scene rect holding everything
    bool cancelled = false;
    QString error;           // empty on success
    double milliseconds = 0; // wall time of the Graphviz call
};

} // namespace fuselab

Q_DECLARE_METATYPE(fuselab::LayoutRequest)
Q_DECLARE_METATYPE(fuselab::GraphLayout)
