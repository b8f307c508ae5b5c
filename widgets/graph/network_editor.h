// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;

namespace fuselab {

class ProjectDocument;
class NetworkView;
class GraphFindBar;
class LayerPropertiesPanel;

/// The whole network editor: a toolbar (fit, relayout, insert, delete, find), the graph
/// view with its find bar, and the properties panel in a splitter.
class NetworkEditor : public QWidget {
    Q_OBJECT
public:
    explicit NetworkEditor(ProjectDocument *doc, QWidget *parent = nullptr);

    NetworkView *view() const { return view_; }
    GraphFindBar *findBar() const { return find_; }
    LayerPropertiesPanel *properties() const { return panel_; }

private:
    ProjectDocument *doc_;
    NetworkView *view_;
    GraphFindBar *find_;
    LayerPropertiesPanel *panel_;
};

} // namespace fuselab
