// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli figure: a figure of a stored run (Gantt, memory, Pareto, energy breakdown) as
// SVG, PDF or PNG, rendered offscreen: no display is needed.
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "project/project_file.h"
#include "util/error.h"

#ifdef FUSELAB_CLI_FIGURES
#include "charts/run_figure.h"
#include "views/view_registry.h"

#include <QApplication>
#endif

#include <iostream>

namespace fuselab::cli {

namespace {
/// The figure views' names, "gantt|memory|…" (from the view registry, when figures are built in).
std::string figureViewNames(const char *separator)
{
#ifdef FUSELAB_CLI_FIGURES
    return viewNames(true).join(QString::fromLatin1(separator)).toStdString();
#else
    (void)separator;
    return "none in this build";
#endif
}
} // namespace

int runFigure(const std::vector<std::string> &args)
{
    const std::string synopsis = "--project P --run NAME --view " + figureViewNames("|") +
                                 " --out FILE [--size WxH[mm]] [--dpi N]\n[--font PT]";
    ArgParser p("figure", synopsis,
                "Renders a figure of a run stored in a project file (by `schedule --project --run` or the\n"
                "app) to SVG, PDF or PNG (by the suffix of --out), without a display.");
    p.addOption("project", "P", "project file");
    p.addOption("run", "NAME", "stored run (default: the first)");
    const std::string viewHelp = figureViewNames(", ") + " (default gantt)";
    p.addOption("view", "VIEW", viewHelp);
    p.addOption("out", "FILE", "output .svg, .pdf or .png");
    p.addOption("size", "WxH[mm]", "figure size in pixels, or in mm with the suffix mm (default 1600x900)");
    p.addOption("dpi", "N", "resolution of a PNG sized in mm (default 300)");
    p.addOption("font", "PT", "font size (default: the view's)");
    if (!p.parse(args))
        return 0;
#ifndef FUSELAB_CLI_FIGURES
    throw UsageError(
        "this fuselab-cli was built without the GUI libraries (FUSELAB_BUILD_GUI=OFF): no figures");
#else
    const std::string file = p.required("project");
    const QString out = QString::fromStdString(p.required("out"));
    const QString viewName = QString::fromStdString(p.value("view", "gantt"));
    const ViewInfo *view = findView(viewName);
    if (!view || !view->makeFigure)
        throw UsageError("--view: " + unknownViewMessage(viewName, true).toStdString());
    if (!figureFormatFromPath(out))
        throw UsageError("--out must end in .svg, .pdf or .png (got '" + out.toStdString() + "')");
    FigureOptions fo;
    fo.width = 1600;
    fo.height = 900;
    if (auto size = p.value("size")) {
        std::string s = *size;
        const bool mm = s.size() > 2 && s.compare(s.size() - 2, 2, "mm") == 0;
        if (mm)
            s.resize(s.size() - 2);
        const auto x = s.find('x');
        try {
            size_t used = 0, usedH = 0;
            if (x == std::string::npos)
                throw std::invalid_argument("no x");
            fo.width = std::stod(s.substr(0, x), &used);
            fo.height = std::stod(s.substr(x + 1), &usedH);
            if (used != x || usedH != s.size() - x - 1)
                throw std::invalid_argument("trailing characters");
        } catch (const std::exception &) {
            throw UsageError("--size must be WIDTHxHEIGHT in pixels (1600x900) or mm (180x100mm) (got '" + *size +
                             "')");
        }
        if (mm) {
            fo.unit = FigureOptions::Unit::Mm;
            if (fo.width < 10 || fo.height < 10 || fo.width > 2000 || fo.height > 2000)
                throw UsageError("--size in mm must be between 10x10mm and 2000x2000mm");
        } else if (fo.width < 50 || fo.height < 50 || fo.width > 20000 || fo.height > 20000) {
            throw UsageError("--size must be between 50x50 and 20000x20000 pixels");
        }
    }
    if (p.has("dpi"))
        fo.dpi = static_cast<double>(p.integer("dpi", 300, 50, 2400));
    if (p.has("font"))
        fo.fontPt = static_cast<double>(p.integer("font", 0, 4, 72));

    const Project project = loadProject(file);
    if (project.runs.empty())
        throw InputError(file, "runs",
                         "the project holds no runs (store one with `fuselab-cli schedule --project "
                         "FILE --run NAME`)");
    const Run *run = &project.runs.front();
    if (auto name = p.value("run")) {
        run = findRun(project.runs, *name);
        if (!run) {
            std::string names;
            for (const Run &r : project.runs)
                names += (names.empty() ? "" : ", ") + r.name;
            throw InputError(file, "runs", "no run named '" + *name + "' (runs: " + names + ")");
        }
    }
    // Offscreen: the CLI must work without a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "fuselab-cli";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);
    const QString err = renderRunFigure(project, *run, *view, out, fo);
    if (!err.isEmpty())
        throw InputError(out.toStdString(), "", err.toStdString());
    std::cout << "wrote " << out.toStdString() << "\n";
    return 0;
#endif
}

} // namespace fuselab::cli
