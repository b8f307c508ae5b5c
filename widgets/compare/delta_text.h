// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How a change between two runs reads: a sign always (+ / − with the minus sign U+2212),
// the percentage of the first run's value, and a colour saying better or worse (all the
// figures compared are costs: less is better).

#include "project/run_comparison.h"

#include <QColor>
#include <QString>

namespace fuselab {

/// "+1,234" / "−1,234" / "0" with `decimals` places (locale grouping).
QString signedNumber(double v, int decimals = 0);
/// "+12.3 %" / "−12.3 %" / "0.0 %"; "new" when the first run's value is 0 and the second's not.
QString signedPercent(const MetricDelta &d);
/// "−1,234 (−12.3 %)".
QString deltaText(const MetricDelta &d, int decimals = 0);
/// Green when B costs less, red when more, invalid when equal.
QColor deltaColor(const MetricDelta &d);

} // namespace fuselab
