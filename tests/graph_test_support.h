// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for the graph view tests: a document holding a workload, waiting for the layout.
#pragma once

#include "document/project_document.h"
#include "graph/network_view.h"

#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

namespace graphtest {

using namespace fuselab;

inline void loadWorkload(ProjectDocument &doc, const Workload &w)
{
    Project p;
    p.name = w.name;
    p.workload = w;
    doc.resetProject(p);
}

/// Waits until `view` has no layout pending (or the timeout passes); true when laid out.
inline bool waitForLayout(NetworkView *view, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (view->isLayoutPending() && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    return !view->isLayoutPending();
}

/// True if the image has more than a handful of pixels unlike its corner pixel.
inline bool isNonBlank(const QImage &img)
{
    const QRgb bg = img.pixel(0, 0);
    int different = 0;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3)
            if (img.pixel(x, y) != bg && ++different > 200)
                return true;
    return false;
}

inline QString screenshotDir()
{
    const QString dir = QStringLiteral(FUSELAB_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace graphtest
