// SPDX-License-Identifier: GPL-3.0-or-later
#include "default_project.h"

#include "io/hardware_yaml.h"
#include "util/error.h"
#include "workload/zoo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace fuselab {

namespace {
const QString kQuadCore = QStringLiteral("hardware/quad_core.yaml");

/// A small conv chain used only when the model zoo is not available in this build.
Workload tinyChain()
{
    Workload w;
    w.name = "tiny_chain";
    TensorId prev = w.addTensor({"input", 1, 3, 32, 32, 8, kNone});
    const int64_t channels[] = {16, 32, 32, 64};
    int64_t c = 3;
    for (int i = 0; i < 4; ++i) {
        const TensorId out = w.addTensor({"t" + std::to_string(i), 1, channels[i], 32, 32, 8, kNone});
        Layer l;
        l.name = "conv" + std::to_string(i);
        l.sourceOp = "Conv";
        l.dims = {1, channels[i], c, 32, 32, 3, 3};
        l.iy = l.ix = 32;
        l.padTop = l.padLeft = l.padBottom = l.padRight = 1;
        l.hasWeights = true;
        l.inputs = {prev};
        l.output = out;
        w.addLayer(l);
        prev = out;
        c = channels[i];
    }
    return w;
}
} // namespace

QStringList exampleHardwareResources()
{
    QStringList out;
    const QDir dir(QStringLiteral(":/fuselab/examples/hardware"));
    for (const QString &f : dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name))
        out << dir.filePath(f);
    return out;
}

Accelerator loadHardwareFile(const QString &path)
{
    if (!path.startsWith(QLatin1String(":/")))
        return loadHardware(QFile::encodeName(path).toStdString());
    // loadHardware reads files: copy the resource (and its siblings, which Stream's format
    // refers to by relative path) into a temporary directory first.
    QTemporaryDir tmp;
    const QFileInfo info(path);
    const QDir dir = info.dir();
    for (const QString &f : dir.entryList(QDir::Files))
        QFile::copy(dir.filePath(f), tmp.filePath(f));
    for (const QString &sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QDir().mkpath(tmp.filePath(sub));
        const QDir sd(dir.filePath(sub));
        for (const QString &f : sd.entryList(QDir::Files))
            QFile::copy(sd.filePath(f), tmp.filePath(sub + QLatin1Char('/') + f));
    }
    try {
        return loadHardware(QFile::encodeName(tmp.filePath(info.fileName())).toStdString());
    } catch (const InputError &e) {
        throw InputError(path.toStdString(), e.field(), e.reason());  // name the resource, not the temp copy
    }
}

Accelerator builtinQuadCore()
{
    Accelerator a;
    a.name = "quad_core";
    a.clockMHz = 1000;
    a.gridWidth = 16;
    a.gridHeight = 12;
    auto core = [](std::string name, CoreKind kind, int rows, int cols, Placement place) {
        Core c;
        c.name = std::move(name);
        c.kind = kind;
        c.rows = rows;
        c.cols = cols;
        c.macEnergy = 0.2;
        c.place = place;
        return c;
    };
    Core ws = core("sys_ws", CoreKind::Systolic, 32, 32, {1, 1, 4, 2});
    Core os = core("sys_os", CoreKind::Systolic, 32, 32, {1, 7, 4, 2});
    os.dataflow = Dataflow::OS;
    Core sp = core("spatial", CoreKind::Spatial, 16, 16, {11, 1, 4, 2});
    sp.unrollRows = {{LoopDim::K, 16}};
    sp.unrollCols = {{LoopDim::C, 16}};
    Core simd = core("simd", CoreKind::Simd, 1, 64, {11, 7, 4, 2});
    simd.lanes = 64;
    simd.macEnergy = 0.1;
    a.cores = {ws, os, sp, simd};
    for (const auto &c : a.cores) {
        Memory m;
        m.name = c.name + ".local";
        m.core = c.name;
        m.sizeBytes = 128 << 10;
        m.readBw = m.writeBw = 64;
        m.readEnergy = m.writeEnergy = 0.5;
        a.memories.push_back(m);
    }
    Memory gb;
    gb.name = "gb";
    gb.sizeBytes = 2 << 20;
    gb.readBw = gb.writeBw = 128;
    gb.readEnergy = gb.writeEnergy = 2;
    gb.latency = 4;
    gb.place = {6, 4, 4, 2};
    a.memories.push_back(gb);
    for (const auto &c : a.cores)
        a.links.push_back({c.name + "-gb", {c.name, "gb"}, 32, 1, 0.1});
    a.links.push_back({"gb-dram", {"gb", "dram"}, 16, 1, 0.5});
    a.dram.name = "dram";
    a.dram.bandwidth = 16;
    a.dram.latency = 100;
    a.dram.readEnergy = a.dram.writeEnergy = 100;
    a.dram.place = {5, 9, 6, 2};
    return a;
}

Project defaultProject(QStringList *notes)
{
    auto note = [notes](const QString &n) {
        if (notes)
            *notes << n;
    };
    Project p;
    p.name = "default";
    if (auto w = zooModel("resnet18")) {
        p.workload = *w;
    } else {
        p.workload = tinyChain();
        note(QObject::tr("The model zoo is not available in this build: starting on a 4-layer conv chain "
                         "instead of ResNet-18."));
    }
    // The example file: compiled-in resource first, then the source tree this was built from.
    QStringList candidates{QStringLiteral(":/fuselab/examples/") + kQuadCore};
#ifdef FUSELAB_SOURCE_DIR
    candidates << QStringLiteral(FUSELAB_SOURCE_DIR "/examples/") + kQuadCore;
#endif
    candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/fuselab/examples/") + kQuadCore;
    for (const QString &c : candidates) {
        if (!QFileInfo::exists(c))
            continue;
        try {
            p.accelerator = loadHardwareFile(c);
            return p;
        } catch (const std::exception &e) {
            note(QObject::tr("Could not load %1: %2").arg(c, QString::fromStdString(e.what())));
        }
    }
    note(QObject::tr("examples/%1 not found or not loadable: using the built-in quad-core.").arg(kQuadCore));
    p.accelerator = builtinQuadCore();
    return p;
}

} // namespace fuselab
