// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli end to end: exit codes, error messages naming the file, and per-layer costs
// checked against SCALE-Sim's formula worked out by hand.
#include "support/cli_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {
using Result = fuselab::testing::CliResult;
Result cli(const QStringList &args) { return fuselab::testing::runCli(args, 60000); }

QJsonObject layerNamed(const QJsonObject &doc, const QString &name)
{
    const auto layers = doc.value(QStringLiteral("layers")).toArray();
    for (const auto &l : layers)
        if (l.toObject().value(QStringLiteral("name")).toString() == name)
            return l.toObject();
    return {};
}

QString malformed(const char *name)
{
    return QStringLiteral(FUSELAB_SOURCE_DIR "/tests/malformed/") + QString::fromLatin1(name);
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp()
    {
        QCOMPARE(cli({QStringLiteral("--version")}).code, 0);
        QCOMPARE(cli({QStringLiteral("cost"), QStringLiteral("--help")}).code, 0);
        QCOMPARE(cli({QStringLiteral("info"), QStringLiteral("--help")}).code, 0);
    }
    void badArgumentsExit2()
    {
        QCOMPARE(cli({}).code, 2);
        QCOMPARE(cli({QStringLiteral("nosuchcommand")}).code, 2);
        const Result r = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--array"), QStringLiteral("0x8")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--array"));
        QCOMPARE(cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5")}).code, 2);
        QCOMPARE(cli({QStringLiteral("info"), QStringLiteral("--workload"), QStringLiteral("nosuchmodel")}).code, 2);
    }
    void badFilesExit1NamingTheFile()
    {
        const QString missing = QStringLiteral("/nonexistent/dir/model.onnx");
        Result r = cli({QStringLiteral("info"), QStringLiteral("--workload"), missing});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
        const QString zero = malformed("hw_zero_memory.yaml");
        r = cli({QStringLiteral("info"), QStringLiteral("--hw"), zero});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("hw_zero_memory.yaml"), r.err.constData());
        QVERIFY2(r.err.contains("size"), r.err.constData());
    }
    // --psum-precision 16 on schedule: every mapping moves its partial sums at 2 bytes instead
    // of the output's 1, with the same access counts, so the cheapest mapping of each layer
    // costs at least as much and one with partial sums in flight more: the schedule's energy
    // rises (one core, so the same plan); 0 bits is a usage error.
    void psumPrecisionRaisesScheduleEnergy()
    {
        const QString hw = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/hierarchy_core.yaml");
        auto energy = [&](const QStringList &extra) {
            const Result r = cli(QStringList{QStringLiteral("schedule"), QStringLiteral("--workload"),
                                             QStringLiteral("lenet5"), QStringLiteral("--hw"), hw,
                                             QStringLiteral("--mode"), QStringLiteral("lbl"),
                                             QStringLiteral("--json"), QStringLiteral("-")} +
                                 extra);
            [&] { QCOMPARE(r.code, 0); }();
            return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("energy_pj")).toDouble();
        };
        const double plain = energy({}), wide = energy({QStringLiteral("--psum-precision"), QStringLiteral("16")});
        QVERIFY2(plain > 0 && wide > plain, qPrintable(QStringLiteral("%1 vs %2").arg(wide).arg(plain)));
        const Result bad = cli({QStringLiteral("schedule"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                QStringLiteral("--hw"), hw, QStringLiteral("--psum-precision"), QStringLiteral("0")});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("psum-precision"), bad.err.constData());
    }

    // --detail on the README's 4-level example core: the JSON carries the loop nest and the
    // accesses; its parts add up; the table reads the same compute cost; each objective wins
    // on its own measure; bad values are usage errors.
    void costDetailOfOneLayer()
    {
        const QString hw = QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/hierarchy_core.yaml");
        auto detail = [&](const QString &objective) {
            const Result r = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                  QStringLiteral("--hw"), hw, QStringLiteral("--detail"), QStringLiteral("conv2"),
                                  QStringLiteral("--objective"), objective, QStringLiteral("--json")});
            [&] { QCOMPARE(r.code, 0); }();
            return QJsonDocument::fromJson(r.out).object();
        };
        const QJsonObject e = detail(QStringLiteral("energy"));
        const QJsonObject nest = e.value(QStringLiteral("loop_nest")).toObject();
        QVERIFY(!nest.isEmpty());
        // Temporal loops: conv2 is 16 x 6 x 5 x 5 over 10 x 10 on K 8 x C 8 PEs:
        // K 16/8 = 2, C ceil(6/8) = 1, OY 10, OX 10, FY 5, FX 5 -> 2·10·10·5·5 = 5,000 cycles.
        QCOMPARE(nest.value(QStringLiteral("temporal_cycles")).toInteger(), 5000);
        qint64 product = 1;
        for (const auto &l : nest.value(QStringLiteral("temporal_outermost_first")).toArray())
            product *= l.toObject().value(QStringLiteral("factor")).toInteger();
        QCOMPARE(product, 5000);
        double levels = 0;
        QStringList names;
        for (const auto &l : nest.value(QStringLiteral("levels")).toArray()) {
            levels += l.toObject().value(QStringLiteral("energy_pj")).toDouble();
            names << l.toObject().value(QStringLiteral("name")).toString();
        }
        QCOMPARE(names.size(), 5); // wreg, oreg, local, glb and the DRAM
        QVERIFY(names.contains(QStringLiteral("dram")));
        const QJsonObject energy = nest.value(QStringLiteral("energy_pj")).toObject();
        // MACs = 16·6·100·25 = 240,000 at 0.2 pJ.
        QCOMPARE(energy.value(QStringLiteral("mac")).toDouble(), 48000.0);
        QVERIFY(qAbs(levels + 48000.0 - energy.value(QStringLiteral("total")).toDouble()) < 1e-6 * levels);
        const qint64 cycles = e.value(QStringLiteral("compute")).toObject().value(QStringLiteral("cycles")).toInteger();
        QCOMPARE(cycles, nest.value(QStringLiteral("latency_cycles")).toInteger());

        // The per-layer table charges the same compute (energy objective).
        const Result table = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                  QStringLiteral("--hw"), hw, QStringLiteral("--json")});
        QCOMPARE(table.code, 0);
        const QJsonObject row = layerNamed(QJsonDocument::fromJson(table.out).object(), QStringLiteral("conv2"));
        QCOMPARE(row.value(QStringLiteral("compute_cycles")).toInteger(), cycles);

        const QJsonObject l = detail(QStringLiteral("latency")).value(QStringLiteral("loop_nest")).toObject();
        auto total = [](const QJsonObject &n) {
            return n.value(QStringLiteral("energy_pj")).toObject().value(QStringLiteral("total")).toDouble();
        };
        QVERIFY(total(nest) <= total(l));
        QVERIFY(l.value(QStringLiteral("latency_cycles")).toInteger() <= nest.value(QStringLiteral("latency_cycles")).toInteger());

        Result bad = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                          QStringLiteral("--hw"), hw, QStringLiteral("--detail"), QStringLiteral("conv2"),
                          QStringLiteral("--objective"), QStringLiteral("speed")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--objective must be energy, latency or edp"), bad.err.constData());
        bad = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"), QStringLiteral("--hw"),
                   hw, QStringLiteral("--detail"), QStringLiteral("nosuch")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("'nosuch' is not a layer"), bad.err.constData());
        // The table text of the same layer: the loop nest, outermost first.
        const Result text = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                                 QStringLiteral("--hw"), hw, QStringLiteral("--detail"), QStringLiteral("conv2")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("Loop nest, outermost first") && text.out.contains("par K in [0, 8)") &&
                     text.out.contains("pe8.glb"),
                 text.out.constData());
        // The spatial unrolling and its utilization: K 8 of 16 on the rows, C 6 of 6 on the 8
        // columns -> 48 of 64 PEs, 75 % (the core's fixed unrolling: nothing searched).
        QVERIFY2(text.out.contains("Spatial unrolling: K 8 on rows | C 6 on cols; spatial utilization 75.0%"),
                 text.out.constData());
        QVERIFY(!text.out.contains("spatial unrollings (searched"));
        QCOMPARE(nest.value(QStringLiteral("spatial_searched")).toBool(), false);
        QCOMPARE(nest.value(QStringLiteral("spatial_utilization")).toDouble(), 0.75);
    }
    void costMatchesScaleSimByHand()
    {
        const Result r = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--array"), QStringLiteral("8x8"), QStringLiteral("--dataflow"),
                              QStringLiteral("ws"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        // LeNet-5 conv1: 6 filters 5×5 over 32×32×1 -> 28×28. MACs = 6·28·28·25 = 117,600.
        // WS GEMM: rows = Kw = 25, cols = M = 6, T = Npix = 784 on 8×8:
        // Fr = ceil(25/8) = 4, Fc = 1, cycles = 4·1·(2·8 + 8 + 784 − 2) = 3,224.
        const QJsonObject conv1 = layerNamed(doc, QStringLiteral("conv1"));
        QCOMPARE(conv1.value(QStringLiteral("macs")).toInteger(), 117600);
        QCOMPARE(conv1.value(QStringLiteral("compute_cycles")).toInteger(), 3224);
        QCOMPARE(conv1.value(QStringLiteral("weight_bytes")).toInteger(), 150);  // 6·25 at 8 bits
        QCOMPARE(conv1.value(QStringLiteral("input_bytes")).toInteger(), 1024);  // 32·32 at 8 bits
        // fc1: 120 -> 84. WS: rows = 120, cols = 84, T = 1: Fr = 15, Fc = 11,
        // cycles = 165·(16 + 8 + 1 − 2) = 3,795.
        QCOMPARE(layerNamed(doc, QStringLiteral("fc1")).value(QStringLiteral("compute_cycles")).toInteger(), 3795);
        // Totals: 117,600 + 240,000 (conv2: 16·6·10·10·25) + 48,000 (conv3: 120·16·25)
        //         + 10,080 (fc1) + 840 (fc2) = 416,520 MACs.
        QCOMPARE(doc.value(QStringLiteral("total")).toObject().value(QStringLiteral("macs")).toInteger(), 416520);
        // Energy terms add up to the total.
        const QJsonObject e = conv1.value(QStringLiteral("energy_breakdown")).toObject();
        double sum = e.value(QStringLiteral("mac")).toDouble() + e.value(QStringLiteral("dram")).toDouble() +
                     e.value(QStringLiteral("links")).toDouble();
        const QJsonObject mem = e.value(QStringLiteral("memory")).toObject();
        for (auto it = mem.begin(); it != mem.end(); ++it)
            sum += it.value().toDouble();
        QVERIFY(qAbs(sum - conv1.value(QStringLiteral("energy_pj")).toDouble()) < 1e-6 * sum);
    }
    void outputStationaryByHand()
    {
        const Result r = cli({QStringLiteral("cost"), QStringLiteral("--workload"), QStringLiteral("lenet5"),
                              QStringLiteral("--array"), QStringLiteral("8x8"), QStringLiteral("--dataflow"),
                              QStringLiteral("os"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        // OS: rows = Npix = 784, cols = M = 6, T = Kw = 25: Fr = 98, Fc = 1,
        // cycles = 98·(8 + 8 + 25 − 2) = 3,822.
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(layerNamed(doc, QStringLiteral("conv1")).value(QStringLiteral("compute_cycles")).toInteger(), 3822);
    }
    void infoOnHardware()
    {
        const Result r = cli({QStringLiteral("info"), QStringLiteral("--hw"),
                              QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml"),
                              QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        // Four systolic cores, a pooling core and a SIMD core.
        QCOMPARE(doc.value(QStringLiteral("cores")).toArray().size(), 6);
    }
    void defaultJobRuns()
    {
        const Result r = cli({QStringLiteral("default")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("resnet18"));
        QVERIFY(r.out.contains("total"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
