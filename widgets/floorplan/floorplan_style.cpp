// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_style.h"

#include "util/qt_strings.h"

namespace fuselab {

QColor kindColor(CoreKind kind)
{
    switch (kind) {
    case CoreKind::Systolic: return QColor(198, 221, 255);
    case CoreKind::Spatial: return QColor(203, 238, 210);
    case CoreKind::Aimc: return QColor(233, 213, 250);
    case CoreKind::Simd: return QColor(255, 226, 189);
    case CoreKind::Pool: return QColor(255, 211, 214);
    }
    return Qt::white;
}

QColor sharedMemoryColor() { return QColor(255, 243, 176); }
QColor dramColor() { return QColor(214, 218, 224); }

QColor paletteColor(PaletteBlock b)
{
    switch (b) {
    case PaletteBlock::Systolic: return kindColor(CoreKind::Systolic);
    case PaletteBlock::Spatial: return kindColor(CoreKind::Spatial);
    case PaletteBlock::Aimc: return kindColor(CoreKind::Aimc);
    case PaletteBlock::Simd: return kindColor(CoreKind::Simd);
    case PaletteBlock::Pool: return kindColor(CoreKind::Pool);
    case PaletteBlock::SharedMemory: return sharedMemoryColor();
    case PaletteBlock::DramPort: return dramColor();
    }
    return Qt::white;
}

QColor blockColor(const Accelerator &acc, const BlockRef &ref)
{
    if (ref.kind == BlockRef::Core) {
        const int i = acc.coreIndex(ref.name);
        return i < 0 ? QColor(Qt::white) : kindColor(acc.cores[i].kind);
    }
    return ref.kind == BlockRef::Memory ? sharedMemoryColor() : dramColor();
}

QString formatBytes(int64_t bytes)
{
    const double b = static_cast<double>(bytes);
    if (bytes >= (int64_t{1} << 30))
        return QStringLiteral("%1 GiB").arg(b / (1 << 30), 0, 'g', 3);
    if (bytes >= (1 << 20))
        return QStringLiteral("%1 MiB").arg(b / (1 << 20), 0, 'g', 3);
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(b / 1024, 0, 'g', 4);
    return QStringLiteral("%1 B").arg(bytes);
}

QStringList blockLines(const Accelerator &acc, const BlockRef &ref)
{
    QStringList lines{toQString(ref.name)};
    if (ref.kind == BlockRef::Core) {
        const int i = acc.coreIndex(ref.name);
        if (i < 0)
            return lines;
        const Core &c = acc.cores[i];
        QString kind = toQString(toString(c.kind));
        switch (c.kind) {
        case CoreKind::Systolic:
            lines << kind + QStringLiteral(" · ") + toQString(toString(c.dataflow)).toUpper()
                  << QStringLiteral("%1×%2 PEs").arg(c.rows).arg(c.cols);
            break;
        case CoreKind::Spatial: {
            QString un;
            for (const auto &u : c.unrollRows)
                un += toQString(toString(u.dim)).toUpper() + QString::number(u.factor);
            un += QStringLiteral("|");
            for (const auto &u : c.unrollCols)
                un += toQString(toString(u.dim)).toUpper() + QString::number(u.factor);
            lines << kind + QStringLiteral(" · ") + un << QStringLiteral("%1×%2 PEs").arg(c.rows).arg(c.cols);
            break;
        }
        case CoreKind::Aimc:
            lines << QStringLiteral("AIMC tile") << QStringLiteral("%1×%2 crossbar").arg(c.rows).arg(c.cols);
            break;
        default:
            lines << kind << QStringLiteral("%1 lanes").arg(c.lanes);
        }
        int64_t local = 0;
        for (int m : acc.memoriesOf(c.name))
            local += acc.memories[m].sizeBytes;
        if (local > 0)
            lines << formatBytes(local) + QStringLiteral(" local · %1 MHz").arg(c.clockMHz);
        else
            lines << QStringLiteral("%1 MHz").arg(c.clockMHz);
    } else if (ref.kind == BlockRef::Memory) {
        const int i = acc.memoryIndex(ref.name);
        if (i < 0)
            return lines;
        const Memory &m = acc.memories[i];
        lines << QStringLiteral("shared memory")
              << formatBytes(m.sizeBytes) + QStringLiteral(" · ") + toQString(operandsToString(m.operands))
              << QStringLiteral("%1 B/cy").arg(m.readBw);
    } else if (ref.kind == BlockRef::Dram) {
        const Dram &d = acc.dram;
        lines << QStringLiteral("DRAM (off-chip)")
              << QStringLiteral("%1 B/cy · %2 port%3").arg(d.bandwidth).arg(d.ports).arg(d.ports == 1 ? QString() : QStringLiteral("s"))
              << QStringLiteral("%1 cy · %2 pJ/B").arg(d.latency).arg(d.readEnergy);
    }
    return lines;
}

} // namespace fuselab
