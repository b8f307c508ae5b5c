// SPDX-License-Identifier: GPL-3.0-or-later
// File → Import ONNX with symbolic input dimensions (issue 13): the input shapes dialog is
// prefilled with the proposals, the sizes typed into it become the imported layers' shapes,
// the project stores them (and `fuselab-cli info --project` prints them), and a fused run
// for the new design starts by itself next to the old runs.
#include "document/project_document.h"
#include "gui/input_shapes_dialog.h"
#include "gui/main_window.h"
#include "gui/schedule_panel.h"
#include "onnx_model_builder.h"
#include "project/project_file.h"
#include "project/run.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fuselab;
namespace to = fuselab::testonnx;

namespace {
const MainWindow::Options kQuiet{false, false};

/// images [batch, 3, height, width] → Conv 3→8, 3×3, stride 1, pad 1 → out. The three
/// symbolic dimensions are what the dialog asks.
std::string symbolicConvModel(const QTemporaryDir &dir)
{
    auto m = to::model(13, "symbolic_conv");
    auto &g = *m.mutable_graph();
    to::input(g, "images", {-1, 3, -1, -1}, {"batch", "height", "width"});
    to::conv(g, "conv", "images", "out", 3, 8, 3, 1, 1);
    to::output(g, "out");
    const std::string path = dir.filePath(QStringLiteral("symbolic.onnx")).toStdString();
    to::save(to::serialize(m), path);
    return path;
}
} // namespace

class TestGuiOnnxImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dialogAsksSymbolicDimsAndImportsAtThem()
    {
        QTemporaryDir dir;
        const std::string model = symbolicConvModel(dir);
        MainWindow w(kQuiet);
        ProjectDocument *doc = w.document();
        SchedulePanel *panel = w.schedulePanel();
        // The default project's own run first, so the import has an old run to keep.
        QVERIFY(QTest::qWaitFor([&] { return !panel->isRunning() && !doc->runs().empty(); }, 60000));
        QCOMPARE(doc->runs().front().name, std::string("fused"));

        int prompts = 0;
        w.setInputShapesPrompt([&](const QString &, const std::vector<ModelInput> &inputs) -> std::optional<InputShapes> {
            ++prompts;
            InputShapesDialog dialog(QStringLiteral("symbolic.onnx"), inputs, &w);
            // One box per symbolic dimension, prefilled: batch 1, height and width 224; the
            // stated channel count (3) has no box.
            QSpinBox *batch = dialog.findChild<QSpinBox *>(QStringLiteral("dim:images:0"));
            QSpinBox *height = dialog.findChild<QSpinBox *>(QStringLiteral("dim:images:2"));
            QSpinBox *width = dialog.findChild<QSpinBox *>(QStringLiteral("dim:images:3"));
            if (!batch || !height || !width || dialog.findChild<QSpinBox *>(QStringLiteral("dim:images:1")))
                return std::nullopt;
            if (batch->value() != 1 || height->value() != 224 || width->value() != 224)
                return std::nullopt;
            batch->setValue(2);
            height->setValue(32);
            width->setValue(48);
            auto *buttons = dialog.findChild<QDialogButtonBox *>();
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            if (dialog.result() != QDialog::Accepted)
                return std::nullopt;
            return dialog.shapes();
        });
        QVERIFY(w.importOnnx(QString::fromStdString(model)));
        QCOMPARE(prompts, 1);

        const Workload &wl = doc->workload();
        QCOMPARE(wl.layers.size(), size_t{1});
        const Layer &conv = wl.layers[0];
        // Same padding keeps 32×48; by hand: B·K·C·OY·OX·FY·FX = 2·8·3·32·48·3·3 = 663,552 MACs.
        QCOMPARE(conv.dims.b, int64_t{2});
        QCOMPARE(conv.dims.oy, int64_t{32});
        QCOMPARE(conv.dims.ox, int64_t{48});
        QCOMPARE(conv.macs(), int64_t{2} * 8 * 3 * 32 * 48 * 3 * 3);
        QVERIFY((wl.inputShapes.at("images") == std::vector<int64_t>{2, 3, 32, 48}));

        // The old run does not fit the new network: a fused run starts by itself under a new
        // name, and the old one is kept.
        QVERIFY(QTest::qWaitFor([&] { return !panel->isRunning() && doc->runs().size() == 2; }, 60000));
        QVERIFY(findRun(doc->runs(), "fused"));
        const Run *fresh = findRun(doc->runs(), "fused 2");
        QVERIFY(fresh);
        QVERIFY(runFits(*fresh, doc->workload(), doc->accelerator()));

        // The project stores the shapes; the command line prints them.
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        QVERIFY(w.saveProjectAs(project));
        QVERIFY((loadProject(project.toStdString()).workload.inputShapes.at("images") ==
                 std::vector<int64_t>{2, 3, 32, 48}));
        QProcess cli;
        cli.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"),
                  {QStringLiteral("info"), QStringLiteral("--project"), project});
        QVERIFY(cli.waitForFinished(60000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(cli.exitCode() == 0 && out.contains(QStringLiteral("input shape used: images=2,3,32,48")),
                 qPrintable(out + QString::fromUtf8(cli.readAllStandardError())));
    }

    void cancelledDialogImportsNothing()
    {
        QTemporaryDir dir;
        const std::string model = symbolicConvModel(dir);
        MainWindow w(kQuiet);
        const Workload before = w.document()->workload();
        w.setInputShapesPrompt([](const QString &, const std::vector<ModelInput> &) { return std::nullopt; });
        QVERIFY(!w.importOnnx(QString::fromStdString(model)));
        QVERIFY(w.document()->workload() == before);
    }

    void noSymbolicDimsNoPrompt()
    {
        QTemporaryDir dir;
        auto m = to::model(13, "fixed");
        auto &g = *m.mutable_graph();
        to::input(g, "x", {1, 3, 16, 16});
        to::conv(g, "conv", "x", "y", 3, 4, 3, 1, 1);
        to::output(g, "y");
        const std::string path = dir.filePath(QStringLiteral("fixed.onnx")).toStdString();
        to::save(to::serialize(m), path);
        MainWindow w(kQuiet);
        int prompts = 0;
        w.setInputShapesPrompt([&](const QString &, const std::vector<ModelInput> &) -> std::optional<InputShapes> {
            ++prompts;
            return InputShapes{};
        });
        QVERIFY(w.importOnnx(QString::fromStdString(path)));
        QCOMPARE(prompts, 0);
        QVERIFY(w.document()->workload().inputShapes.empty());
        QCOMPARE(w.document()->workload().layers.at(0).dims.oy, int64_t{16});
    }
};

QTEST_MAIN(TestGuiOnnxImport)
#include "tst_gui_onnx_import.moc"
