// SPDX-License-Identifier: GPL-3.0-or-later
// Fallback network view until the graph editor lands: a list of the layers (name, op, MACs)
// that shares the selection with the rest of the window.
#include "graph/network_view_factory.h"

#include "document/project_document.h"
#include "util/qt_strings.h"

#include <QListWidget>

namespace fuselab {

QWidget *createNetworkView(ProjectDocument *doc, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(QStringLiteral("networkView"));
    auto fill = [doc, list] {
        const QSignalBlocker block(list);
        list->clear();
        for (const Layer &l : doc->workload().layers)
            list->addItem(QStringLiteral("%1  ·  %2  ·  %3 MMAC")
                              .arg(toQString(l.name), toQString(toString(l.op)))
                              .arg(static_cast<double>(l.macs()) / 1e6, 0, 'f', 1));
        list->setCurrentRow(doc->selectedLayer());
    };
    fill();
    QObject::connect(doc, &ProjectDocument::workloadChanged, list, fill);
    QObject::connect(doc, &ProjectDocument::selectedLayerChanged, list, [list](int layer) {
        const QSignalBlocker block(list);
        list->setCurrentRow(layer);
    });
    QObject::connect(list, &QListWidget::currentRowChanged, doc, [doc](int row) { doc->selectLayer(row); });
    return list;
}

} // namespace fuselab
