// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/study_figure_output.h"

#include "util/error.h"

#ifdef FUSELAB_CLI_FIGURES
#include "charts/study_figure.h"

#include <QApplication>
#endif

#include <iostream>

namespace fuselab::cli {

void checkStudyFigurePath(const std::string &path)
{
#ifndef FUSELAB_CLI_FIGURES
    throw UsageError("--figure " + path +
                     ": this fuselab-cli was built without the GUI libraries (FUSELAB_BUILD_GUI=OFF), so it "
                     "cannot draw figures; write the table with --csv and plot that instead");
#else
    if (!figureFormatFromPath(QString::fromStdString(path)))
        throw UsageError("--figure must end in .svg, .pdf or .png (got '" + path + "')");
#endif
}

void writeStudyFigure(const StudyTable &table, const std::string &path)
{
    checkStudyFigurePath(path);
#ifdef FUSELAB_CLI_FIGURES
    // Offscreen: the CLI must work without a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "fuselab-cli";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);
    const QString err = renderStudyFigure(table, QString::fromStdString(path));
    if (!err.isEmpty())
        throw InputError(path, "", err.toStdString());
    std::cout << "wrote " << path << "\n";
#else
    (void)table;
#endif
}

} // namespace fuselab::cli
