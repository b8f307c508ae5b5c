// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/network_view_factory.h"

#include "graph/network_editor.h"

namespace fuselab {

QWidget *createNetworkView(ProjectDocument *doc, QWidget *parent)
{
    return new NetworkEditor(doc, parent);
}

NetworkView *networkViewOf(QWidget *editor)
{
    auto *e = qobject_cast<NetworkEditor *>(editor);
    return e ? e->view() : nullptr;
}

} // namespace fuselab
