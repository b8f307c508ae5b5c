// SPDX-License-Identifier: GPL-3.0-or-later
// File → New: a zoo network with its precision on a hardware template (gui/new_project_dialog.h).
#include "document/project_document.h"
#include "gui/default_project.h"
#include "gui/main_window.h"
#include "gui/new_project_dialog.h"
#include "gui/schedule_panel.h"
#include "io/hardware_yaml.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QComboBox>
#include <QStandardPaths>
#include <QTest>

using namespace fuselab;

class TestGuiNewProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void zooNetworkOnATemplate()
    {
        NewProjectChoice c;
        c.network = "resnet50";
        c.precision = {8, 4, 16};
        c.hardware = QStringLiteral(":/fuselab/examples/hardware/tpu_single_core.yaml");
        const Project p = projectFromChoice(c);
        QCOMPARE(p.workload.name, std::string("resnet50"));
        QCOMPARE(p.workload.layers.size(), zooModel("resnet50")->layers.size());
        for (const Layer &l : p.workload.layers)
            QVERIFY(l.precision == (Precision{8, 4, 16}));
        QVERIFY(p.accelerator == loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/tpu_single_core.yaml"));
    }

    void unknownNetworkIsNamed()
    {
        NewProjectChoice c;
        c.network = "resnet9000";
        try {
            projectFromChoice(c);
            QFAIL("no error");
        } catch (const InputError &e) {
            QCOMPARE(e.field(), std::string("network"));
            QVERIFY(std::string(e.what()).find("resnet9000") != std::string::npos);
        }
    }

    void dialogOffersEveryZooNetworkAndTemplate()
    {
        NewProjectDialog d;
        auto *networks = d.findChild<QComboBox *>(QStringLiteral("networkCombo"));
        auto *hardware = d.findChild<QComboBox *>(QStringLiteral("hardwareCombo"));
        QCOMPARE(networks->count(), static_cast<int>(zooNames().size()));
        QCOMPARE(hardware->count(), exampleHardwareResources().size());
        networks->setCurrentIndex(networks->findData(QStringLiteral("mobilenetv2")));
        QCOMPARE(d.choice().network, std::string("mobilenetv2"));
        QVERIFY(exampleHardwareResources().contains(d.choice().hardware));
    }

    void windowStartsTheNewProjectAndItsRun()
    {
        MainWindow w(MainWindow::Options{false, false});
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->runs().empty() && !w.schedulePanel()->isRunning(), 60000);
        NewProjectChoice c;
        c.network = "lenet5";
        QVERIFY(w.newProjectFrom(c));
        QCOMPARE(w.document()->workload().name, std::string("lenet5"));
        QVERIFY(w.document()->runs().empty()); // the old project's runs went with it
        QVERIFY(w.logText().contains(QStringLiteral("New project: lenet5")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->runs().empty(), 30000); // its default run
    }
};

QTEST_MAIN(TestGuiNewProject)
#include "tst_gui_new_project.moc"
