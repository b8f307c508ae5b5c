// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

namespace fuselab {

/// The GUI's command line: `fuselab [PROJECT] [--screenshot FILE.png [--view VIEW] [--project FILE]
/// [--size WxH] [--run NAME] [--select LAYER] [--tab floorplan|schedule]]`, VIEW a name of the view
/// registry (views/view_registry.h).
struct GuiOptions {
    QString project;     // open this project file instead of the default project
    QString screenshot;  // render to this PNG and exit
    QString view = QStringLiteral("main");
    QSize size{1600, 1000};
    QString run;    // the stored run the schedule views show (default: the first)
    QString select; // the layer selected before rendering (highlighted in graph, Gantt, table)
    QString tab;    // the central tab a whole-window screenshot shows: floorplan or schedule
};

/// Parses the arguments (argv[0] first). Throws UsageError on bad arguments; --help and
/// --version print and set `exitNow`.
GuiOptions parseGuiOptions(const QStringList &arguments, bool &exitNow);

/// True when argv asks for a screenshot (checked before QApplication exists, to pick the
/// offscreen platform when no display is set).
bool wantsScreenshot(int argc, char **argv);

/// True when Qt can open a window: DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM is set, or
/// argv chooses a platform (-platform NAME).
bool displayAvailable(int argc, char **argv);

enum class EarlyAnswer { StartGui, Answered, BadArguments, NoDisplay };
/// What main() must do before QApplication exists: --help / --version printed (Answered),
/// bad arguments reported on stderr (BadArguments), or without a display a clear message
/// instead of the platform plugin's abort (NoDisplay). With a display, arguments Qt itself
/// consumes (-style, -platform, …) are left to the parse after QApplication.
EarlyAnswer answerBeforeGui(int argc, char **argv);

} // namespace fuselab
