// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "graph/graph_layout.h"
#include "graph/graphviz_layout_worker.h"
#include "graph/layer_node_item.h"
#include "workload/repeated_blocks.h"
#include "workload/workload.h"

#include <QGraphicsView>
#include <QHash>
#include <QStringList>

#include <optional>
#include <vector>

class QThread;
class QLabel;
class QPushButton;

namespace fuselab {

class ProjectDocument;
class TensorEdgeItem;
class GroupClusterItem;

/// The workload as a Netron-style graph: Graphviz `dot` lays it out top to bottom on a
/// dedicated thread (GraphvizLayoutWorker); nodes are coloured by op category, edges carry
/// tensor shapes. Wheel zooms around the cursor, dragging pans, F fits. Clicking a node
/// selects the layer in the document; the document's selection is highlighted here.
/// Every workload change re-validates (problems are marked on the nodes and announced by
/// problemsFound) and re-lays out, keeping the selected node where it was on screen.
class NetworkView : public QGraphicsView {
    Q_OBJECT
public:
    explicit NetworkView(ProjectDocument *doc, QWidget *parent = nullptr);
    ~NetworkView() override;

    ProjectDocument *document() const { return doc_; }

    /// Fused groups of the selected plan (layer ids) and its pinned tensors (tensor ids);
    /// drawn as translucent clusters and marked edges. Empty vectors clear them. `captions`
    /// (one per group, optional) replace the clusters' "group N" labels.
    void setGroups(const std::vector<std::vector<int>> &groupsOfLayerIds,
                   const std::vector<int> &pinnedTensorIds, const QStringList &captions = {});

    /// Frames the next layout as the first one: fitted, or readable at its top when the whole
    /// graph fitted would be unreadable. For a new network (an import), where keeping the old
    /// view's position means nothing.
    void frameNextLayout() { everLaidOut_ = false; }

    /// Repeated blocks (`layers.1` … `layers.31` like `layers.0`) drawn as one node each run,
    /// the run's first block shown whole. By default on for networks of kFoldFromLayers layers
    /// or more; setting it overrides that until the view is destroyed. Lays out again.
    static constexpr int kFoldFromLayers = fuselab::kFoldFromLayers;
    void setFoldBlocks(bool on);
    bool foldsBlocks() const;
    /// The fold nodes on screen (one per run of folded blocks).
    QList<LayerNodeItem *> foldNodes() const { return foldNodes_; }
    const BlockFolding &folding() const { return folding_; }

    /// Layers whose name, op title or op type contains `text` (case-insensitive), in id order.
    QList<int> findLayers(const QString &text) const;

    // Read access for tests, tools and screenshots.
    bool isLayoutPending() const { return pending_; }
    const GraphLayout &currentLayout() const { return layout_; }
    LayerNodeItem *nodeForLayer(int layer) const { return nodes_.value(layer, nullptr); }
    QList<LayerNodeItem *> layerNodes() const;
    QList<LayerNodeItem *> inputNodes() const { return inputNodes_; }
    QList<TensorEdgeItem *> edgeItems() const { return edges_; }
    QList<GroupClusterItem *> clusterItems() const { return clusters_; }
    QStringList problems() const { return problems_; }
    QWidget *busyOverlay() const { return overlay_; }
    /// The workload the scene currently shows (the one last laid out).
    const Workload &shownWorkload() const { return shown_; }

public Q_SLOTS:
    void relayout();
    void cancelLayout();
    void fitToView();
    void zoomBy(double factor);
    void centerOnLayer(int layer);

Q_SIGNALS:
    void foldBlocksChanged(bool on);
    void layoutStarted(int layers);
    void layoutFinished(double milliseconds);
    void layoutCancelled();
    void problemsFound(const QStringList &problems);
    void deleteRequested();
    void insertRequested();
    /// To the layout thread (queued).
    void layoutJobQueued(const fuselab::LayoutJob &job);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void onWorkloadChanged();
    void onLayoutFinished(quint64 generation, const GraphLayout &layout);
    void onSelectedLayerChanged(int layer);
    void buildScene(const GraphLayout &layout);
    void applyGroups();
    void updateProblems(const Workload &w);
    void showOverlay();
    void placeOverlay();
    void showPlaceholder(const QString &text);
    NodeContent contentFor(const Workload &w, int layer) const;

    ProjectDocument *doc_;
    QThread *thread_ = nullptr;
    GraphvizLayoutWorker *worker_ = nullptr;
    quint64 generation_ = 0;
    std::shared_ptr<std::atomic_bool> cancel_;
    bool pending_ = false;
    bool everLaidOut_ = false;

    Workload requested_; // the workload of the running layout
    std::vector<NodeContent> requestedContent_;
    std::vector<int> requestedEdgeTensors_;
    Workload shown_;
    GraphLayout layout_;

    QHash<int, LayerNodeItem *> nodes_;
    QList<LayerNodeItem *> inputNodes_;
    QList<LayerNodeItem *> foldNodes_;
    std::optional<bool> foldChoice_; // the user's choice; unset: by network size
    BlockFolding folding_;           // of the layout requested last
    QList<TensorEdgeItem *> edges_;
    QList<GroupClusterItem *> clusters_;
    QHash<QString, QStringList> problemsByLayer_;
    QStringList problems_;
    std::vector<std::vector<int>> groups_;
    std::vector<int> pinned_;
    QStringList captions_;

    QWidget *overlay_ = nullptr;
    QLabel *overlayLabel_ = nullptr;
    QWidget *legend_ = nullptr;
};

} // namespace fuselab
