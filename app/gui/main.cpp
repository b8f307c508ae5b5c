// SPDX-License-Identifier: GPL-3.0-or-later
// The FuseLab desktop program. Exit codes: 0 ok, 1 bad input, 2 bad arguments.
#include "allocator_policy.h"
#include "gui_options.h"
#include "main_window.h"
#include "screenshot.h"
#include "util/error.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    fuselab::configureAllocator();
    // --help, --version and bad arguments are answered before QApplication exists: creating
    // it without a display aborts in the platform plugin (SIGABRT in xcb), which a user asking
    // for --help on a headless machine must not see.
    switch (fuselab::answerBeforeGui(argc, argv)) {
    case fuselab::EarlyAnswer::Answered: return 0;
    case fuselab::EarlyAnswer::BadArguments: return 2;
    case fuselab::EarlyAnswer::NoDisplay: return 1;
    case fuselab::EarlyAnswer::StartGui: break;
    }
    // A screenshot needs no display: pick the offscreen platform unless one is chosen.
    if (fuselab::wantsScreenshot(argc, argv) && !fuselab::displayAvailable(argc, argv))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FuseLab"));
    QApplication::setApplicationName(QStringLiteral("FuseLab"));
    QApplication::setApplicationVersion(QStringLiteral(FUSELAB_VERSION));

    fuselab::GuiOptions options;
    try {
        bool exitNow = false;
        options = fuselab::parseGuiOptions(QApplication::arguments(), exitNow);
        if (exitNow)
            return 0;
    } catch (const fuselab::UsageError &e) {
        std::fprintf(stderr, "fuselab: %s (see --help)\n", e.what());
        return 2;
    }
    if (!options.screenshot.isEmpty())
        return fuselab::renderScreenshot(options);

    fuselab::MainWindow window;
    window.show();
    if (!options.project.isEmpty())
        window.openProject(options.project); // offers a crash's recovery file of that project
    else
        window.offerRecovery(); // of the untitled project
    return QApplication::exec();
}
