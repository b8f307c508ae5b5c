// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace fuselab {

struct Layer;
class LevelEnergyChart;
class ProjectDocument;

/// The selected layer in detail (Netron's sidebar): attributes, inputs, outputs, MACs and
/// bytes, with editable fields — K, C, FY, FX, stride, padding, I/W/O bits. A field applies
/// when editing finishes (Enter or focus out) as one undoable edit; an input's producer is
/// picked from a list (connect), and buttons insert a layer after this one or delete it.
class LayerPropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPropertiesPanel(ProjectDocument *doc, QWidget *parent = nullptr);

    int layer() const { return layer_; }
    /// The editable field named K, C, FY, FX, strideY, strideX, padTop, padLeft, padBottom,
    /// padRight, bitsI, bitsW, bitsO (for tests and tools); nullptr for another name.
    QSpinBox *field(const QString &name) const;
    /// The producer picker of operand `operand`; nullptr if the layer has fewer inputs.
    QComboBox *inputPicker(int operand) const;
    QComboBox *addInputPicker() const { return addInput_; }
    /// The text of the read-only summary (MACs, bytes, shapes), for tests.
    QString summaryText() const;
    /// The validation problems shown for this layer (red, under the header).
    QString problemText() const;
    /// The core the "On its core" box costs the layer on (the latest run's, else the fastest
    /// that can run it; -1: none), its loop nest as shown, and its bar of energy per level
    /// (the MACs first, then every memory level, the DRAM last; cost/level_energy.h).
    int detailCore() const { return detailCore_; }
    QString loopNestText() const;
    const LevelEnergyChart *levelEnergyChart() const { return levelChart_; }

public Q_SLOTS:
    void showLayer(int layer);
    /// Applies the fields to the document if any differs from the layer.
    void applyEdits();

private:
    void refresh();
    void rebuildInputs();
    QSpinBox *addSpin(const QString &name, int min, int max);
    void fillTensorPicker(QComboBox *box, int current) const;
    void refreshCoreDetail(const Layer &l);

    ProjectDocument *doc_;
    int layer_ = -1;
    bool updating_ = false;
    QLabel *header_;
    QLabel *problems_;
    QWidget *body_;
    QGroupBox *attributes_;
    QGroupBox *inputs_;
    QVBoxLayout *inputsLayout_;
    QComboBox *addInput_;
    QLabel *outputs_;
    QLabel *cost_;
    QGroupBox *coreBox_;
    QLabel *coreSummary_;
    QLabel *loopNest_;
    LevelEnergyChart *levelChart_;
    int detailCore_ = -1;
    QLabel *fixedAttrs_;
    QList<QComboBox *> inputPickers_;
    QHash<QString, QSpinBox *> fields_;
};

} // namespace fuselab
