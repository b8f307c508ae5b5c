// SPDX-License-Identifier: GPL-3.0-or-later
// Every malformed hardware file under tests/malformed/ (hw_*.yaml, stream_*.yaml) is rejected
// with its own error: the message names the file where the problem is, the field path and
// the reason (see tests/malformed/README.md, section "Hardware YAML").
#include "io/hardware_yaml.h"
#include "util/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace fuselab;

namespace {
const QString kDir = QStringLiteral(FUSELAB_SOURCE_DIR "/tests/malformed");

struct Case {
    const char *file;      // loaded through loadHardware
    const char *errorFile; // the file the error names
    const char *field;
    const char *reason; // a part of the reason
};

const Case kCases[] = {
    {"hw_zero_memory.yaml", "hw_zero_memory.yaml", "cores[0].memories.c0.sram.size",
     "must be positive (got 0) (line 13)"},
    {"hw_link_to_nowhere.yaml", "hw_link_to_nowhere.yaml", "links[1].endpoints[1]",
     "link to nowhere: 'c9' is not a core, a shared memory or the DRAM"},
    {"hw_unconnected_core.yaml", "hw_unconnected_core.yaml", "cores[1]", "core 'c1' is not connected"},
    {"hw_bad_kind.yaml", "hw_bad_kind.yaml", "cores[0].kind", "unknown core kind 'tensorcore'"},
    {"hw_duplicate_names.yaml", "hw_duplicate_names.yaml", "cores[1].name",
     "duplicate name 'c0' (already used by cores[0].name)"},
    // yaml-cpp notices the unclosed list of line 14 on the next line.
    {"hw_syntax_error.yaml", "hw_syntax_error.yaml", "", "YAML syntax error at line 15"},
    {"hw_nan_bandwidth.yaml", "hw_nan_bandwidth.yaml", "links[0].bandwidth_bytes_per_cycle", "is NaN"},
    {"hw_string_for_number.yaml", "hw_string_for_number.yaml", "cores[0].rows",
     "expected an integer, got 'sixteen'"},
    {"hw_missing_size.yaml", "hw_missing_size.yaml", "cores[0].memories.c0.sram.size",
     "missing required field 'size'"},
    {"hw_int_overflow.yaml", "hw_int_overflow.yaml", "cores[0].cols",
     "value 99999999999 does not fit in a 32-bit integer"},
    {"hw_unknown_operand.yaml", "hw_unknown_operand.yaml", "cores[0].memories.c0.sram.operands[1]",
     "unknown operand 'X'"},
    {"hw_unknown_dataflow.yaml", "hw_unknown_dataflow.yaml", "cores[0].dataflow", "unknown dataflow 'rs'"},
    {"hw_negative_dram_bandwidth.yaml", "hw_negative_dram_bandwidth.yaml", "dram.bandwidth_bytes_per_cycle",
     "must be positive (got -16)"},
    {"hw_future_version.yaml", "hw_future_version.yaml", "fuselab_hardware", "unsupported format version 7"},
    {"hw_not_hardware.yaml", "hw_not_hardware.yaml", "", "not a hardware description"},
    {"stream_missing_core_file.yaml", "stream_missing_core_file.yaml", "cores.1",
     "file 'stream_cores/no_such_core.yaml' not found"},
    // The error is in the core file; the reason says which accelerator entry named it.
    {"stream_bad_operational_array.yaml", "stream_cores/bad_array.yaml", "operational_array.sizes[1]",
     "expected an integer, got 'many' (line 14) [core 1 of "},
    {"stream_bad_operand.yaml", "stream_cores/bad_operand.yaml", "memories.sram.operands[1]",
     "unknown operand 'I3'"},
    {"stream_unknown_core_id.yaml", "stream_unknown_core_id.yaml", "core_connectivity[0]",
     "core id '7' is not listed under `cores`"},
};
} // namespace

class TestHardwareMalformed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("errorFile");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        for (const Case &c : kCases)
            QTest::newRow(c.file) << QString::fromLatin1(c.file) << QString::fromLatin1(c.errorFile)
                                  << QString::fromLatin1(c.field) << QString::fromLatin1(c.reason);
    }
    void rejected()
    {
        QFETCH(QString, file);
        QFETCH(QString, errorFile);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        try {
            loadHardware(QString(kDir + QLatin1Char('/') + file).toStdString());
            QFAIL("the file was accepted");
        } catch (const InputError &e) {
            QCOMPARE(QDir::cleanPath(QString::fromStdString(e.file())),
                     QDir::cleanPath(kDir + QLatin1Char('/') + errorFile));
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(e.reason().find(reason.toStdString()) != std::string::npos, e.what());
        }
    }

    // Every hardware file of the directory has its case above, and every case its file.
    void everyFileHasACase()
    {
        const QStringList files = QDir(kDir).entryList(
            {QStringLiteral("hw_*.yaml"), QStringLiteral("stream_*.yaml")}, QDir::Files, QDir::Name);
        QStringList covered;
        for (const Case &c : kCases)
            covered << QString::fromLatin1(c.file);
        covered.sort();
        QCOMPARE(files, covered);
    }

    // Random damage to the examples (lines dropped, doubled or cut, characters replaced) gives
    // either a valid accelerator or an InputError, never another exception or a crash.
    void damagedExamplesFailCleanly()
    {
        const QDir dir(QStringLiteral(FUSELAB_SOURCE_DIR "/examples/hardware"));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        uint32_t state = 12345; // fixed seed: the same mutants every run
        auto next = [&state](uint32_t n) {
            state = state * 1664525u + 1013904223u;
            return (state >> 8) % n;
        };
        const std::string junk = ":-[]{},#&*!|>'\"%@` \n\t0.9e-x";
        int rejected = 0, accepted = 0;
        for (const QString &f : files) {
            std::ifstream in(dir.filePath(f).toStdString());
            const std::string original((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
            for (int round = 0; round < 150; ++round) {
                std::string t = original;
                for (uint32_t edits = 1 + next(3); edits > 0; --edits) {
                    const size_t at = next(static_cast<uint32_t>(t.size()));
                    const size_t lineStart =
                        t.rfind('\n', at) == std::string::npos ? 0 : t.rfind('\n', at) + 1;
                    const size_t lineEnd = std::min(t.find('\n', at), t.size());
                    switch (next(4)) {
                    case 0:
                        t.erase(lineStart, lineEnd - lineStart);
                        break;
                    case 1:
                        t.insert(lineStart, t.substr(lineStart, lineEnd - lineStart + 1));
                        break;
                    case 2:
                        t.resize(at);
                        break;
                    default:
                        t[at] = junk[next(static_cast<uint32_t>(junk.size()))];
                        break;
                    }
                    if (t.empty())
                        break;
                }
                try {
                    const Accelerator a = parseNativeHardware(t, "mutant.yaml");
                    QVERIFY(a.validate().empty());
                    ++accepted;
                } catch (const InputError &e) {
                    QCOMPARE(e.file(), std::string("mutant.yaml"));
                    ++rejected;
                } catch (const std::exception &e) {
                    QFAIL(qPrintable(QStringLiteral("unexpected exception: ") + QString::fromUtf8(e.what()) +
                                     QStringLiteral("\n") + QString::fromStdString(t)));
                }
            }
        }
        QVERIFY(rejected > 0);
        qInfo("%d damaged files rejected, %d still valid", rejected, accepted);
    }

    void missingAndEmptyFiles()
    {
        try {
            loadHardware(QString(kDir + QStringLiteral("/no_such_file.yaml")).toStdString());
            QFAIL("accepted a missing file");
        } catch (const InputError &e) {
            QVERIFY2(e.reason().find("cannot open") != std::string::npos, e.what());
        }
        QTemporaryDir dir;
        const std::string empty = dir.filePath(QStringLiteral("empty.yaml")).toStdString();
        std::ofstream(empty) << "  \n";
        try {
            loadHardware(empty);
            QFAIL("accepted an empty file");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), empty);
            QVERIFY2(e.reason().find("empty") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestHardwareMalformed)
#include "tst_hardware_malformed.moc"
