// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// File → New: a zoo network with its parameters (operand precision) on a hardware template.

#include "project/project.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace fuselab {

/// What File → New starts from.
struct NewProjectChoice {
    std::string network = "resnet18"; ///< a zooNames() entry
    Precision precision;              ///< operand bits of the network
    QString hardware;                 ///< an exampleHardwareResources() entry; empty: the default
};

/// The project of `choice`. Throws InputError naming what is unknown or unreadable.
Project projectFromChoice(const NewProjectChoice &choice);

class NewProjectDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewProjectDialog(QWidget *parent = nullptr);
    NewProjectChoice choice() const;

private:
    QComboBox *network_ = nullptr;
    QComboBox *hardware_ = nullptr;
    QSpinBox *bitsI_ = nullptr, *bitsW_ = nullptr, *bitsO_ = nullptr;
};

} // namespace fuselab
