// SPDX-License-Identifier: GPL-3.0-or-later
// Import of Stream's classic hardware YAML: every accelerator in ../shared/peers/stream/hardware
// imports and validates, with units converted as the importer documents (bits -> bytes,
// pJ per access word -> pJ per byte), and gets a floorplan without overlaps.
#include "io/hardware_yaml.h"
#include "util/error.h"

#include "floorplan_check.h"

#include <QDir>
#include <QTest>

using namespace fuselab;

namespace {
const QString kStreamHw = QStringLiteral(FUSELAB_SHARED_DIR "/peers/stream/hardware");

bool haveShared()
{
    return QDir(kStreamHw).exists();
}

std::string hw(const char *file)
{
    return QString(kStreamHw + QLatin1Char('/') + QLatin1String(file)).toStdString();
}

const Memory &mem(const Accelerator &a, const std::string &name)
{
    const int i = a.memoryIndex(name);
    if (i < 0)
        throw std::runtime_error("no memory " + name);
    return a.memories[i];
}

int linksBetweenTwo(const Accelerator &a)
{
    int n = 0;
    for (const auto &l : a.links)
        n += l.endpoints.size() == 2;
    return n;
}
} // namespace

class TestHardwareStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        if (!haveShared())
            QSKIP("../shared/peers/stream is absent");
    }

    void everyAcceleratorImports_data()
    {
        QTest::addColumn<QString>("file");
        if (!haveShared())
            return;
        const QStringList files =
            QDir(kStreamHw).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 8); // the eight accelerators shipped with Stream's examples
        for (const QString &f : files)
            QTest::newRow(f.toUtf8().constData()) << QDir(kStreamHw).filePath(f);
    }
    void everyAcceleratorImports()
    {
        QFETCH(QString, file);
        const Accelerator a = loadHardware(file.toStdString()); // auto-detected as Stream
        QVERIFY(a.validate().empty());
        QVERIFY(importStreamHardware(file.toStdString()) == a);
        QVERIFY(!a.cores.empty());
        const std::string fp = test::floorplanProblem(a);
        QVERIFY2(fp.empty(), fp.c_str());
        // Every core reaches the DRAM over the off-chip bus.
        const Link &bus = a.links.back();
        QCOMPARE(bus.name, std::string("offchip"));
        QCOMPARE(bus.endpoints.size(), a.cores.size() + 1);
        QCOMPARE(bus.bandwidth, a.dram.bandwidth);
        // The imported accelerator survives the native format unchanged.
        QVERIFY(parseNativeHardware(toNativeHardwareYaml(a), "x.yaml") == a);
    }

    void tpuLikeQuadCoreUnits()
    {
        const Accelerator a = loadHardware(hw("tpu_like_quad_core.yaml"));
        QCOMPARE(a.name, std::string("tpu_like_quad_core"));
        QCOMPARE(a.cores.size(), size_t(6));
        const Core &c = a.cores[a.coreIndex("tpu_like_0")];
        QCOMPARE(int(c.kind), int(CoreKind::Spatial));
        QCOMPARE(c.rows, 32);
        QCOMPARE(c.cols, 32);
        QCOMPARE(c.unrollRows, (std::vector<Unroll>{{LoopDim::K, 32}})); // D1: K, 32
        QCOMPARE(c.unrollCols, (std::vector<Unroll>{{LoopDim::C, 32}})); // D2: C, 32
        QCOMPARE(c.macEnergy, 0.04);
        // sram_2MB: 16777216 bits = 2 MiB; 2048-bit ports = 256 B/cycle; 416.16 pJ per read word.
        const Memory &s = mem(a, "tpu_like_0.sram_2MB");
        QCOMPARE(s.core, std::string("tpu_like_0"));
        QCOMPARE(s.sizeBytes, int64_t(2097152));
        QCOMPARE(s.readBw, 256.0);
        QCOMPARE(s.readEnergy, 416.16 / 256);
        QCOMPARE(s.writeEnergy, 378.4 / 256);
        QCOMPARE(s.operands, unsigned(OperandAll));                          // [I1, I2, O]
        QCOMPARE(mem(a, "tpu_like_3.rf_128B").operands, unsigned(OperandW)); // [I2]
        QCOMPARE(mem(a, "tpu_like_3.rf_128B").sizeBytes, int64_t(128));      // 1024 bits
        QCOMPARE(mem(a, "tpu_like_1.rf_2B").sizeBytes, int64_t(2));          // 16 bits
        QCOMPARE(a.memoriesOf("tpu_like_2").size(), size_t(3));
        // Pooling: 3 x 3 x 8 lanes; SIMD: 64 lanes (its file calls itself "pooling").
        QCOMPARE(int(a.cores[a.coreIndex("pooling_4")].kind), int(CoreKind::Pool));
        QCOMPARE(a.cores[a.coreIndex("pooling_4")].lanes, 72);
        QCOMPARE(int(a.cores[a.coreIndex("simd_5")].kind), int(CoreKind::Simd));
        QCOMPARE(a.cores[a.coreIndex("simd_5")].lanes, 64);
        // 12 core_connectivity pairs at 32 bit/cycle = 4 B/cycle, plus the off-chip bus.
        QCOMPARE(linksBetweenTwo(a), 12);
        QCOMPARE(a.links.size(), size_t(13));
        QCOMPARE(a.links[0].endpoints, (std::vector<std::string>{"tpu_like_0", "tpu_like_1"}));
        QCOMPARE(a.links[0].bandwidth, 4.0);
        QCOMPARE(a.links[0].energyPerBit, 0.0);
        // offchip.yaml: 64-bit port = 8 B/cycle, 1000 pJ per 64-bit access = 125 pJ/B, 1 rw port.
        QCOMPARE(a.dram.bandwidth, 8.0);
        QCOMPARE(a.dram.readEnergy, 125.0);
        QCOMPARE(a.dram.writeEnergy, 125.0);
        QCOMPARE(a.dram.ports, 1);
    }

    // Every memory level is kept with its hierarchy fields; what FuseLab does not model is
    // listed, once per core file however many cores use it.
    void hierarchyFieldsAndWarnings()
    {
        std::vector<std::string> warnings;
        const Accelerator a = loadHardware(hw("tpu_like_quad_core.yaml"), warnings);
        // tpu_like.yaml lists rf_128B (W, served_dimensions []), rf_2B (O, [D2]), sram_2MB ([D1, D2]).
        QCOMPARE(mem(a, "tpu_like_0.rf_128B").level, 0);
        QCOMPARE(mem(a, "tpu_like_0.rf_2B").level, 1);
        QCOMPARE(mem(a, "tpu_like_0.sram_2MB").level, 2);
        QCOMPARE(mem(a, "tpu_like_0.rf_128B").servedAxes, 0u);                  // one per PE
        QCOMPARE(mem(a, "tpu_like_0.rf_2B").servedAxes, unsigned(AxisCols));    // D2: the columns
        QCOMPARE(mem(a, "tpu_like_0.sram_2MB").servedAxes, unsigned(AxisBoth)); // D1, D2
        QCOMPARE(mem(a, "tpu_like_0.rf_2B").readPorts, 2);                      // r_port: 2
        QCOMPARE(mem(a, "tpu_like_0.rf_2B").writePorts, 2);
        auto count = [&](const std::string &needle) {
            int n = 0;
            for (const auto &w : warnings)
                n += w.find(needle) != std::string::npos;
            return n;
        };
        QCOMPARE(count("tpu_like.yaml: memories.rf_128B.area: not modelled"), 1);
        QCOMPARE(count("tpu_like.yaml: memories.sram_2MB.min_r_granularity"), 1);
        QCOMPARE(count("tpu_like.yaml: memories.rf_2B.ports: not modelled"), 1);
        QCOMPARE(count("tpu_like.yaml: memories.rf_128B.auto_cost_extraction"), 1);
        QCOMPARE(count("tpu_like.yaml: operational_array.unit_area"), 1);
        QCOMPARE(count("tpu_like.yaml: name"), 1);
        for (const auto &w : warnings)
            QVERIFY2(w.find("not modelled by FuseLab") != std::string::npos, w.c_str());
        // Eyeriss' 8 KB output buffer has two read/write ports only.
        const Accelerator e = loadHardware(hw("eyeriss_like_quad_core.yaml"));
        const Memory &o = mem(e, e.cores[0].name + ".sram_8KB");
        QCOMPARE(o.rwPorts, 2);
        QCOMPARE(o.readPorts + o.writePorts, 0);
    }

    void eyerissClampsUnrollingToTheArray()
    {
        const Accelerator a = loadHardware(hw("eyeriss_like_single_core.yaml"));
        const Core &c = a.cores[a.coreIndex("eyeriss_like_0")];
        QCOMPARE(int(c.kind), int(CoreKind::Spatial));
        QCOMPARE(c.rows, 14);
        QCOMPARE(c.cols, 12);
        // The file asks for K 16 on a 14-wide dimension and C 16 on a 12-wide one.
        QCOMPARE(c.unrollRows, (std::vector<Unroll>{{LoopDim::K, 14}}));
        QCOMPARE(c.unrollCols, (std::vector<Unroll>{{LoopDim::C, 12}}));
        QCOMPARE(mem(a, "eyeriss_like_0.sram_1M").sizeBytes, int64_t(1048576)); // 8388608 bits
        QCOMPARE(mem(a, "eyeriss_like_0.sram_1M").operands, unsigned(OperandI | OperandO));
    }

    void simbaMergesUnrollsPerAxis()
    {
        const Accelerator a = loadHardware(hw("simba.yaml"));
        QCOMPARE(a.cores.size(), size_t(36));
        QCOMPARE(linksBetweenTwo(a), 60); // a 6x6 mesh has 2·6·5 links
        const Core &c = a.cores[a.coreIndex("simba_chiplet_35")];
        // D1 (4) and D3 (8) are rows, D2 (4) and D4 (8) columns: 32 x 32, K 4·8 and C 4·8, each
        // unroll keeping the array dimension it came from (a 4-D array).
        QCOMPARE(c.rows, 32);
        QCOMPARE(c.cols, 32);
        QCOMPARE(c.unrollRows, (std::vector<Unroll>{{LoopDim::K, 4, 1}, {LoopDim::K, 8, 3}}));
        QCOMPARE(c.unrollCols, (std::vector<Unroll>{{LoopDim::C, 4, 2}, {LoopDim::C, 8, 4}}));
        // input_buffer is served by [D3, D4]: one per PE of the 4 × 4 grid; global_buffer by all.
        QCOMPARE(mem(a, "simba_chiplet_35.input_buffer").servedDims, 0b1100u);
        QCOMPARE(mem(a, "simba_chiplet_35.input_buffer").servedAxes, unsigned(AxisBoth));
        QCOMPARE(mem(a, "simba_chiplet_35.global_buffer").servedDims, 0b1111u);
        QCOMPARE(mem(a, "simba_chiplet_35.weight_registers").servedDims, 0u);
        QCOMPARE(a.dram.readEnergy, 100.0 / 8); // 100 pJ per 64-bit access
    }

    void metaPrototypeUsesDefaultDataflow()
    {
        const Accelerator a = loadHardware(hw("meta_prototype_dual_core_simd_offchip.yaml"));
        const Core &c = a.cores[a.coreIndex("meta_prototype_1")];
        // `multipliers` sizes [32, 2, 4, 4], no dataflows: K 32 | C 2 | OX 4 | OY 4.
        QCOMPARE(int(c.kind), int(CoreKind::Spatial));
        QCOMPARE(c.rows, 128);
        QCOMPARE(c.cols, 8);
        QCOMPARE(c.unrollRows, (std::vector<Unroll>{{LoopDim::K, 32, 1}, {LoopDim::OX, 4, 3}}));
        QCOMPARE(c.unrollCols, (std::vector<Unroll>{{LoopDim::C, 2, 2}, {LoopDim::OY, 4, 4}}));
        QCOMPARE(a.links[0].bandwidth, 8.0); // 64 bit/cycle
    }

    void fusemaxPathsAndSharing()
    {
        // Its core paths are relative to Stream's repository root; they resolve to cores/.
        const Accelerator a = loadHardware(hw("fusemax.yaml"));
        QCOMPARE(a.cores.size(), size_t(2));
        const Core &arr = a.cores[a.coreIndex("fusemax_array_0")];
        QCOMPARE(int(arr.kind), int(CoreKind::Spatial));
        QCOMPARE(arr.rows, 256);
        QCOMPARE(arr.cols, 256);
        QCOMPARE(arr.unrollRows, (std::vector<Unroll>{{LoopDim::OY, 256}})); // D (tokens) -> OY
        QCOMPARE(arr.unrollCols, (std::vector<Unroll>{{LoopDim::K, 256}}));
        const Core &vec = a.cores[a.coreIndex("fusemax_vec_1")];
        QCOMPARE(int(vec.kind), int(CoreKind::Simd)); // sizes [256, 1], no dataflows
        QCOMPARE(vec.lanes, 256);
        // DRAM: 3200-bit port = 400 B/cycle, 32000 pJ per access = 10 pJ/bit = 80 pJ/B, 3 rw ports.
        QCOMPARE(a.dram.bandwidth, 400.0);
        QCOMPARE(a.dram.readEnergy, 80.0);
        QCOMPARE(a.dram.ports, 3);
        // core_memory_sharing 0, 1 -> a link as wide as the 8192-bit SRAM ports (1024 B/cycle).
        QCOMPARE(a.links.size(), size_t(2));
        QCOMPARE(a.links[0].endpoints, (std::vector<std::string>{"fusemax_array_0", "fusemax_vec_1"}));
        QCOMPARE(a.links[0].bandwidth, 1024.0);
    }

    void loneCoreFile()
    {
        const Accelerator a = loadHardware(hw("cores/tpu_like.yaml"));
        QCOMPARE(a.cores.size(), size_t(1));
        QCOMPARE(a.cores[0].name, std::string("tpu_like"));
        QCOMPARE(a.memoriesOf("tpu_like").size(), size_t(3));
        // A core file has no DRAM: FuseLab's default DRAM is used...
        QCOMPARE(a.dram.bandwidth, Dram{}.bandwidth);
        QCOMPARE(a.dram.readEnergy, Dram{}.readEnergy);
        QVERIFY(a.validate().empty()); // ...reached over the off-chip bus
        try {
            loadHardware(hw("cores/offchip.yaml"));
            QFAIL("a zero-sized array is not a core");
        } catch (const InputError &e) {
            const std::string m = e.what();
            QVERIFY2(
                m.find("offchip.yaml: operational_array.sizes[0]: array dimension size must be positive") !=
                    std::string::npos,
                m.c_str());
            QVERIFY2(m.find("off-chip memory description") != std::string::npos, m.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestHardwareStream)
#include "tst_hardware_stream.moc"
