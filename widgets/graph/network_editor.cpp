// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/network_editor.h"

#include "document/project_document.h"
#include "graph/graph_edits.h"
#include "graph/graph_find_bar.h"
#include "graph/layer_properties_panel.h"
#include "graph/network_view.h"

#include <QAction>
#include <QLabel>
#include <QSplitter>
#include <QSignalBlocker>
#include <QToolBar>
#include <QVBoxLayout>

namespace fuselab {

NetworkEditor::NetworkEditor(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), doc_(doc), view_(new NetworkView(doc, this)), find_(new GraphFindBar(view_, this)),
      panel_(new LayerPropertiesPanel(doc, this))
{
    setObjectName(QStringLiteral("networkEditor"));
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto add = [this, bar](const QString &text, const QKeySequence &key, const QString &tip, auto slot) {
        auto *a = bar->addAction(text);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a); // the shortcut works wherever the focus is inside the editor
        a->setToolTip(tip + QStringLiteral(" (") + key.toString(QKeySequence::NativeText) + QLatin1Char(')'));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(tr("Fit"), QKeySequence(Qt::Key_F), tr("Fit the whole graph in the view"),
        [this] { view_->fitToView(); });
    add(tr("Zoom in"), QKeySequence(QKeySequence::ZoomIn), tr("Zoom in"), [this] { view_->zoomBy(1.25); });
    add(tr("Zoom out"), QKeySequence(QKeySequence::ZoomOut), tr("Zoom out"), [this] { view_->zoomBy(0.8); });
    add(tr("Relayout"), QKeySequence(Qt::CTRL | Qt::Key_R), tr("Lay the graph out again"),
        [this] { view_->relayout(); });
    bar->addSeparator();
    add(tr("Insert layer"), QKeySequence(Qt::Key_Insert),
        tr("Insert a 3\u00d73 conv after the selected layer"),
        [this] { graphedit::insertLayerAfter(doc_, doc_->selectedLayer()); });
    add(tr("Delete layer"), QKeySequence(QKeySequence::Delete), tr("Delete the selected layer"),
        [this] { graphedit::deleteLayer(doc_, doc_->selectedLayer()); });
    QAction *fold = bar->addAction(tr("Fold blocks"));
    fold->setObjectName(QStringLiteral("foldBlocksAction"));
    fold->setCheckable(true);
    fold->setChecked(view_->foldsBlocks());
    fold->setToolTip(tr("Draw repeated blocks (layers.1 \u2026 layers.31 like layers.0) as one node"));
    connect(fold, &QAction::toggled, view_, &NetworkView::setFoldBlocks);
    connect(view_, &NetworkView::foldBlocksChanged, fold, &QAction::setChecked);
    connect(view_, &NetworkView::layoutStarted, fold, [this, fold] {
        const QSignalBlocker block(fold);
        fold->setChecked(view_->foldsBlocks());
    });
    bar->addSeparator();
    add(tr("Find"), QKeySequence(QKeySequence::Find), tr("Find a layer by name or op"),
        [this] { find_->activate(); });
    auto *status = new QLabel(this);
    status->setStyleSheet(QStringLiteral("color: #666; padding-left: 12px;"));
    bar->addWidget(status);

    // The view's own keys (F, Delete, Insert) when it has focus.
    connect(view_, &NetworkView::deleteRequested, this,
            [this] { graphedit::deleteLayer(doc_, doc_->selectedLayer()); });
    connect(view_, &NetworkView::insertRequested, this,
            [this] { graphedit::insertLayerAfter(doc_, doc_->selectedLayer()); });
    connect(view_, &NetworkView::layoutFinished, status, [this, status](double ms) {
        const auto &w = view_->shownWorkload();
        status->setText(tr("%1 \u2014 %2 layers, %3 tensors \u2014 layout %4 ms")
                            .arg(QString::fromStdString(w.name))
                            .arg(w.layers.size())
                            .arg(w.tensors.size())
                            .arg(qRound(ms)));
    });
    auto *problems = new QLabel(this);
    problems->setObjectName(QStringLiteral("problemCount"));
    problems->setStyleSheet(QStringLiteral("color: #c01010; font-weight: bold; padding-left: 12px;"));
    bar->addWidget(problems);
    auto showProblems = [problems](const QStringList &list) {
        problems->setText(
            list.isEmpty() ? QString() : tr("\u26a0 %n problem(s)", nullptr, static_cast<int>(list.size())));
        problems->setToolTip(list.join(QLatin1Char('\n')));
    };
    connect(view_, &NetworkView::problemsFound, problems, showProblems);
    showProblems(view_->problems());

    auto *left = new QWidget(this);
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(0, 0, 0, 0);
    lv->setSpacing(0);
    lv->addWidget(find_);
    lv->addWidget(view_, 1);
    find_->hide();

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(panel_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setSizes({1000, 340});
    panel_->setMinimumWidth(260);

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    v->addWidget(bar);
    v->addWidget(split, 1);
}

} // namespace fuselab
