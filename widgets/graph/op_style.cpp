// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/op_style.h"

namespace fuselab {

namespace {
const QString kTimes = QStringLiteral("\u00d7");
}

OpCategory opCategory(const Layer &l)
{
    switch (l.op) {
    case OpType::Conv:
    case OpType::ConvTranspose:
        return l.groups > 1 && l.groups == l.dims.c ? OpCategory::Depthwise : OpCategory::Conv;
    case OpType::Gemm:
    case OpType::MatMul:
        return OpCategory::Matrix;
    case OpType::MaxPool:
    case OpType::AvgPool:
    case OpType::GlobalAvgPool:
        return OpCategory::Pool;
    case OpType::Add:
    case OpType::Mul:
        return OpCategory::Eltwise;
    case OpType::Concat:
        return OpCategory::Concat;
    case OpType::Activation:
        return OpCategory::Activation;
    default:
        return OpCategory::Other;
    }
}

QColor categoryColor(OpCategory c)
{
    switch (c) {
    case OpCategory::Conv:
        return QColor(0x2f, 0x5f, 0x9e); // deep blue
    case OpCategory::Depthwise:
        return QColor(0x1f, 0x8a, 0x8a); // teal
    case OpCategory::Matrix:
        return QColor(0x6a, 0x4c, 0x93); // purple
    case OpCategory::Pool:
        return QColor(0x3a, 0x7d, 0x44); // green
    case OpCategory::Eltwise:
        return QColor(0x9c, 0x5b, 0x14); // brown-orange
    case OpCategory::Concat:
        return QColor(0x9e, 0x3b, 0x6e); // magenta
    case OpCategory::Activation:
        return QColor(0x8e, 0x2c, 0x2c); // dark red
    case OpCategory::Other:
        break;
    }
    return QColor(0x5a, 0x5a, 0x5a); // grey
}

QString categoryName(OpCategory c)
{
    switch (c) {
    case OpCategory::Conv:
        return QStringLiteral("conv");
    case OpCategory::Depthwise:
        return QStringLiteral("depthwise");
    case OpCategory::Matrix:
        return QStringLiteral("fc / matmul");
    case OpCategory::Pool:
        return QStringLiteral("pool");
    case OpCategory::Eltwise:
        return QStringLiteral("eltwise");
    case OpCategory::Concat:
        return QStringLiteral("concat");
    case OpCategory::Activation:
        return QStringLiteral("activation");
    case OpCategory::Other:
        break;
    }
    return QStringLiteral("other");
}

QString opTitle(const Layer &l)
{
    switch (l.op) {
    case OpType::Conv:
        if (opCategory(l) == OpCategory::Depthwise)
            return QStringLiteral("DWConv");
        return l.groups > 1 ? QStringLiteral("GConv") : QStringLiteral("Conv");
    case OpType::ConvTranspose:
        return QStringLiteral("ConvT");
    case OpType::Gemm:
        return QStringLiteral("Gemm");
    case OpType::MatMul:
        return QStringLiteral("MatMul");
    case OpType::MaxPool:
        return QStringLiteral("MaxPool");
    case OpType::AvgPool:
        return QStringLiteral("AvgPool");
    case OpType::GlobalAvgPool:
        return QStringLiteral("GlobalAvgPool");
    case OpType::Add:
        return QStringLiteral("Add");
    case OpType::Mul:
        return QStringLiteral("Mul");
    case OpType::Concat:
        return QStringLiteral("Concat");
    case OpType::Activation:
        return l.sourceOp.empty() ? QStringLiteral("Activation") : QString::fromStdString(l.sourceOp);
    case OpType::Resize:
        return QStringLiteral("Resize");
    case OpType::Slice:
        return QStringLiteral("Slice");
    case OpType::Other:
        break;
    }
    return l.sourceOp.empty() ? QStringLiteral("Other") : QString::fromStdString(l.sourceOp);
}

QString kernelText(const Layer &l)
{
    if (!isWindowed(l.op) || l.op == OpType::Resize)
        return {};
    QString k = QString::number(l.dims.fy) + kTimes + QString::number(l.dims.fx);
    if (l.strideY != 1 || l.strideX != 1)
        k += QLatin1Char('/') + (l.strideY == l.strideX
                                     ? QString::number(l.strideY)
                                     : QString::number(l.strideY) + kTimes + QString::number(l.strideX));
    return k;
}

QString dimsText(const Layer &l)
{
    const QString arrow = QStringLiteral("\u2192");
    const QString dot = QStringLiteral(" \u00b7 ");
    if (l.op == OpType::Gemm || l.op == OpType::MatMul) {
        QString s = QString::number(l.dims.c) + arrow + QString::number(l.dims.k);
        if (l.dims.oy * l.dims.ox > 1)
            s += dot + QString::number(l.dims.oy) + kTimes + QString::number(l.dims.ox);
        return s;
    }
    const QString size = QString::number(l.dims.oy) + kTimes + QString::number(l.dims.ox);
    if (l.dims.c == l.dims.k)
        return QString::number(l.dims.k) + dot + size;
    return QString::number(l.dims.c) + arrow + QString::number(l.dims.k) + dot + size;
}

QString shapeText(const Tensor &t)
{
    return QString::fromStdString(t.shapeString());
}

QString bytesText(qint64 bytes)
{
    if (bytes < 1024)
        return QString::number(bytes) + QStringLiteral(" B");
    const double kib = static_cast<double>(bytes) / 1024.0;
    if (kib < 1024)
        return QString::number(kib, 'f', 1) + QStringLiteral(" KiB");
    const double mib = kib / 1024.0;
    if (mib < 1024)
        return QString::number(mib, 'f', 2) + QStringLiteral(" MiB");
    return QString::number(mib / 1024.0, 'f', 2) + QStringLiteral(" GiB");
}

QString countText(qint64 n)
{
    if (n < 10000)
        return QString::number(n);
    const double v = static_cast<double>(n);
    if (v < 1e6)
        return QString::number(v / 1e3, 'f', 1) + QStringLiteral(" k");
    if (v < 1e9)
        return QString::number(v / 1e6, 'f', 1) + QStringLiteral(" M");
    return QString::number(v / 1e9, 'f', 2) + QStringLiteral(" G");
}

} // namespace fuselab
