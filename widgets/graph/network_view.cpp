// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/network_view.h"

#include "document/project_document.h"
#include "graph/category_legend.h"
#include "graph/group_cluster_item.h"
#include "graph/op_style.h"
#include "graph/tensor_edge_item.h"
#include "workload/shape_propagation.h"

#include <QContextMenuEvent>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace fuselab {

namespace {
constexpr double kMinScale = 0.01;
constexpr double kMaxScale = 4.0;
constexpr double kReadableScale = 1.0; // first view of a big graph: readable, at the top
constexpr int kOverlayDelayMs = 200;   // small graphs lay out before the overlay would flash
constexpr double kSceneMargin = 40;

// Layer names quoted in a validation message: "layer 'x'", "tensor 't'", cycle lists.
QStringList quotedAfter(const QString &message, const QString &prefix)
{
    QStringList out;
    qsizetype at = 0;
    while ((at = message.indexOf(prefix, at)) >= 0) {
        at += prefix.size();
        const qsizetype end = message.indexOf(QLatin1Char('\''), at);
        if (end < 0)
            break;
        out << message.mid(at, end - at);
        at = end + 1;
    }
    return out;
}
} // namespace

NetworkView::NetworkView(ProjectDocument *doc, QWidget *parent) : QGraphicsView(parent), doc_(doc)
{
    qRegisterMetaType<LayoutJob>();
    qRegisterMetaType<GraphLayout>();
    setScene(new QGraphicsScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
    setBackgroundBrush(QColor(0xfb, 0xfb, 0xfb));
    setFocusPolicy(Qt::StrongFocus);

    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("graphviz-layout"));
    worker_ = new GraphvizLayoutWorker;
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &NetworkView::layoutJobQueued, worker_, &GraphvizLayoutWorker::run, Qt::QueuedConnection);
    connect(worker_, &GraphvizLayoutWorker::finished, this, &NetworkView::onLayoutFinished,
            Qt::QueuedConnection);
    thread_->start();

    // Busy overlay: shown while a layout runs longer than a blink; Cancel drops the result.
    overlay_ = new QWidget(this);
    overlay_->setObjectName(QStringLiteral("layoutBusyOverlay"));
    overlay_->setAutoFillBackground(true);
    overlay_->setStyleSheet(
        QStringLiteral("#layoutBusyOverlay { background: #ffffff; border: 1px solid #b0b0b0;"
                       " border-radius: 6px; }"));
    auto *ol = new QVBoxLayout(overlay_);
    overlayLabel_ = new QLabel(overlay_);
    auto *bar = new QProgressBar(overlay_);
    bar->setRange(0, 0); // busy: dot gives no progress
    bar->setTextVisible(false);
    auto *cancel = new QPushButton(tr("Cancel"), overlay_);
    cancel->setObjectName(QStringLiteral("cancelLayoutButton"));
    connect(cancel, &QPushButton::clicked, this, &NetworkView::cancelLayout);
    ol->addWidget(overlayLabel_);
    ol->addWidget(bar);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(cancel);
    ol->addLayout(row);
    overlay_->hide();
    legend_ = new CategoryLegend(this);

    connect(doc_, &ProjectDocument::workloadChanged, this, &NetworkView::onWorkloadChanged);
    connect(doc_, &ProjectDocument::selectedLayerChanged, this, &NetworkView::onSelectedLayerChanged);
    onWorkloadChanged();
}

NetworkView::~NetworkView()
{
    if (cancel_)
        cancel_->store(true);
    thread_->quit();
    thread_->wait(); // a running dot call cannot be interrupted; it returns soon after
}

void NetworkView::onWorkloadChanged()
{
    updateProblems(doc_->workload());
    relayout();
}

NodeContent NetworkView::contentFor(const Workload &w, int layer) const
{
    const Layer &l = w.layers[static_cast<size_t>(layer)];
    NodeContent c;
    c.layer = layer;
    c.title = opTitle(l);
    c.kernel = kernelText(l);
    c.name = QString::fromStdString(l.name);
    c.dims = dimsText(l);
    c.color = categoryColor(opCategory(l));
    c.problems = problemsByLayer_.value(c.name);
    return c;
}

void NetworkView::relayout()
{
    const Workload &w = doc_->workload();
    if (cancel_)
        cancel_->store(true); // the previous job, if still running, is stale
    ++generation_;
    requested_ = w;
    requestedContent_.clear();
    requestedEdgeTensors_.clear();

    LayoutRequest req;
    const int n = static_cast<int>(w.layers.size());
    const int nt = static_cast<int>(w.tensors.size());
    folding_ = foldsBlocks() ? foldRepeatedBlocks(w) : BlockFolding{};
    auto foldOf = [this](int l) {
        return l >= 0 && l < static_cast<int>(folding_.foldOf.size()) ? folding_.foldOf[static_cast<size_t>(l)] : -1;
    };
    // Node ids: layers 0…n-1, graph inputs n + tensor, folds n + tensors + fold.
    auto nodeOf = [&](int l) { return foldOf(l) >= 0 ? n + nt + foldOf(l) : l; };
    for (int i = 0; i < n; ++i) {
        if (foldOf(i) >= 0)
            continue;
        requestedContent_.push_back(contentFor(w, i));
        const QSizeF s = LayerNodeItem::measure(requestedContent_.back());
        req.nodes.push_back({i, s.width(), s.height()});
    }
    for (size_t f = 0; f < folding_.folds.size(); ++f) {
        const BlockFold &fold = folding_.folds[f];
        const QString prefix = QString::fromStdString(fold.prefix);
        NodeContent c;
        c.fold = static_cast<int>(f);
        c.title = tr("× %1 blocks").arg(fold.lastBlock - fold.firstBlock + 1);
        c.kernel = tr("folded");
        c.name = QStringLiteral("%1.%2 … %1.%3").arg(prefix).arg(fold.firstBlock).arg(fold.lastBlock);
        c.dims = tr("%1 layers, each block like %2.%3").arg(fold.layers.size()).arg(prefix).arg(fold.firstBlock - 1);
        c.color = QColor(0x55, 0x5f, 0x6b);
        requestedContent_.push_back(c);
        const QSizeF s = LayerNodeItem::measure(c);
        req.nodes.push_back({n + nt + static_cast<int>(f), s.width(), s.height()});
    }
    // Graph inputs get a small node of their own so the first layers have an incoming edge
    // (not those only folded layers read: the fold node stands for them).
    QSet<int> inputsUsed;
    for (int l = 0; l < n; ++l)
        for (TensorId t : w.layers[static_cast<size_t>(l)].inputs)
            if (t >= 0 && t < nt && w.tensors[static_cast<size_t>(t)].producer == kNone && foldOf(l) < 0)
                inputsUsed.insert(t);
    QList<int> inputs = inputsUsed.values();
    std::sort(inputs.begin(), inputs.end());
    for (int t : inputs) {
        NodeContent c;
        c.tensor = t;
        c.title = tr("Input");
        c.name = QString::fromStdString(w.tensors[static_cast<size_t>(t)].name);
        c.dims = shapeText(w.tensors[static_cast<size_t>(t)]);
        requestedContent_.push_back(c);
        const QSizeF s = LayerNodeItem::measure(c);
        req.nodes.push_back({n + t, s.width(), s.height()});
    }
    QSet<QPair<int, int>> foldEdges; // one edge per (node, node) pair touching a fold
    for (int l = 0; l < n; ++l) {
        QSet<int> seen; // add(x, x) is one edge
        for (TensorId t : w.layers[static_cast<size_t>(l)].inputs) {
            if (t < 0 || t >= nt || seen.contains(t))
                continue;
            seen.insert(t);
            const LayerId p = w.tensors[static_cast<size_t>(t)].producer;
            if (p >= n)
                continue;
            if (p < 0 && !inputsUsed.contains(t))
                continue; // read only inside a fold
            const int from = p >= 0 ? nodeOf(p) : n + t, to = nodeOf(l);
            if (from == to)
                continue; // inside one fold
            if (foldOf(p) >= 0 || foldOf(l) >= 0) {
                if (foldEdges.contains({from, to}))
                    continue;
                foldEdges.insert({from, to});
            }
            req.edges.push_back({from, to});
            requestedEdgeTensors_.push_back(t);
        }
    }

    cancel_ = std::make_shared<std::atomic_bool>(false);
    pending_ = true;
    worker_->announce(generation_);
    Q_EMIT layoutStarted(n);
    Q_EMIT layoutJobQueued(LayoutJob{generation_, std::move(req), cancel_});
    const quint64 gen = generation_;
    QTimer::singleShot(kOverlayDelayMs, this, [this, gen] {
        if (pending_ && gen == generation_)
            showOverlay();
    });
}

void NetworkView::cancelLayout()
{
    if (!pending_)
        return;
    if (cancel_)
        cancel_->store(true);
    ++generation_; // whatever comes back now is dropped
    pending_ = false;
    overlay_->hide();
    if (!everLaidOut_)
        showPlaceholder(tr("Layout cancelled. Press Ctrl+R to lay the graph out again."));
    Q_EMIT layoutCancelled();
}

void NetworkView::onLayoutFinished(quint64 generation, const GraphLayout &layout)
{
    if (generation != generation_)
        return; // stale: a newer edit or a cancel superseded it
    pending_ = false;
    overlay_->hide();
    if (layout.cancelled) {
        Q_EMIT layoutCancelled();
        return;
    }
    if (!layout.error.isEmpty()) {
        showPlaceholder(layout.error);
        problems_ << layout.error;
        Q_EMIT problemsFound(problems_);
        return;
    }
    // Keep the selected node where the user looked at it (or the view centre).
    const int sel = doc_->selectedLayer();
    const LayerNodeItem *oldSel = nodeForLayer(sel);
    const bool anchorOnSelection = everLaidOut_ && oldSel && sel < static_cast<int>(requested_.layers.size());
    const QPointF oldViewPos =
        anchorOnSelection ? QPointF(mapFromScene(oldSel->sceneBox().center())) : QPointF();
    const QPointF oldCentre = mapToScene(viewport()->rect().center());

    layout_ = layout;
    shown_ = requested_;
    buildScene(layout);

    if (!everLaidOut_) {
        everLaidOut_ = true;
        fitToView();
        if (transform().m11() < kReadableScale * 0.5 && !layout_.nodes.empty()) {
            // A big graph fitted whole is unreadable: start readable at its top instead.
            setTransform(QTransform::fromScale(kReadableScale, kReadableScale));
            const QRectF top = nodes_.isEmpty() ? QRectF() : layout_.nodes.front().rect;
            QRectF firstRow = top;
            for (const auto &nb : layout_.nodes)
                if (nb.rect.top() < firstRow.top())
                    firstRow = nb.rect;
            centerOn(firstRow.center().x(),
                     firstRow.top() + viewport()->height() / (2 * kReadableScale) - 30);
        }
    } else if (anchorOnSelection && nodeForLayer(sel)) {
        const QPointF newScene = nodeForLayer(sel)->sceneBox().center();
        const QPointF delta = QPointF(mapFromScene(newScene)) - oldViewPos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(delta.x()));
        verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(delta.y()));
    } else {
        centerOn(oldCentre);
    }
    onSelectedLayerChanged(sel);
    Q_EMIT layoutFinished(layout.milliseconds);
}

void NetworkView::buildScene(const GraphLayout &layout)
{
    QGraphicsScene *s = scene();
    s->clear();
    nodes_.clear();
    inputNodes_.clear();
    foldNodes_.clear();
    edges_.clear();
    clusters_.clear();

    const int n = static_cast<int>(requested_.layers.size());
    for (size_t i = 0; i < layout.nodes.size() && i < requestedContent_.size(); ++i) {
        auto *item = new LayerNodeItem(requestedContent_[i]);
        item->setPos(layout.nodes[i].rect.topLeft());
        s->addItem(item);
        if (item->isFold())
            foldNodes_ << item;
        else if (layout.nodes[i].id < n)
            nodes_.insert(layout.nodes[i].id, item);
        else
            inputNodes_ << item;
    }
    // One shape label per tensor: a fan-out repeats the same shape, so label only the edge
    // that runs most nearly straight down (the main flow). Edges into or out of a branch
    // point are labelled near the producer, where parallel edges are still apart.
    const size_t ne = std::min(layout.edges.size(), requestedEdgeTensors_.size());
    QHash<int, size_t> labelled; // tensor → edge index carrying its label
    QHash<int, int> fanIn;       // consumer node → incoming edges
    for (size_t i = 0; i < ne; ++i) {
        ++fanIn[layout.edges[i].to];
        const auto &pts = layout.edges[i].points;
        auto slant = [&layout](size_t e) {
            const auto &p = layout.edges[e].points;
            return p.empty() ? 1e9 : std::abs(p.back().x() - p.front().x());
        };
        const int t = requestedEdgeTensors_[i];
        if (!pts.empty() && (!labelled.contains(t) || slant(i) < slant(labelled.value(t))))
            labelled.insert(t, i);
    }
    QHash<int, int> fanOut;
    for (size_t i = 0; i < ne; ++i)
        ++fanOut[requestedEdgeTensors_[i]];
    for (size_t i = 0; i < ne; ++i) {
        const int t = requestedEdgeTensors_[i];
        const bool branchy = fanOut.value(t) > 1 || fanIn.value(layout.edges[i].to) > 1;
        const QString label =
            labelled.value(t) == i ? shapeText(requested_.tensors[static_cast<size_t>(t)]) : QString();
        auto *edge = new TensorEdgeItem(t, layout.edges[i], label, branchy ? 0.3 : 0.5);
        s->addItem(edge);
        edges_ << edge;
    }
    s->setSceneRect(layout.bounds.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin));
    applyGroups();
}

void NetworkView::setGroups(const std::vector<std::vector<int>> &groupsOfLayerIds,
                            const std::vector<int> &pinnedTensorIds, const QStringList &captions)
{
    groups_ = groupsOfLayerIds;
    pinned_ = pinnedTensorIds;
    captions_ = captions;
    applyGroups();
}

void NetworkView::applyGroups()
{
    for (GroupClusterItem *c : std::as_const(clusters_)) {
        scene()->removeItem(c);
        delete c;
    }
    clusters_.clear();
    for (size_t g = 0; g < groups_.size(); ++g) {
        QRectF box;
        for (int l : groups_[g])
            if (const LayerNodeItem *item = nodeForLayer(l))
                box = box.isNull() ? item->sceneBox() : box.united(item->sceneBox());
        if (box.isNull())
            continue;
        // Room for the "group N" caption above the first node.
        auto *c = new GroupClusterItem(static_cast<int>(g), box.adjusted(-12, -20, 12, 10),
                                       GroupClusterItem::colorFor(static_cast<int>(g)));
        if (g < static_cast<size_t>(captions_.size()))
            c->setCaption(captions_[static_cast<qsizetype>(g)]);
        scene()->addItem(c);
        clusters_ << c;
    }
    const QSet<int> pinned(pinned_.begin(), pinned_.end());
    for (TensorEdgeItem *e : std::as_const(edges_))
        e->setPinned(pinned.contains(e->tensor()));
}

void NetworkView::updateProblems(const Workload &w)
{
    std::vector<std::string> all = w.validate();
    for (auto &p : shapeProblems(w))
        all.push_back(std::move(p));
    problems_.clear();
    problemsByLayer_.clear();
    QHash<QString, QString> producerOfTensor;
    for (const auto &t : w.tensors)
        if (t.producer >= 0 && t.producer < static_cast<int>(w.layers.size()))
            producerOfTensor.insert(QString::fromStdString(t.name),
                                    QString::fromStdString(w.layers[static_cast<size_t>(t.producer)].name));
    for (const auto &m : all) {
        const QString msg = QString::fromStdString(m);
        problems_ << msg;
        QStringList culprits = quotedAfter(msg, QStringLiteral("layer '"));
        if (culprits.isEmpty())
            for (const QString &t : quotedAfter(msg, QStringLiteral("tensor '")))
                if (producerOfTensor.contains(t))
                    culprits << producerOfTensor.value(t);
        const QString cycle = QStringLiteral("cycle through layers (or after): ");
        if (const qsizetype at = msg.indexOf(cycle); at >= 0)
            culprits << msg.mid(at + cycle.size()).split(QStringLiteral(", "));
        for (const QString &c : std::as_const(culprits))
            problemsByLayer_[c] << msg;
    }
    // Mark the nodes on screen now; the next layout carries the marks over.
    for (LayerNodeItem *item : std::as_const(nodes_))
        item->setProblems(problemsByLayer_.value(item->content().name));
    Q_EMIT problemsFound(problems_);
}

QList<LayerNodeItem *> NetworkView::layerNodes() const
{
    QList<LayerNodeItem *> out;
    QList<int> ids = nodes_.keys();
    std::sort(ids.begin(), ids.end());
    for (int id : ids)
        out << nodes_.value(id);
    return out;
}

QList<int> NetworkView::findLayers(const QString &text) const
{
    QList<int> out;
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return out;
    const Workload &w = doc_->workload();
    for (int i = 0; i < static_cast<int>(w.layers.size()); ++i) {
        const Layer &l = w.layers[static_cast<size_t>(i)];
        if (QString::fromStdString(l.name).contains(needle, Qt::CaseInsensitive) ||
            opTitle(l).contains(needle, Qt::CaseInsensitive) ||
            QString::fromUtf8(toString(l.op).data(), static_cast<qsizetype>(toString(l.op).size()))
                .contains(needle, Qt::CaseInsensitive) ||
            QString::fromStdString(l.sourceOp).contains(needle, Qt::CaseInsensitive))
            out << i;
    }
    return out;
}

void NetworkView::onSelectedLayerChanged(int layer)
{
    for (auto it = nodes_.cbegin(); it != nodes_.cend(); ++it)
        it.value()->setHighlighted(it.key() == layer);
    // A layer inside folded blocks: its fold node stands for it.
    const int fold =
        layer >= 0 && layer < static_cast<int>(folding_.foldOf.size()) ? folding_.foldOf[static_cast<size_t>(layer)] : -1;
    for (LayerNodeItem *f : std::as_const(foldNodes_))
        f->setHighlighted(f->content().fold == fold && fold >= 0);
    if (LayerNodeItem *item = nodeForLayer(layer))
        ensureVisible(item, 40, 40);
    else
        for (LayerNodeItem *f : std::as_const(foldNodes_))
            if (f->isHighlighted())
                ensureVisible(f, 40, 40);
}

bool NetworkView::foldsBlocks() const
{
    return foldChoice_.value_or(static_cast<int>(doc_->workload().layers.size()) >= kFoldFromLayers);
}

void NetworkView::setFoldBlocks(bool on)
{
    const bool was = foldsBlocks();
    foldChoice_ = on;
    if (was == on)
        return;
    Q_EMIT foldBlocksChanged(on);
    relayout();
}

void NetworkView::centerOnLayer(int layer)
{
    if (LayerNodeItem *item = nodeForLayer(layer)) {
        if (transform().m11() < 0.5) // zoom in enough to read it
            setTransform(QTransform::fromScale(0.9, 0.9));
        centerOn(item->sceneBox().center());
    }
}

void NetworkView::fitToView()
{
    const QRectF r = scene()->sceneRect();
    if (r.isEmpty())
        return;
    fitInView(r, Qt::KeepAspectRatio);
    if (transform().m11() > 1.5) // a tiny graph should not be blown up
        setTransform(QTransform::fromScale(1.5, 1.5));
    centerOn(r.center());
}

void NetworkView::zoomBy(double factor)
{
    const double s = transform().m11();
    const double target = std::clamp(s * factor, kMinScale, kMaxScale);
    scale(target / s, target / s);
}

void NetworkView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.0015, delta)); // 120 per notch: ×1.2
    event->accept();
}

void NetworkView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        for (QGraphicsItem *it : items(event->position().toPoint()))
            if (auto *node = dynamic_cast<LayerNodeItem *>(it); node && node->isFold()) {
                setFoldBlocks(false); // a click on folded blocks unfolds them
                event->accept();
                return;
            } else if (node && !node->isInput()) {
                doc_->selectLayer(node->content().layer);
                event->accept();
                return;
            }
    }
    QGraphicsView::mousePressEvent(event); // empty space: pan (ScrollHandDrag)
}

void NetworkView::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
        switch (event->key()) {
        case Qt::Key_F:
            fitToView();
            return;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(1.25);
            return;
        case Qt::Key_Minus:
            zoomBy(0.8);
            return;
        case Qt::Key_Delete:
            Q_EMIT deleteRequested();
            return;
        case Qt::Key_Insert:
            Q_EMIT insertRequested();
            return;
        case Qt::Key_Escape:
            cancelLayout();
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_R && event->modifiers() == Qt::ControlModifier) {
        relayout();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void NetworkView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    for (QGraphicsItem *it : items(event->pos()))
        if (auto *node = dynamic_cast<LayerNodeItem *>(it); node && !node->isInput() && !node->isFold()) {
            doc_->selectLayer(node->content().layer);
            menu.addAction(tr("Insert layer after"), this, &NetworkView::insertRequested);
            menu.addAction(tr("Delete layer"), this, &NetworkView::deleteRequested);
            menu.addSeparator();
            break;
        }
    QAction *fold = menu.addAction(tr("Fold repeated blocks"));
    fold->setCheckable(true);
    fold->setChecked(foldsBlocks());
    connect(fold, &QAction::toggled, this, &NetworkView::setFoldBlocks);
    menu.addAction(tr("Fit graph"), this, &NetworkView::fitToView);
    menu.addAction(tr("Relayout"), this, &NetworkView::relayout);
    menu.exec(event->globalPos());
}

void NetworkView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    placeOverlay();
}

void NetworkView::showOverlay()
{
    overlayLabel_->setText(tr("Laying out %1 layers with Graphviz dot\u2026").arg(requested_.layers.size()));
    overlay_->adjustSize();
    placeOverlay();
    overlay_->show();
    overlay_->raise();
}

void NetworkView::placeOverlay()
{
    const QSize s = overlay_->sizeHint().expandedTo(QSize(280, 0));
    overlay_->setGeometry((width() - s.width()) / 2, 24, s.width(), s.height());
    const QSize ls = legend_->sizeHint();
    legend_->setGeometry(
        8, height() - ls.height() - 8 - horizontalScrollBar()->height() * horizontalScrollBar()->isVisible(),
        ls.width(), ls.height());
}

void NetworkView::showPlaceholder(const QString &text)
{
    scene()->clear();
    nodes_.clear();
    inputNodes_.clear();
    foldNodes_.clear();
    edges_.clear();
    clusters_.clear();
    auto *t = scene()->addSimpleText(text);
    t->setBrush(QColor(0x60, 0x60, 0x60));
    scene()->setSceneRect(t->boundingRect().adjusted(-20, -20, 20, 20));
    centerOn(t);
}

} // namespace fuselab
