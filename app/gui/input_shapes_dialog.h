// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// File → Import ONNX: the sizes of the model's symbolic input dimensions, asked before the
// import (what `--input-shape` gives on the command line).

#include "io/input_shapes.h"

#include <QDialog>

#include <vector>

class QSpinBox;

namespace fuselab {

/// One row per model input with a symbolic dimension: its stated sizes as text and one
/// labelled spin box per symbolic dimension, prefilled with proposedInputShapes(). Spin
/// boxes are named "dim:<input>:<index>" (tests find them by that name).
class InputShapesDialog : public QDialog {
    Q_OBJECT
public:
    InputShapesDialog(const QString &modelName, const std::vector<ModelInput> &inputs, QWidget *parent = nullptr);
    /// The full shape of every input that had a symbolic dimension, as the boxes say now.
    InputShapes shapes() const;
    /// The spin box of dimension `index` of `input`, nullptr if that one is not asked.
    QSpinBox *box(const std::string &input, size_t index) const;

private:
    struct Row {
        ModelInput input;
        std::vector<QSpinBox *> boxes; // one per dimension; nullptr where the size is stated
    };
    std::vector<Row> rows_;
};

} // namespace fuselab
