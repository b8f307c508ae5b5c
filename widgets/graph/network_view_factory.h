// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QWidget;

namespace fuselab {

class ProjectDocument;
class NetworkView;

/// The network graph editor for the main window's dock: graph view, find bar (Ctrl+F),
/// toolbar and the layer properties panel, all working on `doc`.
QWidget *createNetworkView(fuselab::ProjectDocument *doc, QWidget *parent);

/// The NetworkView inside a widget made by createNetworkView (for screenshots, plans and
/// the log dock's problemsFound); nullptr for any other widget.
NetworkView *networkViewOf(QWidget *editor);

} // namespace fuselab
