// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/layer.h"

#include <QString>

namespace fuselab {

class ProjectDocument;

/// The graph editor's edits. Each builds a new Workload from the document's, re-derives
/// shapes downstream (core/workload/shape_propagation.h) and applies it with
/// doc->editWorkload, i.e. as one undoable step. Problems (validate()) do not block an edit:
/// the view marks them on the nodes, and undo takes the edit back.
namespace graphedit {

/// Replaces the editable fields of `layer` (dims, stride, padding, precision) with those of
/// `edited`. Returns false (and pushes nothing) when nothing changed or the id is bad.
bool editLayerFields(ProjectDocument *doc, LayerId layer, const Layer &edited);
/// Inserts a shape-preserving 3×3 conv after `producer` and selects it. Returns its id.
LayerId insertLayerAfter(ProjectDocument *doc, LayerId producer);
/// Deletes `layer` (consumers reconnect to its input) and selects a neighbour.
bool deleteLayer(ProjectDocument *doc, LayerId layer);
/// Operand `operand` of `consumer` reads `tensor` (operand == inputs.size() adds one).
bool connectInput(ProjectDocument *doc, LayerId consumer, int operand, TensorId tensor);
bool disconnectInput(ProjectDocument *doc, LayerId consumer, int operand);

} // namespace graphedit
} // namespace fuselab
