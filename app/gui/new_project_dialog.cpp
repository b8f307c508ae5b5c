// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_project_dialog.h"

#include "default_project.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSpinBox>

namespace fuselab {

Project projectFromChoice(const NewProjectChoice &choice)
{
    Project p = defaultProject();
    auto w = zooModel(choice.network, choice.precision);
    if (!w)
        throw InputError("New project", "network", "no model named '" + choice.network + "' in the zoo");
    p.workload = std::move(*w);
    if (!choice.hardware.isEmpty())
        p.accelerator = loadHardwareFile(choice.hardware);
    p.name = p.workload.name + " on " + p.accelerator.name;
    return p;
}

NewProjectDialog::NewProjectDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New project"));
    setObjectName(QStringLiteral("newProjectDialog"));
    auto *form = new QFormLayout(this);
    network_ = new QComboBox(this);
    network_->setObjectName(QStringLiteral("networkCombo"));
    for (const std::string &n : zooNames())
        network_->addItem(QString::fromStdString(n), QString::fromStdString(n));
    network_->setCurrentIndex(std::max(0, network_->findData(QStringLiteral("resnet18"))));
    form->addRow(tr("Network (model zoo)"), network_);
    auto *bits = new QHBoxLayout;
    for (auto [spin, label] : {std::pair{&bitsI_, tr("inputs")}, {&bitsW_, tr("weights")}, {&bitsO_, tr("outputs")}}) {
        *spin = new QSpinBox(this);
        (*spin)->setRange(1, 32);
        (*spin)->setValue(8);
        (*spin)->setSuffix(tr(" bit ") + label);
        bits->addWidget(*spin);
    }
    form->addRow(tr("Precision"), bits);
    hardware_ = new QComboBox(this);
    hardware_->setObjectName(QStringLiteral("hardwareCombo"));
    for (const QString &ex : exampleHardwareResources())
        hardware_->addItem(QFileInfo(ex).completeBaseName(), ex);
    hardware_->setCurrentIndex(std::max(0, hardware_->findText(QStringLiteral("quad_core"))));
    form->addRow(tr("Hardware template"), hardware_);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

NewProjectChoice NewProjectDialog::choice() const
{
    NewProjectChoice c;
    c.network = network_->currentData().toString().toStdString();
    c.precision = {bitsI_->value(), bitsW_->value(), bitsO_->value()};
    c.hardware = hardware_->currentData().toString();
    return c;
}

} // namespace fuselab
