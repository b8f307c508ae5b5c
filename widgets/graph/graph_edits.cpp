// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/graph_edits.h"

#include "document/project_document.h"
#include "workload/shape_propagation.h"
#include "workload/workload_edits.h"

namespace fuselab::graphedit {

namespace {
bool validLayer(const Workload &w, LayerId l)
{
    return l >= 0 && l < static_cast<LayerId>(w.layers.size());
}

QString nameOf(const Workload &w, LayerId l)
{
    return QString::fromStdString(w.layers[static_cast<size_t>(l)].name);
}
} // namespace

bool editLayerFields(ProjectDocument *doc, LayerId id, const Layer &e)
{
    Workload w = doc->workload();
    if (!validLayer(w, id))
        return false;
    Layer &l = w.layers[static_cast<size_t>(id)];
    l.dims.k = e.dims.k;
    l.dims.c = e.dims.c;
    l.dims.fy = e.dims.fy;
    l.dims.fx = e.dims.fx;
    l.strideY = e.strideY;
    l.strideX = e.strideX;
    l.padTop = e.padTop;
    l.padLeft = e.padLeft;
    l.padBottom = e.padBottom;
    l.padRight = e.padRight;
    l.precision = e.precision;
    if (l == doc->workload().layers[static_cast<size_t>(id)])
        return false;
    propagateShapes(w, {id});
    doc->editWorkload(w, QObject::tr("Edit layer '%1'").arg(nameOf(w, id)));
    return true;
}

LayerId insertLayerAfter(ProjectDocument *doc, LayerId producer)
{
    Workload w = doc->workload();
    if (!validLayer(w, producer))
        return kNone;
    const LayerId id = fuselab::insertLayerAfter(w, producer, defaultLayerAfter(w, producer));
    if (id == kNone)
        return kNone;
    doc->editWorkload(w, QObject::tr("Insert layer '%1'").arg(nameOf(w, id)));
    doc->selectLayer(id);
    return id;
}

bool deleteLayer(ProjectDocument *doc, LayerId layer)
{
    Workload w = doc->workload();
    if (!validLayer(w, layer))
        return false;
    const QString name = nameOf(w, layer);
    // Prefer selecting the layer that took its place (the first consumer), else the producer.
    const auto cons = w.consumers();
    const TensorId out = w.layers[static_cast<size_t>(layer)].output;
    LayerId next = kNone;
    if (out >= 0 && out < static_cast<TensorId>(cons.size()) && !cons[static_cast<size_t>(out)].empty())
        next = cons[static_cast<size_t>(out)].front();
    else if (!w.layers[static_cast<size_t>(layer)].inputs.empty()) {
        const TensorId in = w.layers[static_cast<size_t>(layer)].inputs.front();
        if (in >= 0 && in < static_cast<TensorId>(w.tensors.size()))
            next = w.tensors[static_cast<size_t>(in)].producer;
    }
    if (next > layer)
        --next;
    if (!fuselab::removeLayer(w, layer))
        return false;
    doc->selectLayer(-1);
    doc->editWorkload(w, QObject::tr("Delete layer '%1'").arg(name));
    doc->selectLayer(next);
    return true;
}

bool connectInput(ProjectDocument *doc, LayerId consumer, int operand, TensorId tensor)
{
    Workload w = doc->workload();
    if (!fuselab::connectInput(w, consumer, operand, tensor))
        return false;
    if (w == doc->workload())
        return false;
    doc->editWorkload(w, QObject::tr("Connect '%1' to '%2'")
                             .arg(QString::fromStdString(w.tensors[static_cast<size_t>(tensor)].name),
                                  nameOf(w, consumer)));
    return true;
}

bool disconnectInput(ProjectDocument *doc, LayerId consumer, int operand)
{
    Workload w = doc->workload();
    if (!fuselab::disconnectInput(w, consumer, operand))
        return false;
    doc->editWorkload(w, QObject::tr("Disconnect input %1 of '%2'").arg(operand).arg(nameOf(w, consumer)));
    return true;
}

} // namespace fuselab::graphedit
