// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "floorplan/floorplan_edits.h"

#include <QWidget>

#include <functional>
#include <vector>

class QFormLayout;
class QLabel;
class QScrollArea;
class QTableWidget;

namespace fuselab {

class ProjectDocument;

/// Property inspector of the floorplan: edits every field of the selected core, shared
/// memory, DRAM or link (and of the accelerator itself when nothing is selected), with units
/// in the spin boxes. Each change is one doc->editAccelerator() (undoable); after each change
/// Accelerator::validate() runs and its problems are listed in red under the form.
class BlockInspector : public QWidget {
    Q_OBJECT
public:
    explicit BlockInspector(ProjectDocument *doc, QWidget *parent = nullptr);
    BlockRef target() const { return target_; }
    /// The problems shown under the form (for tests).
    QString problemText() const;

public Q_SLOTS:
    void setTarget(const BlockRef &ref);

Q_SIGNALS:
    /// The target got a new name (the floorplan re-selects it).
    void targetRenamed(const BlockRef &ref);

private:
    template <typename T>
    using Ref = std::function<T *(Accelerator &)>;

    void rebuildForm();
    void reload();
    void showProblems(const QString &extra = {});
    /// Applies `change` to a copy of the accelerator and pushes it as one undoable edit.
    void apply(const std::function<bool(Accelerator &)> &change, const QString &text);

    void addName();
    void addInt(const QString &label, const QString &suffix, int min, int max, Ref<int> ref, const QString &what);
    void addDouble(const QString &label, const QString &suffix, double min, double max, int decimals,
                   Ref<double> ref, const QString &what);
    void addBool(const QString &label, Ref<bool> ref, const QString &what, const QString &tip);
    void addBytes(const QString &label, Ref<int64_t> ref, const QString &what);
    void addOperands(Ref<unsigned> ref);
    void addUnrolls(const QString &label, Ref<std::vector<Unroll>> ref);
    void addArraySizes(Ref<std::vector<int>> ref);
    void addPlacement(Ref<Placement> ref);
    void addCoreKind(Ref<CoreKind> ref);
    void addDataflow(Ref<Dataflow> ref);
    void addPrivateMemories();
    void loadPrivateMemories();

    ProjectDocument *doc_;
    BlockRef target_;
    CoreKind shownKind_ = CoreKind::Systolic;
    QLabel *title_;
    QScrollArea *scroll_;
    QFormLayout *form_ = nullptr;
    QTableWidget *memTable_ = nullptr;
    QLabel *problems_;
    std::vector<std::function<void()>> loaders_;
    bool rebuildPending_ = false;
};

/// Parses "K16 C2" / "k:16, ox:4" / "K32@D1" (from the folded array's D1) into unrolls; false (and `error`) on bad text.
bool parseUnrolls(const QString &text, std::vector<Unroll> &out, QString &error);
QString formatUnrolls(const std::vector<Unroll> &unrolls);

} // namespace fuselab
