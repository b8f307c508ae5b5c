// SPDX-License-Identifier: GPL-3.0-or-later
// The Gantt and memory views on the offscreen platform: hit-testing through the widget at
// several zoom levels, click and layer selection, keyboard navigation and zoom history,
// range selection, linked time axes, and figure export (SVG / PDF / PNG).
#include "timeline/figure_export.h"
#include "timeline/figure_options_dialog.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/synthetic_timeline.h"
#include "util/figure_file.h"
#include "workload/repeated_blocks.h"

#include "qcp_include.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <set>

using namespace fuselab;
using namespace fuselab::timeline;

namespace {
// Core 0: ten tiles of 100 cycles, tile i = [100i, 100i+100) of layer i.
// DRAM:   one transfer [450, 550) of layer 3.
TimelineData tenTiles()
{
    TimelineData d;
    d.endCycle = 1000;
    d.clockMHz = 500.0;
    Track core{"Core 0", Track::Compute, {}};
    for (int i = 0; i < 10; ++i) {
        Slice s;
        s.start = 100 * i;
        s.end = 100 * i + 100;
        s.layer = i;
        s.tile = 0;
        s.group = i / 2;
        s.id = i;
        if (i > 0)
            s.deps = {i - 1};
        core.slices.push_back(s);
    }
    Track dram{"DRAM", Track::Dram, {}};
    Slice t;
    t.start = 450;
    t.end = 550;
    t.layer = 3;
    t.operand = 1;
    t.bytes = 2048;
    t.id = 100;
    dram.slices.push_back(t);
    d.tracks = {core, dram};
    for (int i = 0; i < 10; ++i) {
        d.layerNames.push_back("layer" + std::to_string(i));
        d.layerGroup.push_back(i / 2);
    }
    return d;
}

QPointF at(const GanttView &g, double t, double row)
{
    return {g.plot()->xAxis->coordToPixel(t), g.plot()->yAxis->coordToPixel(row)};
}

void showAndLayout(QWidget &w, QCustomPlot *plot)
{
    w.resize(1000, 420);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    plot->replot(); // lays out the axis rect, so pixel <-> coordinate conversions are final
}

// Every message Qt and QCustomPlot print while it lives (QCustomPlot reports layout
// failures with qDebug).
class MessageCatcher {
public:
    MessageCatcher() { previous_ = qInstallMessageHandler(&MessageCatcher::handle); }
    ~MessageCatcher() { qInstallMessageHandler(previous_); }
    MessageCatcher(const MessageCatcher &) = delete;
    MessageCatcher &operator=(const MessageCatcher &) = delete;
    static QStringList &messages()
    {
        static QStringList m;
        return m;
    }

private:
    static void handle(QtMsgType, const QMessageLogContext &, const QString &text) { messages() << text; }
    QtMessageHandler previous_ = nullptr;
};

QStringList svgTexts(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader xml(&f);
    QStringList texts;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QStringLiteral("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
    }
    if (xml.hasError())
        return {QStringLiteral("XML ERROR: ") + xml.errorString()};
    return texts;
}
} // namespace

class TestTimelineViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hitTestAtSeveralZooms()
    {
        GanttView g;
        g.setTimeline(tenTiles());
        showAndLayout(g, g.plot());
        const std::vector<TimeRange> zooms = {
            g.visibleRange(), {200, 300}, {240, 260}, {0, 1000}, {430, 570}};
        for (const TimeRange &z : zooms) {
            g.setVisibleRange(z);
            QCOMPARE(g.visibleRange(), z);
            for (double frac : {0.05, 0.37, 0.5, 0.93}) {
                const double t = z.lo + frac * z.span();
                if (t < 0 || t >= 1000 || std::abs(t / 100 - std::round(t / 100)) < 0.02)
                    continue; // off the chart or too close to a tile boundary
                const SliceRef hit = g.hitTest(at(g, t, 0.0));
                QCOMPARE(hit.track, 0);
                QCOMPARE(hit.slice, static_cast<int>(t / 100)); // tile i covers [100i, 100i+100)
            }
        }
        g.setVisibleRange({0, 1000});
        QCOMPARE(g.hitTest(at(g, 500, 1.0)), (SliceRef{1, 0})); // the DRAM transfer
        QVERIFY(!g.hitTest(at(g, 200, 1.0)).valid());           // DRAM idle at 200
        QVERIFY(!g.hitTest(at(g, 250, 0.5)).valid());           // between the rows
        QVERIFY(g.sliceDetails({1, 0}).contains(QStringLiteral("operand W")));
        QVERIFY(g.sliceDetails({1, 0}).contains(QStringLiteral("2 KiB")));
        QVERIFY(g.sliceDetails({0, 4}).contains(QStringLiteral("layer4")));
    }

    void hitTestHundredThousandTiles()
    {
        // 100,000 one-cycle tiles with one-cycle gaps: tile i = [2i, 2i+1); ~220 tiles per pixel.
        TimelineData d;
        d.endCycle = 200000;
        Track t{"Core 0", Track::Compute, {}};
        for (int i = 0; i < 100000; ++i) {
            Slice s;
            s.start = 2 * i;
            s.end = 2 * i + 1;
            s.layer = i % 5;
            t.slices.push_back(s);
        }
        d.tracks = {t};
        GanttView g;
        g.setTimeline(d);
        showAndLayout(g, g.plot());
        QCOMPARE(g.hitTest(at(g, 2 * 77777 + 0.5, 0)).slice, 77777);
        g.setVisibleRange({150000, 150020}); // 20 cycles: ~45 px per cycle
        QCOMPARE(g.hitTest(at(g, 150010.5, 0)).slice, 75005);
        QVERIFY(!g.hitTest(at(g, 150011.5, 0)).valid()); // mid-gap, 22 px from either tile
    }

    void clickSelectsAndLayerHighlights()
    {
        GanttView g;
        g.setTimeline(tenTiles());
        showAndLayout(g, g.plot());
        QSignalSpy slices(&g, &GanttView::sliceSelected);
        QSignalSpy layers(&g, &GanttView::layerSelected);
        QTest::mouseClick(g.plot(), Qt::LeftButton, {}, at(g, 350, 0).toPoint());
        QCOMPARE(slices.count(), 1);
        QCOMPARE(slices.at(0).at(0).toInt(), 0);
        QCOMPARE(slices.at(0).at(1).toInt(), 3);
        QCOMPARE(layers.at(0).at(0).toInt(), 3);
        QCOMPARE(g.selectedSlice(), (SliceRef{0, 3}));
        QCOMPARE(g.selectedLayer(), 3);
        // From the graph: highlight a layer; that must not echo a signal back.
        g.setSelectedLayer(7);
        QCOMPARE(g.selectedLayer(), 7);
        QVERIFY(!g.selectedSlice().valid()); // the selected tile was of another layer
        QCOMPARE(layers.count(), 1);
        // Clicking empty space clears.
        QTest::mouseClick(g.plot(), Qt::LeftButton, {}, at(g, 200, 1.0).toPoint());
        QCOMPARE(layers.last().at(0).toInt(), -1);
        QCOMPARE(g.selectedLayer(), -1);
    }

    void dependencyArrowsAndLegend()
    {
        GanttView g;
        g.setTimeline(tenTiles()); // tile i depends on tile i-1 (ids = indices)
        showAndLayout(g, g.plot());
        g.selectSlice({0, 3});
        using Arrow = std::pair<SliceRef, SliceRef>;
        const std::vector<Arrow> expected = {{{0, 2}, {0, 3}}, {{0, 3}, {0, 4}}}; // producer, then consumer
        QCOMPARE(g.tiles()->arrows(), expected);
        g.setShowDependencies(false);
        QVERIFY(g.tiles()->arrows().empty());
        // Legend: ten layers when coloured by layer; five groups (layer / 2) by group.
        QCOMPARE(g.legendTexts().size(), 10);
        QCOMPARE(g.legendTexts().first(), QStringLiteral("layer0"));
        g.setColorBy(ColorBy::Group);
        QCOMPARE(g.legendTexts().size(), 5);
        QCOMPARE(g.legendTexts().at(1), QStringLiteral("G1 layer2\u2026")); // named by its first layer
        // Zoomed on tiles 3-4, only their groups (1 and 2) are listed.
        g.setVisibleRange({320, 480});
        QCOMPARE(g.legendTexts(),
                 (QStringList{QStringLiteral("G1 layer2\u2026"), QStringLiteral("G2 layer4\u2026")}));
    }

    void keyboardAndHistory()
    {
        GanttView g;
        g.setTimeline(tenTiles());
        showAndLayout(g, g.plot());
        const TimeRange fit = g.visibleRange();
        QCOMPARE(fit, (TimeRange{-10, 1010})); // [0, 1000] with a 1% margin
        g.plot()->setFocus();
        QTest::keyClick(g.plot(), Qt::Key_W); // zoom in x1.25: span 1020 -> 816
        QVERIFY(std::abs(g.visibleRange().span() - 816.0) < 1e-6);
        const TimeRange zoomed = g.visibleRange();
        QTest::keyClick(g.plot(), Qt::Key_D); // pan right by 10% of the width = 81.6 cycles
        QVERIFY(std::abs(g.visibleRange().lo - (zoomed.lo + 81.6)) < 1e-6);
        QTest::keyClick(g.plot(), Qt::Key_A);
        QVERIFY(std::abs(g.visibleRange().lo - zoomed.lo) < 1e-6);
        QTest::keyClick(g.plot(), Qt::Key_S); // zoom out x1.25: back to 1020
        QVERIFY(std::abs(g.visibleRange().span() - 1020.0) < 1e-6);
        g.setVisibleRange({100, 200});
        g.setVisibleRange({120, 140});
        g.zoomBack();
        QCOMPARE(g.visibleRange(), (TimeRange{100, 200}));
        g.zoomForward();
        QCOMPARE(g.visibleRange(), (TimeRange{120, 140}));
        QTest::keyClick(g.plot(), Qt::Key_F);
        QCOMPARE(g.visibleRange(), fit);
        g.zoomBack();
        QCOMPARE(g.visibleRange(), (TimeRange{120, 140}));
        // Zooming never goes past the schedule or below the minimum span.
        g.setVisibleRange({500, 501});
        QCOMPARE(g.visibleRange().span(), kMinVisibleSpan);
        g.setVisibleRange({-5000, 9000});
        QCOMPARE(g.visibleRange(), fit);
    }

    void shiftDragZoomsToRange()
    {
        GanttView g;
        g.setTimeline(tenTiles());
        showAndLayout(g, g.plot());
        const QPoint a = at(g, 300, 0.2).toPoint(), b = at(g, 600, 0.2).toPoint();
        const double ta = g.plot()->xAxis->pixelToCoord(a.x()), tb = g.plot()->xAxis->pixelToCoord(b.x());
        QTest::mousePress(g.plot(), Qt::LeftButton, Qt::ShiftModifier, a);
        QTest::mouseMove(g.plot(), (a + b) / 2);
        QTest::mouseMove(g.plot(), b);
        QTest::mouseRelease(g.plot(), Qt::LeftButton, Qt::ShiftModifier, b);
        // QCPSelectionRect's rect spans the pixels from a to b.
        QVERIFY2(std::abs(g.visibleRange().lo - ta) < 2.0 && std::abs(g.visibleRange().hi - tb) < 2.0,
                 qPrintable(QStringLiteral("%1 %2").arg(g.visibleRange().lo).arg(g.visibleRange().hi)));
        g.zoomBack();
        QCOMPARE(g.visibleRange(), (TimeRange{-10, 1010}));
    }

    void linkedAxesFollowEachOther()
    {
        const SyntheticSchedule s = makeSyntheticSchedule(6, 300, 2);
        GanttView g;
        g.setTimeline(s.timeline);
        MemoryView m;
        m.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
        m.linkTimeAxis(&g);
        showAndLayout(g, g.plot());
        showAndLayout(m, m.plot());
        QCOMPARE(m.visibleRange(), g.visibleRange());
        // The plot areas' left edges line up (each layout widens its margin to the other's).
        for (int i = 0; i < 3; ++i) {
            g.plot()->replot();
            m.plot()->replot();
        }
        QCOMPARE(g.plot()->axisRect()->left(), m.panel(0)->left());
        QCOMPARE(m.panel(1)->left(), m.panel(0)->left());
        g.setVisibleRange({1000, 2000});
        QCOMPARE(m.visibleRange(), (TimeRange{1000, 2000}));
        m.setVisibleRange({3000, 5000});
        QCOMPARE(g.visibleRange(), (TimeRange{3000, 5000}));
        for (int i = 0; i < static_cast<int>(s.memories.size()); ++i) // every panel follows
            QCOMPARE(m.panel(i)->axis(QCPAxis::atBottom)->range().lower, 3000.0);
        g.zoomBy(2.0, g.plot()->xAxis->coordToPixel(4000)); // zoom around 4000: [3500, 4500]
        QVERIFY(std::abs(m.visibleRange().lo - 3500) < 1e-6 && std::abs(m.visibleRange().hi - 4500) < 1e-6);
        g.setTimeUnit(TimeUnit::Microseconds);
        QCOMPARE(m.timeAxis()->label(), QStringLiteral("Time (\u00b5s)"));
        // Whole schedule: the plotted occupancy reaches each memory's true peak, and no higher.
        g.fitAll();
        for (int i = 0; i < static_cast<int>(s.memories.size()); ++i) {
            int64_t peak = 0;
            for (const MemoryStep &st : s.memories[static_cast<std::size_t>(i)].steps)
                peak = std::max(peak, st.total());
            double plotted = 0;
            for (const auto &[x, y] : m.plottedTotal(i))
                plotted = std::max(plotted, y);
            QCOMPARE(plotted, static_cast<double>(peak));
        }
    }

    void shortPanelsKeepTheirByteTicksApart()
    {
        // Six memories in a 260 px view (a docked window): each panel is a few label heights
        // high, and its byte ticks must not run into each other. Checked on the drawn ticks:
        // neighbouring labels at least one label height apart, and 0 plus one more label.
        const SyntheticSchedule s = makeSyntheticSchedule(6, 300, 2);
        MemoryView m;
        m.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
        m.resize(900, 260);
        m.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m));
        for (int i = 0; i < 3; ++i) // the layout settles (equal heights, then the tick counts)
            m.plot()->replot();
        QVERIFY(s.memories.size() >= 4);
        for (int i = 0; i < static_cast<int>(s.memories.size()); ++i) {
            QCPAxis *y = m.panel(i)->axis(QCPAxis::atLeft);
            const int labelHeight = QFontMetrics(y->tickLabelFont()).height();
            QVERIFY2(m.panel(i)->rect().height() < 4 * labelHeight, "the case needs short panels");
            std::vector<double> shown;
            for (double t : y->tickVector())
                if (y->range().contains(t))
                    shown.push_back(y->coordToPixel(t));
            QVERIFY2(shown.size() >= 2, qPrintable(QStringLiteral("panel %1: %2 ticks").arg(i).arg(shown.size())));
            for (std::size_t k = 1; k < shown.size(); ++k)
                QVERIFY2(std::abs(shown[k] - shown[k - 1]) >= labelHeight,
                         qPrintable(QStringLiteral("panel %1: ticks %2 px apart, labels %3 px high")
                                        .arg(i)
                                        .arg(std::abs(shown[k] - shown[k - 1]))
                                        .arg(labelHeight)));
        }
    }

    void peakLabelsStayInsideTheirPanelsClearOfNames()
    {
        // A peak label must be read whole and must not cover the memory's name, in short
        // panels (a docked window: 260 px for six memories) as in tall ones. Checked on the
        // drawn rectangles.
        const SyntheticSchedule s = makeSyntheticSchedule(6, 300, 2);
        for (const QSize size : {QSize(900, 260), QSize(900, 700), QSize(420, 260)}) {
            MemoryView m;
            m.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
            m.resize(size);
            m.show();
            QVERIFY(QTest::qWaitForWindowExposed(&m));
            for (int i = 0; i < 3; ++i)
                m.plot()->replot();
            int labels = 0;
            for (int i = 0; i < static_cast<int>(s.memories.size()); ++i) {
                const QRectF label = m.peakLabelRect(i);
                if (label.isEmpty())
                    continue;
                ++labels;
                const QRectF panel = QRectF(m.panel(i)->rect()).adjusted(-1, -1, 1, 1);
                const QString where = QStringLiteral("%1x%2, memory %3: label (%4,%5 %6x%7), panel (%8,%9 %10x%11)")
                                          .arg(size.width()).arg(size.height()).arg(i)
                                          .arg(label.x()).arg(label.y()).arg(label.width()).arg(label.height())
                                          .arg(panel.x()).arg(panel.y()).arg(panel.width()).arg(panel.height());
                QVERIFY2(panel.contains(label), qPrintable(where));
                QVERIFY2(!label.intersects(m.nameRect(i)), qPrintable(where + QStringLiteral(" covers the name")));
            }
            QVERIFY(labels >= 4);
        }
    }

    void hiddenOrCollapsedViewsDoNotWarn()
    {
        // The memory view on a tab that is not shown (never laid out) and the Gantt / memory
        // split with the memory pane collapsed to 0 px: replots there must neither warn nor
        // lay out, and the view lays out once it has room.
        const SyntheticSchedule s = makeSyntheticSchedule(6, 300, 2);
        MessageCatcher::messages().clear();
        MessageCatcher catcher;
        QTabWidget tabs;
        tabs.addTab(new QWidget, QStringLiteral("front"));
        auto *split = new QSplitter(Qt::Vertical);
        auto *g = new GanttView(split);
        auto *m = new MemoryView(split);
        m->linkTimeAxis(g);
        tabs.addTab(split, QStringLiteral("schedule"));
        tabs.resize(1000, 700);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        g->setTimeline(s.timeline);
        m->setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
        g->plot()->replot();
        m->plot()->replot();
        QTest::qWait(50); // queued replots
        tabs.setCurrentIndex(1);
        split->setSizes({700, 0}); // the memory pane collapsed
        QTest::qWait(50);
        m->plot()->replot();
        g->setVisibleRange({100, 900});
        QTest::qWait(50);
        QVERIFY2(MessageCatcher::messages().isEmpty(), qPrintable(MessageCatcher::messages().join(u'\n')));
        // Given room again, the memory view lays out: its panels share the plot's height.
        split->setSizes({350, 350});
        QTest::qWait(50);
        m->plot()->replot();
        QVERIFY(m->panel(0)->height() > 10);
        QVERIFY2(MessageCatcher::messages().isEmpty(), qPrintable(MessageCatcher::messages().join(u'\n')));
    }

    void figureOptionsDialogConvertsUnits()
    {
        // Starts from the view's size in px; switching to mm keeps the size at 96 dpi:
        // 1600 px = 1600 / 96 in = 423.3 mm, 900 px = 238.1 mm (shown to whole mm).
        FigureOptionsDialog d(QSize(1600, 900), true);
        FigureOptions o = d.options();
        QCOMPARE(o.unit, FigureOptions::Unit::Px);
        QCOMPARE(o.width, 1600.0);
        QCOMPARE(o.height, 900.0);
        auto *unit = d.findChild<QComboBox *>();
        QVERIFY(unit);
        unit->setCurrentIndex(unit->findText(QStringLiteral("mm")));
        o = d.options();
        QCOMPARE(o.unit, FigureOptions::Unit::Mm);
        QCOMPARE(o.width, 423.0);
        QCOMPARE(o.height, 238.0);
        QVERIFY(o.printPalette);
        FigureOptions paper;
        paper.unit = FigureOptions::Unit::Mm;
        paper.width = 88;
        paper.height = 50;
        paper.fontPt = 7;
        paper.dpi = 600;
        d.setOptions(paper);
        o = d.options();
        QCOMPARE(o.width, 88.0);
        QCOMPARE(o.fontPt, 7.0);
        QCOMPARE(o.dpi, 600.0);
    }

    // Ten layers that are two roles repeated (a decoder's blocks, in small), named among
    // kFoldFromLayers layers: coloured by role until the user picks a colouring, the legend
    // naming the two roles; a pick is kept for the next timeline; a timeline without repeats,
    // or the same ten layers in a small network, is coloured by layer.
    void repeatedBlocksColourByRole()
    {
        TimelineData d = tenTiles();
        d.roleNames = {"layers.*.a", "layers.*.b"};
        for (int i = 0; i < 10; ++i)
            d.layerRole.push_back(i % 2);
        GanttView smallNet;
        smallNet.setTimeline(d);
        QCOMPARE(smallNet.colorBy(), ColorBy::Layer);
        d.layerNames.resize(kFoldFromLayers, "unused");
        d.layerRole.resize(kFoldFromLayers, 0);
        GanttView g;
        g.setTimeline(d);
        showAndLayout(g, g.plot());
        QCOMPARE(g.colorBy(), ColorBy::Role);
        QCOMPARE(g.legendTexts(), (QStringList{QStringLiteral("layers.*.a"), QStringLiteral("layers.*.b")}));
        QCOMPARE(colorKey(d.tracks[0].slices[4], ColorBy::Role, &d), 0);
        QCOMPARE(colorKey(d.tracks[0].slices[7], ColorBy::Role, &d), 1);
        GanttView plain;
        plain.setTimeline(tenTiles());
        QCOMPARE(plain.colorBy(), ColorBy::Layer);
        g.setColorBy(ColorBy::Layer);
        g.setTimeline(d);
        QCOMPARE(g.colorBy(), ColorBy::Layer);
    }

    // Issue 16: a control character in a name (only a foreign project can still carry one)
    // made the Gantt SVG not well-formed; the exported file is now clean XML.
    void svgWithControlCharactersInNamesIsWellFormed()
    {
        QCOMPARE(wellFormedSvg(QByteArray("<t>a&#1;b\x02" "c&#x1B;d&#10;e</t>")), QByteArray("<t>abcd&#10;e</t>"));
        QTemporaryDir dir;
        TimelineData d = tenTiles();
        d.tracks[0].name = "Core\x01 0";
        d.layerNames[3] = "layer\x1b[31m3";
        GanttView g;
        g.setTimeline(d);
        showAndLayout(g, g.plot());
        const QString svg = dir.filePath(QStringLiteral("names.svg"));
        QCOMPARE(exportFigure(g.plot(), svg, FigureOptions{}), QString());
        const QStringList texts = svgTexts(svg);
        QVERIFY2(!texts.isEmpty() && !texts.first().startsWith(QStringLiteral("XML ERROR")), qPrintable(texts.value(0)));
        QVERIFY2(texts.contains(QStringLiteral("Core 0")), // the name, without its control character
                 qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY2(texts.contains(QStringLiteral("layer[31m3")), qPrintable(texts.join(QLatin1Char('|')))); // ESC gone
        // A failed export leaves neither the target nor a temporary behind.
        const QString missing = dir.filePath(QStringLiteral("no/such/dir/g.svg"));
        QVERIFY(!exportFigure(g.plot(), missing, FigureOptions{}).isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("names.svg")});
    }

    void exportSvgPdfPng()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const SyntheticSchedule s = makeSyntheticSchedule(6, 400, 4);
        GanttView g;
        g.setTimeline(s.timeline);
        showAndLayout(g, g.plot());
        g.setVisibleRange({2000, 3000});
        const QFont before = g.plot()->xAxis->tickLabelFont();

        FigureOptions o;
        o.unit = FigureOptions::Unit::Mm;
        o.width = 160;
        o.height = 80;
        o.fontPt = 8;
        const QString svg = dir.filePath(QStringLiteral("gantt.svg"));
        QCOMPARE(exportFigure(g.plot(), svg, o), QString());
        const QStringList texts = svgTexts(svg);
        QVERIFY2(!texts.isEmpty() && !texts.first().startsWith(QStringLiteral("XML ERROR")),
                 qPrintable(texts.value(0)));
        for (const char *track : {"Core 0", "Core 3", "Link (bus)", "DRAM"})
            QVERIFY2(texts.contains(QLatin1String(track)), track);
        // The current zoom [2000, 3000]: ticks every 100 or 200 cycles include 2400; 10k is not shown.
        QVERIFY(texts.contains(QStringLiteral("2400")));
        QVERIFY(!texts.contains(QStringLiteral("10k")));
        QCOMPARE(g.visibleRange(), (TimeRange{2000, 3000})); // the export did not change the view
        QCOMPARE(g.plot()->xAxis->tickLabelFont(), before);  // nor its style

        // PDF: a real document, and tiles make it much larger than the same chart without tiles.
        const QString pdf = dir.filePath(QStringLiteral("gantt.pdf"));
        g.fitAll();
        QCOMPARE(exportFigure(g.plot(), pdf, o), QString());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        GanttView empty;
        TimelineData noTiles = s.timeline;
        for (Track &t : noTiles.tracks)
            t.slices.clear();
        empty.setTimeline(noTiles);
        showAndLayout(empty, empty.plot());
        const QString emptyPdf = dir.filePath(QStringLiteral("empty.pdf"));
        QCOMPARE(exportFigure(empty.plot(), emptyPdf, o), QString());
        QVERIFY2(bytes.size() > 2 * QFileInfo(emptyPdf).size(),
                 qPrintable(QStringLiteral("%1 vs %2").arg(bytes.size()).arg(QFileInfo(emptyPdf).size())));

        // PNG: 100 mm x 50 mm at 300 dpi = 1181 x 591 px (100 / 25.4 * 300 = 1181.1).
        o.width = 100;
        o.height = 50;
        o.dpi = 300;
        const QString png = dir.filePath(QStringLiteral("gantt.png"));
        QCOMPARE(exportFigure(g.plot(), png, o), QString());
        const QImage img(png);
        QVERIFY(std::abs(img.width() - 1181) <= 2);
        QVERIFY(std::abs(img.height() - 591) <= 2);
        // Pixel sizes: exactly as asked.
        FigureOptions px;
        px.width = 640;
        px.height = 360;
        QCOMPARE(exportFigure(g.plot(), png, px), QString());
        QCOMPARE(QImage(png).size(), QSize(640, 360));

        // The memory view exports through the same function.
        MemoryView m;
        m.setMemories(s.memories, s.timeline.endCycle, s.timeline.clockMHz);
        showAndLayout(m, m.plot());
        const QString msvg = dir.filePath(QStringLiteral("memory.svg"));
        QCOMPARE(exportFigure(m.plot(), msvg, o), QString());
        const QStringList memoryTexts = svgTexts(msvg);
        QVERIFY(std::any_of(memoryTexts.begin(), memoryTexts.end(),
                            [](const QString &t) { return t.startsWith(QStringLiteral("Global buffer")); }));
        QVERIFY(
            !exportFigure(g.plot(), dir.filePath(QStringLiteral("x.bmp")), o).isEmpty()); // unknown format
    }
};

QTEST_MAIN(TestTimelineViews)
#include "tst_gui_timeline_views.moc"
