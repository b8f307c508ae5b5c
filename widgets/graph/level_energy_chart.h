// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

namespace fuselab {

/// A horizontal bar per memory level (and the MACs): its energy in pJ, bars scaled to the
/// largest, the value printed beside each bar. Fed from cost/level_energy.h.
class LevelEnergyChart : public QWidget {
    Q_OBJECT
public:
    explicit LevelEnergyChart(QWidget *parent = nullptr);

    void setBars(const QStringList &names, const std::vector<double> &valuesPj);
    const QStringList &names() const { return names_; }
    const std::vector<double> &values() const { return values_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *) override;

private:
    int rowHeight() const;
    QStringList names_;
    std::vector<double> values_;
};

} // namespace fuselab
