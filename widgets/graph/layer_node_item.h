// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QStringList>

namespace fuselab {

/// What one node shows. `layer` is the layer id, or kNone for a graph-input node (then
/// `tensor` is the tensor it stands for) or for folded repeated blocks (then `fold` is the
/// index of the fold, workload/repeated_blocks.h).
struct NodeContent {
    int layer = -1;
    int tensor = -1;
    int fold = -1;
    QString title;  // "Conv"
    QString kernel; // "3×3/2"
    QString name;   // "layer1.0.conv1"
    QString dims;   // "64→128 · 56×56"
    QColor color;
    QStringList problems; // validation messages about this layer
};

/// A layer box in the Netron style: a coloured header with the op and kernel, then the
/// name and the channel / size line. Drawn as a plain coloured block when zoomed far out.
class LayerNodeItem : public QGraphicsItem {
public:
    explicit LayerNodeItem(NodeContent content, QGraphicsItem *parent = nullptr);

    /// The box size this content needs (scene units), measured with the node fonts; the
    /// layout is asked for exactly this size.
    static QSizeF measure(const NodeContent &content);

    const NodeContent &content() const { return content_; }
    bool isInput() const { return content_.layer < 0 && content_.fold < 0; }
    bool isFold() const { return content_.fold >= 0; }
    void setHighlighted(bool on);
    bool isHighlighted() const { return highlighted_; }
    void setProblems(const QStringList &problems);
    /// Box in scene coordinates (the item is positioned at its top-left corner).
    QRectF sceneBox() const { return QRectF(pos(), size_); }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void updateToolTip();

    NodeContent content_;
    QSizeF size_;
    bool highlighted_ = false;
};

} // namespace fuselab
