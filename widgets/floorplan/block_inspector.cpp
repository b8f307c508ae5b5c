// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/block_inspector.h"

#include "document/project_document.h"
#include "floorplan/memory_field_text.h"
#include "util/memory_names.h"
#include "util/qt_strings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace fuselab {

namespace {

template <typename O, typename T>
std::function<T *(Accelerator &)> field(std::function<O *(Accelerator &)> obj, T O::*member)
{
    return [obj, member](Accelerator &a) -> T * {
        O *o = obj(a);
        return o ? &(o->*member) : nullptr;
    };
}

QString kindTitle(const BlockRef &r)
{
    switch (r.kind) {
    case BlockRef::Core: return QObject::tr("Core");
    case BlockRef::Memory: return QObject::tr("Shared memory");
    case BlockRef::Dram: return QObject::tr("DRAM (off-chip)");
    case BlockRef::Link: return QObject::tr("Link");
    default: return QObject::tr("Accelerator");
    }
}

// The full name for `typed` in the row of memory `old`: the core's prefix again if the table
// had dropped it.
std::string memoryFullName(const std::string &core, const std::string &old, const std::string &typed)
{
    return memoryShortName(core, old) != old && !typed.empty() ? core + "." + typed : typed;
}

int linkIndexOf(const Accelerator &a, const std::string &n)
{
    for (size_t i = 0; i < a.links.size(); ++i)
        if (a.links[i].name == n)
            return static_cast<int>(i);
    return -1;
}

enum MemColumn {
    ColName,
    ColSize,
    ColOperands,
    ColReadBw,
    ColWriteBw,
    ColReadE,
    ColWriteE,
    ColLatency,
    ColLevel,
    ColServed,
    ColPorts,
    ColDoubleBuffered,
    ColCount
};

} // namespace

bool parseUnrolls(const QString &text, std::vector<Unroll> &out, QString &error)
{
    out.clear();
    // "K16", "k:16", "K32@D1" (the array dimension a folded 4-D core's unroll comes from).
    static const QRegularExpression token(
        QStringLiteral("^([A-Za-z]+)\\s*[:×x*]?\\s*(\\d+)(?:\\s*@\\s*[Dd](\\d+))?$"));
    const QStringList parts =
        text.split(QRegularExpression(QStringLiteral("[,;\\s]+(?=[A-Za-z])")), Qt::SkipEmptyParts);
    for (const QString &raw : parts) {
        const auto m = token.match(raw.trimmed());
        LoopDim d;
        if (!m.hasMatch() || !parseLoopDim(m.captured(1).toStdString(), d)) {
            error = QObject::tr("'%1' is not a loop dimension and factor (e.g. K16 or K16@D1; dims: B K C OY OX FY FX)")
                        .arg(raw.trimmed());
            return false;
        }
        const int f = m.captured(2).toInt();
        if (f <= 0) {
            error = QObject::tr("'%1': the factor must be positive").arg(raw.trimmed());
            return false;
        }
        const int arrayDim = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
        if (!m.captured(3).isEmpty() && (arrayDim < 1 || arrayDim > 32)) {
            error = QObject::tr("'%1': the array dimension must be D1 to D32").arg(raw.trimmed());
            return false;
        }
        out.push_back({d, f, arrayDim});
    }
    return true;
}

QString formatUnrolls(const std::vector<Unroll> &unrolls)
{
    QStringList parts;
    for (const auto &u : unrolls)
        parts << toQString(toString(u.dim)).toUpper() + QString::number(u.factor) +
                     (u.arrayDim > 0 ? QStringLiteral("@D%1").arg(u.arrayDim) : QString());
    return parts.join(QLatin1Char(' '));
}

BlockInspector::BlockInspector(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), doc_(doc), title_(new QLabel(this)), scroll_(new QScrollArea(this)), problems_(new QLabel(this))
{
    setObjectName(QStringLiteral("blockInspector"));
    QFont f = title_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    title_->setFont(f);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    problems_->setObjectName(QStringLiteral("inspectorProblems"));
    problems_->setWordWrap(true);
    problems_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(title_);
    layout->addWidget(scroll_, 1);
    layout->addWidget(problems_);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, [this] {
        const Accelerator &a = doc_->accelerator();
        bool structural = target_.kind != BlockRef::None && !exists(a, target_);
        if (structural)
            target_ = {};
        else if (target_.kind == BlockRef::Core)
            structural = a.cores[a.coreIndex(target_.name)].kind != shownKind_;
        if (structural || target_.kind == BlockRef::None)
            rebuildForm();
        else
            reload();
    });
    rebuildForm();
}

QString BlockInspector::problemText() const { return problems_->text(); }

void BlockInspector::setTarget(const BlockRef &ref)
{
    if (ref == target_ && form_)
        return;
    target_ = exists(doc_->accelerator(), ref) ? ref : BlockRef{};
    rebuildForm();
}

void BlockInspector::apply(const std::function<bool(Accelerator &)> &change, const QString &text)
{
    Accelerator a = doc_->accelerator();
    if (!change(a) || a == doc_->accelerator()) {
        reload();
        return;
    }
    doc_->editAccelerator(a, text);
}

void BlockInspector::rebuildForm()
{
    // The old form may be the sender of the signal that got us here: delete it later.
    if (QWidget *old = scroll_->takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    loaders_.clear();
    memTable_ = nullptr;
    auto *page = new QWidget;
    form_ = new QFormLayout(page);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->setLabelAlignment(Qt::AlignRight);
    title_->setText(kindTitle(target_) +
                    (target_.kind == BlockRef::None ? QString() : QStringLiteral(": ") + toQString(target_.name)));

    const Ref<Accelerator> acc = [](Accelerator &a) { return &a; };
    const Ref<Core> core = [this](Accelerator &a) -> Core * {
        const int i = a.coreIndex(target_.name);
        return i < 0 ? nullptr : &a.cores[i];
    };
    const Ref<Memory> mem = [this](Accelerator &a) -> Memory * {
        const int i = a.memoryIndex(target_.name);
        return i < 0 ? nullptr : &a.memories[i];
    };
    const Ref<Dram> dram = [](Accelerator &a) { return &a.dram; };
    const Ref<Link> link = [this](Accelerator &a) -> Link * {
        const int i = linkIndexOf(a, target_.name);
        return i < 0 ? nullptr : &a.links[i];
    };

    switch (target_.kind) {
    case BlockRef::None: {
        auto *hint = new QLabel(tr("Select a block or link on the floorplan to edit it. Drag blocks from the "
                                   "palette; Shift+drag from one block to another links them."));
        hint->setWordWrap(true);
        form_->addRow(hint);
        addName();
        addDouble(tr("Clock"), tr(" MHz"), 0, 1e5, 1, field(acc, &Accelerator::clockMHz), tr("clock"));
        addInt(tr("Grid width"), tr(" cells"), 1, 200, field(acc, &Accelerator::gridWidth), tr("grid width"));
        addInt(tr("Grid height"), tr(" cells"), 1, 200, field(acc, &Accelerator::gridHeight), tr("grid height"));
        break;
    }
    case BlockRef::Core: {
        const Accelerator &a = doc_->accelerator();
        shownKind_ = a.cores[a.coreIndex(target_.name)].kind;
        addName();
        addCoreKind(field(core, &Core::kind));
        const bool aimc = shownKind_ == CoreKind::Aimc;
        const bool vector = shownKind_ == CoreKind::Simd || shownKind_ == CoreKind::Pool;
        if (!vector) {  // SIMD and pooling cores are sized by their lanes
            addInt(aimc ? tr("Crossbar rows") : tr("Array rows"), aimc ? tr(" cells") : tr(" PEs"), 0, 1 << 16,
                   field(core, &Core::rows), tr("rows"));
            addInt(aimc ? tr("Crossbar cols") : tr("Array cols"), aimc ? tr(" cells") : tr(" PEs"), 0, 1 << 16,
                   field(core, &Core::cols), tr("cols"));
        }
        if (shownKind_ == CoreKind::Systolic)
            addDataflow(field(core, &Core::dataflow));
        if (shownKind_ == CoreKind::Spatial) {
            addUnrolls(tr("Unroll on rows"), field(core, &Core::unrollRows));
            addUnrolls(tr("Unroll on cols"), field(core, &Core::unrollCols));
            addArraySizes(field(core, &Core::arraySizes));
            addBool(tr("Search unrolling"), field(core, &Core::searchUnrolling), tr("unrolling search"),
                    tr("Search the legal unrollings per layer and tile shape (as ZigZag does for a core file "
                       "without dataflows); the unrolling above is one of the candidates"));
        }
        addDouble(tr("Clock"), tr(" MHz"), 0, 1e5, 1, field(core, &Core::clockMHz), tr("clock"));
        addDouble(shownKind_ == CoreKind::Simd || shownKind_ == CoreKind::Pool ? tr("Energy per op")
                                                                                : tr("MAC energy"),
                  tr(" pJ"), 0, 1e6, 4, field(core, &Core::macEnergy), tr("MAC energy"));
        if (shownKind_ == CoreKind::Simd || shownKind_ == CoreKind::Pool)
            addInt(tr("Lanes"), tr(" elem/cycle"), 0, 1 << 20, field(core, &Core::lanes), tr("lanes"));
        if (aimc) {
            addInt(tr("MVM latency"), tr(" cycles"), 0, 1 << 24, field(core, &Core::mvmCycles), tr("MVM cycles"));
            addDouble(tr("MVM energy"), tr(" pJ"), 0, 1e12, 3, field(core, &Core::mvmEnergy), tr("MVM energy"));
            addInt(tr("Program time"), tr(" cycles/row"), 0, 1 << 24, field(core, &Core::programCyclesPerRow),
                   tr("program cycles"));
            addDouble(tr("Program energy"), tr(" pJ/row"), 0, 1e12, 3, field(core, &Core::programEnergyPerRow),
                      tr("program energy"));
        }
        addPlacement(field(core, &Core::place));
        addPrivateMemories();
        break;
    }
    case BlockRef::Memory:
        addName();
        addBytes(tr("Size"), field(mem, &Memory::sizeBytes), tr("size"));
        addOperands(field(mem, &Memory::operands));
        addDouble(tr("Read bandwidth"), tr(" B/cycle"), 0, 1e9, 2, field(mem, &Memory::readBw), tr("read bandwidth"));
        addDouble(tr("Write bandwidth"), tr(" B/cycle"), 0, 1e9, 2, field(mem, &Memory::writeBw),
                  tr("write bandwidth"));
        addDouble(tr("Read energy"), tr(" pJ/B"), 0, 1e9, 3, field(mem, &Memory::readEnergy), tr("read energy"));
        addDouble(tr("Write energy"), tr(" pJ/B"), 0, 1e9, 3, field(mem, &Memory::writeEnergy), tr("write energy"));
        addInt(tr("Latency"), tr(" cycles"), 0, 1 << 20, field(mem, &Memory::latency), tr("latency"));
        // Bandwidth is per port; read/write ports serve both directions.
        addInt(tr("Read ports"), QString(), 0, 64, field(mem, &Memory::readPorts), tr("read ports"));
        addInt(tr("Write ports"), QString(), 0, 64, field(mem, &Memory::writePorts), tr("write ports"));
        addInt(tr("Read/write ports"), QString(), 0, 64, field(mem, &Memory::rwPorts), tr("read/write ports"));
        addBool(tr("Double buffered"), field(mem, &Memory::doubleBuffered), tr("double buffering"),
                tr("Refills overlap compute (two halves); unchecked, compute waits for every refill"));
        addPlacement(field(mem, &Memory::place));
        break;
    case BlockRef::Dram:
        addName();
        addDouble(tr("Bandwidth"), tr(" B/cycle"), 0, 1e9, 2, field(dram, &Dram::bandwidth), tr("bandwidth"));
        addInt(tr("Latency"), tr(" cycles"), 0, 1 << 24, field(dram, &Dram::latency), tr("latency"));
        addDouble(tr("Read energy"), tr(" pJ/B"), 0, 1e9, 3, field(dram, &Dram::readEnergy), tr("read energy"));
        addDouble(tr("Write energy"), tr(" pJ/B"), 0, 1e9, 3, field(dram, &Dram::writeEnergy), tr("write energy"));
        addInt(tr("Ports"), QString(), 0, 64, field(dram, &Dram::ports), tr("ports"));
        addPlacement(field(dram, &Dram::place));
        break;
    case BlockRef::Link: {
        addName();
        auto *ends = new QLabel;
        ends->setWordWrap(true);
        form_->addRow(tr("Endpoints"), ends);
        loaders_.push_back([this, ends, link] {
            Accelerator a = doc_->accelerator();
            if (Link *l = link(a)) {
                QStringList names;
                for (const auto &e : l->endpoints)
                    names << toQString(e);
                ends->setText(names.join(QStringLiteral(", ")) + (l->isBus() ? tr("  (bus)") : QString()));
            }
        });
        addDouble(tr("Bandwidth"), tr(" B/cycle"), 0, 1e9, 2, field(link, &Link::bandwidth), tr("bandwidth"));
        addInt(tr("Latency"), tr(" cycles/hop"), 0, 1 << 20, field(link, &Link::latency), tr("latency"));
        addDouble(tr("Energy"), tr(" pJ/bit"), 0, 1e6, 4, field(link, &Link::energyPerBit), tr("energy"));
        break;
    }
    }
    scroll_->setWidget(page);
    reload();
}

void BlockInspector::reload()
{
    for (const auto &load : loaders_)
        load();
    showProblems();
}

void BlockInspector::showProblems(const QString &extra)
{
    // Problems that name the selected block first, then the others.
    QStringList mine, others;
    const std::string quoted = "'" + target_.name + "'";
    for (const auto &p : doc_->accelerator().validate())
        (target_.kind != BlockRef::None && p.find(quoted) != std::string::npos ? mine : others) << toQString(p);
    QStringList lines;
    if (!extra.isEmpty())
        lines << extra;
    lines << mine << others;
    problems_->setText(lines.isEmpty() ? QString() : QStringLiteral("⚠ ") + lines.join(QStringLiteral("\n⚠ ")));
}

void BlockInspector::addName()
{
    auto *edit = new QLineEdit;
    form_->addRow(tr("Name"), edit);
    loaders_.push_back([this, edit] {
        const QSignalBlocker b(edit);
        edit->setText(target_.kind == BlockRef::None ? toQString(doc_->accelerator().name) : toQString(target_.name));
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
        const std::string name = edit->text().trimmed().toStdString();
        if (target_.kind == BlockRef::None) {
            apply([&](Accelerator &a) { a.name = name; return true; }, tr("Rename accelerator"));
            return;
        }
        if (name == target_.name)
            return;
        Accelerator a = doc_->accelerator();
        if (!renameBlock(a, target_, name)) {
            reload();
            showProblems(name.empty() ? tr("A name cannot be empty")
                                      : tr("'%1' is already used by another block or link").arg(toQString(name)));
            return;
        }
        const QString old = toQString(target_.name);
        target_.name = name;
        title_->setText(kindTitle(target_) + QStringLiteral(": ") + toQString(name));
        doc_->editAccelerator(a, tr("Rename %1 to %2").arg(old, toQString(name)));
        const BlockRef renamed = target_;  // a copy: receivers may change target_
        Q_EMIT targetRenamed(renamed);
    });
}

void BlockInspector::addInt(const QString &label, const QString &suffix, int min, int max, Ref<int> ref,
                            const QString &what)
{
    auto *spin = new QSpinBox;
    spin->setRange(min, max);
    spin->setSuffix(suffix);
    spin->setKeyboardTracking(false);
    spin->setAccelerated(true);
    form_->addRow(label, spin);
    loaders_.push_back([this, spin, ref] {
        Accelerator a = doc_->accelerator();
        if (int *v = ref(a)) {
            const QSignalBlocker b(spin);
            spin->setValue(*v);
        }
    });
    connect(spin, &QSpinBox::valueChanged, this, [this, ref, what](int v) {
        apply(
            [&](Accelerator &a) {
                int *p = ref(a);
                return p && (*p = v, true);
            },
            tr("Set %1 %2").arg(toQString(target_.name), what));
    });
}

void BlockInspector::addBool(const QString &label, Ref<bool> ref, const QString &what, const QString &tip)
{
    auto *box = new QCheckBox;
    box->setToolTip(tip);
    form_->addRow(label, box);
    loaders_.push_back([this, box, ref] {
        Accelerator a = doc_->accelerator();
        if (bool *v = ref(a)) {
            const QSignalBlocker b(box);
            box->setChecked(*v);
        }
    });
    connect(box, &QCheckBox::toggled, this, [this, ref, what](bool on) {
        apply(
            [&](Accelerator &a) {
                bool *p = ref(a);
                return p && (*p = on, true);
            },
            tr("Set %1 %2").arg(toQString(target_.name), what));
    });
}

void BlockInspector::addDouble(const QString &label, const QString &suffix, double min, double max, int decimals,
                               Ref<double> ref, const QString &what)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(min, max);
    spin->setDecimals(decimals);
    spin->setSuffix(suffix);
    spin->setKeyboardTracking(false);
    spin->setAccelerated(true);
    form_->addRow(label, spin);
    loaders_.push_back([this, spin, ref] {
        Accelerator a = doc_->accelerator();
        if (double *v = ref(a)) {
            const QSignalBlocker b(spin);
            spin->setValue(std::isfinite(*v) ? *v : 0.0);
        }
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, ref, what](double v) {
        apply(
            [&](Accelerator &a) {
                double *p = ref(a);
                return p && (*p = v, true);
            },
            tr("Set %1 %2").arg(toQString(target_.name), what));
    });
}

void BlockInspector::addBytes(const QString &label, Ref<int64_t> ref, const QString &what)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(0, 1e9);
    spin->setDecimals(2);
    spin->setSuffix(tr(" KiB"));
    spin->setKeyboardTracking(false);
    form_->addRow(label, spin);
    loaders_.push_back([this, spin, ref] {
        Accelerator a = doc_->accelerator();
        if (int64_t *v = ref(a)) {
            const QSignalBlocker b(spin);
            spin->setValue(static_cast<double>(*v) / 1024.0);
        }
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, ref, what](double kib) {
        apply(
            [&](Accelerator &a) {
                int64_t *p = ref(a);
                return p && (*p = std::llround(kib * 1024.0), true);
            },
            tr("Set %1 %2").arg(toQString(target_.name), what));
    });
}

void BlockInspector::addOperands(Ref<unsigned> ref)
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    std::vector<std::pair<QCheckBox *, unsigned>> boxes;
    for (auto [name, bit] : {std::pair{"inputs (I)", OperandI}, {"weights (W)", OperandW}, {"outputs (O)", OperandO}}) {
        auto *box = new QCheckBox(QString::fromLatin1(name));
        h->addWidget(box);
        boxes.emplace_back(box, bit);
    }
    h->addStretch();
    form_->addRow(tr("Holds"), row);
    loaders_.push_back([this, boxes, ref] {
        Accelerator a = doc_->accelerator();
        if (unsigned *v = ref(a))
            for (auto [box, bit] : boxes) {
                const QSignalBlocker b(box);
                box->setChecked(*v & bit);
            }
    });
    for (auto [box, bit] : boxes)
        connect(box, &QCheckBox::toggled, this, [this, ref, bit = bit](bool on) {
            apply(
                [&](Accelerator &a) {
                    unsigned *p = ref(a);
                    return p && (*p = on ? (*p | bit) : (*p & ~bit), true);
                },
                tr("Set %1 operands").arg(toQString(target_.name)));
        });
}

void BlockInspector::addUnrolls(const QString &label, Ref<std::vector<Unroll>> ref)
{
    auto *edit = new QLineEdit;
    edit->setPlaceholderText(tr("e.g. K16 OX2"));
    edit->setToolTip(tr("Loop dimensions unrolled on this array axis with their factors: B K C OY OX FY FX. "
                        "@Dn names the dimension of a folded 4-D array an unroll comes from (K32@D1)."));
    form_->addRow(label, edit);
    loaders_.push_back([this, edit, ref] {
        Accelerator a = doc_->accelerator();
        if (auto *v = ref(a)) {
            const QSignalBlocker b(edit);
            edit->setText(formatUnrolls(*v));
        }
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, ref] {
        std::vector<Unroll> u;
        QString error;
        if (!parseUnrolls(edit->text(), u, error)) {
            showProblems(error);  // keep the text so the user can fix it
            return;
        }
        apply(
            [&](Accelerator &a) {
                auto *p = ref(a);
                return p && (*p = u, true);
            },
            tr("Set %1 unrolling").arg(toQString(target_.name)));
    });
}

void BlockInspector::addArraySizes(Ref<std::vector<int>> ref)
{
    auto *edit = new QLineEdit;
    edit->setPlaceholderText(tr("rows × cols"));
    edit->setToolTip(tr("Sizes of a folded array's dimensions D1 × D2 × …: odd ones lie on the rows, even ones "
                        "on the columns. Empty: the array is rows × cols."));
    form_->addRow(tr("Array dims"), edit);
    loaders_.push_back([this, edit, ref] {
        Accelerator a = doc_->accelerator();
        if (auto *v = ref(a)) {
            QStringList parts;
            for (int d : *v)
                parts << QString::number(d);
            const QSignalBlocker b(edit);
            edit->setText(parts.join(QStringLiteral(" × ")));
        }
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, ref] {
        std::vector<int> sizes;
        for (const QString &p : edit->text().split(QRegularExpression(QStringLiteral("[\\s,×xX*]+")),
                                                   Qt::SkipEmptyParts)) {
            bool ok = false;
            const int v = p.toInt(&ok);
            if (!ok || v < 1) {
                showProblems(tr("'%1' is not an array dimension size (positive integers, e.g. 32 × 2 × 4 × 4)")
                                 .arg(p));
                return;
            }
            sizes.push_back(v);
        }
        apply(
            [&](Accelerator &a) {
                auto *p = ref(a);
                return p && (*p = sizes, true);
            },
            tr("Set %1 array dimensions").arg(toQString(target_.name)));
    });
}

void BlockInspector::addPlacement(Ref<Placement> ref)
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    const std::pair<const char *, int Placement::*> parts[] = {
        {"x ", &Placement::x}, {"y ", &Placement::y}, {"w ", &Placement::w}, {"h ", &Placement::h}};
    for (auto [name, member] : parts) {
        auto *spin = new QSpinBox;
        spin->setPrefix(QString::fromLatin1(name));
        spin->setRange(0, 200);
        spin->setMinimumWidth(44);
        spin->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        spin->setKeyboardTracking(false);
        h->addWidget(spin);
        const Ref<int> r = field(ref, member);
        loaders_.push_back([this, spin, r] {
            Accelerator a = doc_->accelerator();
            if (int *v = r(a)) {
                const QSignalBlocker b(spin);
                spin->setValue(*v);
            }
        });
        connect(spin, &QSpinBox::valueChanged, this, [this, ref, member = member](int v) {
            apply(
                [&](Accelerator &a) {
                    Placement *p = ref(a);
                    if (!p)
                        return false;
                    Placement next = *p;
                    next.*member = v;
                    return setPlacement(a, target_, next);
                },
                tr("Move %1").arg(toQString(target_.name)));
        });
    }
    form_->addRow(tr("Position (cells)"), row);
}

void BlockInspector::addCoreKind(Ref<CoreKind> ref)
{
    auto *combo = new QComboBox;
    for (CoreKind k : {CoreKind::Systolic, CoreKind::Spatial, CoreKind::Aimc, CoreKind::Simd, CoreKind::Pool})
        combo->addItem(toQString(toString(k)), static_cast<int>(k));
    form_->addRow(tr("Kind"), combo);
    loaders_.push_back([this, combo, ref] {
        Accelerator a = doc_->accelerator();
        if (CoreKind *v = ref(a)) {
            const QSignalBlocker b(combo);
            combo->setCurrentIndex(combo->findData(static_cast<int>(*v)));
        }
    });
    connect(combo, &QComboBox::activated, this, [this, combo, ref] {
        const auto k = static_cast<CoreKind>(combo->currentData().toInt());
        apply(
            [&](Accelerator &a) {
                CoreKind *p = ref(a);
                if (!p)
                    return false;
                *p = k;
                Core &c = a.cores[a.coreIndex(target_.name)];
                if (k == CoreKind::Spatial && c.unrollRows.empty() && c.unrollCols.empty()) {
                    c.unrollRows = {{LoopDim::K, c.rows}};  // a usable start: K on rows, C on cols
                    c.unrollCols = {{LoopDim::C, c.cols}};
                }
                return true;
            },
            tr("Set %1 kind").arg(toQString(target_.name)));
    });
}

void BlockInspector::addDataflow(Ref<Dataflow> ref)
{
    auto *combo = new QComboBox;
    for (auto [d, text] : {std::pair{Dataflow::WS, "WS (weight stationary)"}, {Dataflow::OS, "OS (output stationary)"},
                           {Dataflow::IS, "IS (input stationary)"}})
        combo->addItem(QString::fromLatin1(text), static_cast<int>(d));
    form_->addRow(tr("Dataflow"), combo);
    loaders_.push_back([this, combo, ref] {
        Accelerator a = doc_->accelerator();
        if (Dataflow *v = ref(a)) {
            const QSignalBlocker b(combo);
            combo->setCurrentIndex(combo->findData(static_cast<int>(*v)));
        }
    });
    connect(combo, &QComboBox::activated, this, [this, combo, ref] {
        const auto d = static_cast<Dataflow>(combo->currentData().toInt());
        apply(
            [&](Accelerator &a) {
                Dataflow *p = ref(a);
                return p && (*p = d, true);
            },
            tr("Set %1 dataflow").arg(toQString(target_.name)));
    });
}

void BlockInspector::addPrivateMemories()
{
    auto *label = new QLabel(tr("<b>Private memories</b>"));
    form_->addRow(label);
    memTable_ = new QTableWidget(0, ColCount);
    memTable_->setObjectName(QStringLiteral("privateMemories"));
    memTable_->setHorizontalHeaderLabels({tr("Name"), tr("Size [KiB]"), tr("Holds"), tr("Read [B/cy]"),
                                          tr("Write [B/cy]"), tr("Read [pJ/B]"), tr("Write [pJ/B]"),
                                          tr("Latency [cy]"), tr("Level"), tr("Served"), tr("Ports"),
                                          tr("Dbl. buf.")});
    const QString tips[ColCount] = {
        {}, {}, tr("Operands it holds: I, W, O"), tr("Read bandwidth per port"), tr("Write bandwidth per port"), {}, {},
        {}, tr("Position in the core's hierarchy, 0 next to the PEs; auto: by size"),
        tr("Array axes one instance spans: rows, cols (one for the array), per PE, or D1, D3 on a folded array"),
        tr("Ports: read-only (r), write-only (w), read/write (rw), e.g. 1r 1w or 2rw"),
        tr("Refills overlap compute (two halves); unchecked, compute waits for every refill")};
    for (int c = 0; c < ColCount; ++c)
        if (!tips[c].isEmpty())
            memTable_->horizontalHeaderItem(c)->setToolTip(tips[c]);
    memTable_->verticalHeader()->hide();
    memTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    memTable_->horizontalHeader()->setDefaultSectionSize(78);
    memTable_->setColumnWidth(ColName, 110);
    // The table scrolls sideways on its own; it must not widen the whole form.
    memTable_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    memTable_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    memTable_->setMinimumHeight(110);
    memTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    form_->addRow(memTable_);
    auto *buttons = new QWidget;
    auto *h = new QHBoxLayout(buttons);
    h->setContentsMargins(0, 0, 0, 0);
    auto *add = new QPushButton(tr("Add memory"));
    auto *remove = new QPushButton(tr("Remove"));
    h->addWidget(add);
    h->addWidget(remove);
    h->addStretch();
    form_->addRow(buttons);
    loaders_.push_back([this] { loadPrivateMemories(); });

    connect(add, &QPushButton::clicked, this, [this] {
        apply(
            [this](Accelerator &a) {
                Memory m;
                m.name = uniqueName(a, target_.name + ".mem");
                m.core = target_.name;
                m.sizeBytes = 32 << 10;
                a.memories.push_back(m);
                return true;
            },
            tr("Add memory to %1").arg(toQString(target_.name)));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = memTable_->currentRow();
        if (row < 0 || !memTable_->item(row, ColName))
            return;
        const std::string name = memTable_->item(row, ColName)->data(Qt::UserRole).toString().toStdString();
        apply(
            [&](Accelerator &a) {
                const int i = a.memoryIndex(name);
                if (i < 0)
                    return false;
                a.memories.erase(a.memories.begin() + i);
                for (auto &l : a.links)
                    l.endpoints.erase(std::remove(l.endpoints.begin(), l.endpoints.end(), name), l.endpoints.end());
                return true;
            },
            tr("Remove memory %1").arg(toQString(name)));
    });
    connect(memTable_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        const QTableWidgetItem *nameItem = memTable_->item(item->row(), ColName);
        if (!nameItem)
            return;
        const std::string name = nameItem->data(Qt::UserRole).toString().toStdString();
        const QString text = item->text().trimmed();
        const int col = item->column();
        bool ok = true;
        QString error;
        apply(
            [&](Accelerator &a) {
                const int i = a.memoryIndex(name);
                if (i < 0)
                    return false;
                Memory &m = a.memories[i];
                const double v = text.toDouble(&ok);
                switch (col) {
                case ColName:
                    // The table shows a name without its core's prefix; a new name gets it back.
                    if (!renameBlock(a, {BlockRef::Memory, name},
                                     memoryFullName(target_.name, name, text.toStdString()))) {
                        error = tr("'%1' is empty or already used by another block").arg(text);
                        return false;
                    }
                    return true;
                case ColOperands:
                    ok = parseOperands(text.toStdString(), m.operands);
                    break;
                case ColSize: m.sizeBytes = std::llround(v * 1024); break;
                case ColReadBw: m.readBw = v; break;
                case ColWriteBw: m.writeBw = v; break;
                case ColReadE: m.readEnergy = v; break;
                case ColWriteE: m.writeEnergy = v; break;
                case ColLatency: m.latency = static_cast<int>(v); break;
                case ColLevel: ok = parseLevel(text, m.level); break;
                case ColServed: ok = parseServed(text, m.servedAxes, m.servedDims); break;
                case ColPorts: ok = parsePorts(text, m.readPorts, m.writePorts, m.rwPorts); break;
                case ColDoubleBuffered:
                    ok = true;
                    m.doubleBuffered = item->checkState() == Qt::Checked;
                    break;
                default: return false;
                }
                if (!ok)
                    error = tr("'%1' is not a valid value for %2").arg(text, memTable_->horizontalHeaderItem(col)->text());
                return ok;
            },
            tr("Edit memory %1").arg(toQString(name)));
        if (!error.isEmpty())
            QTimer::singleShot(0, this, [this, error] { showProblems(error); });
    });
}

void BlockInspector::loadPrivateMemories()
{
    if (!memTable_)
        return;
    const QSignalBlocker b(memTable_);
    const Accelerator &a = doc_->accelerator();
    std::vector<const Memory *> mems;
    for (const auto &m : a.memories)
        if (m.core == target_.name)
            mems.push_back(&m);
    memTable_->setRowCount(static_cast<int>(mems.size()));
    for (int r = 0; r < static_cast<int>(mems.size()); ++r) {
        const Memory &m = *mems[r];
        const QString cells[ColCount] = {toQString(memoryShortName(target_.name, m.name)),
                                         QString::number(static_cast<double>(m.sizeBytes) / 1024.0),
                                         toQString(operandsToString(m.operands)),
                                         QString::number(m.readBw),
                                         QString::number(m.writeBw),
                                         QString::number(m.readEnergy),
                                         QString::number(m.writeEnergy),
                                         QString::number(m.latency),
                                         formatLevel(m.level),
                                         formatServed(m.servedAxes, m.servedDims),
                                         formatPorts(m.readPorts, m.writePorts, m.rwPorts),
                                         QString()};
        for (int c = 0; c < ColCount; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == ColName) {
                item->setData(Qt::UserRole, toQString(m.name));
                item->setToolTip(toQString(m.name));
            }
            if (c == ColDoubleBuffered) {
                item->setFlags((item->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
                item->setCheckState(m.doubleBuffered ? Qt::Checked : Qt::Unchecked);
            }
            memTable_->setItem(r, c, item);
        }
    }
}

} // namespace fuselab
