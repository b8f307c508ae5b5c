// SPDX-License-Identifier: GPL-3.0-or-later
// What-if (issue 15, item 4): with "Re-run on edit" on, a hardware edit re-runs the current
// strategy in the background; time from the edit to the views showing the new run.
// Usage: bench_gui_whatif [EDITS]  (default 7)
// The default project (ResNet-18 on the quad core), the Schedule panel shown at 1600x1000,
// strategy explore at the panel's default budget (NSGA-II 100 generations, every hardware
// thread). Each edit halves or restores the bandwidth of the first link (ring01) through
// ProjectDocument::editAccelerator, the undoable command the floorplan inspector uses. For
// each edit it prints: edit -> the previous best plan, re-evaluated on the edited hardware, in
// the views (the panel's whatIfPreviewShown); edit -> the search's run in the views (the panel's runFinished, after its views
// were filled, plus the repaint it causes), of which the debounce, the search alone and the
// rest (timeline preparation, filling the views, storing the run); and what re-evaluating the
// previous best plan on the edited hardware (one schedule) would take instead of a search.
// Prints the medians. The platform is QT_QPA_PLATFORM (offscreen unless set).
#include "document/project_document.h"
#include "gui/default_project.h"
#include "gui/schedule_panel.h"
#include "search/explorer.h"
#include "timeline/gantt_view.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace fuselab;

namespace {
/// Runs the event loop until the panel's next runFinished (true) or `ms` pass (false).
bool waitForRun(SchedulePanel &panel, int ms)
{
    QEventLoop loop;
    bool finished = false;
    const auto c = QObject::connect(&panel, &SchedulePanel::runFinished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return finished;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

/// Seconds `f` takes.
template <class F>
double seconds(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}
} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int edits = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;

    ProjectDocument doc;
    doc.resetProject(defaultProject());
    SchedulePanel panel(&doc);
    panel.resize(1600, 1000);
    panel.show();
    const ExploreOptions options = panel.exploreOptionsFromPanel(); // the panel's default budget
    std::printf("ResNet-18 on %s, explore: objective latency, %d generations x %d, %d threads\n",
                doc.accelerator().name.c_str(), options.generations, options.population, options.threads);
    panel.startExplore(options);
    if (!waitForRun(panel, 120000)) {
        std::fprintf(stderr, "the first explore did not finish\n");
        return 1;
    }
    // The strategy the what-if re-runs: explore, as chosen in the run form.
    auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategyCombo"));
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("explore")));
    panel.setRerunOnEdit(true);

    const Accelerator original = doc.accelerator();
    std::vector<double> total, search, reeval, previewed;
    QElapsedTimer clock;
    double previewMs = -1;
    QObject::connect(&panel, &SchedulePanel::whatIfPreviewShown, &panel, [&] {
        QApplication::processEvents(); // its repaint
        previewMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    });
    std::printf("%4s %10s %10s %10s %10s %10s %12s  %s\n", "edit", "preview", "total", "debounce", "search",
                "rest", "re-evaluate", "what-if");
    for (int i = 0; i < edits; ++i) {
        Accelerator edited = original;
        if (i % 2 == 0)
            edited.links[0].bandwidth /= 2;
        const QString before = panel.currentRun();
        const Plan previousBest = findRun(doc.runs(), before.toStdString())->plan;
        previewMs = -1;
        clock.start();
        doc.editAccelerator(edited, QStringLiteral("ring01 bandwidth"));
        if (!waitForRun(panel, 120000)) {
            std::fprintf(stderr, "edit %d: no re-run\n", i);
            return 1;
        }
        QApplication::processEvents(); // the repaint of the views showing the new run
        const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        // The parts, measured apart on the same design: the search alone, and one schedule of
        // the previous best plan (what an incremental re-run would show at once).
        const double searchMs = 1e3 * seconds([&] { (void)explore(doc.workload(), doc.accelerator(), options); });
        const double reevalMs = 1e3 * seconds([&] {
            (void)makeRun("re-evaluated", "explore", doc.workload(), doc.accelerator(), previousBest);
        });
        const double debounceMs = SchedulePanel::kRerunDebounceMs;
        std::printf("%4d %7.0f ms %7.0f ms %7.0f ms %7.0f ms %7.0f ms %9.0f ms  %s\n", i + 1, previewMs, ms,
                    debounceMs, searchMs,
                    std::max(0.0, ms - debounceMs - searchMs), reevalMs, qPrintable(panel.lastWhatIf()));
        if (panel.currentRun() == before || panel.gantt()->timeline().tracks.empty()) {
            std::fprintf(stderr, "edit %d: the views do not show the new run\n", i);
            return 1;
        }
        total.push_back(ms);
        previewed.push_back(previewMs);
        search.push_back(searchMs);
        reeval.push_back(reevalMs);
    }
    std::printf("median of %d edits: edit -> previous best re-evaluated in the views %.0f ms, edit -> the "
                "search's run in the views %.0f ms (target <= 1000 ms), search alone %.0f ms, re-evaluating the "
                "previous best %.0f ms\n",
                edits, median(previewed), median(total), median(search), median(reeval));
    return 0;
}
