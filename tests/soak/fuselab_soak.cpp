// SPDX-License-Identifier: GPL-3.0-or-later
// The soak test of issue 7 §5 (not in CI; documented in README.md, figures in BENCHMARKS.md):
// the real main window, driven for --minutes by a seeded random script of what a user does —
// workload edits through the graph editor's operations, hardware edits through the
// floorplan's, undo and redo, schedule runs, searches on every core (some cancelled at a
// random moment), saves and reopenings of the project file. It prints the resident set size
// (RSS) as it goes and fails when, after the warm-up, the RSS grows beyond --max-growth
// (10 %) of the largest RSS seen during the warm-up, when an operation reports an error it
// should not, or when a reopened project differs from what was saved. A crash fails it too.
//
//   fuselab_soak [--minutes 60] [--seed 1] [--warmup-minutes M] [--max-growth 0.10]
//                [--report-seconds 30] [--dir DIR] [--skip-teardown 1]
// --skip-teardown 1 exits without running destructors, so that a memory profiler
// (heaptrack build/tests/fuselab_soak …) reports everything still allocated at the end.
// SOAK_PIXMAP_CACHE_KB=N sets Qt's QPixmapCache limit (default 10240 KiB): with 0 the heap's
// growth during the first minutes mostly disappears, which is how that cache was found to be
// the main bounded buffer that fills during the warm-up (BENCHMARKS.md, "Soak test").
#include "document/project_document.h"
#include "gui/allocator_policy.h"
#include "floorplan/floorplan_edits.h"
#include "graph/graph_edits.h"
#include "gui/main_window.h"
#include "gui/schedule_panel.h"
#include "project/project_file.h"
#include "search/explorer.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPixmapCache>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <malloc.h>
#include <random>
#include <string>
#include <unistd.h>

using namespace fuselab;

namespace {

struct Options {
    double minutes = 60;
    double warmupMinutes = -1; // default: a quarter of the run, at most 5 minutes
    double maxGrowth = 0.10;
    double reportSeconds = 30;
    unsigned seed = 1;
    bool skipTeardown = false; // exit without destructors: heaptrack then lists what was live
    QString dir;
};

[[noreturn]] void usage(const char *why)
{
    std::fprintf(stderr,
                 "fuselab_soak: %s\nusage: fuselab_soak [--minutes 60] [--seed 1] [--warmup-minutes M] "
                 "[--max-growth 0.10] [--report-seconds 30] [--dir DIR] [--skip-teardown 1]\n",
                 why);
    std::exit(2);
}

Options parseOptions(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            usage(("missing value after " + a).c_str());
        const char *v = argv[++i];
        char *end = nullptr;
        const double d = std::strtod(v, &end);
        const bool number = end && *end == '\0' && d >= 0;
        if (a == "--dir")
            o.dir = QString::fromLocal8Bit(v);
        else if (!number)
            usage(("not a number: " + a + " " + v).c_str());
        else if (a == "--minutes")
            o.minutes = d;
        else if (a == "--warmup-minutes")
            o.warmupMinutes = d;
        else if (a == "--max-growth")
            o.maxGrowth = d;
        else if (a == "--report-seconds")
            o.reportSeconds = d;
        else if (a == "--seed")
            o.seed = static_cast<unsigned>(d);
        else if (a == "--skip-teardown")
            o.skipTeardown = d != 0;
        else
            usage(("unknown option " + a).c_str());
    }
    if (o.warmupMinutes < 0)
        o.warmupMinutes = std::min(5.0, o.minutes / 4);
    return o;
}

/// Resident set size of this process in MiB (/proc/self/statm: pages).
double rssMiB()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

/// Where the resident memory is: glibc's malloc (mallinfo2: bytes handed out and not got back,
/// and free bytes it keeps inside its heaps) and the process's anonymous resident pages
/// (/proc/self/smaps_rollup). Anonymous RSS beyond the allocator's heaps is memory from other
/// mappings (thread stacks, Qt's or a library's own mmaps); free bytes inside the heaps that
/// stay resident are fragmentation.
struct MemorySplit {
    double inUse = 0, heapFree = 0, anon = 0; // MiB
};

MemorySplit memorySplit()
{
    MemorySplit m;
    const struct mallinfo2 mi = mallinfo2();
    m.inUse = static_cast<double>(mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
    m.heapFree = static_cast<double>(mi.fordblks) / (1024.0 * 1024.0);
    if (FILE *f = std::fopen("/proc/self/smaps_rollup", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f)) {
            long kb = 0;
            if (std::sscanf(line, "Anonymous: %ld kB", &kb) == 1)
                m.anon = static_cast<double>(kb) / 1024.0;
        }
        std::fclose(f);
    }
    return m;
}

[[noreturn]] void fail(const std::string &why)
{
    std::fprintf(stderr, "fuselab_soak: FAILED: %s\n", why.c_str());
    std::fflush(stderr);
    std::exit(1);
}

/// Qt's warnings, each distinct text printed once (a view re-laid out on every action would
/// otherwise repeat the same line thousands of times); counted for the summary.
int qtWarnings = 0;
QtMessageHandler previousHandler = nullptr;

void onQtMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    static QSet<QString> seen;
    if (type == QtDebugMsg || type == QtInfoMsg)
        return;
    ++qtWarnings;
    if (!seen.contains(text)) {
        seen.insert(text);
        previousHandler(type, context, text);
    }
}

class Soak {
public:
    Soak(const Options &o, const QString &dir)
        : opt_(o), rng_(o.seed), path_(QDir(dir).filePath(QStringLiteral("soak.fuselab"))),
          window_(MainWindow::Options{false, false})
    {
        window_.resize(1600, 1000);
        window_.show();
        doc_ = window_.document();
        panel_ = window_.schedulePanel();
        waitIdle(); // the default run
        check(window_.saveProjectAs(path_), "first save");
        baseLayers_ = doc_->workload().layers.size();
    }

    int run()
    {
        QElapsedTimer clock;
        clock.start();
        const double total = opt_.minutes * 60e3, warmup = opt_.warmupMinutes * 60e3;
        double warmPeak = 0, laterPeak = 0, nextReport = 0;
        std::printf("soak: %.1f min, warm-up %.1f min, seed %u, max growth %.0f %%, file %s\n", opt_.minutes,
                    opt_.warmupMinutes, opt_.seed, opt_.maxGrowth * 100, qPrintable(path_));
        std::printf("%8s %9s %8s %8s %8s %8s %6s %6s %6s %6s %6s %6s %8s %6s %8s %8s\n", "seconds", "RSS MiB",
                    "anon", "in use", "free", "actions",
                    "edits", "runs", "search", "cancel", "saves", "opens", "log", "undo", "widgets",
                    "objects");
        while (clock.elapsed() < total) {
            step();
            QTest::qWait(static_cast<int>(rng_() % 20)); // let views repaint between actions
            const double now = static_cast<double>(clock.elapsed());
            const double rss = rssMiB();
            if (now < warmup)
                warmPeak = std::max(warmPeak, rss);
            else
                laterPeak = std::max(laterPeak, rss);
            if (now >= nextReport) {
                // The Log dock (capped at 5000 lines) and the undo stack are the app's growing buffers.
                const MemorySplit split = memorySplit();
                std::printf("%8.0f %9.1f %8.1f %8.1f %8.1f %8d %6d %6d %6d %6d %6d %6d %8lld %6d %8lld %8lld\n",
                            now / 1e3, rss, split.anon, split.inUse, split.heapFree,
                            actions_, edits_, runs_, searches_, cancels_, saves_, opens_,
                            static_cast<long long>(window_.logText().count(QLatin1Char('\n'))),
                            static_cast<int>(doc_->undoStack()->count()),
                            static_cast<long long>(QApplication::allWidgets().size()),
                            static_cast<long long>(window_.findChildren<QObject *>().size()));
                std::fflush(stdout);
                nextReport += opt_.reportSeconds * 1e3;
            }
            if (now >= warmup && warmPeak > 0 && rss > warmPeak * (1 + opt_.maxGrowth))
                fail("RSS " + std::to_string(rss) + " MiB exceeds the warm-up peak " +
                     std::to_string(warmPeak) + " MiB by more than " + std::to_string(opt_.maxGrowth * 100) +
                     " %");
        }
        waitIdle();
        printObjectClasses();
        std::printf(
            "soak: done after %.0f s: %d actions (%d edits, %d undo/redo, %d runs, %d searches, %d "
            "cancelled, %d saves, %d reopenings, %d Qt warnings); RSS warm-up peak %.1f MiB, later peak "
            "%.1f MiB (%+.1f %%), final %.1f MiB\n",
            static_cast<double>(clock.elapsed()) / 1e3, actions_, edits_, undos_, runs_, searches_, cancels_,
            saves_, opens_, qtWarnings, warmPeak, laterPeak,
            warmPeak > 0 ? (laterPeak / warmPeak - 1) * 100 : 0.0, rssMiB());
        if (opt_.skipTeardown) {
            std::fflush(stdout);
            std::_Exit(0);
        }
        return 0;
    }

private:
    /// The main window's QObjects by class, most frequent first: where a growing count lives.
    void printObjectClasses()
    {
        std::map<std::string, int> byClass;
        for (const QObject *o : window_.findChildren<QObject *>())
            ++byClass[o->metaObject()->className()];
        std::vector<std::pair<int, std::string>> sorted;
        for (const auto &[name, n] : byClass)
            sorted.emplace_back(n, name);
        std::sort(sorted.rbegin(), sorted.rend());
        std::printf("objects by class:");
        for (size_t i = 0; i < sorted.size() && i < 8; ++i)
            std::printf(" %s %d", sorted[i].second.c_str(), sorted[i].first);
        std::printf("\n");
    }

    static void check(bool ok, const std::string &what)
    {
        if (!ok)
            fail(what);
    }

    int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(std::max(1, n))); }

    /// Waits for the schedule panel's run or search to finish (it must, within a minute).
    void waitIdle()
    {
        QElapsedTimer t;
        t.start();
        while (panel_->isRunning()) {
            QTest::qWait(10);
            if (t.elapsed() > 60000)
                fail("a run or search did not finish within a minute");
        }
    }

    void step()
    {
        ++actions_;
        const int what = pick(100);
        if (what < 25)
            editWorkload();
        else if (what < 40)
            editHardware();
        else if (what < 50)
            undoRedo();
        else if (what < 60)
            scheduleRun();
        else if (what < 80)
            search();
        else if (what < 90)
            save();
        else
            reopen();
    }

    void editWorkload()
    {
        ++edits_;
        const Workload &w = doc_->workload();
        if (w.layers.empty())
            return;
        const LayerId l = pick(static_cast<int>(w.layers.size()));
        const int kind = pick(3);
        if (kind == 0 && w.layers.size() < baseLayers_ + 6) {
            graphedit::insertLayerAfter(doc_, l);
        } else if (kind == 1 && w.layers.size() > baseLayers_) {
            graphedit::deleteLayer(doc_, static_cast<LayerId>(w.layers.size() - 1));
        } else {
            Layer edited = w.layers[static_cast<size_t>(l)];
            const int bits[] = {4, 8, 16};
            edited.precision.w = bits[pick(3)];
            edited.precision.i = bits[pick(3)];
            graphedit::editLayerFields(doc_, l, edited);
        }
    }

    void editHardware()
    {
        ++edits_;
        Accelerator acc = doc_->accelerator();
        const int kind = pick(3);
        if (kind == 0 && !acc.cores.empty()) { // move a core to a free spot
            const Core &c = acc.cores[static_cast<size_t>(pick(static_cast<int>(acc.cores.size())))];
            const BlockRef ref{BlockRef::Core, c.name};
            if (auto p = freePlacement(acc, c.place.w, c.place.h))
                setPlacement(acc, ref, *p);
        } else if (kind == 1 && !acc.cores.empty()) { // a faster or slower clock
            Core &c = acc.cores[static_cast<size_t>(pick(static_cast<int>(acc.cores.size())))];
            c.clockMHz = 500.0 + 100.0 * pick(11);
        } else { // a shared memory appears, or the one added before goes
            const BlockRef added{BlockRef::Memory, "soak_buffer"};
            if (exists(acc, added)) {
                deleteBlock(acc, added);
            } else if (auto p = freePlacement(acc, 2, 2)) {
                const BlockRef ref = addBlock(acc, PaletteBlock::SharedMemory, p->x, p->y);
                renameBlock(acc, ref, added.name);
            }
        }
        if (!(acc == doc_->accelerator()))
            doc_->editAccelerator(acc, QStringLiteral("soak edit"));
    }

    void undoRedo()
    {
        ++undos_;
        QUndoStack *undo = doc_->undoStack();
        if (pick(2) == 0 && undo->canUndo())
            undo->undo();
        else if (undo->canRedo())
            undo->redo();
    }

    void scheduleRun()
    {
        waitIdle();
        ++runs_;
        RunRequest r;
        r.strategy = pick(3) == 0 ? "lbl" : "fused";
        r.tileRows = 1 + pick(8);
        r.name = "soak_run" + std::to_string(pick(4));
        panel_->startRun(r);
        waitIdle();
        trimRuns();
    }

    void search()
    {
        waitIdle();
        ++searches_;
        ExploreOptions o;
        o.threads = 0; // every core
        o.seed = rng_();
        o.generations = 2 + pick(10);
        o.population = 8 + 4 * pick(4);
        panel_->startExplore(o, "soak_search" + std::to_string(pick(3)));
        if (pick(2) == 0) { // cancelled at a random moment, or runs to the end
            QTest::qWait(pick(1500));
            if (panel_->isRunning()) {
                ++cancels_;
                panel_->cancelRun();
            }
        }
        waitIdle();
        trimRuns();
    }

    /// Keeps the project to a handful of runs, as a user deleting old ones would.
    void trimRuns()
    {
        while (doc_->runs().size() > 6)
            doc_->removeRun(doc_->runs().front().name);
    }

    void save()
    {
        waitIdle();
        ++saves_;
        check(window_.saveProjectAs(path_), "save: " + window_.lastError().toStdString());
        saved_ = doc_->project();
    }

    void reopen()
    {
        waitIdle();
        if (!saved_) // nothing saved by the script yet: save first
            save();
        ++opens_;
        check(window_.openProject(path_), "reopen: " + window_.lastError().toStdString());
        // What was saved comes back, with its runs.
        check(doc_->workload() == saved_->workload, "reopened workload differs from the saved one");
        check(doc_->accelerator() == saved_->accelerator, "reopened accelerator differs from the saved one");
        // Every run is kept, also those of an earlier design (with its snapshot).
        check(doc_->runs().size() == saved_->runs.size(),
              "reopened project has another number of runs");
        check(!doc_->isModified(), "a reopened project is marked modified");
    }

    Options opt_;
    std::mt19937 rng_;
    QString path_;
    MainWindow window_;
    ProjectDocument *doc_ = nullptr;
    SchedulePanel *panel_ = nullptr;
    size_t baseLayers_ = 0;
    std::optional<Project> saved_;
    int actions_ = 0, edits_ = 0, undos_ = 0, runs_ = 0, searches_ = 0, cancels_ = 0, saves_ = 0, opens_ = 0;
};

} // namespace

int main(int argc, char **argv)
{
    const Options opt = parseOptions(argc, argv);
    configureAllocator(); // as the app's main() does
    // Headless by default, and never the user's own settings (recent files).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir scratch;
    if (!scratch.isValid())
        fail("no temporary directory");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(scratch.filePath(QStringLiteral("config"))));
    previousHandler = qInstallMessageHandler(onQtMessage);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("fuselab-soak"));
    if (const char *kb = std::getenv("SOAK_PIXMAP_CACHE_KB"))
        QPixmapCache::setCacheLimit(std::atoi(kb));
    Soak soak(opt, opt.dir.isEmpty() ? scratch.path() : opt.dir);
    return soak.run();
}
