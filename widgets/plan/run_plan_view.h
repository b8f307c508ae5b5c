// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The plan view of a run: what the plan decided, drawn on the run's own design (never the
// project's current one): its fused groups as captioned clusters on the network graph
// (tiling, overlap and weight policy, cores, pins), the core allocation on the floorplan,
// and the groups as a table. Clicking a group's row centres the graph on it; clicking a
// layer on the graph selects its group's row.

#include "project/run.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace fuselab {

class NetworkView;
class PlanFloorplan;
class PlanGroupModel;
class ProjectDocument;

class RunPlanView : public QWidget {
    Q_OBJECT
public:
    explicit RunPlanView(QWidget *parent = nullptr);
    ~RunPlanView() override;

    void setRun(const Run &run);
    void clear();

    NetworkView *graph() const { return graph_; }
    PlanFloorplan *floorplan() const { return floorplan_; }
    PlanGroupModel *groupModel() const { return groups_; }
    QTableView *groupTable() const { return table_; }
    /// The copy of the run's design the view draws.
    const ProjectDocument *design() const { return design_; }
    QString title() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    ProjectDocument *design_ = nullptr;
    QSplitter *split_ = nullptr; // the graph beside (wide) or above (narrow) the floorplan and table
    std::string shownFingerprint_;
    QLabel *title_ = nullptr;
    NetworkView *graph_ = nullptr;
    PlanFloorplan *floorplan_ = nullptr;
    PlanGroupModel *groups_ = nullptr;
    QTableView *table_ = nullptr;
};

} // namespace fuselab
