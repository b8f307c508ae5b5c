// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Include QCustomPlot through this header only. qcustomplot.h uses the Qt keywords `signals`
// and `foreach`, which this project disables (QT_NO_KEYWORDS, QT_NO_FOREACH); define them
// for the duration of the include and nowhere else.

#ifndef signals
#define signals Q_SIGNALS
#define FUSELAB_QCP_UNDEF_SIGNALS
#endif
#ifndef foreach
#define foreach(declaration, container) for (declaration : container)
#define FUSELAB_QCP_UNDEF_FOREACH
#endif

#include <qcustomplot.h>

#ifdef FUSELAB_QCP_UNDEF_SIGNALS
#undef signals
#undef FUSELAB_QCP_UNDEF_SIGNALS
#endif
#ifdef FUSELAB_QCP_UNDEF_FOREACH
#undef foreach
#undef FUSELAB_QCP_UNDEF_FOREACH
#endif
