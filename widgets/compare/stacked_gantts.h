// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Two runs' Gantt charts one above the other on one time axis: both span the longer run
// (the shorter one's chart ends in empty time), zooming or panning either moves both, the
// time unit is shared, and their plot areas start at the same x so a cycle is at the same
// pixel in both.

#include "timeline/timeline_data.h"

#include <QWidget>

class QLabel;
class QSplitter;

namespace fuselab::timeline {
class GanttView;
}

namespace fuselab {

class StackedGantts : public QWidget {
    Q_OBJECT
public:
    explicit StackedGantts(QWidget *parent = nullptr);

    /// Shows `a` above `b` with captions; both are fitted to the longer of the two.
    void setTimelines(const QString &captionA, timeline::TimelineData a, const QString &captionB,
                      timeline::TimelineData b);
    void clear();

    timeline::GanttView *top() const { return top_; }
    timeline::GanttView *bottom() const { return bottom_; }

private:
    void link(timeline::GanttView *from, timeline::GanttView *to);
    void alignLeftEdges();

    QSplitter *split_ = nullptr;
    QLabel *captionA_ = nullptr;
    QLabel *captionB_ = nullptr;
    timeline::GanttView *top_ = nullptr;
    timeline::GanttView *bottom_ = nullptr;
    bool syncing_ = false;
};

} // namespace fuselab
