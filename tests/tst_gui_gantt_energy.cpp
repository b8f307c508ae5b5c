// SPDX-License-Identifier: GPL-3.0-or-later
// The Gantt's tooltip shows the energy the scheduler recorded for the event (it used to show
// 0 pJ for compute tiles): two convs fused on one core, each tile's MAC energy by hand.
#include "plan/plan.h"
#include "schedule/schedule.h"
#include "support/sched_fixtures.h"
#include "timeline/gantt_view.h"
#include "timeline/schedule_timeline_adapter.h"
#include "timeline/timeline_format.h"

#include <QTest>

using namespace fuselab;
using namespace fuselab::testing;
using namespace fuselab::timeline;

class TestGuiGanttEnergy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computeTooltipShowsItsEnergy()
    {
        Workload w;
        w.name = "two_convs";
        const TensorId a = addConv(w, "A", addInput(w, "in", 4, 8, 8), 4, 3, 1, 1);
        addConv(w, "B", a, 4, 1, 1, 0);
        const Accelerator acc = singleCore(8, 8, 64 * 1024, 16, 10); // 0.5 pJ per MAC
        Plan plan;
        FusedGroup g;
        g.layers = {0, 1};
        g.tileRows = 4;
        plan.groups = {g};
        plan.core = {0, 0};
        ScheduleOptions o;
        o.costModel = &shimCostModel; // energy = MACs × 0.5 pJ, nothing else
        const Schedule s = schedule(w, acc, plan, o);

        GanttView view;
        view.setTimeline(timelineFromSchedule(s, w, acc, plan));
        const Track &core = view.timeline().tracks[0];
        QVERIFY(!core.slices.empty());
        for (int i = 0; i < static_cast<int>(core.slices.size()); ++i) {
            const Slice &sl = core.slices[static_cast<std::size_t>(i)];
            // Tile of A: 4 rows × 8 columns × 4 filters × 4 channels × 3×3 = 4608 MACs → 2304 pJ;
            // tile of B: 4 × 8 × 4 × 4 = 512 MACs → 256 pJ.
            const double expected = sl.layer == 0 ? 2304.0 : 256.0;
            QCOMPARE(sl.macs, sl.layer == 0 ? int64_t(4608) : int64_t(512));
            QCOMPARE(sl.energyPj, expected);
            const QString text = view.sliceDetails({0, i});
            QVERIFY2(text.contains(formatEnergyPj(expected)), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral(" 0 pJ")), qPrintable(text));
        }
    }
};

QTEST_MAIN(TestGuiGanttEnergy)
#include "tst_gui_gantt_energy.moc"
