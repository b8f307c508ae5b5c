// SPDX-License-Identifier: GPL-3.0-or-later
// The Schedule tab of the real main window, as a new user first sees it: at the default size
// with the Network, Properties and Log docks open, the Gantt and memory views fill their panes
// and are drawn (not a stale buffer, not blank), their time axes cover the same range with the
// same plot-area edges; closing and reopening docks and shrinking the window keep them drawn
// (a pane too small for a plot scrolls instead).
#include "document/project_document.h"
#include "gui/main_window.h"
#include "gui/schedule_panel.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"

#include "qcp_include.h"

#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>

using namespace fuselab;

namespace {

/// The scroll area a plot sits in (timeline::wrapInScrollArea).
QScrollArea *scrollAreaOf(QWidget *plot)
{
    for (QWidget *w = plot->parentWidget(); w; w = w->parentWidget())
        if (auto *a = qobject_cast<QScrollArea *>(w))
            return a;
    return nullptr;
}

/// Pixels of `img` inside `r` that differ from the plot's white background.
int inkedPixels(const QImage &img, const QRect &r)
{
    int n = 0;
    const QRect clipped = r.intersected(img.rect());
    for (int y = clipped.top(); y <= clipped.bottom(); ++y)
        for (int x = clipped.left(); x <= clipped.right(); ++x)
            if ((img.pixel(x, y) & 0xffffff) != 0xffffff)
                ++n;
    return n;
}

/// Dark pixels (text, axes) inside `r`.
int darkPixels(const QImage &img, const QRect &r)
{
    int n = 0;
    const QRect clipped = r.intersected(img.rect());
    for (int y = clipped.top(); y <= clipped.bottom(); ++y)
        for (int x = clipped.left(); x <= clipped.right(); ++x)
            if (qGray(img.pixel(x, y)) < 110)
                ++n;
    return n;
}

} // namespace

class TestGuiScheduleLayout : public QObject {
    Q_OBJECT

    /// The checks every layout must pass; `where` names the layout in failure messages.
    static void checkDrawn(MainWindow &w, const char *where)
    {
        QApplication::processEvents();
        SchedulePanel *panel = w.schedulePanel();
        QCustomPlot *gantt = panel->gantt()->plot();
        QCustomPlot *memory = panel->memory()->plot();
        const auto &tracks = panel->gantt()->timeline().tracks;
        QVERIFY2(tracks.size() >= 5, where); // 4 cores + DRAM at least
        // The queued replots and the edge alignment settle in a few event loop passes.
        for (int i = 0; i < 6; ++i) {
            gantt->replot();
            memory->replot();
            QApplication::processEvents();
        }
        for (QCustomPlot *plot : {gantt, memory}) {
            const QString name = plot == gantt ? QStringLiteral("Gantt") : QStringLiteral("memory");
            const QByteArray msg = (name + QStringLiteral(" in ") + QLatin1String(where)).toUtf8();
            QVERIFY2(plot->isVisible(), msg.constData());
            // The paint buffers follow the widget: a skipped resize painted stale pixels.
            QCOMPARE(plot->viewport(), plot->rect());
            // The plot fills its pane: at least the scroll area's viewport in both directions,
            // larger only when the pane is smaller than the plot's minimum (then a scrollbar shows).
            QScrollArea *area = scrollAreaOf(plot);
            QVERIFY2(area, msg.constData());
            const QSize pane = area->viewport()->size();
            QVERIFY2(pane.width() > 100 && pane.height() > 100, msg.constData());
            QVERIFY2(plot->width() >= pane.width() && plot->height() >= pane.height(), msg.constData());
            if (plot->width() > pane.width())
                QVERIFY2(area->horizontalScrollBar()->isVisible(), msg.constData());
            if (plot->height() > pane.height())
                QVERIFY2(area->verticalScrollBar()->isVisible(), msg.constData());
            // Every axis rect lies inside the plot.
            for (QCPAxisRect *r : plot->axisRects()) {
                const QRect o = r->outerRect();
                QVERIFY2(plot->rect().contains(o.adjusted(0, 0, -1, -1)),
                         qPrintable(QStringLiteral("%1: axis rect %2,%3 %4x%5 in %6x%7")
                                        .arg(QLatin1String(msg))
                                        .arg(o.x())
                                        .arg(o.y())
                                        .arg(o.width())
                                        .arg(o.height())
                                        .arg(plot->width())
                                        .arg(plot->height())));
            }
        }
        // Every Gantt row has room for its label (8 px a row at least).
        const QRect ga = gantt->axisRect()->rect();
        QVERIFY2(ga.height() >= 8 * static_cast<int>(tracks.size()), where);
        // Drawn content: tiles in the plot area, left half and right half (the schedule is
        // fitted: work runs until the end), and the time axis' tick labels and title below it.
        const QImage gi = gantt->grab().toImage();
        QVERIFY2(inkedPixels(gi, QRect(ga.left(), ga.top(), ga.width() / 2, ga.height())) > ga.height() * 4, where);
        QVERIFY2(inkedPixels(gi, QRect(ga.center().x(), ga.top(), ga.width() / 2, ga.height())) > ga.height() * 4,
                 where);
        QVERIFY2(darkPixels(gi, QRect(ga.left(), ga.bottom() + 2, ga.width(), gantt->height() - ga.bottom() - 2)) > 40,
                 where);
        // Row labels left of the plot area.
        QVERIFY2(darkPixels(gi, QRect(0, ga.top(), ga.left(), ga.height())) > 20 * static_cast<int>(tracks.size()),
                 where);
        // The memory view: one panel per memory, each with its occupancy drawn.
        const QImage mi = memory->grab().toImage();
        const auto &memories = panel->memory()->memories();
        QVERIFY2(memories.size() >= 4, where);
        for (int m = 0; m < static_cast<int>(memories.size()); ++m) {
            const QRect r = panel->memory()->panel(m)->rect();
            QVERIFY2(r.height() >= 12 && r.width() > 100, where);
            QVERIFY2(inkedPixels(mi, r) > r.width(), where); // grid, areas, capacity line
        }
        // The time axes agree: the same range, and the plot areas' left and right edges at the
        // same x on screen.
        const QCPRange gr = panel->gantt()->timeAxis()->range();
        const QCPRange mr = panel->memory()->timeAxis()->range();
        QCOMPARE(gr.lower, mr.lower);
        QCOMPARE(gr.upper, mr.upper);
        QVERIFY2(gr.upper >= static_cast<double>(panel->gantt()->timeline().endCycle), where);
        const QCPAxisRect *m0 = panel->memory()->panel(0);
        const int gLeft = gantt->mapToGlobal(QPoint(ga.left(), 0)).x();
        const int mLeft = memory->mapToGlobal(QPoint(m0->rect().left(), 0)).x();
        const int gRight = gantt->mapToGlobal(QPoint(ga.right(), 0)).x();
        const int mRight = memory->mapToGlobal(QPoint(m0->rect().right(), 0)).x();
        QVERIFY2(std::abs(gLeft - mLeft) <= 1,
                 qPrintable(QStringLiteral("%1: left edges %2 / %3").arg(QLatin1String(where)).arg(gLeft).arg(mLeft)));
        QVERIFY2(std::abs(gRight - mRight) <= 1, qPrintable(QStringLiteral("%1: right edges %2 / %3")
                                                                .arg(QLatin1String(where))
                                                                .arg(gRight)
                                                                .arg(mRight)));
    }

    static void waitForDefaultRun(MainWindow &w)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->runs().empty() && !w.schedulePanel()->isRunning(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.schedulePanel()->gantt()->timeline().tracks.empty(), 10000);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void drawnAtDefaultSizeWithDocks()
    {
        MainWindow w(MainWindow::Options{false, false});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), QSize(1600, 1000)); // the default size, docks at their defaults
        for (const char *dock : {"networkDock", "propertiesDock", "logDock"})
            QVERIFY2(w.findChild<QDockWidget *>(QLatin1String(dock))->isVisible(), dock);
        waitForDefaultRun(w);
        // The floorplan tab was shown first (the Gantt was laid out while hidden): switch.
        w.showScheduleTab(true);
        checkDrawn(w, "default layout");
    }

    void drawnAfterTogglingDocks()
    {
        MainWindow w(MainWindow::Options{false, false});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        waitForDefaultRun(w);
        w.showScheduleTab(true);
        checkDrawn(w, "default layout");
        auto *network = w.findChild<QDockWidget *>(QStringLiteral("networkDock"));
        auto *properties = w.findChild<QDockWidget *>(QStringLiteral("propertiesDock"));
        auto *layers = w.findChild<QDockWidget *>(QStringLiteral("layerDock"));
        network->close();
        properties->close();
        layers->close();
        checkDrawn(w, "docks closed");
        network->show();
        checkDrawn(w, "network dock reopened");
        properties->show();
        checkDrawn(w, "both docks reopened");
        // Maximised on a larger screen, then a small window: still drawn, scrolling if need be.
        w.resize(1920, 1080);
        checkDrawn(w, "1920x1080");
        w.resize(1000, 640);
        checkDrawn(w, "small window");
        w.showScheduleTab(false);
        w.resize(1600, 1000);
        QApplication::processEvents();
        w.showScheduleTab(true); // resized while hidden
        checkDrawn(w, "resized while on the other tab");
    }
};

QTEST_MAIN(TestGuiScheduleLayout)
#include "tst_gui_schedule_layout.moc"
