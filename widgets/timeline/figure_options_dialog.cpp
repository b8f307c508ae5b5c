// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/figure_options_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace fuselab {

namespace {
constexpr double kMmPerPx = 25.4 / 96.0; // a screen pixel at 96 dpi, to convert on a unit switch
}

FigureOptionsDialog::FigureOptionsDialog(QSize viewSize, bool png, QWidget *parent)
    : QDialog(parent), viewSize_(viewSize)
{
    setWindowTitle(tr("Figure options"));
    auto *form = new QFormLayout(this);
    auto *size = new QHBoxLayout;
    width_ = new QDoubleSpinBox(this);
    height_ = new QDoubleSpinBox(this);
    for (QDoubleSpinBox *s : {width_, height_}) {
        s->setRange(10, 20000);
        s->setDecimals(0);
    }
    unit_ = new QComboBox(this);
    unit_->addItem(tr("px"), static_cast<int>(FigureOptions::Unit::Px));
    unit_->addItem(tr("mm"), static_cast<int>(FigureOptions::Unit::Mm));
    size->addWidget(width_);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(height_);
    size->addWidget(unit_);
    form->addRow(tr("Size"), size);
    dpi_ = new QSpinBox(this);
    dpi_->setRange(50, 2400);
    dpi_->setSuffix(tr(" dpi"));
    dpi_->setEnabled(png);
    dpi_->setToolTip(tr("Resolution of a PNG sized in mm"));
    form->addRow(tr("Resolution"), dpi_);
    font_ = new QSpinBox(this);
    font_->setRange(0, 72);
    font_->setSuffix(tr(" pt"));
    font_->setSpecialValueText(tr("as shown"));
    form->addRow(tr("Font size"), font_);
    print_ = new QCheckBox(tr("Light print palette (white background, black text)"), this);
    form->addRow(print_);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    FigureOptions start;
    start.width = viewSize.width();
    start.height = viewSize.height();
    setOptions(start);
    connect(unit_, &QComboBox::currentIndexChanged, this, &FigureOptionsDialog::onUnitChanged);
}

void FigureOptionsDialog::setOptions(const FigureOptions &o)
{
    const QSignalBlocker block(unit_);
    shownUnit_ = o.unit;
    unit_->setCurrentIndex(unit_->findData(static_cast<int>(o.unit)));
    width_->setValue(o.width > 0 ? o.width : viewSize_.width());
    height_->setValue(o.height > 0 ? o.height : viewSize_.height());
    dpi_->setValue(static_cast<int>(o.dpi));
    font_->setValue(static_cast<int>(o.fontPt));
    print_->setChecked(o.printPalette);
}

FigureOptions FigureOptionsDialog::options() const
{
    FigureOptions o;
    o.unit = static_cast<FigureOptions::Unit>(unit_->currentData().toInt());
    o.width = width_->value();
    o.height = height_->value();
    o.dpi = dpi_->value();
    o.fontPt = font_->value();
    o.printPalette = print_->isChecked();
    return o;
}

void FigureOptionsDialog::onUnitChanged()
{
    // Keep the physical size at 96 dpi when switching units.
    const auto unit = static_cast<FigureOptions::Unit>(unit_->currentData().toInt());
    if (unit == shownUnit_)
        return;
    const double f = unit == FigureOptions::Unit::Mm ? kMmPerPx : 1.0 / kMmPerPx;
    width_->setValue(width_->value() * f);
    height_->setValue(height_->value() * f);
    shownUnit_ = unit;
}

} // namespace fuselab
