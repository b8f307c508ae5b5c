// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Export of any QCustomPlot as a figure for a paper: SVG, PDF or PNG, at a size in mm or px,
// with a font size in points and a light print palette. The plot's current axis ranges are
// kept, so the figure shows exactly the current zoom. Fonts are set as pixel sizes in a
// layout where 1 px = 1 pt when the size is in mm, so the same figure looks the same in
// every format (PNG is rendered at `dpi` by scaling that layout).

#include <QString>

#include <optional>

class QCustomPlot;

namespace fuselab {

enum class FigureFormat { Svg, Pdf, Png };

struct FigureOptions {
    enum class Unit { Px, Mm };
    double width = 0.0;  ///< 0: the plot's current size (px)
    double height = 0.0; ///< 0: the plot's current size (px)
    Unit unit = Unit::Px;
    double dpi = 300.0;       ///< PNG resolution for sizes in mm (also stored in the PNG)
    double fontPt = 0.0;      ///< 0: keep the plot's fonts (px sizes), 8 pt for a size in mm
    bool printPalette = true; ///< white background, black text and axes, light grey grid
};

/// An export's layout in the units the figure is drawn in: points when the size is in mm
/// (1 px = 1 pt), pixels otherwise.
struct FigureLayout {
    int width = 0, height = 0;
    int fontPx = 0;          ///< 0: keep the view's fonts
    double dpi = 300.0;      ///< PNG resolution
    double pngScale = 1.0;   ///< PNG pixels per layout px
    int svgResolution = 96;  ///< SVG user units per inch
};

/// The layout of a figure of `options` for a view now `current` px large; nullopt if the
/// size is out of range (0 or more than 20000).
std::optional<FigureLayout> figureLayout(const FigureOptions &options, int currentWidth, int currentHeight);

/// From the file suffix (.svg, .pdf, .png; case-insensitive).
std::optional<FigureFormat> figureFormatFromPath(const QString &path);

/// Writes the figure; returns an empty string on success, else why it failed.
QString exportFigure(QCustomPlot *plot, const QString &path, const FigureOptions &options);
QString exportFigure(QCustomPlot *plot, const QString &path, FigureFormat format,
                     const FigureOptions &options);

} // namespace fuselab
