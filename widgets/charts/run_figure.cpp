// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/run_figure.h"

#include "charts/chart_canvas.h"
#include "qcp_include.h"

#include <QApplication>

namespace fuselab {

QString renderRunFigure(const Project &project, const Run &run, const ViewInfo &view, const QString &path,
                        const FigureOptions &options)
{
    if (!view.makeFigure)
        return QStringLiteral("the %1 view is not a figure of a run").arg(QLatin1String(view.name));
    FigureWidget figure = view.makeFigure(project, run);
    // Lay the widget out at the figure's pixel size so that the plot's layout (legends,
    // margins) matches what export writes.
    const int wpx =
        options.unit == FigureOptions::Unit::Px && options.width > 0 ? static_cast<int>(options.width) : 1200;
    const int hpx = options.unit == FigureOptions::Unit::Px && options.height > 0
                        ? static_cast<int>(options.height)
                        : 700;
    figure.widget->setAttribute(Qt::WA_DontShowOnScreen);
    figure.widget->resize(wpx, hpx);
    figure.widget->show();
    QApplication::processEvents();
    if (figure.plot)
        figure.plot->replot();
    return exportViewFigure(view, figure.plot ? static_cast<QWidget *>(figure.plot) : static_cast<QWidget *>(figure.canvas),
                            path, options);
}

} // namespace fuselab
