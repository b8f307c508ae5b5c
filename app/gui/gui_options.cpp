// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui_options.h"

#include "util/error.h"
#include "views/view_registry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstdio>
#include <cstring>
#include <vector>

namespace fuselab {

GuiOptions parseGuiOptions(const QStringList &arguments, bool &exitNow)
{
    exitNow = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("FuseLab: layer-fusion explorer for DNN accelerators"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QStringLiteral("Render the window (or one view) offscreen to FILE.png and exit."),
                                  QStringLiteral("FILE.png"));
    const QString viewList = viewNames().join(QStringLiteral(", "));
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("What to render: %1.").arg(viewList),
                                  QStringLiteral("VIEW"), QStringLiteral("main"));
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("Project file to open."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Screenshot size in pixels."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Stored run the schedule views show."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption select(QStringLiteral("select"),
                                    QStringLiteral("Layer to select before rendering (graph, Gantt, table)."),
                                    QStringLiteral("LAYER"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral("Central tab of a whole-window screenshot (--view window or "
                                                "main): floorplan or schedule."),
                                 QStringLiteral("TAB"));
    parser.addOptions({shot, view, project, size, run, select, tab});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open."), QStringLiteral("[project]"));
    if (!parser.parse(arguments))
        throw UsageError(parser.errorText().toStdString());
    if (parser.isSet(help) || parser.isSet(version)) {
        const QString text = parser.isSet(help) ? parser.helpText()
                                                : QStringLiteral("fuselab " FUSELAB_VERSION "\n");
        std::fputs(text.toLocal8Bit().constData(), stdout);
        exitNow = true;
        return {};
    }
    GuiOptions o;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() > 1)
        throw UsageError("at most one project file may be given (got " + std::to_string(pos.size()) + ")");
    if (parser.isSet(project) && !pos.isEmpty())
        throw UsageError("give the project either with --project or as an argument, not both");
    o.project = parser.isSet(project) ? parser.value(project) : pos.value(0);
    o.screenshot = parser.value(shot);
    o.view = parser.value(view);
    o.run = parser.value(run);
    o.select = parser.value(select);
    o.tab = parser.value(tab);
    if (parser.isSet(tab) && o.tab != QLatin1String("floorplan") && o.tab != QLatin1String("schedule"))
        throw UsageError("--tab must be floorplan or schedule (got '" + o.tab.toStdString() + "')");
    if (parser.isSet(tab) && o.view != QLatin1String("main") && o.view != QLatin1String("window"))
        throw UsageError("--tab only applies to --view window (the whole main window)");
    if (!findView(o.view))
        throw UsageError("--view: " + unknownViewMessage(o.view).toStdString());
    const auto m = QRegularExpression(QStringLiteral("^(\\d{2,5})[xX×](\\d{2,5})$")).match(parser.value(size));
    if (!m.hasMatch())
        throw UsageError("--size must be WIDTHxHEIGHT, e.g. 1600x1000 (got '" + parser.value(size).toStdString() + "')");
    o.size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    if (o.size.width() < 200 || o.size.height() < 150 || o.size.width() > 8000 || o.size.height() > 8000)
        throw UsageError("--size must be between 200x150 and 8000x8000");
    if (!o.screenshot.isEmpty() && !o.screenshot.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        throw UsageError("--screenshot writes PNG: the file name must end in .png");
    if (o.screenshot.isEmpty() &&
        (parser.isSet(view) || parser.isSet(size) || parser.isSet(run) || parser.isSet(select) ||
         parser.isSet(tab)))
        throw UsageError("--view, --size, --run, --select and --tab only apply to --screenshot");
    return o;
}

bool wantsScreenshot(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--screenshot", 12) == 0)
            return true;
    return false;
}

bool displayAvailable(int argc, char **argv)
{
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
        !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "--platform") == 0)
            return true;
    return false;
}

EarlyAnswer answerBeforeGui(int argc, char **argv)
{
    // A QCoreApplication (no platform plugin, no display) for the parser's help text, which
    // reads the program name from it; gone again before main() creates the QApplication.
    std::vector<char *> argvCopy(argv, argv + argc);
    int argcCopy = argc;
    QCoreApplication probe(argcCopy, argvCopy.data());
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const bool display = displayAvailable(argc, argv);
    try {
        bool exitNow = false;
        const GuiOptions o = parseGuiOptions(arguments, exitNow);
        if (exitNow)
            return EarlyAnswer::Answered;
        if (!display && o.screenshot.isEmpty()) {
            std::fputs("fuselab: no display (DISPLAY and WAYLAND_DISPLAY are unset): use fuselab-cli without a "
                       "window, --screenshot FILE.png to render offscreen, or set QT_QPA_PLATFORM\n",
                       stderr);
            return EarlyAnswer::NoDisplay;
        }
    } catch (const UsageError &e) {
        // With a display the argument may be one of Qt's own (-style fusion), which only
        // QApplication removes: the parse after it decides.
        if (display)
            return EarlyAnswer::StartGui;
        std::fprintf(stderr, "fuselab: %s (see --help)\n", e.what());
        return EarlyAnswer::BadArguments;
    }
    return EarlyAnswer::StartGui;
}

} // namespace fuselab
