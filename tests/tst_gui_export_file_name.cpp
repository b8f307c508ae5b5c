// SPDX-License-Identifier: GPL-3.0-or-later
// The export dialog's file name follows the selected filter (gui/export_file_name.h).
#include "gui/export_file_name.h"

#include <QTest>

using namespace fuselab;

class TestExportFileName : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void suffixOfAFilter()
    {
        QCOMPARE(filterSuffix(QStringLiteral("SVG (*.svg)")), QStringLiteral(".svg"));
        QCOMPARE(filterSuffix(QStringLiteral("PDF (*.pdf)")), QStringLiteral(".pdf"));
        QCOMPARE(filterSuffix(QStringLiteral("Perfetto trace JSON (*.trace.json)")), QStringLiteral(".trace.json"));
        QCOMPARE(filterSuffix(QStringLiteral("All files (*)")), QString());
    }

    void nameFollowsTheFilter()
    {
        // The case: "explore.pdf" proposed while the SVG filter is selected.
        QCOMPARE(withSuffix(QStringLiteral("explore.pdf"), QStringLiteral(".svg")), QStringLiteral("explore.svg"));
        QCOMPARE(withSuffix(QStringLiteral("/tmp/a b/explore"), QStringLiteral(".png")),
                 QStringLiteral("/tmp/a b/explore.png"));
        QCOMPARE(withSuffix(QStringLiteral("/x.y/fused 2.svg"), QStringLiteral(".pdf")), QStringLiteral("/x.y/fused 2.pdf"));
        QCOMPARE(withSuffix(QStringLiteral("run.trace.json"), QStringLiteral(".csv")), QStringLiteral("run.csv"));
        QCOMPARE(withSuffix(QStringLiteral("run"), QStringLiteral(".summary.json")), QStringLiteral("run.summary.json"));
        QCOMPARE(withSuffix(QStringLiteral("run.svg"), QString()), QStringLiteral("run.svg"));
    }
};

QTEST_MAIN(TestExportFileName)
#include "tst_gui_export_file_name.moc"
