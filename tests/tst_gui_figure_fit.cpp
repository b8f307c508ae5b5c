// SPDX-License-Identifier: GPL-3.0-or-later
// Paper figures at a physical size hold the whole figure: the Gantt and memory views of the
// default project's fused run (ResNet-18 on the quad-core), exported at 180×80 mm and 90×60 mm
// from views laid out on a large screen, contain every row label, every memory, the time axis
// and its title, no elided text, and every text anchor lies inside the SVG's viewBox.
#include "gui/default_project.h"
#include "project/run.h"
#include "timeline/figure_export.h"
#include "timeline/gantt_view.h"
#include "timeline/memory_view.h"
#include "timeline/schedule_timeline_adapter.h"

#include "qcp_include.h"

#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTransform>
#include <QXmlStreamReader>

using namespace fuselab;
using namespace fuselab::timeline;

namespace {

struct SvgText {
    QString text;
    QPointF anchor; // in viewBox coordinates
};

struct SvgFigure {
    QRectF viewBox;
    std::vector<SvgText> texts;
};

QTransform parseTransform(const QString &attr)
{
    // QSvgGenerator writes "matrix(a,b,c,d,e,f)".
    static const QRegularExpression re(QStringLiteral("matrix\\(([^)]*)\\)"));
    const auto m = re.match(attr);
    if (!m.hasMatch())
        return {};
    const QStringList v = m.captured(1).split(QLatin1Char(','));
    if (v.size() != 6)
        return {};
    return QTransform(v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble(), v[4].toDouble(),
                      v[5].toDouble());
}

SvgFigure readSvg(const QString &path)
{
    SvgFigure fig;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fig;
    QXmlStreamReader xml(&f);
    std::vector<QTransform> stack{QTransform()};
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto attrs = xml.attributes();
            if (xml.name() == QLatin1String("svg")) {
                const QStringList vb = attrs.value(QLatin1String("viewBox")).toString().split(QLatin1Char(' '));
                if (vb.size() == 4)
                    fig.viewBox = QRectF(vb[0].toDouble(), vb[1].toDouble(), vb[2].toDouble(), vb[3].toDouble());
            }
            QTransform t = stack.back();
            if (attrs.hasAttribute(QLatin1String("transform")))
                t = parseTransform(attrs.value(QLatin1String("transform")).toString()) * t;
            stack.push_back(t);
            if (xml.name() == QLatin1String("text")) {
                const QPointF p(attrs.value(QLatin1String("x")).toDouble(), attrs.value(QLatin1String("y")).toDouble());
                const QPointF anchor = t.map(p);
                fig.texts.push_back({xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed(), anchor});
                stack.pop_back(); // readElementText consumed the end element
            }
        } else if (xml.isEndElement()) {
            stack.pop_back();
        }
    }
    return fig;
}

bool hasText(const SvgFigure &fig, const QString &s)
{
    return std::any_of(fig.texts.begin(), fig.texts.end(), [&](const SvgText &t) { return t.text == s; });
}

/// Every text inside the viewBox, none elided; `what` names the figure in messages.
void checkTexts(const SvgFigure &fig, const QString &what)
{
    QVERIFY2(fig.viewBox.isValid(), qPrintable(what));
    QVERIFY2(!fig.texts.empty(), qPrintable(what));
    const QRectF box = fig.viewBox.adjusted(-0.5, -0.5, 0.5, 0.5);
    for (const SvgText &t : fig.texts) {
        QVERIFY2(box.contains(t.anchor), qPrintable(QStringLiteral("%1: '%2' at (%3, %4) outside the viewBox %5x%6")
                                                        .arg(what, t.text)
                                                        .arg(t.anchor.x())
                                                        .arg(t.anchor.y())
                                                        .arg(fig.viewBox.width())
                                                        .arg(fig.viewBox.height())));
        QVERIFY2(!t.text.contains(QChar(0x2026)), qPrintable(what + QStringLiteral(": elided '") + t.text + QStringLiteral("'")));
    }
}

struct Sample {
    TimelineData timeline;
    std::vector<MemoryTrack> memories;
    int64_t end = 0;
    double mhz = 1000;
};

Sample defaultRun()
{
    const Project p = defaultProject();
    RunRequest r;
    r.name = "fused";
    r.strategy = "fused";
    const Run run = computeRun(p.workload, p.accelerator, r);
    Sample s;
    s.timeline = timelineFromSchedule(run.schedule, p.workload, p.accelerator, run.plan);
    s.memories = memoryTracksFromSchedule(run.schedule, p.accelerator);
    s.end = run.schedule.totals.latencyCycles;
    s.mhz = run.schedule.clockMHz;
    return s;
}

FigureOptions paper(double wMm, double hMm)
{
    FigureOptions o;
    o.unit = FigureOptions::Unit::Mm;
    o.width = wMm;
    o.height = hMm;
    o.dpi = 150;
    return o;
}

} // namespace

class TestGuiFigureFit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        sample_ = defaultRun();
        QVERIFY(sample_.timeline.tracks.size() >= 5);
        QVERIFY(sample_.memories.size() >= 4);
    }

    void ganttHoldsEveryRow_data()
    {
        QTest::addColumn<double>("w");
        QTest::addColumn<double>("h");
        QTest::newRow("180x80mm") << 180.0 << 80.0;
        QTest::newRow("90x60mm") << 90.0 << 60.0;
    }
    void ganttHoldsEveryRow()
    {
        QFETCH(double, w);
        QFETCH(double, h);
        GanttView view;
        view.resize(1600, 700); // laid out for a large screen first
        view.show();
        view.setTimeline(sample_.timeline);
        QTest::qWait(20);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("gantt.svg"));
        QCOMPARE(exportFigure(view.plot(), svg, paper(w, h)), QString());
        const SvgFigure fig = readSvg(svg);
        // The viewBox is the size in points (72 per inch).
        QCOMPARE(fig.viewBox.width(), std::round(w * 72.0 / 25.4));
        QCOMPARE(fig.viewBox.height(), std::round(h * 72.0 / 25.4));
        checkTexts(fig, QStringLiteral("Gantt %1x%2 mm").arg(w).arg(h));
        for (const Track &t : sample_.timeline.tracks)
            QVERIFY2(hasText(fig, QString::fromStdString(t.name)), t.name.c_str());
        QVERIFY(hasText(fig, QStringLiteral("Time (cycles)")));
        // Time tick labels along the bottom: at least two, below every row label.
        double lowestRow = 0;
        for (const SvgText &t : fig.texts)
            for (const Track &tr : sample_.timeline.tracks)
                if (t.text == QString::fromStdString(tr.name))
                    lowestRow = std::max(lowestRow, t.anchor.y());
        int ticks = 0;
        for (const SvgText &t : fig.texts)
            if (t.anchor.y() > lowestRow && QRegularExpression(QStringLiteral("^[0-9.,]+[kM]?$")).match(t.text).hasMatch())
                ++ticks;
        QVERIFY2(ticks >= 2, qPrintable(QString::number(ticks)));
        // The same figure as PDF and PNG (150 dpi: mm / 25.4 × 150 px).
        const QString png = dir.filePath(QStringLiteral("gantt.png"));
        QCOMPARE(exportFigure(view.plot(), png, paper(w, h)), QString());
        const QImage img(png);
        QCOMPARE(img.width(), static_cast<int>(std::lround(std::round(w * 72.0 / 25.4) * 150.0 / 72.0)));
        const QString pdf = dir.filePath(QStringLiteral("gantt.pdf"));
        QCOMPARE(exportFigure(view.plot(), pdf, paper(w, h)), QString());
        QVERIFY(QFile(pdf).size() > 1000);
        // The screen view is back as it was.
        QCOMPARE(view.plot()->viewport(), view.plot()->rect());
    }

    void memoryHoldsEveryMemory_data() { ganttHoldsEveryRow_data(); }
    void memoryHoldsEveryMemory()
    {
        QFETCH(double, w);
        QFETCH(double, h);
        MemoryView view;
        view.resize(1600, 500);
        view.show();
        view.setMemories(sample_.memories, sample_.end, sample_.mhz);
        QTest::qWait(20);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("memory.svg"));
        QCOMPARE(exportFigure(view.plot(), svg, paper(w, h)), QString());
        const SvgFigure fig = readSvg(svg);
        checkTexts(fig, QStringLiteral("memory %1x%2 mm").arg(w).arg(h));
        // Every memory's panel is there: its name label starts with the memory's name.
        for (const MemoryTrack &m : sample_.memories) {
            const QString name = QString::fromStdString(m.memory);
            QVERIFY2(std::any_of(fig.texts.begin(), fig.texts.end(),
                                 [&](const SvgText &t) { return t.text.startsWith(name); }),
                     m.memory.c_str());
        }
        QVERIFY(hasText(fig, QStringLiteral("Time (cycles)")));
        QVERIFY(hasText(fig, QStringLiteral("capacity"))); // the legend
    }

private:
    Sample sample_;
};

QTEST_MAIN(TestGuiFigureFit)
#include "tst_gui_figure_fit.moc"
