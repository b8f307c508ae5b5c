// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"
#include "workload/tensor.h"

#include <QColor>
#include <QString>

namespace fuselab {

/// The colour families of the graph: one per kind of work, so a glance tells where the
/// MACs are. Readable in print (distinct in lightness as well as hue).
enum class OpCategory { Conv, Depthwise, Matrix, Pool, Eltwise, Concat, Activation, Other };

OpCategory opCategory(const Layer &layer);
QColor categoryColor(OpCategory c);
QString categoryName(OpCategory c);

/// "Conv", "DWConv", "Gemm", "MaxPool" … — the node title.
QString opTitle(const Layer &layer);
/// Kernel and stride for windowed ops ("3×3/2"), empty otherwise.
QString kernelText(const Layer &layer);
/// Channels and output size: "64→128 · 56×56" (or "2048→1000" for a matrix op).
QString dimsText(const Layer &layer);
/// "1×64×56×56".
QString shapeText(const Tensor &t);
/// Human byte counts: "1.5 MiB".
QString bytesText(qint64 bytes);
/// Large counts with thin grouping: "118.0 M".
QString countText(qint64 n);

} // namespace fuselab
