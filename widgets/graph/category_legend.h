// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

namespace fuselab {

/// The op-category colour key, a small strip that sits in a corner of the graph view.
class CategoryLegend : public QWidget {
public:
    explicit CategoryLegend(QWidget *parent = nullptr);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace fuselab
