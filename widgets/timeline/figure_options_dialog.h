// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Asks for a figure's export options (figure_export.h): size in px or mm, PNG resolution,
// font size and the print palette. Starts from the view's current size in px.

#include "timeline/figure_export.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace fuselab {

class FigureOptionsDialog : public QDialog {
    Q_OBJECT
public:
    FigureOptionsDialog(QSize viewSize, bool png, QWidget *parent = nullptr);
    FigureOptions options() const;
    void setOptions(const FigureOptions &o);

private:
    void onUnitChanged();

    QSize viewSize_;
    QComboBox *unit_ = nullptr;
    QDoubleSpinBox *width_ = nullptr;
    QDoubleSpinBox *height_ = nullptr;
    QSpinBox *dpi_ = nullptr;
    QSpinBox *font_ = nullptr;
    QCheckBox *print_ = nullptr;
    FigureOptions::Unit shownUnit_ = FigureOptions::Unit::Px;
};

} // namespace fuselab
