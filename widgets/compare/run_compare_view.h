// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The compare view of two runs: the totals side by side with their changes
// (CompareSummary), the per-layer changes (LayerDeltaModel, sortable) and the two Gantts
// stacked on one time axis (StackedGantts). Each run is drawn with its own design, so a run
// before and after an edit of the hardware compare as they ran.

#include "project/run.h"

#include <QWidget>

class QLabel;
class QScrollArea;
class QTabWidget;
class QSortFilterProxyModel;
class QTableView;

namespace fuselab {

class CompareSummary;
class LayerDeltaModel;
class StackedGantts;

class RunCompareView : public QWidget {
    Q_OBJECT
public:
    explicit RunCompareView(QWidget *parent = nullptr);

    /// Compares run A (the base) with run B.
    void setRuns(const Run &a, const Run &b);
    /// Nothing to compare: says how to choose two runs.
    void clear();

    CompareSummary *summary() const { return summary_; }
    LayerDeltaModel *layerModel() const { return model_; }
    QTableView *layerTable() const { return table_; }
    StackedGantts *gantts() const { return gantts_; }
    /// The tabs below the summary: the Gantts (0) and the per-layer table (1).
    QTabWidget *parts() const { return parts_; }
    QString title() const;

private:
    QLabel *title_ = nullptr;
    CompareSummary *summary_ = nullptr;
    QScrollArea *summaryArea_ = nullptr;
    QTabWidget *parts_ = nullptr;
    LayerDeltaModel *model_ = nullptr;
    QSortFilterProxyModel *proxy_ = nullptr;
    QTableView *table_ = nullptr;
    StackedGantts *gantts_ = nullptr;
};

} // namespace fuselab
