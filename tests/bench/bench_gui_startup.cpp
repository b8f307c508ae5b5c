// SPDX-License-Identifier: GPL-3.0-or-later
// App start to first painted window on the default project (ResNet-18 on the quad core),
// target <= 2 s. Usage: bench_gui_startup [RUNS]  (default 7)
// Each run is a fresh process (this program with --child): it builds the main window as
// `fuselab` does, shows it, and reports when the first paint of the window has been handled:
//   - from main() entry (QElapsedTimer), and
//   - from process start (the kernel's start time in /proc/self/stat, 10 ms resolution),
//     which adds the dynamic loading of Qt and the app's libraries.
// The parent prints each run and the medians. The platform is QT_QPA_PLATFORM (offscreen
// unless set); run under `xvfb-run -a` with QT_QPA_PLATFORM=xcb for a real X server.
#include "gui/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace {

// Milliseconds since this process started, from /proc (clock ticks since boot).
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    // Field 22 (starttime) counts from after the ")" that closes the command name.
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startS = fields[19].toDouble() / static_cast<double>(sysconf(_SC_CLK_TCK));
    const double nowS = uptime.readAll().split(' ').value(0).toDouble();
    return (nowS - startS) * 1000.0;
}

// Stops at the end of the first paint of any widget of `window`.
class FirstPaint : public QObject {
public:
    FirstPaint(QWidget *window, QElapsedTimer &clock) : window_(window), clock_(clock) {}
    double fromMainMs = -1, fromProcessMs = -1;

protected:
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (!seen_ && e->type() == QEvent::Paint && o->isWidgetType() &&
            static_cast<QWidget *>(o)->window() == window_) {
            seen_ = true;
            // After the paint event (and the rest of that frame) has been handled.
            QTimer::singleShot(0, this, [this] {
                fromMainMs = static_cast<double>(clock_.nsecsElapsed()) / 1e6;
                fromProcessMs = msSinceProcessStart();
                QApplication::quit();
            });
        }
        return false;
    }

private:
    QWidget *window_;
    QElapsedTimer &clock_;
    bool seen_ = false;
};

int child(int argc, char **argv, QElapsedTimer &clock)
{
    QApplication app(argc, argv);
    fuselab::MainWindow window(fuselab::MainWindow::Options{false, false});
    FirstPaint probe(&window, clock);
    app.installEventFilter(&probe);
    window.resize(1600, 1000);
    window.show();
    QTimer::singleShot(20000, &app, &QApplication::quit); // never hang
    QApplication::exec();
    std::printf("%.1f %.1f\n", probe.fromMainMs, probe.fromProcessMs);
    return probe.fromMainMs < 0 ? 1 : 0;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer clock;
    clock.start();
    if (argc > 1 && qstrcmp(argv[1], "--child") == 0)
        return child(argc, argv, clock);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    std::printf("App start to first painted main window (default project, 1600x1000, platform %s)\n",
                qgetenv("QT_QPA_PLATFORM").constData());
    std::vector<double> fromMain, fromProcess;
    for (int i = 0; i < runs; ++i) {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QString::fromLocal8Bit(argv[0]), {QStringLiteral("--child")});
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            std::fprintf(stderr, "run %d failed\n", i + 1);
            return 1;
        }
        const QList<QByteArray> v = p.readAllStandardOutput().trimmed().split(' ');
        fromMain.push_back(v.value(0).toDouble());
        fromProcess.push_back(v.value(1).toDouble());
        std::printf("  run %d: %7.1f ms from main(), %7.1f ms from process start\n", i + 1, fromMain.back(),
                    fromProcess.back());
    }
    std::printf("median of %d: %.1f ms from main(), %.1f ms from process start (target <= 2000 ms)\n", runs,
                median(fromMain), median(fromProcess));
    return 0;
}
