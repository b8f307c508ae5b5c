// SPDX-License-Identifier: GPL-3.0-or-later
#include "input_shapes_dialog.h"

#include "util/qt_strings.h"
#include "workload/layer.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace fuselab {

InputShapesDialog::InputShapesDialog(const QString &modelName, const std::vector<ModelInput> &inputs, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Input shapes of %1").arg(modelName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The model leaves some input dimensions open. Give the sizes to import it at "
                                "(the command line's --input-shape NAME=D0,D1,…)."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    layout->addLayout(form);
    const InputShapes proposed = proposedInputShapes(inputs);
    for (const ModelInput &in : inputs) {
        if (!in.hasSymbolicDims())
            continue;
        Row row{in, std::vector<QSpinBox *>(in.dims.size(), nullptr)};
        auto *line = new QWidget(this);
        auto *h = new QHBoxLayout(line);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(new QLabel(QStringLiteral("["), line));
        for (size_t i = 0; i < in.dims.size(); ++i) {
            if (i > 0)
                h->addWidget(new QLabel(QStringLiteral("×"), line));
            const InputDim &d = in.dims[i];
            if (!d.symbolic()) {
                h->addWidget(new QLabel(QString::number(d.value), line));
                continue;
            }
            // The symbol as the file names it labels its box ("?" for an unnamed one).
            h->addWidget(new QLabel(d.symbol.empty() ? QStringLiteral("?") : toQString(d.symbol), line));
            auto *box = new QSpinBox(line);
            box->setObjectName(QStringLiteral("dim:%1:%2").arg(toQString(in.name)).arg(i));
            box->setRange(1, static_cast<int>(std::min<int64_t>(kMaxDimension, std::numeric_limits<int>::max())));
            box->setValue(static_cast<int>(proposed.at(in.name)[i]));
            box->setAccessibleName(tr("%1, dimension %2 (%3)")
                                       .arg(toQString(in.name))
                                       .arg(i)
                                       .arg(d.symbol.empty() ? QStringLiteral("?") : toQString(d.symbol)));
            h->addWidget(box);
            row.boxes[i] = box;
        }
        h->addWidget(new QLabel(QStringLiteral("]"), line));
        h->addStretch();
        form->addRow(toQString(in.name), line);
        rows_.push_back(std::move(row));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

InputShapes InputShapesDialog::shapes() const
{
    InputShapes out;
    for (const Row &row : rows_) {
        std::vector<int64_t> dims;
        for (size_t i = 0; i < row.input.dims.size(); ++i)
            dims.push_back(row.boxes[i] ? row.boxes[i]->value() : row.input.dims[i].value);
        out[row.input.name] = dims;
    }
    return out;
}

QSpinBox *InputShapesDialog::box(const std::string &input, size_t index) const
{
    for (const Row &row : rows_)
        if (row.input.name == input && index < row.boxes.size())
            return row.boxes[index];
    return nullptr;
}

} // namespace fuselab
