// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A chart widget that rebuilds its Qt Charts only when it is seen: rebuilding and laying
// out a chart costs tens of ms per update, and the run charts are updated after every
// finished run while they usually sit on a hidden tab. A hidden widget only records that
// it is stale; showing it (or asking for its charts, e.g. to export them) rebuilds it.

#include <QWidget>

namespace fuselab {

class LazyChartWidget : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    /// Rebuilds now if pending (the accessors of the charts call this).
    void flush()
    {
        if (stale_) {
            stale_ = false;
            rebuild();
        }
    }

protected:
    /// The content changed: rebuild now if visible, else when shown or flushed.
    void contentChanged()
    {
        stale_ = true;
        if (isVisible())
            flush();
    }
    virtual void rebuild() = 0;
    void showEvent(QShowEvent *event) override
    {
        QWidget::showEvent(event);
        flush();
    }

private:
    bool stale_ = false;
};

} // namespace fuselab
