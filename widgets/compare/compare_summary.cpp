// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare/compare_summary.h"

#include "compare/delta_text.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace fuselab {

namespace {

/// How a metric is shown: scaled to a readable unit, with its decimals.
struct Shown {
    QString name;
    double scale;
    int decimals;
    char format; // 'f' or 'g'
};

Shown shownAs(CompareSummary::Metric m)
{
    switch (m) {
    case CompareSummary::Latency:
        return {QObject::tr("Latency (cycles)"), 1.0, 0, 'f'};
    case CompareSummary::Energy:
        return {QObject::tr("Energy (\u00b5J)"), 1e-6, 5, 'g'}; // 9,073.2 µJ and 0.000188 µJ alike
    case CompareSummary::Edp:
        return {QObject::tr("EDP (pJ \u00b7 cycles)"), 1.0, 4, 'g'};
    case CompareSummary::Dram:
        return {QObject::tr("DRAM traffic (KiB)"), 1.0 / 1024.0, 1, 'f'};
    case CompareSummary::PeakOnChip:
        return {QObject::tr("Peak on chip (KiB)"), 1.0 / 1024.0, 1, 'f'};
    case CompareSummary::MetricCount:
        break;
    }
    return {};
}

const MetricDelta &metricOf(const RunTotalsDelta &t, CompareSummary::Metric m)
{
    switch (m) {
    case CompareSummary::Latency:
        return t.latencyCycles;
    case CompareSummary::Energy:
        return t.energyPj;
    case CompareSummary::Edp:
        return t.edp;
    case CompareSummary::Dram:
        return t.dramBytes;
    case CompareSummary::PeakOnChip:
    case CompareSummary::MetricCount:
        break;
    }
    return t.peakOnChipBytes;
}

QString number(double v, const Shown &s)
{
    return s.format == 'g' ? QLocale().toString(v, 'g', s.decimals) : QLocale().toString(v, 'f', s.decimals);
}

} // namespace

CompareSummary::CompareSummary(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("compareSummary"));
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 2, 0, 2);
    grid_->setHorizontalSpacing(8); // fits the pane beside the default docks at 1600 px
    grid_->setVerticalSpacing(2);
    headerA_ = new QLabel(this);
    headerB_ = new QLabel(this);
    grid_->addWidget(headerA_, 0, ValueA, Qt::AlignRight);
    grid_->addWidget(headerB_, 0, ValueB, Qt::AlignRight);
    grid_->addWidget(new QLabel(tr("<b>Change</b>"), this), 0, Change, Qt::AlignRight);
    grid_->addWidget(new QLabel(tr("<b>% of A</b>"), this), 0, Percent, Qt::AlignRight);
    for (int m = 0; m < MetricCount; ++m)
        for (int c = 0; c < ColumnCount; ++c) {
            auto *label = new QLabel(this);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            if (c == Name)
                label->setText(shownAs(static_cast<Metric>(m)).name);
            if (c == Name && m == Dram)
                label->setToolTip(tr("Bytes read from and written to DRAM"));
            if (c == Name && m == PeakOnChip)
                label->setToolTip(tr("The most bytes held in all on-chip memories at one time"));
            grid_->addWidget(label, m + 1, c, c == Name ? Qt::AlignLeft : Qt::AlignRight);
        }
    grid_->setColumnStretch(ColumnCount, 1); // the numbers stay together at the left
}

QLabel *CompareSummary::cell(int row, int column) const
{
    QLayoutItem *item = grid_->itemAtPosition(row, column);
    return item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
}

void CompareSummary::setComparison(const RunComparison &c)
{
    headerA_->setText(tr("<b>A: %1</b>").arg(QString::fromStdString(c.nameA).toHtmlEscaped()));
    headerB_->setText(tr("<b>B: %1</b>").arg(QString::fromStdString(c.nameB).toHtmlEscaped()));
    for (int m = 0; m < MetricCount; ++m) {
        const Shown s = shownAs(static_cast<Metric>(m));
        const MetricDelta &raw = metricOf(c.totals, static_cast<Metric>(m));
        const MetricDelta d{raw.a * s.scale, raw.b * s.scale};
        cell(m + 1, ValueA)->setText(number(d.a, s));
        cell(m + 1, ValueB)->setText(number(d.b, s));
        QString change = s.format == 'g' ? (d.delta() < 0 ? QStringLiteral("\u2212") : QStringLiteral("+")) +
                                               number(std::abs(d.delta()), s)
                                         : signedNumber(d.delta(), s.decimals);
        if (d.delta() == 0)
            change = number(0, s);
        const QColor color = deltaColor(d);
        const QString style = color.isValid() ? QStringLiteral("color: %1;").arg(color.name()) : QString();
        cell(m + 1, Change)->setText(change);
        cell(m + 1, Percent)->setText(signedPercent(d));
        cell(m + 1, Change)->setStyleSheet(style);
        cell(m + 1, Percent)->setStyleSheet(style + QStringLiteral("font-weight: bold;"));
    }
}

QString CompareSummary::text(Metric m, Column c) const
{
    const QLabel *l = cell(static_cast<int>(m) + 1, static_cast<int>(c));
    return l ? l->text() : QString();
}

} // namespace fuselab
