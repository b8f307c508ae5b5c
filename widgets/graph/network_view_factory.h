// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QWidget;

namespace fuselab {

class ProjectDocument;

/// The network view/editor the main window puts in its "Network" dock. It shows
/// `doc`'s workload, follows doc->workloadChanged(), shares the selection through
/// doc->selectLayer(), and edits only through doc->editWorkload(). The graph editor
/// provides the real implementation; network_view_factory_fallback.cpp is a plain list.
/// A view that lays out asynchronously sets the dynamic property "fuselabBusy" (on itself
/// or a child widget) to true while it works: `fuselab --screenshot --view graph` waits until
/// it is false again (at most 20 s) before it grabs the picture.
QWidget *createNetworkView(ProjectDocument *doc, QWidget *parent);

} // namespace fuselab
