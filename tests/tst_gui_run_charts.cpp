// SPDX-License-Identifier: GPL-3.0-or-later
// Run charts (Qt Charts): the Pareto scatter's front worked out by hand, a click on a run's
// point naming that run, the energy breakdown's stacked categories summing to each run's
// total, objective axes in readable units, and the charts exported as valid SVG / PDF / PNG
// holding their series, at the size asked for, with the view left as it was.
#include "charts/chart_canvas.h"
#include "charts/chart_export.h"
#include "charts/run_charts.h"

#include <QBarSet>
#include <QChart>
#include <QImage>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace fuselab;

namespace {
Run run(const std::string &name, int64_t cycles, double pj)
{
    Run r;
    r.name = name;
    r.schedule.totals.latencyCycles = cycles;
    r.schedule.totals.energyPj = pj;
    r.schedule.totals.energy.mac = pj / 4;
    r.schedule.totals.energy.memory = {{"sram", pj / 4}};
    r.schedule.totals.energy.dram = pj / 2;
    r.schedule.totals.latencySeconds = static_cast<double>(cycles) * 1e-9;
    return r;
}

template <typename T> T *seriesNamed(QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series())
        if (s->name() == name)
            return qobject_cast<T *>(s);
    return nullptr;
}

// The texts of an SVG file, or "XML ERROR" if it is not well-formed.
QStringList svgTexts(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {QStringLiteral("CANNOT OPEN")};
    QXmlStreamReader xml(&f);
    QStringList texts;
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QStringLiteral("svg"))
            sawSvg = true;
        if (xml.isStartElement() && xml.name() == QStringLiteral("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
    }
    if (xml.hasError() || !sawSvg)
        return {QStringLiteral("XML ERROR: ") + xml.errorString()};
    return texts;
}

QByteArray head(const QString &path, int n)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}
} // namespace

class TestRunCharts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paretoFrontByHand()
    {
        // Runs (latency, energy): a (1000, 5e6), b (2000, 3e6), c (3000, 4e6), d (4000, 1e6).
        // c is dominated by b; the front sorted by latency is a, b, d, drawn as a staircase:
        // (1,5) (2,5) (2,3) (4,3) (4,1) in kcycles / µJ.
        ParetoChart chart;
        chart.setRuns({run("a", 1000, 5e6), run("c", 3000, 4e6), run("b", 2000, 3e6), run("d", 4000, 1e6)});
        auto *front = seriesNamed<QLineSeries>(chart.chart(), QStringLiteral("Pareto front"));
        QVERIFY(front);
        const QList<QPointF> want{{1, 5}, {2, 5}, {2, 3}, {4, 3}, {4, 1}};
        QCOMPARE(front->points(), want);
        const auto axes = chart.chart()->axes(Qt::Horizontal);
        QCOMPARE(axes.size(), 1);
        QCOMPARE(axes[0]->titleText(), QStringLiteral("Latency (kcycles)"));
        QCOMPARE(chart.chart()->axes(Qt::Vertical)[0]->titleText(), QStringLiteral("Energy (µJ)"));
        // Every run is a labelled series of its own.
        for (const char *n : {"a", "b", "c", "d"})
            QVERIFY(seriesNamed<QScatterSeries>(chart.chart(), QString::fromLatin1(n)));
    }

    void objectiveAxesUseReadableUnits()
    {
        QCOMPARE(objectiveAxis(Objective::Energy, 999).title, QStringLiteral("Energy (pJ)"));
        QCOMPARE(objectiveAxis(Objective::Energy, 2.5e9).title, QStringLiteral("Energy (mJ)"));
        QCOMPARE(objectiveAxis(Objective::Energy, 2.5e9).divisor, 1e9);
        QCOMPARE(objectiveAxis(Objective::Latency, 3.2e6).title, QStringLiteral("Latency (Mcycles)"));
        QCOMPARE(objectiveAxis(Objective::Dram, 4096).title, QStringLiteral("DRAM traffic (kB)"));
        // EDP of the run a above: 5e6 pJ × 1000 cycles = 5e9.
        QCOMPARE(objectiveOf(run("a", 1000, 5e6), Objective::Edp), 5e9);
    }

    void clickingAPointNamesItsRun()
    {
        ParetoChart chart;
        chart.resize(800, 600);
        chart.show();
        // Given out of latency order: the click must still name the right run.
        chart.setRuns({run("slow", 3000, 1e6), run("fast", 1000, 3e6), run("mid", 2000, 2e6)});
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTest::qWait(20); // the chart lays out on a posted event
        auto *mid = seriesNamed<QScatterSeries>(chart.chart(), QStringLiteral("mid"));
        QVERIFY(mid);
        QCOMPARE(mid->at(0), QPointF(2, 2)); // kcycles, µJ
        const QPointF inChart = chart.chart()->mapToPosition(mid->at(0), mid);
        const QPoint at = chart.canvas()->mapFromScene(chart.chart()->mapToScene(inChart));
        QSignalSpy clicked(&chart, &ParetoChart::runClicked);
        QTest::mouseClick(chart.canvas()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("mid"));
        // A click on empty plot area names no run.
        QTest::mouseClick(chart.canvas()->viewport(), Qt::LeftButton, Qt::NoModifier, at + QPoint(0, 60));
        QCOMPARE(clicked.count(), 1);
    }

    void breakdownStacksEveryTerm()
    {
        EnergyBreakdownChart chart;
        chart.resize(800, 600);
        chart.setRuns({run("a", 1000, 4e6), run("b", 2000, 8e6)});
        QCOMPARE(chart.categories(), (QStringList{QStringLiteral("MAC"), QStringLiteral("sram"),
                                                  QStringLiteral("Links"), QStringLiteral("DRAM")}));
        const auto series = chart.energyChart()->series();
        QCOMPARE(series.size(), 1);
        auto *stacked = qobject_cast<QStackedBarSeries *>(series[0]);
        QVERIFY(stacked);
        QCOMPARE(stacked->count(), 4);
        // The top of each stack is the run's total energy in µJ: 4 and 8 (MAC 2 + sram 2 + DRAM 4).
        double top = 0;
        for (QBarSet *set : stacked->barSets())
            top += set->at(1);
        QCOMPARE(top, 8.0);
        QCOMPARE(stacked->barSets()[3]->at(1), 4.0);
        // Latency beside it in ms: 2000 cycles at 1 ns = 0.002 ms.
        auto *latency = qobject_cast<QAbstractBarSeries *>(chart.latencyChart()->series().value(0));
        QVERIFY(latency);
        QCOMPARE(latency->barSets()[0]->at(1), 0.002);
    }

    void exportsSvgPdfPngWithTheSeries()
    {
        QTemporaryDir dir;
        EnergyBreakdownChart breakdown;
        breakdown.resize(900, 500);
        breakdown.show();
        breakdown.setRuns({run("lbl", 1000, 4e6), run("fused", 2000, 8e6)});
        QVERIFY(QTest::qWaitForWindowExposed(&breakdown));
        const QSize before = breakdown.canvas()->viewport()->size();
        const QRectF energyBefore = breakdown.energyChart()->geometry();
        FigureOptions o;
        o.unit = FigureOptions::Unit::Mm;
        o.width = 160;
        o.height = 90;
        o.fontPt = 8;
        const QString svg = dir.filePath(QStringLiteral("b.svg"));
        QCOMPARE(exportChartFigure(breakdown.canvas(), svg, o), QString());
        // Valid SVG naming every stacked category (legend), both runs (axis) and both titles.
        const QStringList texts = svgTexts(svg);
        for (const char *want : {"MAC", "sram", "Links", "DRAM", "lbl", "fused", "Energy per run", "Latency per run"})
            QVERIFY2(texts.contains(QString::fromLatin1(want)), want);
        // Vector output: the bars are SVG rectangles (2 runs × 4 stacked terms + 2 latency
        // bars = at least 10), nothing is embedded as a bitmap.
        const QByteArray svgBytes = head(svg, 1 << 24);
        QVERIFY(!svgBytes.contains("<image"));
        QVERIFY(svgBytes.count("<rect") >= 10);
        // 160 x 90 mm = 453.5 x 255.1 pt: the SVG's size in those units.
        QVERIFY(head(svg, 4000).contains("width=\"160mm\"") || head(svg, 4000).contains("viewBox=\"0 0 454 255\""));
        // The view is back to its own layout and style.
        QCOMPARE(breakdown.canvas()->viewport()->size(), before);
        QCOMPARE(breakdown.energyChart()->geometry(), energyBefore);
        const QString pdf = dir.filePath(QStringLiteral("b.pdf"));
        QCOMPARE(exportChartFigure(breakdown.canvas(), pdf, o), QString());
        const QByteArray pdfBytes = head(pdf, 1 << 20);
        QVERIFY(pdfBytes.startsWith("%PDF-"));
        // The page is the figure's size in points: 160 mm = 453.5 pt, 90 mm = 255.1 pt.
        QVERIFY2(pdfBytes.contains("/MediaBox [0 0 453") || pdfBytes.contains("/MediaBox [0 0 454"),
                 pdfBytes.mid(pdfBytes.indexOf("/MediaBox"), 40).constData());
        // PNG at 300 dpi: 160 mm = 1890 px wide (6.3 in × 300), 90 mm = 1063 px (± rounding).
        const QString png = dir.filePath(QStringLiteral("b.png"));
        QCOMPARE(exportChartFigure(breakdown.canvas(), png, o), QString());
        const QImage image(png);
        QVERIFY(std::abs(image.width() - 1890) <= 3); // the layout rounds to whole points first
        QVERIFY(std::abs(image.height() - 1063) <= 3);
        // The print palette: a white background in the corner.
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));

        ParetoChart pareto;
        pareto.resize(800, 600);
        pareto.show();
        pareto.setRuns({run("lbl", 3000, 1e6), run("fused", 1000, 3e6)});
        QVERIFY(QTest::qWaitForWindowExposed(&pareto));
        FigureOptions px; // pixels: 1000 x 700
        px.width = 1000;
        px.height = 700;
        const QString psvg = dir.filePath(QStringLiteral("p.svg"));
        QCOMPARE(exportChartFigure(pareto.canvas(), psvg, px), QString());
        const QStringList ptexts = svgTexts(psvg);
        for (const char *want : {"lbl", "fused", "Pareto front", "Latency (kcycles)", "Energy (µJ)"})
            QVERIFY2(ptexts.contains(QString::fromUtf8(want)), want);
        QVERIFY(!exportChartFigure(pareto.canvas(), dir.filePath(QStringLiteral("x.bmp")), px).isEmpty());
    }
};

QTEST_MAIN(TestRunCharts)
#include "tst_gui_run_charts.moc"
