// SPDX-License-Identifier: GPL-3.0-or-later
// The Layers tab's model (LayerStatisticsModel) under QAbstractItemModelTester: one row per
// layer of the run's own workload with the figures of its recorded schedule — MACs from the
// loop sizes by hand, cycles from the scheduled tiles, the core the run ran on even after the
// project's hardware was edited — numbers sortable as numbers through a proxy.
#include "document/layer_statistics_model.h"
#include "plan/plan_generators.h"
#include "project/run.h"
#include "support/sched_fixtures.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;

namespace {
/// A (3x3 conv, 4 -> 4 channels, pad 1) then B (1x1 conv, 4 -> 4) on 8x8, on one core.
Run twoConvRun(const std::string &coreName)
{
    Workload w;
    const TensorId in = addInput(w, "in", 4, 8, 8);
    const TensorId a = addConv(w, "A", in, 4, 3, 1, 1);
    addConv(w, "B", a, 4, 1, 1, 0);
    Accelerator acc = singleCore(8, 8, 64 * 1024, 16, 10);
    acc.cores[0].name = coreName;
    acc.memories[0].core = coreName;
    acc.links[0].endpoints[0] = coreName;
    return makeRun("lbl", "lbl", w, acc, layerByLayerPlan(w, acc));
}
} // namespace

class TestGuiLayerStatisticsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAreTheRunsLayersWithItsFigures()
    {
        LayerStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(LayerStatisticsModel::ColumnCount));
        const Run run = twoConvRun("core0");
        model.setRun(run);
        QCOMPARE(model.rowCount(), 2);
        auto cell = [&](int row, int col) { return model.index(row, col).data(); };
        QCOMPARE(cell(0, LayerStatisticsModel::Layer).toString(), QStringLiteral("A"));
        QCOMPARE(cell(1, LayerStatisticsModel::Layer).toString(), QStringLiteral("B"));
        // MACs by hand: K·C·OY·OX·FY·FX.
        QCOMPARE(cell(0, LayerStatisticsModel::Macs).toLongLong(), 4LL * 4 * 8 * 8 * 3 * 3);
        QCOMPARE(cell(1, LayerStatisticsModel::Macs).toLongLong(), 4LL * 4 * 8 * 8);
        // Layer by layer: each layer its own group, one tile on the one core.
        QCOMPARE(cell(0, LayerStatisticsModel::Group).toInt(), 0);
        QCOMPARE(cell(1, LayerStatisticsModel::Group).toInt(), 1);
        QCOMPARE(cell(1, LayerStatisticsModel::Core).toString(), QStringLiteral("core0"));
        for (int l = 0; l < 2; ++l) {
            const CnTiming &cn = run.schedule.cns[static_cast<std::size_t>(l)];
            QCOMPARE(cn.layer, l);
            QCOMPARE(cell(l, LayerStatisticsModel::Cycles).toLongLong(), cn.end - cn.start);
            QVERIFY(cell(l, LayerStatisticsModel::Energy).toDouble() > 0);
            QCOMPARE(model.index(l, 3).data(LayerStatisticsModel::LayerRole).toInt(), l);
            QCOMPARE(model.rowOfLayer(l), l);
        }
        QCOMPARE(model.rowOfLayer(2), -1);
        // Energy per layer adds up to the run's energy minus what no layer caused (never more).
        const double sum = cell(0, LayerStatisticsModel::Energy).toDouble() + cell(1, LayerStatisticsModel::Energy).toDouble();
        QVERIFY(sum <= run.schedule.totals.energyPj * (1 + 1e-9));
        QCOMPARE(model.headerData(LayerStatisticsModel::Energy, Qt::Horizontal).toString(), QStringLiteral("Energy (pJ)"));
        QVERIFY(!model.headerData(LayerStatisticsModel::Energy, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());

        // Sorted by a number column through a proxy: by value, not by text.
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&model);
        sorted.sort(LayerStatisticsModel::Macs, Qt::AscendingOrder);
        QCOMPARE(sorted.index(0, LayerStatisticsModel::Layer).data().toString(), QStringLiteral("B")); // 1,024 < 9,216

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void aRunKeepsTheCoreItRanOn()
    {
        // The names come from the run's own design, not the project's present hardware: a run
        // computed on "tpu" still says "tpu" when the project's core is renamed since.
        LayerStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Run run = twoConvRun("tpu");
        model.setRun(run);
        QCOMPARE(model.index(0, LayerStatisticsModel::Core).data().toString(), QStringLiteral("tpu"));
        // A plan core outside the run's accelerator reads "—", not a wrong name.
        run.plan.core[1] = 7;
        model.setRun(run);
        QCOMPARE(model.index(1, LayerStatisticsModel::Core).data().toString(), QStringLiteral("—"));
    }
};

QTEST_MAIN(TestGuiLayerStatisticsModel)
#include "tst_gui_layer_statistics_model.moc"
