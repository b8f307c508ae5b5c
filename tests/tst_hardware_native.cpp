// SPDX-License-Identifier: GPL-3.0-or-later
// Native hardware YAML: the examples load and validate, values arrive in the right units,
// load -> save -> load is exact, saving is atomic, and bad values are named precisely.
#include "io/hardware_yaml.h"
#include "util/error.h"

#include "floorplan_check.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace fuselab;

namespace {
const std::string kExamples = std::string(FUSELAB_SOURCE_DIR) + "/examples/hardware/";

// A minimal valid accelerator; `memoryExtra` / `coreExtra` are spliced in to vary one field.
std::string minimal(const std::string &size = "64 KiB", const std::string &coreExtra = "")
{
    return "fuselab_hardware: 1\n"
           "name: tiny\n"
           "cores:\n"
           "  - name: c0\n"
           "    kind: systolic\n"
           "    rows: 8\n"
           "    cols: 4\n"
           "    dataflow: os\n"
           "    mac_energy_pj: 0.25\n" +
           coreExtra +
           "    memories:\n"
           "      c0.buf:\n"
           "        size: " +
           size +
           "\n"
           "        operands: [I, O]\n"
           "        bandwidth_bytes_per_cycle: 32\n"
           "        energy_pj_per_byte: 2\n"
           "dram:\n"
           "  bandwidth_bytes_per_cycle: 8\n"
           "  read_energy_pj_per_byte: 100\n"
           "  write_energy_pj_per_byte: 120\n"
           "links:\n"
           "  - endpoints: [c0, dram]\n"
           "    bandwidth_bytes_per_cycle: 8\n";
}

std::string errorOf(const std::string &text)
{
    try {
        parseNativeHardware(text, "t.yaml");
    } catch (const InputError &e) {
        return e.what();
    }
    return "(no error)";
}
} // namespace

class TestHardwareNative : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The hierarchy fields of a memory: level, served axes, ports, double buffering. Defaults
    // when absent (level by size, whole array, 1 read + 1 write port, double-buffered), exact
    // round trip, and the writer leaves defaults out so older files stay byte-identical.
    void memoryHierarchyFields()
    {
        const Accelerator plain = parseNativeHardware(minimal(), "t.yaml");
        QCOMPARE(plain.memories[0].level, -1);
        QCOMPARE(plain.memories[0].servedAxes, unsigned(AxisBoth));
        QCOMPARE(plain.memories[0].readPorts, 1);
        QCOMPARE(plain.memories[0].writePorts, 1);
        QCOMPARE(plain.memories[0].rwPorts, 0);
        QVERIFY(plain.memories[0].doubleBuffered);
        QVERIFY(toNativeHardwareYaml(plain).find("served_axes") == std::string::npos);
        QVERIFY(toNativeHardwareYaml(plain).find("ports: {") == std::string::npos);

        const std::string extra = "64 KiB\n        level: 2\n        served_axes: [cols]\n"
                                  "        ports: {read: 0, write: 0, read_write: 2}\n        double_buffered: false";
        const Accelerator a = parseNativeHardware(minimal(extra), "t.yaml");
        const Memory &m = a.memories[0];
        QCOMPARE(m.level, 2);
        QCOMPARE(m.servedAxes, unsigned(AxisCols));
        QCOMPARE(m.readPorts, 0);
        QCOMPARE(m.writePorts, 0);
        QCOMPARE(m.rwPorts, 2);
        QVERIFY(!m.doubleBuffered);
        QCOMPARE(parseNativeHardware(toNativeHardwareYaml(a), "again.yaml"), a);
        QCOMPARE(parseNativeHardware(minimal("64 KiB\n        served_axes: []"), "t.yaml").memories[0].servedAxes,
                 0u);

        const std::string badAxis = errorOf(minimal("64 KiB\n        served_axes: [diagonal]"));
        QVERIFY2(badAxis.find("cores[0].memories.c0.buf.served_axes[0]") != std::string::npos &&
                     badAxis.find("unknown array axis 'diagonal'") != std::string::npos,
                 badAxis.c_str());
        const std::string noWrite = errorOf(minimal("64 KiB\n        ports: {read: 1, write: 0}"));
        QVERIFY2(noWrite.find("ports") != std::string::npos && noWrite.find("one that writes") != std::string::npos,
                 noWrite.c_str());
        const std::string badBool = errorOf(minimal("64 KiB\n        double_buffered: maybe"));
        QVERIFY2(badBool.find("double_buffered") != std::string::npos && badBool.find("true or false") != std::string::npos,
                 badBool.c_str());
        const std::string badLevel = errorOf(minimal("64 KiB\n        level: -3"));
        QVERIFY2(badLevel.find("level") != std::string::npos, badLevel.c_str());
    }

    void minimalValuesAndDefaults()
    {
        const Accelerator a = parseNativeHardware(minimal(), "t.yaml");
        QCOMPARE(a.name, std::string("tiny"));
        QCOMPARE(a.cores.size(), size_t(1));
        const Core &c = a.cores[0];
        QCOMPARE(int(c.kind), int(CoreKind::Systolic));
        QCOMPARE(c.rows, 8);
        QCOMPARE(c.cols, 4);
        QCOMPARE(int(c.dataflow), int(Dataflow::OS));
        QCOMPARE(c.clockMHz, 1000.0); // inherits the accelerator clock (default 1000 MHz)
        QCOMPARE(a.memories.size(), size_t(1));
        const Memory &m = a.memories[0];
        QCOMPARE(m.core, std::string("c0"));
        QCOMPARE(m.sizeBytes, int64_t(64 * 1024));
        QCOMPARE(m.operands, unsigned(OperandI | OperandO));
        QCOMPARE(m.readBw, 32.0);
        QCOMPARE(m.writeBw, 32.0);
        QCOMPARE(m.readEnergy, 2.0);
        QCOMPARE(m.writeEnergy, 2.0);
        QCOMPARE(a.dram.name, std::string("dram"));
        QCOMPARE(a.dram.readEnergy, 100.0);
        QCOMPARE(a.dram.writeEnergy, 120.0);
        QCOMPARE(a.links.size(), size_t(1));
        QCOMPARE(a.links[0].name, std::string("c0-dram")); // default name joins the endpoints
        QVERIFY(a.validate().empty());
    }

    void sizeUnits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("plain bytes") << QStringLiteral("4096") << qint64(4096);
        QTest::newRow("separators") << QStringLiteral("16_777_216") << qint64(16777216);
        QTest::newRow("B") << QStringLiteral("100 B") << qint64(100);
        QTest::newRow("KiB") << QStringLiteral("64 KiB") << qint64(65536);
        QTest::newRow("fractional KiB") << QStringLiteral("1.5 KiB") << qint64(1536);
        QTest::newRow("MiB no space") << QStringLiteral("2MiB") << qint64(2097152);
        QTest::newRow("GiB") << QStringLiteral("1 GiB") << qint64(1073741824);
    }
    void sizeUnits()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const Accelerator a = parseNativeHardware(minimal(text.toStdString()), "t.yaml");
        QCOMPARE(a.memories[0].sizeBytes, int64_t(bytes));
    }

    void badSizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("zero") << QStringLiteral("0") << QStringLiteral("must be positive");
        QTest::newRow("negative") << QStringLiteral("-5 KiB") << QStringLiteral("must be positive");
        QTest::newRow("ambiguous MB") << QStringLiteral("2 MB") << QStringLiteral("ambiguous unit 'MB'");
        QTest::newRow("unknown unit") << QStringLiteral("2 parsecs") << QStringLiteral("unknown size unit");
        QTest::newRow("fraction of a byte")
            << QStringLiteral("0.3 KiB") << QStringLiteral("not a whole number of bytes");
        QTest::newRow("text") << QStringLiteral("big") << QStringLiteral("unknown size unit 'big'");
        QTest::newRow("overflow") << QStringLiteral("99999999999999999999") << QStringLiteral("too large");
    }
    void badSizes()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const std::string e = errorOf(minimal(text.toStdString()));
        QVERIFY2(e.find("t.yaml: cores[0].memories.c0.buf.size: ") == 0, e.c_str());
        QVERIFY2(e.find(reason.toStdString()) != std::string::npos, e.c_str());
        QVERIFY2(e.find("(line 12)") != std::string::npos, e.c_str()); // the size line
    }

    void badCoreValues_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("clock NaN") << QStringLiteral("    clock_mhz: .nan\n")
                                   << QStringLiteral("cores[0].clock_mhz: is NaN");
        QTest::newRow("clock inf") << QStringLiteral("    clock_mhz: .inf\n")
                                   << QStringLiteral("cores[0].clock_mhz: is infinite");
        QTest::newRow("clock huge") << QStringLiteral("    clock_mhz: 1e999\n")
                                    << QStringLiteral("cores[0].clock_mhz: is infinite");
        QTest::newRow("lanes overflow")
            << QStringLiteral("    lanes: 4294967296\n")
            << QStringLiteral("cores[0].lanes: value 4294967296 does not fit in a 32-bit integer");
        QTest::newRow("lanes fraction") << QStringLiteral("    lanes: 2.5\n")
                                        << QStringLiteral("cores[0].lanes: expected an integer, got '2.5'");
        QTest::newRow("list for number")
            << QStringLiteral("    mvm_cycles: [1, 2]\n")
            << QStringLiteral("cores[0].mvm_cycles: expected an integer, got a list");
        QTest::newRow("typo") << QStringLiteral("    mac_enrgy: 3\n")
                              << QStringLiteral("cores[0].mac_enrgy: unknown field 'mac_enrgy'");
        QTest::newRow("dataflow twice") << QStringLiteral("    dataflow: ws\n")
                                        << QStringLiteral("cores[0].dataflow: key 'dataflow' appears twice");
        QTest::newRow("bad place") << QStringLiteral("    place: {x: 0, y: 0, w: 0, h: 2}\n")
                                   << QStringLiteral("cores[0].place.w: must be positive (got 0)");
    }
    void badCoreValues()
    {
        QFETCH(QString, extra);
        QFETCH(QString, expected);
        const std::string e = errorOf(minimal("64 KiB", extra.toStdString()));
        QVERIFY2(e.find("t.yaml: " + expected.toStdString()) == 0, e.c_str());
    }

    void bothAndNeitherBandwidth()
    {
        const std::string combined = "        bandwidth_bytes_per_cycle: 32\n";
        std::string onlyRead = minimal();
        onlyRead.replace(onlyRead.find(combined), combined.size(),
                         "        read_bandwidth_bytes_per_cycle: 32\n");
        std::string e = errorOf(onlyRead);
        QVERIFY2(
            e.find(
                "t.yaml: cores[0].memories.c0.buf.write_bandwidth_bytes_per_cycle: missing required field") ==
                0,
            e.c_str());
        std::string neither = minimal();
        neither.replace(neither.find(combined), combined.size(), "");
        e = errorOf(neither);
        QVERIFY2(
            e.find("t.yaml: cores[0].memories.c0.buf.bandwidth_bytes_per_cycle: missing required field") == 0,
            e.c_str());
        std::string both = minimal();
        both.insert(both.find(combined), "        read_bandwidth_bytes_per_cycle: 32\n");
        e = errorOf(both);
        QVERIFY2(e.find("t.yaml: cores[0].memories.c0.buf.bandwidth_bytes_per_cycle: give either") == 0,
                 e.c_str());
    }

    void privateMemoryIsNoLinkEndpoint()
    {
        std::string t = minimal();
        t.replace(t.find("endpoints: [c0, dram]"), 21, "endpoints: [c0.buf, dram, c0]");
        const std::string e = errorOf(t);
        QVERIFY2(e.find("t.yaml: links[0].endpoints[0]: 'c0.buf' is a private memory of core 'c0'") == 0, e.c_str());
    }

    // Accelerator::validate() finds the same structural problems for accelerators built in code.
    void validateFindsStructuralProblems()
    {
        Accelerator a = parseNativeHardware(minimal(), "t.yaml");
        auto has = [](const std::vector<std::string> &errors, const std::string &needle) {
            for (const auto &e : errors)
                if (e.find(needle) != std::string::npos)
                    return true;
            return false;
        };
        Accelerator b = a;
        b.links[0].endpoints = {"c0.buf", "dram", "dram"};
        const auto errors = b.validate();
        QVERIFY(has(errors, "endpoint 'c0.buf' is a private memory of core 'c0'"));
        QVERIFY(has(errors, "endpoint 'dram' is listed twice"));
        QVERIFY(has(errors, "core 'c0': is not connected"));
        Accelerator c = a;
        c.links[0].endpoints[1] = "nowhere";
        QVERIFY(has(c.validate(), "link to nowhere"));
        Accelerator d = a;
        d.memories[0].name = "c0";
        QVERIFY(has(d.validate(), "duplicate name"));
        Accelerator z = a;
        z.memories[0].sizeBytes = 0;
        QVERIFY(has(z.validate(), "size must be positive"));
    }

    void spatialUnrollChecked()
    {
        const std::string core = "fuselab_hardware: 1\nname: s\ncores:\n  - name: s0\n    kind: spatial\n"
                                 "    rows: 12\n    cols: 14\n    unroll_rows: {FY: 3, OY: 4}\n"
                                 "    unroll_cols: {K: 16}\n    mac_energy_pj: 1\n"
                                 "dram: {bandwidth_bytes_per_cycle: 8, energy_pj_per_byte: 100}\n"
                                 "links: [{endpoints: [s0, dram], bandwidth_bytes_per_cycle: 8}]\n";
        const std::string e = errorOf(core);
        QVERIFY2(e.find("t.yaml: cores[0].unroll_cols: unrolls 16 but the array has only 14 cols") == 0,
                 e.c_str());
        std::string ok = core;
        ok.replace(ok.find("K: 16"), 5, "K: 14");
        const Accelerator a = parseNativeHardware(ok, "t.yaml");
        QCOMPARE(a.cores[0].unrollRows.size(), size_t(2));
        QCOMPARE(int(a.cores[0].unrollRows[0].dim), int(LoopDim::FY));
        QCOMPARE(a.cores[0].unrollRows[1].factor, 4);
        QCOMPARE(int(a.cores[0].unrollCols[0].dim), int(LoopDim::K));
    }

    void quadCoreExample()
    {
        const Accelerator a = loadHardware(kExamples + "quad_core.yaml");
        QVERIFY(a.validate().empty());
        QCOMPARE(a.cores.size(), size_t(6));
        int systolic = 0;
        for (const auto &c : a.cores)
            if (c.kind == CoreKind::Systolic) {
                ++systolic;
                QCOMPARE(c.rows, 32);
                QCOMPARE(c.cols, 32);
                QCOMPARE(int(c.dataflow), int(Dataflow::WS));
            }
        QCOMPARE(systolic, 4);
        QCOMPARE(int(a.cores[a.coreIndex("pool")].kind), int(CoreKind::Pool));
        QCOMPARE(a.cores[a.coreIndex("pool")].lanes, 72); // 3x3 window x 8 channels
        QCOMPARE(int(a.cores[a.coreIndex("simd")].kind), int(CoreKind::Simd));
        // 2 MiB private SRAM staging every operand of tpu0.
        const int sram = a.stagingMemory("tpu0", OperandW);
        QVERIFY(sram >= 0);
        QCOMPARE(a.memories[sram].name, std::string("tpu0.sram"));
        QCOMPARE(a.memories[sram].sizeBytes, int64_t(2) * 1024 * 1024);
        // 416.16 pJ per 256-byte read access (Stream's tpu_like) = 1.6256 pJ/B.
        QCOMPARE(a.memories[sram].readEnergy, 416.16 / 256);
        // The ring: each systolic core has exactly two ring neighbours among the systolic cores.
        for (const char *c : {"tpu0", "tpu1", "tpu2", "tpu3"}) {
            int ring = 0;
            for (const auto &l : a.links)
                if (l.endpoints.size() == 2 && (l.endpoints[0] == c || l.endpoints[1] == c)) {
                    const std::string &other = l.endpoints[0] == c ? l.endpoints[1] : l.endpoints[0];
                    ring += other.rfind("tpu", 0) == 0;
                }
            QCOMPARE(ring, 2);
        }
    }

    void tpuSingleCoreStagesInTheSharedScratchpad()
    {
        const Accelerator a = loadHardware(kExamples + "tpu_single_core.yaml");
        QCOMPARE(a.cores.size(), size_t(1));
        QCOMPARE(int(a.cores[0].kind), int(CoreKind::Systolic));
        QCOMPARE(a.cores[0].rows * a.cores[0].cols, 1024);
        // Partial sums stay in the private accumulators; inputs and weights come from the
        // shared 1 MiB scratchpad, which the core reaches over a link.
        QCOMPARE(a.memories[a.stagingMemory("tpu", OperandO)].name, std::string("tpu.acc"));
        const int spm = a.stagingMemory("tpu", OperandW);
        QVERIFY(spm >= 0);
        QCOMPARE(a.memories[spm].name, std::string("spm"));
        QVERIFY(a.memories[spm].core.empty());
        QCOMPARE(a.memories[spm].sizeBytes, int64_t(1) << 20);
    }

    void eyerissLikeUnrolling()
    {
        const Accelerator a = loadHardware(kExamples + "eyeriss_like.yaml");
        const Core &c = a.cores[0];
        QCOMPARE(int(c.kind), int(CoreKind::Spatial));
        QCOMPARE(c.rows * c.cols, 168); // Eyeriss' 168 PEs
        QCOMPARE(c.unrollRows, (std::vector<Unroll>{{LoopDim::FY, 3}, {LoopDim::OY, 4}}));
        QCOMPARE(c.unrollCols, (std::vector<Unroll>{{LoopDim::K, 12}}));
        // 224 filter words of 2 bytes in each of the 168 PEs.
        QCOMPARE(a.memories[a.stagingMemory("eyeriss", OperandW)].sizeBytes, int64_t(168 * 224 * 2));
        QCOMPARE(a.clockMHz, 200.0);
    }

    void aimcTilesMesh()
    {
        const Accelerator a = loadHardware(kExamples + "aimc_tiles.yaml");
        int tiles = 0;
        for (const auto &c : a.cores)
            if (c.kind == CoreKind::Aimc) {
                ++tiles;
                QCOMPARE(c.rows, 256);
                QCOMPARE(c.cols, 256);
            }
        QCOMPARE(tiles, 16);
        QCOMPARE(int(a.cores[a.coreIndex("simd")].kind), int(CoreKind::Simd));
        // Mesh degree: corners 2, edges 3, inner tiles 4 (point-to-point links between tiles only).
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 4; ++c) {
                const std::string name = "tile" + std::to_string(r) + std::to_string(c);
                int degree = 0;
                for (const auto &l : a.links)
                    if (l.endpoints.size() == 2 && (l.endpoints[0] == name || l.endpoints[1] == name)) {
                        const std::string &o = l.endpoints[0] == name ? l.endpoints[1] : l.endpoints[0];
                        degree += o.rfind("tile", 0) == 0;
                    }
                const int expected = 4 - (r == 0 || r == 3) - (c == 0 || c == 3);
                QCOMPARE(degree, expected);
            }
    }

    // The annotated example in the README's hardware-format section is a valid file, with the values its comments promise.
    void formatDocumentationExampleLoads()
    {
        std::ifstream in(std::string(FUSELAB_SOURCE_DIR) + "/README.md");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const size_t begin = text.find("```yaml\nfuselab_hardware: 1");
        QVERIFY(begin != std::string::npos);
        const size_t end = text.find("```", begin + 8);
        const Accelerator a = parseNativeHardware(text.substr(begin + 8, end - begin - 8), "README.md");
        QVERIFY(a.validate().empty());
        QVERIFY(test::floorplanProblem(a).empty());
        QCOMPARE(a.cores.size(), size_t(4));
        QCOMPARE(a.memories[a.memoryIndex("pe_array.glb")].writeBw, 32.0);
        QCOMPARE(a.memories[a.memoryIndex("spm")].latency, 2);
        QCOMPARE(a.cores[a.coreIndex("xbar0")].programEnergyPerRow, 50000.0);
        QCOMPARE(a.links[1].endpoints.size(), size_t(4)); // the ring bus
        QCOMPARE(a.links[1].latency, 1);                  // default per-hop latency
        QCOMPARE(a.dram.ports, 1);
        QVERIFY(parseNativeHardware(toNativeHardwareYaml(a), "again.yaml") == a);
    }

    void floorplanCheckDetectsOverlapAndOutside()
    {
        Accelerator a = loadHardware(kExamples + "quad_core.yaml");
        QVERIFY(test::floorplanProblem(a).empty());
        a.cores[1].place.x = a.cores[0].place.x + 1; // onto tpu0
        a.cores[1].place.y = a.cores[0].place.y;
        QCOMPARE(test::floorplanProblem(a), std::string("tpu1 overlaps tpu0"));
        a.cores[1].place = {a.gridWidth - 1, 0, 2, 2};
        QVERIFY(test::floorplanProblem(a).find("outside") != std::string::npos);
    }

    void examplesLoadValidateAndRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QString::fromStdString(kExamples));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 4);
        for (const QString &f : files)
            QTest::newRow(f.toUtf8().constData()) << dir.filePath(f);
    }
    void examplesLoadValidateAndRoundTrip()
    {
        QFETCH(QString, file);
        const Accelerator a = loadHardware(file.toStdString());
        QVERIFY(a.validate().empty());
        const std::string fp = test::floorplanProblem(a);
        QVERIFY2(fp.empty(), fp.c_str());
        const Accelerator b = parseNativeHardware(toNativeHardwareYaml(a), "roundtrip.yaml");
        QVERIFY2(a == b, toNativeHardwareYaml(a).c_str());
        // Saving the reloaded one again gives identical text: the writer is deterministic.
        QCOMPARE(toNativeHardwareYaml(b), toNativeHardwareYaml(a));
    }

    void roundTripKeepsNonDefaultIrrelevantFields()
    {
        Accelerator a = parseNativeHardware(minimal(), "t.yaml");
        a.cores[0].lanes = 7;             // not used by a systolic core, still kept
        a.cores[0].mvmEnergy = 0.1 + 0.2; // needs all 17 digits to round-trip
        a.memories[0].readBw = 48;        // read and write now differ
        a.links[0].name = "with space: and \"quotes\"";
        a.name = "yes"; // a YAML 1.1 boolean word must stay a string
        const Accelerator b = parseNativeHardware(toNativeHardwareYaml(a), "t2.yaml");
        QVERIFY2(a == b, toNativeHardwareYaml(a).c_str());
    }

    void saveIsAtomicAndLoadable()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("hw.yaml")).toStdString();
        {
            std::ofstream old(path);
            old << "old content";
        }
        const Accelerator a = loadHardware(kExamples + "quad_core.yaml");
        saveNativeHardware(a, path);
        QVERIFY(loadHardware(path) == a);
        // Only the target is left: the temporary file was renamed over it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("hw.yaml")});
        // Writing into a missing directory fails with the path named, and leaves nothing.
        try {
            saveNativeHardware(a, dir.filePath(QStringLiteral("no/such/dir/hw.yaml")).toStdString());
            QFAIL("expected an InputError");
        } catch (const InputError &e) {
            QVERIFY(std::string(e.what()).find("no/such/dir/hw.yaml") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestHardwareNative)
#include "tst_hardware_native.moc"
