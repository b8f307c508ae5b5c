// SPDX-License-Identifier: GPL-3.0-or-later
// Replot time of the Gantt view with 100,000+ tiles and of the memory view, at 1600x900.
// Usage: bench_gui_gantt [OUT_DIR]   (with OUT_DIR: also writes screenshots of both views)
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
#include "timeline/figure_export.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/synthetic_timeline.h"

#include "qcp_include.h"
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace fuselab::timeline;

namespace {
constexpr int kWidth = 1600;
constexpr int kHeight = 900;
constexpr int kRepeats = 25;

// Wall-clock and CPU time of this thread: on a shared, loaded machine the CPU time is the
// figure that says what the code costs; the wall time is what a user would see there.
struct Stats {
    double wallMedian = 0, cpuMedian = 0, cpuMax = 0;
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

template <typename F> Stats timeIt(F &&f)
{
    std::vector<double> wall, cpu;
    f(); // warm up (first-use allocations, font caches)
    for (int i = 0; i < kRepeats; ++i) {
        QElapsedTimer t;
        t.start();
        const double c0 = threadCpuMs();
        f();
        cpu.push_back(threadCpuMs() - c0);
        wall.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2], cpu.back()};
}

void print(const char *what, const Stats &s)
{
    std::printf("  %-32s CPU median %6.2f ms (max %6.2f), wall median %6.2f ms\n", what, s.cpuMedian,
                s.cpuMax, s.wallMedian);
}

std::size_t tileCount(const TimelineData &d)
{
    std::size_t n = 0;
    for (const Track &t : d.tracks)
        n += t.slices.size();
    return n;
}

void screenshots(const QString &dir)
{
    QDir().mkpath(dir);
    // A readable schedule: 4 cores, a link, a DRAM port, about 1,000 tiles per core.
    const SyntheticSchedule s = makeSyntheticSchedule(6, 1000, 5);
    GanttView gantt;
    gantt.resize(kWidth, kHeight);
    gantt.setTimeline(s.timeline);
    gantt.show();
    MemoryView memory;
    memory.resize(kWidth, kHeight);
    memory.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
    memory.linkTimeAxis(&gantt);
    memory.show();
    auto settle = [&] { // a few layout passes: the linked views align their left edges
        for (int i = 0; i < 3; ++i) {
            QApplication::processEvents();
            gantt.plot()->replot();
            memory.plot()->replot();
        }
    };
    settle();
    gantt.grab().save(dir + QStringLiteral("/gantt_full.png"));
    memory.grab().save(dir + QStringLiteral("/memory_full.png"));
    // Zoomed on a few tiles with one selected: labels, dependency arrows, highlighted layer.
    const double end = static_cast<double>(s.timeline.endCycle);
    gantt.setVisibleRange({0.30 * end, 0.318 * end});
    const TimeRange r = gantt.visibleRange();
    // Select the first tile of Core 1 starting after the middle of the view.
    const auto &core1 = s.timeline.tracks[1].slices;
    const auto it = std::find_if(core1.begin(), core1.end(), [&](const Slice &x) {
        return static_cast<double>(x.start) > 0.5 * (r.lo + r.hi);
    });
    const SliceRef pick{1, static_cast<int>(it - core1.begin())};
    gantt.selectSlice(pick);
    gantt.setTimeUnit(TimeUnit::Microseconds);
    settle();
    gantt.grab().save(dir + QStringLiteral("/gantt_zoom.png"));
    memory.grab().save(dir + QStringLiteral("/memory_zoom.png"));
    gantt.setColorBy(ColorBy::Group);
    gantt.fitAll();
    gantt.setTimeUnit(TimeUnit::Cycles);
    gantt.selectSlice({});
    settle();
    gantt.grab().save(dir + QStringLiteral("/gantt_groups.png"));
    fuselab::FigureOptions fig;
    fig.width = 180;
    fig.height = 70;
    fig.unit = fuselab::FigureOptions::Unit::Mm;
    fig.fontPt = 8;
    fig.dpi = 200;
    fuselab::exportFigure(gantt.plot(), dir + QStringLiteral("/gantt_paper.png"), fig);
    fuselab::exportFigure(gantt.plot(), dir + QStringLiteral("/gantt_paper.pdf"), fig);
    fuselab::exportFigure(gantt.plot(), dir + QStringLiteral("/gantt_paper.svg"), fig);
    fig.height = 100;
    fuselab::exportFigure(memory.plot(), dir + QStringLiteral("/memory_paper.png"), fig);
    std::printf("screenshots written to %s\n", qPrintable(dir));
}
} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    const SyntheticSchedule s = makeSyntheticSchedule(6, 23000, 1);
    GanttView gantt;
    gantt.resize(kWidth, kHeight);
    gantt.setTimeline(s.timeline);
    gantt.show();
    QApplication::processEvents();
    QCustomPlot *plot = gantt.plot();
    std::printf("Gantt: %zu tiles on %zu tracks, plot %dx%d px\n", tileCount(s.timeline),
                s.timeline.tracks.size(), plot->width(), plot->height());

    const Stats fit = timeIt([&] { plot->replot(QCustomPlot::rpImmediateRefresh); });
    print("replot, whole schedule:", fit);
    if (auto *gp = qobject_cast<GanttPlottable *>(gantt.plot()->plottable(0)))
        std::printf("    (%zu rectangles drawn for the whole schedule)\n", gp->lastDrawnRects());
    gantt.plot()->plottable(0)->setVisible(false);
    print("  (axes, grid, legend only:)", timeIt([&] { plot->replot(QCustomPlot::rpImmediateRefresh); }));
    gantt.plot()->plottable(0)->setVisible(true);
    const double end = static_cast<double>(s.timeline.endCycle);
    gantt.setVisibleRange({0.4 * end, 0.401 * end});
    const Stats zoomed = timeIt([&] { plot->replot(QCustomPlot::rpImmediateRefresh); });
    print("replot, zoomed to 0.1%:", zoomed);
    gantt.fitAll();
    double factor = 1.2;
    const Stats wheel = timeIt([&] {
        gantt.zoomBy(factor, 800);
        factor = 1.0 / factor; // alternate in and out
        plot->replot(QCustomPlot::rpImmediateRefresh);
    });
    print("wheel step (zoom + replot):", wheel);

    MemoryView memory;
    memory.resize(kWidth, kHeight);
    memory.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
    memory.show();
    QApplication::processEvents();
    std::size_t steps = 0;
    for (const MemoryTrack &m : s.memories)
        steps += m.steps.size();
    std::printf("Memory: %zu memories, %zu occupancy steps\n", s.memories.size(), steps);
    const Stats mem = timeIt([&] { memory.plot()->replot(QCustomPlot::rpImmediateRefresh); });
    print("replot, whole schedule:", mem);
    bool in = true;
    const Stats memZoom = timeIt([&] {
        const TimeRange r = memory.visibleRange();
        const double c = 0.5 * (r.lo + r.hi), h = 0.5 * r.span() * (in ? 0.8 : 1.25);
        in = !in;
        memory.setVisibleRange({c - h, c + h}); // re-downsamples
        memory.plot()->replot(QCustomPlot::rpImmediateRefresh);
    });
    print("zoom step (resample + replot):", memZoom);

    if (argc > 1)
        screenshots(QString::fromLocal8Bit(argv[1]));
    return 0;
}
