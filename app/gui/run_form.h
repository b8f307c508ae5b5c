// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The schedule panel's run form: the strategy and its fields (tiling for lbl / fused; threads,
// seed, objective and generations for explore), Run and Cancel, a progress bar, the
// "Re-run on edit" switch and the run's status line. It only describes and shows: the panel
// starts and stops the work.

#include "project/run.h"

#include <QGroupBox>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QElapsedTimer;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace fuselab {

struct ExploreOptions;
struct SearchProgress;

class RunForm : public QGroupBox {
    Q_OBJECT
public:
    explicit RunForm(QWidget *parent = nullptr);
    ~RunForm() override;

    /// The explore strategy is chosen (a search, not one plan).
    bool isExplore() const;
    /// The run the fields describe, named after the strategy and its tiling, the next free
    /// name among `runs` ("fused", "fused 2", …).
    RunRequest request(const std::vector<Run> &runs) const;
    /// The search options the fields describe (threads, seed, objective, generations).
    ExploreOptions exploreOptions() const;

    bool rerunOnEdit() const;
    void setRerunOnEdit(bool on);

    /// Run / Cancel enabled accordingly, the busy bar, and the clock: while a plain run works,
    /// the status counts its seconds (a search reports its own progress).
    void setRunning(bool on, bool search);
    /// Seconds since setRunning(true, …).
    double elapsedSeconds() const;
    void setStatus(const QString &text);
    QString status() const;
    /// Shows a search's progress: the bar never goes back, with the objective's unit and the
    /// time left; returns the fraction shown.
    double showSearchProgress(const SearchProgress &p, bool stopping);

Q_SIGNALS:
    void runClicked();
    void cancelClicked();

private:
    void updateStrategyFields();
    QString objectiveUnit() const;

    QComboBox *strategy_ = nullptr;
    QSpinBox *tileRows_ = nullptr;
    QComboBox *overlap_ = nullptr;
    QSpinBox *threads_ = nullptr;
    QSpinBox *seed_ = nullptr;
    QComboBox *objective_ = nullptr;
    QSpinBox *generations_ = nullptr;
    QSpinBox *maxCns_ = nullptr;
    QPushButton *runButton_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QCheckBox *rerun_ = nullptr;
    QLabel *status_ = nullptr;
    std::unique_ptr<QElapsedTimer> clock_;
    QTimer *tick_ = nullptr;
    bool search_ = false;
    double shownFraction_ = 0.0; // the search's progress as shown: never goes back
};

} // namespace fuselab
