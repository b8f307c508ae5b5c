// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QLabel;

namespace fuselab {

class NetworkView;

/// Ctrl+F: find layers by name or op. Typing jumps to the first match; Enter (or ↓) goes
/// to the next, Shift+Enter (or ↑) to the previous; the match is selected in the document
/// and centred in the view. Escape closes the bar.
class GraphFindBar : public QWidget {
    Q_OBJECT
public:
    explicit GraphFindBar(NetworkView *view, QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return edit_; }
    /// Opens the bar with the text selected, ready to type.
    void activate();

public Q_SLOTS:
    void findNext();
    void findPrevious();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(int step);

    NetworkView *view_;
    QLineEdit *edit_;
    QLabel *status_;
    QString lastText_;
    int current_ = -1; // index into the current match list
};

} // namespace fuselab
