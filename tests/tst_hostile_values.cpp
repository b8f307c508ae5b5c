// SPDX-License-Identifier: GPL-3.0-or-later
// Numbers that overflow or make no sense are rejected by validation, with an InputError
// naming the file, the field and the reason: dimensions near 2^31, MAC counts beyond 64
// bits, bandwidth 0, negative energy, NaN / infinity, zero-sized memories — in the native
// hardware YAML, the Stream accelerator and core files, the Stream workload YAML and the plan
// YAML. Each case takes a valid file and changes one value.
#include "io/hardware_yaml.h"
#include "io/stream_workload.h"
#include "plan/plan_yaml.h"
#include "util/error.h"
#include "workload/workload.h"
#include "workload/zoo.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fuselab;

namespace {
QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

/// `text` with the first occurrence of `from` replaced (the case fails if it is absent).
QByteArray replaced(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    const qsizetype at = text.indexOf(from);
    if (at < 0)
        qFatal("test setup: '%s' not found", from.constData());
    return text.replace(at, from.size(), to);
}

/// Runs `load`; it must throw an InputError whose file is `file` (its name) and whose field
/// and reason contain the expected texts.
template <typename Load>
void expectRejected(Load load, const QString &file, const QString &field, const QString &reason)
{
    try {
        load();
        QFAIL(qPrintable(QStringLiteral("accepted; expected %1: %2").arg(field, reason)));
    } catch (const InputError &e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(QString::fromStdString(e.file()).endsWith(file), qPrintable(msg));
        QVERIFY2(QString::fromStdString(e.field()).contains(field), qPrintable(msg));
        QVERIFY2(QString::fromStdString(e.reason()).contains(reason, Qt::CaseInsensitive), qPrintable(msg));
    }
}

const QString kStream = QStringLiteral(FUSELAB_SOURCE_DIR "/tests/fixtures/stream"); // the project's own
} // namespace

class TestHostileValues : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nativeHardware_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::newRow("rows 2^31") << QByteArray("rows: 32") << QByteArray("rows: 2147483648")
                                   << "cores[0].rows"
                                   << "32-bit";
        QTest::newRow("cols 2^63") << QByteArray("cols: 32") << QByteArray("cols: 9223372036854775808")
                                   << "cores[0].cols"
                                   << "too large for a 64-bit integer";
        QTest::newRow("link bandwidth 0")
            << QByteArray(
                   "bandwidth_bytes_per_cycle: 128\n    latency_cycles: 1\n    energy_pj_per_bit: 0.02")
            << QByteArray("bandwidth_bytes_per_cycle: 0\n    latency_cycles: 1\n    energy_pj_per_bit: 0.02")
            << "links[0].bandwidth_bytes_per_cycle"
            << "positive";
        QTest::newRow("memory bandwidth 0") << QByteArray("bandwidth_bytes_per_cycle: 128\n        energy")
                                            << QByteArray("bandwidth_bytes_per_cycle: 0\n        energy")
                                            << "tpu.acc.bandwidth_bytes_per_cycle"
                                            << "positive";
        QTest::newRow("dram bandwidth 0")
            << QByteArray("bandwidth_bytes_per_cycle: 16\n  energy")
            << QByteArray("bandwidth_bytes_per_cycle: 0\n  energy") << "dram.bandwidth_bytes_per_cycle"
            << "positive";
        QTest::newRow("negative MAC energy") << QByteArray("mac_energy_pj: 0.2")
                                             << QByteArray("mac_energy_pj: -0.2") << "cores[0].mac_energy_pj"
                                             << "zero or positive";
        QTest::newRow("negative link energy")
            << QByteArray("energy_pj_per_bit: 0.02") << QByteArray("energy_pj_per_bit: -1e-3")
            << "links[0].energy_pj_per_bit"
            << "zero or positive";
        QTest::newRow("NaN read energy")
            << QByteArray("read_energy_pj_per_byte: 1.2") << QByteArray("read_energy_pj_per_byte: .nan")
            << "spm.read_energy_pj_per_byte"
            << "NaN";
        QTest::newRow("NaN clock") << QByteArray("clock_mhz: 1000\ngrid")
                                   << QByteArray("clock_mhz: .NaN\ngrid") << "clock_mhz"
                                   << "NaN";
        QTest::newRow("infinite clock")
            << QByteArray("clock_mhz: 1000\ngrid") << QByteArray("clock_mhz: .inf\ngrid") << "clock_mhz"
            << "infinite";
        QTest::newRow("1e400 energy") << QByteArray("energy_pj_per_byte: 120")
                                      << QByteArray("energy_pj_per_byte: 1e400") << "dram.energy_pj_per_byte"
                                      << "infinite";
        QTest::newRow("zero memory") << QByteArray("size: 1 MiB") << QByteArray("size: 0") << "spm.size"
                                     << "positive";
        QTest::newRow("zero KiB memory")
            << QByteArray("size: 64 KiB") << QByteArray("size: 0 KiB") << "tpu.acc.size"
            << "positive";
        QTest::newRow("memory size overflow")
            << QByteArray("size: 1 MiB") << QByteArray("size: 99999999999 TiB") << "spm.size"
            << "too large";
        QTest::newRow("negative latency") << QByteArray("latency_cycles: 100")
                                          << QByteArray("latency_cycles: -100") << "dram.latency_cycles"
                                          << "zero or positive";
    }
    void nativeHardware()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        const QByteArray base =
            readFile(QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/tpu_single_core.yaml"));
        QVERIFY(!base.isEmpty());
        parseNativeHardware(base.toStdString(), "hw.yaml"); // the unchanged file is valid
        const std::string text = replaced(base, from, to).toStdString();
        expectRejected([&] { parseNativeHardware(text, "hw.yaml"); }, QStringLiteral("hw.yaml"), field,
                       reason);
    }

    void streamHardware_data()
    {
        QTest::addColumn<QString>("file"); // the file changed: the accelerator or a core file
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::newRow("link bandwidth 0")
            << "acc.yaml" << QByteArray("bandwidth: 64") << QByteArray("bandwidth: 0") << "bandwidth"
            << "positive";
        QTest::newRow("link bandwidth NaN")
            << "acc.yaml" << QByteArray("bandwidth: 64") << QByteArray("bandwidth: .nan") << "bandwidth"
            << "NaN";
        QTest::newRow("negative link energy") << "acc.yaml" << QByteArray("unit_energy_cost: 0")
                                              << QByteArray("unit_energy_cost: -1") << "unit_energy_cost"
                                              << "zero or positive";
        QTest::newRow("zero memory") << "vector_unit.yaml" << QByteArray("size: 524288") << QByteArray("size: 0")
                                     << "size"
                                     << "positive";
        QTest::newRow("read bandwidth 0")
            << "vector_unit.yaml" << QByteArray("r_bw: 256") << QByteArray("r_bw: 0") << "r_bw"
            << "positive";
        QTest::newRow("NaN read cost")
            << "vector_unit.yaml" << QByteArray("r_cost: 40") << QByteArray("r_cost: .nan") << "r_cost"
            << "NaN";
        QTest::newRow("negative write cost")
            << "vector_unit.yaml" << QByteArray("w_cost: 56") << QByteArray("w_cost: -56") << "w_cost"
            << "zero or positive";
        QTest::newRow("infinite MAC energy") << "vector_unit.yaml" << QByteArray("unit_energy: 0.08")
                                             << QByteArray("unit_energy: .inf") << "unit_energy"
                                             << "infinite";
        QTest::newRow("array size 2^31")
            << "vector_unit.yaml" << QByteArray("sizes: [16]") << QByteArray("sizes: [2147483648]") << "sizes"
            << "32-bit";
        QTest::newRow("dram size NaN")
            << "dram.yaml" << QByteArray("size: 8000000000") << QByteArray("size: .nan") << "size"
            << "NaN";
    }
    void streamHardware()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        // A copy of the fixture accelerator (tests/fixtures/stream) with its core files.
        QTemporaryDir dir;
        QByteArray acc = readFile(kStream + QStringLiteral("/hardware/tiny_quad.yaml"));
        QVERIFY(!acc.isEmpty());
        QDir().mkpath(dir.filePath(QStringLiteral("cores")));
        for (const char *core : {"mac_array.yaml", "pool_unit.yaml", "vector_unit.yaml", "dram.yaml"})
            writeFile(dir.filePath(QStringLiteral("cores/") + QLatin1String(core)),
                      readFile(kStream + QStringLiteral("/hardware/cores/") + QLatin1String(core)));
        const QString accPath = dir.filePath(QStringLiteral("acc.yaml"));
        writeFile(accPath, acc);
        importStreamHardware(accPath.toStdString()); // the unchanged copy is valid
        const QString changed =
            file == QLatin1String("acc.yaml") ? accPath : dir.filePath(QStringLiteral("cores/") + file);
        writeFile(changed, replaced(readFile(changed), from, to));
        expectRejected([&] { importStreamHardware(accPath.toStdString()); }, file, field, reason);
    }

    void streamWorkload_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::newRow("K = 2^31") << QByteArray("loop_sizes: [1, 16, 3, 32, 32, 3, 3]")
                                  << QByteArray("loop_sizes: [1, 2147483648, 3, 32, 32, 3, 3]")
                                  << "loop_sizes"
                                  << "32-bit";
        QTest::newRow("MACs beyond 64 bits")
            << QByteArray("loop_sizes: [1, 16, 3, 32, 32, 3, 3]")
            << QByteArray("loop_sizes: [1, 16, 2147483647, 32, 32, 2147483647, 3]") << "layer 'stem'"
            << "10^18";
        QTest::newRow("NaN size") << QByteArray("loop_sizes: [1, 16, 3, 32, 32, 3, 3]")
                                  << QByteArray("loop_sizes: [1, .nan, 3, 32, 32, 3, 3]") << "loop_sizes"
                                  << "integer";
        QTest::newRow("zero size") << QByteArray("loop_sizes: [1, 16, 3, 32, 32, 3, 3]")
                                   << QByteArray("loop_sizes: [1, 0, 3, 32, 32, 3, 3]") << "loop_sizes"
                                   << "positive";
        QTest::newRow("negative precision")
            << QByteArray("W: 8\n    I: 8") << QByteArray("W: -8\n    I: 8") << "operand_precision.W"
            << "zero or positive";
    }
    void streamWorkload()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QByteArray base = readFile(kStream + QStringLiteral("/workload/tiny_resnet.yaml"));
        QVERIFY(!base.isEmpty());
        const QString path = dir.filePath(QStringLiteral("wl.yaml"));
        writeFile(path, replaced(base, from, to));
        expectRejected([&] { importStreamWorkload(path.toStdString()); }, QStringLiteral("wl.yaml"), field,
                       reason);
    }

    void workloadSizes()
    {
        // Built in memory (as the ONNX importer and the editors build them): validate() names
        // the layer and why. Hand check: 2^31-1 cubed × 3^2 × 1 ≈ 8.9e28 > 9.2e18.
        Workload w = zooModel("resnet18").value();
        QVERIFY(w.validate().empty());
        Workload big = w;
        big.layers[0].dims.k = big.layers[0].dims.c = kMaxDimension;
        big.layers[0].dims.oy = kMaxDimension;
        auto joined = [](const std::vector<std::string> &v) {
            std::string s;
            for (const auto &e : v)
                s += e + "\n";
            return QString::fromStdString(s);
        };
        QString problems = joined(big.validate());
        QVERIFY2(problems.contains(QStringLiteral("layer 'conv1'")), qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("overflows 64-bit")), qPrintable(problems));
        big = w;
        big.layers[0].dims.ox = kMaxDimension + 1;
        problems = joined(big.validate());
        QVERIFY2(problems.contains(QStringLiteral("OX = 2147483648 exceeds the limit")),
                 qPrintable(problems));
        big = w;
        big.tensors[0].h = int64_t{1} << 40;
        problems = joined(big.validate());
        QVERIFY2(problems.contains(QStringLiteral("exceeds the limit")), qPrintable(problems));
    }

    void planYaml_data()
    {
        QTest::addColumn<QByteArray>("group");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::newRow("tile rows 2^35") << QByteArray("tile_rows: 34359738368") << "groups[0].tile_rows"
                                        << "type";
        QTest::newRow("tile rows NaN") << QByteArray("tile_rows: .nan") << "groups[0].tile_rows"
                                       << "type";
        QTest::newRow("tile rows negative") << QByteArray("tile_rows: -4") << "groups[0].tile_rows"
                                            << "≥ 0";
        QTest::newRow("tile cols inf") << QByteArray("tile_cols: .inf") << "groups[0].tile_cols"
                                       << "type";
    }
    void planYaml()
    {
        QFETCH(QByteArray, group);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        const Workload w = zooModel("resnet18").value();
        const Accelerator acc = loadHardware(FUSELAB_SOURCE_DIR "/examples/hardware/tpu_single_core.yaml");
        std::string text = "fuselab_plan: 1\ngroups:\n  - layers: [conv1]\n    " + group.toStdString() + "\n";
        for (size_t l = 1; l < w.layers.size(); ++l)
            text += "  - layers: [" + w.layers[l].name + "]\n";
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plan.yaml"));
        writeFile(path, QByteArray::fromStdString(text));
        expectRejected([&] { loadPlan(path.toStdString(), w, acc); }, QStringLiteral("plan.yaml"), field,
                       reason);
    }
};

QTEST_GUILESS_MAIN(TestHostileValues)
#include "tst_hostile_values.moc"
