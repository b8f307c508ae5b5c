// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "project/project.h"

#include <QString>
#include <QStringList>

namespace fuselab {

/// The examples shipped with FuseLab are compiled into the program (Qt resources under
/// ":/fuselab/examples/"), so the installed app always has them.
QStringList exampleHardwareResources();  // ":/fuselab/examples/hardware/quad_core.yaml", …

/// Loads hardware (native or Stream YAML) from a file or a ":/" resource. Throws InputError.
Accelerator loadHardwareFile(const QString &path);

/// A heterogeneous quad-core built in code (two systolic arrays, a spatial array, a SIMD
/// core, a shared global buffer and the DRAM); used when examples/hardware/quad_core.yaml
/// cannot be loaded.
Accelerator builtinQuadCore();

/// The project FuseLab starts on: ResNet-18 on the quad-core example. `notes` receives
/// what had to fall back (missing example, zoo not available) for the Log.
Project defaultProject(QStringList *notes = nullptr);

} // namespace fuselab
