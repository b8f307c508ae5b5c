// SPDX-License-Identifier: GPL-3.0-or-later
// The layer panel's "On its core" box: for LeNet-5's conv2 on the README's 4-level example
// core, its bar of energy per level holds the numbers `fuselab-cli cost --detail conv2 --json`
// prints (run as its own process), MAC energy by hand, and its loop nest the CLI's loops.
#include "document/project_document.h"
#include "graph/layer_properties_panel.h"
#include "graph/level_energy_chart.h"
#include "io/hardware_yaml.h"
#include "io/workload_loader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace fuselab;

namespace {
const char *kHw = FUSELAB_SOURCE_DIR "/examples/hardware/hierarchy_core.yaml";

QJsonObject cliDetail(const char *layer)
{
    QProcess p;
    p.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"),
            {QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"), QStringLiteral("--hw"),
             QString::fromUtf8(kHw), QStringLiteral("--detail"), QString::fromUtf8(layer), QStringLiteral("--json")});
    p.waitForFinished(60000);
    [&] { QCOMPARE(p.exitCode(), 0); }();
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}
} // namespace

class TestGuiLayerEnergyPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void barEqualsTheCliDetail()
    {
        Project p;
        p.workload = loadWorkload("lenet5");
        p.accelerator = loadHardware(kHw);
        ProjectDocument doc;
        doc.resetProject(p);
        LayerPropertiesPanel panel(&doc);
        panel.resize(400, 900);
        panel.show();
        doc.selectLayer(doc.workload().layerIndex("conv2"));

        const QJsonObject cli = cliDetail("conv2");
        const QJsonObject nest = cli.value(QStringLiteral("loop_nest")).toObject();
        QVERIFY(!nest.isEmpty());
        QCOMPARE(QString::fromStdString(doc.accelerator().cores[static_cast<size_t>(panel.detailCore())].name),
                 cli.value(QStringLiteral("core")).toString());

        const LevelEnergyChart *bar = panel.levelEnergyChart();
        const QJsonArray levels = nest.value(QStringLiteral("levels")).toArray();
        QCOMPARE(bar->names().size(), levels.size() + 1); // the MACs, then every level
        QCOMPARE(bar->names().front(), QStringLiteral("MAC"));
        // conv2: 16·6·10·10·5·5 = 240,000 MACs at 0.2 pJ.
        QCOMPARE(bar->values().front(), 48000.0);
        QCOMPARE(bar->values().front(), nest.value(QStringLiteral("energy_pj")).toObject().value(QStringLiteral("mac")).toDouble());
        double sum = bar->values().front();
        for (int i = 0; i < levels.size(); ++i) {
            const QJsonObject l = levels[i].toObject();
            QCOMPARE(bar->names()[i + 1], l.value(QStringLiteral("name")).toString());
            QCOMPARE(bar->values()[static_cast<size_t>(i) + 1], l.value(QStringLiteral("energy_pj")).toDouble());
            sum += bar->values()[static_cast<size_t>(i) + 1];
        }
        const double total = nest.value(QStringLiteral("energy_pj")).toObject().value(QStringLiteral("total")).toDouble();
        QVERIFY(qAbs(sum - total) <= 1e-9 * total);

        // The loop nest: one line per temporal loop, with the CLI's dimension and factor.
        const QString text = panel.loopNestText();
        for (const auto &l : nest.value(QStringLiteral("temporal_outermost_first")).toArray()) {
            const QJsonObject o = l.toObject();
            const QString loop = QStringLiteral("for %1 in [0, %2)")
                                     .arg(o.value(QStringLiteral("dim")).toString())
                                     .arg(o.value(QStringLiteral("factor")).toInteger());
            QVERIFY2(text.contains(loop), qPrintable(text));
        }
    }
};

QTEST_MAIN(TestGuiLayerEnergyPanel)
#include "tst_gui_layer_energy_panel.moc"
