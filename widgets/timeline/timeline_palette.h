// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Muted, distinct colours for layers / fused groups (Tableau 10 hues) and the fixed
// colours of the views. Keys beyond ten reuse the hues in a lighter, then darker variant,
// so neighbouring layers (consecutive keys) always differ in hue.

#include <QColor>

namespace fuselab::timeline {

QColor keyColor(int key);
/// `c` blended towards white by `amount` (0: unchanged, 1: white), for dimmed tiles.
QColor faded(const QColor &c, double amount);
/// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor &background);
/// Fill colours of the memory operands I, W, O (then generic keys).
QColor operandColor(int series);

} // namespace fuselab::timeline
