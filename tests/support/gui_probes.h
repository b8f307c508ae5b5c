// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the GUI tests that run searches while measuring the event loop
// (tst_gui_explore_panel, tst_gui_under_load).
#pragma once

#include "io/hardware_yaml.h"
#include "project/project.h"
#include "workload/zoo.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

namespace fuselab::testing {

/// A zoo model on the example quad-core accelerator.
inline Project quadCoreProject(const char *model)
{
    Project p;
    p.workload = *zooModel(model);
    p.accelerator = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml");
    return p;
}

/// The longest gap between the ticks of a 5 ms timer: the longest event-loop stall.
struct StallProbe {
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0, longest = 0;
    int ticks = 0;
    StallProbe()
    {
        timer.setInterval(5);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        timer.start();
    }
};

} // namespace fuselab::testing
