// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/graph_find_bar.h"

#include "document/project_document.h"
#include "graph/network_view.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace fuselab {

GraphFindBar::GraphFindBar(NetworkView *view, QWidget *parent)
    : QWidget(parent), view_(view), edit_(new QLineEdit(this)), status_(new QLabel(this))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(6, 3, 6, 3);
    edit_->setPlaceholderText(tr("Find layer by name or op (e.g. conv, layer3.1, add)"));
    edit_->setClearButtonEnabled(true);
    edit_->installEventFilter(this);
    auto *prev = new QToolButton(this);
    prev->setArrowType(Qt::UpArrow);
    prev->setToolTip(tr("Previous match (Shift+Enter)"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Enter)"));
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Close (Esc)"));
    row->addWidget(new QLabel(tr("Find:"), this));
    row->addWidget(edit_, 1);
    row->addWidget(prev);
    row->addWidget(next);
    row->addWidget(status_);
    row->addWidget(close);
    status_->setMinimumWidth(90);
    connect(edit_, &QLineEdit::textEdited, this, [this] {
        current_ = -1;
        search(1);
    });
    connect(next, &QToolButton::clicked, this, &GraphFindBar::findNext);
    connect(prev, &QToolButton::clicked, this, &GraphFindBar::findPrevious);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
}

void GraphFindBar::activate()
{
    show();
    edit_->setFocus(Qt::ShortcutFocusReason);
    edit_->selectAll();
}

void GraphFindBar::findNext()
{
    search(1);
}

void GraphFindBar::findPrevious()
{
    search(-1);
}

void GraphFindBar::search(int step)
{
    const QString text = edit_->text();
    if (text != lastText_) {
        lastText_ = text;
        current_ = -1;
    }
    const QList<int> hits = view_->findLayers(text);
    if (hits.isEmpty()) {
        status_->setText(text.trimmed().isEmpty() ? QString() : tr("no match"));
        return;
    }
    const int n = static_cast<int>(hits.size());
    current_ = current_ < 0 ? (step > 0 ? 0 : n - 1) : ((current_ + step) % n + n) % n;
    const int layer = hits[current_];
    view_->document()->selectLayer(layer);
    view_->centerOnLayer(layer);
    status_->setText(tr("%1 of %2").arg(current_ + 1).arg(n));
}

bool GraphFindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == edit_ && event->type() == QEvent::KeyPress) {
        auto *k = static_cast<QKeyEvent *>(event);
        if (k->key() == Qt::Key_Escape) {
            hide();
            view_->setFocus();
            return true;
        }
        if (k->key() == Qt::Key_Down || (k->key() == Qt::Key_Return && k->modifiers() == Qt::NoModifier)) {
            findNext();
            return true;
        }
        if (k->key() == Qt::Key_Up || (k->key() == Qt::Key_Return && k->modifiers() == Qt::ShiftModifier)) {
            findPrevious();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace fuselab
