// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

namespace fuselab {

/// The GUI's command line: `fuselab [PROJECT] [--screenshot FILE.png [--view main|graph|floorplan|schedule|memory|breakdown]
/// [--project FILE] [--size WxH]]`.
struct GuiOptions {
    QString project;     // open this project file instead of the default project
    QString screenshot;  // render to this PNG and exit
    QString view = QStringLiteral("main");
    QSize size{1600, 1000};
};

/// Parses the arguments (argv[0] first). Throws UsageError on bad arguments; --help and
/// --version print and set `exitNow`.
GuiOptions parseGuiOptions(const QStringList &arguments, bool &exitNow);

/// True when argv asks for a screenshot (checked before QApplication exists, to pick the
/// offscreen platform when no display is set).
bool wantsScreenshot(int argc, char **argv);

} // namespace fuselab
