// SPDX-License-Identifier: GPL-3.0-or-later
// Every input that once crashed, hung or leaked in a fuzz target (tests/fuzz/regressions/
// <target>/, FUZZING.md) is fed to the same loader path as the target (fuzz/fuzz_loaders.h)
// and must now be rejected with an InputError whose message gives the reason listed here.
// Runs in the normal (gcc) suite; the test fails if a regression file has no case here.
#include "fuzz/fuzz_loaders.h"

#include "util/error.h"

#include <QTest>

#include <set>
#include <sstream>
#include <vector>

using namespace fuselab;
namespace fs = std::filesystem;

namespace {
const fs::path kDir = fs::path(FUSELAB_SOURCE_DIR) / "tests/fuzz/regressions";

struct Case {
    const char *target; // directory under regressions/, named like the fuzz target
    const char *file;
    const char *reason; // a part of the InputError's message (file, field and reason)
};

// Project files: LeNet-5 on the TPU example (fuzz_seeds), one index made to point nowhere. They
// used to load, and the views would have indexed out of bounds.
const std::vector<Case> kCases = {
    {"project", "dangling_input_tensor.fuselab",
     "layer_inputs.tensor: layer 'pool1' reads tensor #999, which does not exist"},
    {"project", "dangling_output_tensor.fuselab", "layers.output: layer 'conv2' writes tensor #-7, which does not exist"},
    {"project", "tensor_producer_out_of_range.fuselab",
     "tensors.producer: tensor 'conv2' names layer #77 as its producer, which does not exist"},
    {"project", "run_cn_layer_out_of_range.fuselab",
     "runs: run 'fused': run_cns[0].layer 999 does not exist in the project"},
    {"project", "run_event_memory_out_of_range.fuselab",
     "runs: run 'fused': run_events[0].dst_memory 4000 does not exist in the project"},
    // Inputs that hit the 1 s limit once on the loaded machine but take milliseconds alone
    // (FUZZING.md, "Findings"): kept so that they stay fast and rejected.
    {"plan", "spurious_timeout_ff_bytes_in_tile_rows.yaml", "not valid YAML: yaml-cpp: error at line 107"},
    // `grou\xff…ps:` is not `groups:`.
    {"plan", "spurious_timeout_ff_bytes_in_key.yaml", "fuzz.plan.yaml: groups: missing or not a list"},
    // A flipped bit turned a memory slice's memory index into 840 (the project has 6 memories).
    {"project", "spurious_timeout_flipped_bit.fuselab", "runs: run 'lbl': run_memory_slices[17].memory 840 does not exist"},
    // Hit the 1 s alarm at the end of session 3's 30-minute run with the machine at load 4;
    // alone it is rejected in milliseconds.
    {"stream_workload", "spurious_timeout_padding.yaml", "unknown field 'operand_sou"},
    // A Conv with a stride of 0: ONNX's shape inference divided by it (SIGFPE in libonnx).
    {"onnx", "zero_stride_sigfpe.onnx", "(Conv) attribute 'strides': value 0 is out of range"},
};

std::string readAll(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFileHasACase()
    {
        std::set<std::string> listed;
        for (const auto &c : kCases)
            listed.insert(std::string(c.target) + "/" + c.file);
        int files = 0;
        std::error_code ec;
        if (!fs::is_directory(kDir, ec))
            QSKIP("no regression inputs yet");
        for (const auto &target : fs::directory_iterator(kDir))
            for (const auto &f : fs::directory_iterator(target.path())) {
                ++files;
                const std::string key = target.path().filename().string() + "/" + f.path().filename().string();
                QVERIFY2(listed.count(key), ("no case for regression input " + key).c_str());
            }
        QCOMPARE(files, static_cast<int>(kCases.size()));
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        for (const auto &c : kCases)
            QTest::newRow((std::string(c.target) + "/" + c.file).c_str())
                << QString::fromUtf8(c.target) << QString::fromUtf8(c.file) << QString::fromUtf8(c.reason);
    }

    void rejected()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QFETCH(QString, reason);
        const std::string bytes = readAll(kDir / target.toStdString() / file.toStdString());
        const fuzz::ScratchDir dir;
        static const fuzz::PlanFixture plan = fuzz::planFixture(FUSELAB_SOURCE_DIR);
        const std::string t = target.toStdString();
        try {
            if (t == "onnx")
                fuzz::loadOnnxBytes(bytes, dir);
            else if (t == "native_hardware")
                fuzz::loadNativeHardwareText(bytes);
            else if (t == "stream_hardware")
                fuzz::loadStreamHardwareBundle(bytes, dir);
            else if (t == "stream_workload")
                fuzz::loadStreamWorkloadBytes(bytes, dir);
            else if (t == "plan")
                fuzz::loadPlanText(bytes, plan.workload, plan.accelerator);
            else if (t == "project")
                fuzz::loadProjectBytes(bytes, dir);
            else
                QFAIL(qPrintable(QStringLiteral("unknown fuzz target directory ") + target));
        } catch (const InputError &e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(reason), qPrintable(message));
            return;
        }
        QFAIL("loaded without an InputError");
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
