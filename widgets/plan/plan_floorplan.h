// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The floorplan of a run's accelerator with the plan's core allocation written on it: each
// core says which fused groups and how many layers run on it (its tooltip lists them); a core
// the plan leaves idle is greyed. Read-only: the plan view's own copy of the run's design.

#include "plan/plan.h"

#include <QStringList>
#include <QHash>
#include <QWidget>

class QGraphicsView;

namespace fuselab {

class ProjectDocument;
class FloorplanScene;

class PlanFloorplan : public QWidget {
    Q_OBJECT
public:
    /// `design` holds the run's workload and accelerator (never the project's document).
    explicit PlanFloorplan(ProjectDocument *design, QWidget *parent = nullptr);

    void showPlan(const Plan &plan);
    /// The text lines drawn on a core's block (for tests and screenshots).
    QStringList coreLines(const QString &core) const;
    bool coreIdle(const QString &core) const;

private:
    ProjectDocument *design_;
    FloorplanScene *scene_ = nullptr;
    QGraphicsView *view_ = nullptr;
    QHash<QString, QStringList> lines_;
    QHash<QString, bool> idle_;
};

} // namespace fuselab
